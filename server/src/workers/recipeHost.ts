import * as fs from 'node:fs';
import * as path from 'node:path';
import { addToKnowledge, emptyKnowledge, isKnowledgeBase, type KnowledgeBase, type RecipeResult } from '../analyses/recipes';

// Pure, in analyses/recipes since the web server needs it too.
export { mergeKnowledge } from '../analyses/recipes';

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

/** The user's own runs, kept beside the index cache in the extension's storage folder. */
export function userKnowledgeFile(storageDir: string): string {
  return path.join(storageDir, 'recipe-kb-user.json');
}

export function loadUserKnowledge(storageDir: string | undefined): KnowledgeBase {
  if (!storageDir) return emptyKnowledge();
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(userKnowledgeFile(storageDir), 'utf8'));
    if (isKnowledgeBase(parsed)) return parsed;
  } catch {
    // None yet, or damaged: start again.
  }
  return emptyKnowledge();
}

/**
 * A finished, proven run grows the user's base (ABC-RL: the knowledge grows with use): the
 * module's features and its best recipes by ADP over resyn2. Returns the new user base, written
 * to the storage folder (a failure to write keeps it in memory only).
 */
export function rememberRun(storageDir: string | undefined, user: KnowledgeBase, design: string, result: RecipeResult): KnowledgeBase {
  if (!result.equivalent || !(result.baseline.resyn2.adp > 0)) return user;
  // Yosys's default flow recommended (no recipe): the recipes measured still teach the base.
  const recipes = [...(result.recipe.length > 0 ? [{ recipe: [...result.recipe], mapping: result.mapping, qor: result.qor }] : []), ...result.runnersUp].map((r) => ({ recipe: [...r.recipe], mapping: r.mapping, adpVsResyn2: r.qor.adp / result.baseline.resyn2.adp }));
  const next = addToKnowledge(user, { design, features: result.features, recipes });
  if (storageDir) {
    try {
      fs.mkdirSync(storageDir, { recursive: true });
      fs.writeFileSync(userKnowledgeFile(storageDir), JSON.stringify({ ...next, provenance: { source: 'the user\'s own recipe runs' } }));
    } catch {
      // Read-only storage: the base still grows for this session.
    }
  }
  return next;
}
