// How far can recipes of the seven transforms go on the recipe suite? (issue 6's targets)
// Not part of `npm run bench` (about 6 minutes); run after `npm run build && npx tsc -p tsconfig.test.json`:
//
//   node bench/recipes-ceiling.mjs [--budget 100] [--skip-search] [--skip-cross]
//
// On the 15 held-out designs of bench/recipes/suite.mjs, with the mapping every recipe gets:
//  1. the same search as the editor's, without the knowledge base, with `--budget`
//     evaluations instead of 20;
//  2. every recipe of the shipped knowledge base (the best one of each design, found by a
//     60-evaluation search on it) run on every held-out design: the best of them per design.
// Both print the geomean ADP against resyn2 and against Yosys's default flow, same netlist,
// same run: what the budget and the knowledge could give at most, next to the targets.
import * as path from 'node:path';
import { geomean, recommendAll } from './recipes/lib.mjs';
import { benchDesigns } from './recipes/suite.mjs';
import { loadCorpusWorkspace, targetOf } from './ppa/lib.mjs';
import { ROOT, WORK_DIR, require, round } from './lib.mjs';

const args = process.argv.slice(2);
const budget = args.includes('--budget') ? Number(args[args.indexOf('--budget') + 1]) : 100;
const log = (m) => process.stderr.write(`${m}\n`);
const designs = benchDesigns();
const out = { designs: designs.length };

if (!args.includes('--skip-search')) {
  const results = await recommendAll(designs, path.join(WORK_DIR, 'recipes-ceiling'), { budget, knowledge: { version: 1, entries: [] }, workers: 1, log, timeoutMs: 300_000, tag: `search, budget ${budget}` });
  const rows = designs.map((d) => results.get(d.name)).filter((r) => r && !r.error);
  out.search = {
    budget,
    designs: rows.length,
    geomeanVsResyn2: round(geomean(rows.map((r) => r.qor.adp / r.baseline.resyn2.adp)), 3),
    geomeanVsResyn2Map: round(geomean(rows.filter((r) => r.baseline.resyn2Map).map((r) => r.qor.adp / r.baseline.resyn2Map.adp)), 3),
    geomeanVsYosysDefault: round(geomean(rows.map((r) => r.qor.adp / r.baseline.yosysDefault.adp)), 3),
    allEquivalent: rows.every((r) => r.equivalent),
  };
}

if (!args.includes('--skip-cross')) {
  const recipes = require(path.join(ROOT, 'out/server/src/analyses/recipes/index.js'));
  const ppa = require(path.join(ROOT, 'out/server/src/analyses/ppa/index.js'));
  const { YosysPool } = require(path.join(ROOT, 'out/server/src/workers/synthesis.js'));
  const { loadRecipeKnowledge } = require(path.join(ROOT, 'out/server/src/workers/recipeHost.js'));
  const kb = loadRecipeKnowledge();
  const candidates = kb.entries.map((e) => ({ recipe: e.recipes[0].recipe, mapping: e.recipes[0].mapping ?? recipes.DEFAULT_MAPPING }));
  const { ws, snapshot, genericLiberty } = await loadCorpusWorkspace(designs, path.join(WORK_DIR, 'recipes-ceiling-cross'));
  const target = targetOf('generic', genericLiberty);
  const pool = new YosysPool(1);
  const best = [];
  try {
    for (const d of designs) {
      const job = ppa.collectSources(snapshot, d.top, target).job;
      const session = new recipes.RecipeSession(job, { text: target.liberty, file: target.libertyFile }, pool, { timeoutMs: 600_000 });
      const first = await session.run([{ recipe: recipes.RESYN2, mapping: recipes.DEFAULT_MAPPING }], { yosysDefault: true });
      const resyn2 = first.recipes[0].qor.adp;
      let min = resyn2;
      for (let i = 0; i < candidates.length; i += 25) {
        const batch = await session.run(candidates.slice(i, i + 25));
        for (const e of batch.recipes) if (e.qor && e.qor.adp < min) min = e.qor.adp;
      }
      best.push({ design: d.name, vsResyn2: min / resyn2, vsDefault: min / first.yosysDefault.qor.adp });
      log(`[cross] ${d.name}: best of ${candidates.length} knowledge-base recipes and resyn2: ${(min / resyn2).toFixed(3)}x resyn2`);
    }
  } finally {
    await pool.dispose();
    ws.dispose();
  }
  out.knowledgeRecipesOnEveryDesign = {
    recipes: candidates.length,
    geomeanVsResyn2: round(geomean(best.map((b) => b.vsResyn2)), 3),
    geomeanVsYosysDefault: round(geomean(best.map((b) => b.vsDefault)), 3),
    perDesign: best.map((b) => ({ ...b, vsResyn2: round(b.vsResyn2, 3), vsDefault: round(b.vsDefault, 3) })),
  };
}

out.targets = { vsResyn2: 0.7, vsYosysDefault: 0.8, evaluations: 20 };
console.log(JSON.stringify(out, null, 2));
