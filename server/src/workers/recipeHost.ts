import * as fs from 'node:fs';
import * as path from 'node:path';
import { emptyKnowledge, isKnowledgeBase, type KnowledgeBase } from '../analyses/recipes';

/**
 * The Node side of recipe recommendation: the knowledge base shipped in dist/data
 * (server/data/recipe-kb.json in the repository, built by scripts/build-recipe-kb.mjs).
 */
export function loadRecipeKnowledge(): KnowledgeBase {
  const candidates = [path.join(__dirname, 'data'), path.join(__dirname, '../data'), path.resolve(__dirname, '../../data'), path.resolve(__dirname, '../../../../server/data')];
  for (const dir of candidates) {
    const file = path.join(dir, 'recipe-kb.json');
    if (!fs.existsSync(file)) continue;
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (isKnowledgeBase(parsed)) return parsed;
    } catch {
      // A damaged file: search without a prior rather than fail.
    }
  }
  return emptyKnowledge();
}
