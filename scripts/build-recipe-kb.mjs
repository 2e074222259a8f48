#!/usr/bin/env node
// Builds the recipe knowledge base shipped in server/data/recipe-kb.json (ABC-RL's retrieval):
// for each design the project writes, the recipe search runs with a larger budget on the
// built-in cell library, and the design's features (HDL graph + AIG) are stored with its best
// recipes (ADP relative to resyn2). Real Yosys + ABC (WebAssembly), two workers.
//
//   npx tsc -p tsconfig.test.json && node scripts/build-recipe-kb.mjs [--budget 60] [--workers 2]
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
let kb = recipes.emptyKnowledge();
for (const d of designs) {
  const r = results.get(d.name);
  if (!r || r.error) continue;
  const resyn2 = r.baseline.resyn2.adp;
  // The recommended (proven) recipe and the best other candidates, where they beat resyn2.
  const found = [{ recipe: r.recipe, qor: r.qor }, ...r.runnersUp]
    .map((c) => ({ recipe: c.recipe, adpVsResyn2: Math.round((c.qor.adp / resyn2) * 10000) / 10000 }))
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
