#!/usr/bin/env node
// Fits the search's grain model (server/src/analyses/search/grainModel.ts): naive Bayes over the
// features of query.ts's grainFeatures, from questions whose grain is known: the real-code
// benchmark's questions on its tune repositories (bench/search/real, never the report ones) and
// the dev questions of bench/search (queries.json, queries-dev-extra.json). Prints the grain
// accuracy on each tune repository left out of the fit, and on the report repositories (held out).
//   npx tsc -p tsconfig.test.json && node scripts/fit-search-grain.mjs [--check]
// --check: fit and print, write nothing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { grainFeatures, grainWeightsOf } = require(path.join(ROOT, 'out/server/src/analyses/search/query.js'));
const { TUNE, REPORT, loadQuestions } = await import(path.join(ROOT, 'bench/search/real.mjs'));
const GRAINS = ['module', 'block', 'signal'];
/** Laplace smoothing of feature counts. */
const ALPHA = 0.5;
const OUT = path.join(ROOT, 'server/src/analyses/search/grainModel.ts');

const read = (file) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));
// Only the dev split of bench/search: its test split is reported, never fitted on.
const corpusQuestions = [...read('bench/search/queries.json'), ...read('bench/search/queries-dev-extra.json')].filter((q) => q.split === 'dev');
const tune = Object.fromEntries(TUNE.map((r) => [r, loadQuestions(r) ?? []]));
const report = REPORT.flatMap((r) => loadQuestions(r) ?? []);

function fit(questions) {
  const counts = GRAINS.map(() => new Map());
  const totals = GRAINS.map(() => 0);
  const priors = GRAINS.map(() => 0);
  const vocabulary = new Set();
  for (const q of questions) {
    const g = GRAINS.indexOf(q.granularity);
    priors[g]++;
    for (const f of grainFeatures(q.query)) {
      counts[g].set(f, (counts[g].get(f) ?? 0) + 1);
      totals[g]++;
      vocabulary.add(f);
    }
  }
  const r3 = (x) => Math.round(x * 1000) / 1000;
  const features = {};
  for (const f of [...vocabulary].sort()) features[f] = GRAINS.map((_, g) => r3(Math.log(((counts[g].get(f) ?? 0) + ALPHA) / (totals[g] + ALPHA * vocabulary.size))));
  return { grains: GRAINS, prior: priors.map((p) => r3(Math.log((p + 1) / (questions.length + GRAINS.length)))), features };
}

function accuracy(model, questions) {
  let right = 0;
  for (const q of questions) {
    const w = grainWeightsOf(q.query, model);
    if (GRAINS.reduce((a, b) => (w[a] >= w[b] ? a : b)) === q.granularity) right++;
  }
  return `${right}/${questions.length}`;
}

for (const repo of TUNE) {
  const rest = [...TUNE.filter((r) => r !== repo).flatMap((r) => tune[r]), ...corpusQuestions];
  console.log(`${repo} left out: ${accuracy(fit(rest), tune[repo])} grains right`);
}
const model = fit([...TUNE.flatMap((r) => tune[r]), ...corpusQuestions]);
console.log(`report repositories (never fitted on): ${accuracy(model, report)} grains right; ${Object.keys(model.features).length} features`);
if (!process.argv.includes('--check')) {
  const body = `// Written by scripts/fit-search-grain.mjs: do not edit.\n// Naive Bayes over query.ts's grainFeatures, fitted on ${TUNE.flatMap((r) => tune[r]).length} questions of the tune repositories of\n// bench/search/real and ${corpusQuestions.length} of bench/search.\nimport type { GrainModel } from './query';\n\nexport const GRAIN_MODEL: GrainModel = ${JSON.stringify(model)};\n`;
  fs.writeFileSync(OUT, body);
  console.log(`wrote ${path.relative(ROOT, OUT)}`);
}
