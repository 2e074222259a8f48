// Recipe recommendation benchmark (issues 6 and 17): on the combinational designs of
// bench/recipes/suite.mjs (written here in the manner of the EPFL combinational suite, which is
// not available offline; none of them is in the knowledge base, which holds other sizes of the
// same families and the PPA corpus), real Yosys + ABC, budget 20, on the built-in library and on
// Debian's OSU 0.18 um liberty when scripts/fetch-real-code.sh fetched it:
//  - geomean ADP of the recommendation over resyn2 followed by `map` (target <= 0.65x), over
//    resyn2 with Yosys's mapping, and over Yosys's default `abc -liberty` flow (target <= 0.80x),
//    all on the same starting netlist;
//  - the user's flow run again from nothing (the result's yosysFlow in a fresh Yosys): the
//    figure RTLens reports must be the one that flow gets;
//  - evaluations used, time per design under 2k AIG nodes (target <= 30 s), and larger designs
//    (2k to 30k nodes) with a 180 s time budget: each must get an answer;
//  - every recommendation proven equivalent (cec);
//  - the same search without the knowledge base (alpha 0, built-in library), to show what
//    retrieval adds.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { recommendAll, geomean, rerunFlow } from './recipes/lib.mjs';
import { benchDesigns, largeDesigns } from './recipes/suite.mjs';
import { ROOT, WORK_DIR, require, round, stats } from './lib.mjs';

const OSU018 = path.join(ROOT, 'test/real/.cache/liberty/osu018_stdcells.lib');

function summarize(designs, results, reruns = new Map()) {
  const ok = designs.filter((d) => results.get(d.name) && !results.get(d.name).error);
  const rows = ok.map((d) => {
    const r = results.get(d.name);
    const rerun = reruns.get(d.name);
    return {
      design: d.name,
      ands: r.aig.ands,
      vsResyn2: round(r.qor.adp / r.baseline.resyn2.adp, 3),
      vsResyn2Map: r.baseline.resyn2Map ? round(r.qor.adp / r.baseline.resyn2Map.adp, 3) : undefined,
      vsYosysDefault: r.baseline.yosysDefault ? round(r.qor.adp / r.baseline.yosysDefault.adp, 3) : undefined,
      rerunVsReported: rerun ? round(rerun.adp / r.qor.adp, 4) : undefined,
      evaluations: r.evaluations,
      yosysRuns: r.yosysRuns,
      equivalent: r.equivalent,
      partial: !!r.partial,
      alpha: r.alpha,
      nearest: r.neighbours[0]?.design,
      nearestDistance: r.neighbours[0]?.distance,
      ms: r.ms,
      recommended: r.recommended,
      mapping: r.mapping,
      recipe: r.recipe.join('; '),
    };
  });
  const small = rows.filter((r) => r.ands < 2000);
  const checked = rows.filter((r) => r.rerunVsReported !== undefined);
  return {
    designs: ok.length,
    failed: designs.filter((d) => !ok.includes(d)).map((d) => ({ design: d.name, error: results.get(d.name)?.error })),
    geomeanVsResyn2: round(geomean(rows.map((r) => r.vsResyn2)), 3),
    geomeanVsResyn2Map: round(geomean(rows.map((r) => r.vsResyn2Map)), 3),
    geomeanVsYosysDefault: round(geomean(rows.map((r) => r.vsYosysDefault)), 3),
    evaluations: { mean: round(rows.reduce((a, r) => a + r.evaluations, 0) / Math.max(1, rows.length), 1), max: Math.max(0, ...rows.map((r) => r.evaluations)) },
    yosysRunsPerDesign: round(rows.reduce((a, r) => a + r.yosysRuns, 0) / Math.max(1, rows.length), 1),
    notEquivalent: rows.filter((r) => !r.equivalent).map((r) => r.design),
    partial: rows.filter((r) => r.partial).map((r) => r.design),
    // The user's flow run again: the largest relative difference from the reported ADP.
    rerun: { checked: checked.length, maxDeviation: round(Math.max(0, ...checked.map((r) => Math.abs(r.rerunVsReported - 1))), 4) },
    mappings: Object.fromEntries([...new Set(rows.map((r) => r.mapping))].map((m) => [m, rows.filter((r) => r.mapping === m).length])),
    // A knowledge-base design with exactly the same features is almost surely the same logic under another name.
    sameFeaturesAsKnowledge: rows.filter((r) => r.nearestDistance !== undefined && r.nearestDistance < 1e-6).map((r) => `${r.design} = ${r.nearest}`),
    smallDesigns: small.length,
    secondsPerSmallDesign: stats(small.map((r) => r.ms / 1000)),
    secondsMax: round(Math.max(0, ...rows.map((r) => r.ms / 1000)), 1),
    perDesign: rows,
  };
}

