// Recipe recommendation benchmark (issue 6, ABC-RL): on the combinational designs of
// bench/recipes/suite.mjs (written here in the manner of the EPFL combinational suite, which is
// not available offline; none of them is in the knowledge base, which holds other sizes of the
// same families and the PPA corpus), real Yosys + ABC on the built-in library, budget 20:
//  - geomean ADP of the recommended recipe over resyn2's (target <= 0.70x) and over Yosys's
//    default `abc -liberty` script (target <= 0.80x), same netlist, same run;
//  - evaluations used, and time per design for designs under 2k AIG nodes (target <= 30 s);
//  - every recommended recipe proven equivalent (cec);
//  - the same search without the knowledge base (alpha 0), to show what retrieval adds.
import * as path from 'node:path';
import { recommendAll, geomean } from './recipes/lib.mjs';
import { benchDesigns } from './recipes/suite.mjs';
import { ROOT, WORK_DIR, require, round, stats } from './lib.mjs';

export async function benchRecipes({ log, budget = 20, ablation = true }) {
  const { loadRecipeKnowledge } = require(path.join(ROOT, 'out/server/src/workers/recipeHost.js'));
  const knowledge = loadRecipeKnowledge();
  const designs = benchDesigns();
  // Held out: no measured design (by name or by source) is in the knowledge base.
  const known = new Set(knowledge.entries.map((e) => e.design));
  const leaked = designs.filter((d) => known.has(d.name));
  if (leaked.length > 0) throw new Error(`designs in the knowledge base are measured: ${leaked.map((d) => d.name).join(', ')}`);
  const summarize = (results) => {
    const ok = designs.filter((d) => results.get(d.name) && !results.get(d.name).error);
    const rows = ok.map((d) => {
      const r = results.get(d.name);
      return {
        design: d.name,
        ands: r.aig.ands,
        vsResyn2: round(r.qor.adp / r.baseline.resyn2.adp, 3),
        vsYosysDefault: r.baseline.yosysDefault ? round(r.qor.adp / r.baseline.yosysDefault.adp, 3) : undefined,
        evaluations: r.evaluations,
        yosysRuns: r.yosysRuns,
        equivalent: r.equivalent,
        alpha: r.alpha,
        nearest: r.neighbours[0]?.design,
        nearestDistance: r.neighbours[0]?.distance,
        ms: r.ms,
        recommended: r.recommended,
        recipe: r.recipe.join('; '),
      };
    });
    const small = rows.filter((r) => r.ands < 2000);
    return {
      designs: ok.length,
      failed: designs.filter((d) => !ok.includes(d)).map((d) => ({ design: d.name, error: results.get(d.name)?.error })),
      geomeanVsResyn2: round(geomean(rows.map((r) => r.vsResyn2)), 3),
      geomeanVsYosysDefault: round(geomean(rows.map((r) => r.vsYosysDefault)), 3),
      evaluations: { mean: round(rows.reduce((a, r) => a + r.evaluations, 0) / Math.max(1, rows.length), 1), max: Math.max(0, ...rows.map((r) => r.evaluations)) },
      yosysRunsPerDesign: round(rows.reduce((a, r) => a + r.yosysRuns, 0) / Math.max(1, rows.length), 1),
      notEquivalent: rows.filter((r) => !r.equivalent).map((r) => r.design),
      // A knowledge-base design with exactly the same features is almost surely the same logic under another name.
      sameFeaturesAsKnowledge: rows.filter((r) => r.nearestDistance !== undefined && r.nearestDistance < 1e-6).map((r) => `${r.design} = ${r.nearest}`),
      smallDesigns: small.length,
      secondsPerSmallDesign: stats(small.map((r) => r.ms / 1000)),
      perDesign: rows,
    };
  };
  log(`[recipes] ${designs.length} designs, budget ${budget}, knowledge base of ${knowledge.entries.length} designs`);
  const withKb = summarize(await recommendAll(designs, path.join(WORK_DIR, 'recipes-bench'), { budget, knowledge, workers: 1, log }));
  let withoutKb;
  if (ablation) {
    log('[recipes] the same search without the knowledge base');
    withoutKb = summarize(await recommendAll(designs, path.join(WORK_DIR, 'recipes-bench'), { budget, knowledge: { version: 1, entries: [] }, workers: 1, log, tag: 'recipes, no KB' }));
  }
  return { budget, knowledgeEntries: knowledge.entries.length, ...withKb, withoutKnowledge: withoutKb && { geomeanVsResyn2: withoutKb.geomeanVsResyn2, geomeanVsYosysDefault: withoutKb.geomeanVsYosysDefault, notEquivalent: withoutKb.notEquivalent } };
}
