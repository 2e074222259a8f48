#!/usr/bin/env node
// Builds the recipe knowledge base shipped in server/data/recipe-kb.json (ABC-RL's retrieval):
// for each design the project writes, the recipe search runs with a larger budget on the
// built-in cell library, and the design's features (HDL graph + AIG) are stored with its best
// recipes (ADP relative to resyn2). Real Yosys + ABC (WebAssembly), two workers.
//
//   npx tsc -p tsconfig.test.json && node scripts/build-recipe-kb.mjs [--budget 60] [--workers 2] [--real DIR]
//
// --real DIR: also real modules of the repositories laid out under DIR (one folder per
// repository, as /work/shared/real/lay-out.sh makes them; development repositories only, never
// those kept aside for measuring): modules whose names say they are logic (ALUs, shifters,
// multipliers, dividers, encoders, comparators, CRCs ...), that Yosys reads and that have 100 to
// 5000 AND nodes, at most 8 per repository. Only their features and the scripts found are
// stored, under `real:REPO:MODULE`; no code.
//
// Designs: the training sizes of bench/recipes/suite.mjs (bench/recipes.mjs measures other
// sizes, never these) and the combinational logic of the PPA corpus designs that
// bench/ppa/corpus.mjs does not hold out, small enough to search quickly, except those whose
// logic is a bench design's. About 2.7 minutes on 2 cores (budget 60).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allDesigns, isHeldOut } from '../bench/ppa/corpus.mjs';
import { benchDesigns, trainingDesigns } from '../bench/recipes/suite.mjs';
import { OUT_RECIPES, recommendAll } from '../bench/recipes/lib.mjs';
import { ROOT, WORK_DIR, require } from '../bench/lib.mjs';

const args = process.argv.slice(2);
const realDir = args.includes('--real') ? args[args.indexOf('--real') + 1] : undefined;
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const budget = option('--budget', 60);
const workers = option('--workers', 2);
const log = (m) => process.stderr.write(m + '\n');
const recipes = require(OUT_RECIPES);

/** Corpus designs whose logic a 60-evaluation search handles in seconds. */
const SMALL = { adder: 64, subtract_compare: 32, multiplier: 10, mac: 8, alu: 24, crc: 16, barrel_shifter: 32, popcount: 32, fsm: 16, counter: 32, pipeline: 16 };
/** Corpus designs whose combinational logic is a bench design's (a registered a * b is rx_multiplier_N's logic): left out. */
const SAME_AS_BENCH = new Set(benchDesigns().filter((d) => d.family === 'multiplier').map((d) => `multiplier_${d.size}`));
const corpus = allDesigns().filter((d) => !isHeldOut(d.name) && SMALL[d.family] !== undefined && d.params[0] <= SMALL[d.family] && !SAME_AS_BENCH.has(d.name));
const designs = [...trainingDesigns(), ...corpus];
log(`[kb] ${designs.length} designs (${trainingDesigns().length} from the recipe suite, ${corpus.length} from the PPA corpus), budget ${budget}, ${workers} workers`);

const started = Date.now();
const results = await recommendAll(designs, path.join(WORK_DIR, 'recipe-kb'), { budget, workers, log, tag: 'kb' });
if (realDir) for (const [name, result] of await realModules(realDir)) {
  designs.push({ name });
  results.set(name, result);
}
let kb = recipes.emptyKnowledge();
for (const d of designs) {
  const r = results.get(d.name);
  if (!r || r.error) continue;
  const resyn2 = r.baseline.resyn2.adp;
  // The recommended (proven) recipe and the best other candidates, where they beat resyn2.
  const found = [{ recipe: r.recipe, mapping: r.mapping, qor: r.qor }, ...r.runnersUp]
    .filter((c) => c.recipe.length > 0)
    .map((c) => ({ recipe: c.recipe, mapping: c.mapping, adpVsResyn2: Math.round((c.qor.adp / resyn2) * 10000) / 10000 }))
    .filter((c) => c.adpVsResyn2 < 1);
  if (found.length === 0) continue;
  const features = Object.fromEntries(Object.entries(r.features).map(([k, v]) => [k, Math.round(v * 10000) / 10000]));
  kb = recipes.addToKnowledge(kb, { design: d.name, features, recipes: found });
}
kb.entries.sort((a, b) => a.design.localeCompare(b.design));
kb.provenance = {
  script: 'scripts/build-recipe-kb.mjs',
  target: 'rtlens_generic.lib',
  budget,
  ...(realDir ? { real: fs.readdirSync(realDir).filter((r) => fs.statSync(path.join(realDir, r)).isDirectory()).sort() } : {}),
  designs: designs.length,
  entries: kb.entries.length,
  yosys: '@yowasp/yosys ' + JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/@yowasp/yosys/package.json'), 'utf8')).version,
  built: new Date().toISOString().slice(0, 10),
};
const file = path.join(ROOT, 'server/data/recipe-kb.json');
// One entry per line: reviewable diffs, small file.
const body = kb.entries.map((e) => '  ' + JSON.stringify(e)).join(',\n');
fs.writeFileSync(file, `{"version": 1, "provenance": ${JSON.stringify(kb.provenance)}, "entries": [\n${body}\n]}\n`);
log(`[kb] wrote ${path.relative(ROOT, file)}: ${kb.entries.length} designs in ${Math.round((Date.now() - started) / 1000)} s`);