export async function benchRecipes({ log, budget = 20, ablation = true, large = true }) {
  const { loadRecipeKnowledge, } = require(path.join(ROOT, 'out/server/src/workers/recipeHost.js'));
  const { genericLiberty } = require(path.join(ROOT, 'out/server/src/workers/host.js'));
  const knowledge = loadRecipeKnowledge();
  const designs = benchDesigns();
  // Held out: no measured design (by name or by source) is in the knowledge base.
  const known = new Set(knowledge.entries.map((e) => e.design));
  const leaked = [...designs, ...largeDesigns()].filter((d) => known.has(d.name));
  if (leaked.length > 0) throw new Error(`designs in the knowledge base are measured: ${leaked.map((d) => d.name).join(', ')}`);
  const libraries = [
    { name: 'generic', liberty: 'generic', file: 'rtlens_generic.lib', text: genericLiberty().text },
    ...(fs.existsSync(OSU018) ? [{ name: 'osu018', liberty: OSU018, file: path.basename(OSU018), text: fs.readFileSync(OSU018, 'utf8') }] : []),
  ];
  const byLibrary = {};
  for (const lib of libraries) {
    log(`[recipes] ${designs.length} designs on ${lib.name}, budget ${budget}, knowledge base of ${knowledge.entries.length} designs`);
    const results = await recommendAll(designs, path.join(WORK_DIR, 'recipes-bench'), { budget, knowledge, workers: 1, log, tag: `recipes ${lib.name}`, liberty: lib.liberty });
    const reruns = new Map();
    for (const d of designs) {
      const r = results.get(d.name);
      if (!r || r.error) continue;
      try {
        const again = await rerunFlow(r, d, lib.file, lib.text);
        if (again) reruns.set(d.name, again);
      } catch (error) {
        log(`[recipes ${lib.name}] ${d.name}: the user's flow did not run again: ${error?.message ?? error}`);
      }
    }
    byLibrary[lib.name] = summarize(designs, results, reruns);
    const s = byLibrary[lib.name];
    log(`[recipes ${lib.name}] geomean ADP ${s.geomeanVsResyn2Map}x resyn2+map, ${s.geomeanVsResyn2}x resyn2, ${s.geomeanVsYosysDefault}x Yosys default; re-run deviation max ${s.rerun.maxDeviation} over ${s.rerun.checked}`);
  }
  let withoutKb;
  if (ablation) {
    log('[recipes] the same search without the knowledge base (built-in library)');
    withoutKb = summarize(designs, await recommendAll(designs, path.join(WORK_DIR, 'recipes-bench'), { budget, knowledge: { version: 1, entries: [] }, workers: 1, log, tag: 'recipes, no KB' }));
  }
  let largeResult;
  if (large) {
    const big = largeDesigns();
    log(`[recipes] ${big.length} larger designs on the built-in library, 180 s time budget each`);
    largeResult = summarize(big, await recommendAll(big, path.join(WORK_DIR, 'recipes-bench-large'), { budget, knowledge, workers: 1, log, tag: 'recipes large', timeBudgetMs: 180000, timeoutMs: 170000 }));
  }
  const generic = byLibrary.generic;
  return {
    budget,
    knowledgeEntries: knowledge.entries.length,
    ...generic,
    libraries: byLibrary,
    large: largeResult,
    withoutKnowledge: withoutKb && { geomeanVsResyn2: withoutKb.geomeanVsResyn2, geomeanVsResyn2Map: withoutKb.geomeanVsResyn2Map, geomeanVsYosysDefault: withoutKb.geomeanVsYosysDefault, notEquivalent: withoutKb.notEquivalent },
  };
}