/** Recommendations for real modules of the repositories under `dir` (see --real above). */
async function realModules(dir) {
  const LOGIC = /alu|shift|barrel|mul|div|crc|lfsr|encod|decod|prior|arbit|compar|cmp|adder|add_|popc|count|lzc|ff_one|onehot|branch|csa|booth|sqrt|fpu|bitmanip|parity|ecc|hamming/i;
  const SKIP = /(^|\/)(tb|tbs|test|tests|testbench|testing|sim|bhv|formal|verif|dv|examples?)(\/|$)/i;
  const { loadNodeGrammar, nodeFileSystem, genericLiberty } = require(path.join(ROOT, 'out/server/src/workers/host.js'));
  const { indexWorkspace } = require(path.join(ROOT, 'out/server/src/workers/indexer.js'));
  const { Workspace, Snapshot } = require(path.join(ROOT, 'out/server/src/workspace/index.js'));
  const { YosysPool } = require(path.join(ROOT, 'out/server/src/workers/synthesis.js'));
  const ppa = require(path.join(ROOT, 'out/server/src/analyses/ppa/index.js'));
  const grammar = await loadNodeGrammar();
  const target = ppa.libertyTarget(genericLiberty().text, 'rtlens_generic.lib', true);
  const pool = new YosysPool(workers);
  const out = new Map();
  try {
    for (const repo of fs.readdirSync(dir).sort()) {
      const root = path.join(dir, repo);
      if (!fs.statSync(root).isDirectory()) continue;
      const ws = new Workspace(nodeFileSystem, grammar, { roots: [root], includeDirs: [], defines: {} });
      await indexWorkspace(ws, { inProcess: true });
      const snapshot = new Snapshot(ws);
      const seen = new Set();
      const picked = snapshot
        .allUnits()
        .filter((r) => r.unit.kind === 'module' && r.unit.ports.length > 0 && LOGIC.test(r.unit.name) && !SKIP.test(path.relative(root, r.path)))
        .filter((r) => !seen.has(r.unit.name) && seen.add(r.unit.name))
        .sort((a, b) => a.unit.name.localeCompare(b.unit.name));
      let kept = 0;
      const queue = [...picked];
      await Promise.all(
        Array.from({ length: workers }, async () => {
          for (let ref = queue.shift(); ref && kept < 8; ref = queue.shift()) {
            const name = `real:${repo}:${ref.unit.name}`;
            try {
              const r = await recipes.recommendRecipe({ access: snapshot, target, root }, ref.unit.name, pool, { budget, timeoutMs: 60000, from: ref.path, timeBudgetMs: 120000 });
              if (r.aig.ands < 100 || r.aig.ands > 5000) {
                log(`[kb real] ${name}: ${r.aig.ands} ANDs, outside 100..5000: left out`);
                continue;
              }
              if (kept >= 8) continue;
              kept++;
              out.set(name, r);
              log(`[kb real] ${name}: ${r.aig.ands} ANDs, ${(r.qor.adp / r.baseline.resyn2.adp).toFixed(3)}x resyn2 [${r.mapping}]`);
            } catch (error) {
              log(`[kb real] ${name}: ${String(error?.message ?? error).split('\n')[0]}`);
            }
          }
        }),
      );
      ws.dispose();
    }
  } finally {
    await pool.dispose();
  }
  return out;
}
