#!/usr/bin/env node
// Fits the fast PPA estimator against real synthesis and writes server/data/ppa-model.json.
//
//   npx tsc -p tsconfig.test.json && node scripts/fit-ppa.mjs [--targets generic,ice40,...]
//
// The corpus is bench/ppa/corpus.mjs; designs for which isHeldOut() is true are never fitted
// on: their error (MAPE) is what the model file records as its validation and what the editor
// shows as the error bar. bench/ppa.mjs measures the same on the same held-out designs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allDesigns, isHeldOut } from '../bench/ppa/corpus.mjs';
import { exactAll, featuresAll, loadCorpusWorkspace, OUT_PPA, targetOf } from '../bench/ppa/lib.mjs';
import { ROOT, WORK_DIR, require } from '../bench/lib.mjs';

const args = process.argv.slice(2);
const targetsArg = args.includes('--targets') ? args[args.indexOf('--targets') + 1] : 'generic,ice40,ecp5,gowin';
const ppa = require(OUT_PPA);
const log = (m) => process.stderr.write(m + '\n');

const designs = allDesigns();
const { ws, snapshot, genericLiberty } = await loadCorpusWorkspace(designs, path.join(WORK_DIR, 'ppa-corpus'));
const { features } = featuresAll(snapshot, designs);
const FEATURES = ppa.FEATURES;
const PATH_CLASSES = ['add', 'addConst', 'addBit', 'mul', 'macAdd', 'mulConst', 'div', 'compare', 'equal', 'logic', 'reduce', 'shift', 'mux', 'muxConst', 'memory', 'procMux', 'enable', 'selectFanout', 'decode', 'decodeFanout'];
const model = { provenance: { corpus: 'bench/ppa/corpus.mjs', designs: designs.length, heldOut: designs.filter((d) => isHeldOut(d.name)).length, yosys: '@yowasp/yosys ' + JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/@yowasp/yosys/package.json'), 'utf8')).version, fitted: new Date().toISOString().slice(0, 10) }, targets: {} };
const existing = path.join(ROOT, 'server/data/ppa-model.json');
if (fs.existsSync(existing)) model.targets = JSON.parse(fs.readFileSync(existing, 'utf8')).targets ?? {};

for (const name of targetsArg.split(',')) {
  const target = targetOf(name, genericLiberty);
  const { results } = await exactAll(snapshot, designs, target, { log });
  const ok = designs.filter((d) => results.get(d.name)?.figures);
  for (const d of designs) if (results.get(d.name)?.error) log(`[fit] ${name}: ${d.name} failed: ${results.get(d.name).error}`);
  const train = ok.filter((d) => !isHeldOut(d.name));
  const test = ok.filter((d) => isHeldOut(d.name));
  const row = (d, extra) => [1, ...FEATURES.map((f) => features.get(d.name).features[f]), ...extra.map((e) => features.get(d.name)[e])];
  // Size and area are sums over operators; delay and levels follow the critical path alone.
  const value = (f, e) => (e.startsWith('path.') ? f.pathParts[e.slice(5)] ?? 0 : f[e]);
  const pathRow = (d, extra) => [1, ...extra.map((e) => value(features.get(d.name), e))];
  const fitOne = (figure, extra, pathOnly = false) => {
    // Relative error is undefined where the figure is 0 (no LUT on a path of carry cells): those
    // designs say nothing to a fit of relative error, as they say nothing to the MAPE.
    const rows = train.filter((d) => results.get(d.name).figures[figure] > 0);
    const X = rows.map((d) => (pathOnly ? pathRow(d, extra) : row(d, extra)));
    const y = rows.map((d) => results.get(d.name).figures[figure]);
    const coef = ppa.fitNonNegative(X, y, { relative: true });
    const names = pathOnly ? ['intercept', ...extra] : ['intercept', ...FEATURES, ...extra];
    const linear = { intercept: coef[0], coefficients: {} };
    names.slice(1).forEach((n, i) => {
      if (coef[i + 1] !== 0) linear.coefficients[n] = Number(coef[i + 1].toPrecision(6));
    });
    linear.intercept = Number(linear.intercept.toPrecision(6));
    const predicted = test.map((d) => ppa.predict(linear, features.get(d.name)));
    const actual = test.map((d) => results.get(d.name).figures[figure]);
    return { linear, mape: Number(ppa.mape(predicted, actual).toFixed(1)) };
  };
  const fpga = target.kind === 'fpga';
  const size = fitOne(fpga ? 'luts' : 'cells', []);
  const levels = fitOne('logicLevels', ['pathLevels', ...PATH_CLASSES.map((c) => `path.${c}`)], true);
  const entry = { size: size.linear, logicLevels: levels.linear, validation: { designs: test.length, trainedOn: train.length, sizeMapePct: size.mape, levelsMapePct: levels.mape } };
  if (!fpga) {
    const area = fitOne('areaUm2', []);
    // Delay: the critical path's units by operator class, each class with its own fitted scale.
    const delay = fitOne('delayNs', PATH_CLASSES.map((c) => `path.${c}`), true);
    entry.areaUm2 = area.linear;
    entry.delayNs = delay.linear;
    entry.validation.areaMapePct = area.mape;
    entry.validation.delayMapePct = delay.mape;
  }
  // Area and delay fitted on real repositories (bench/ppa/real.mjs --write-model) stay: the
  // corpus is our own code, and its held-out error is not what a new user's repository gets.
  const real = model.targets[name]?.validation?.areaDelay ? model.targets[name] : undefined;
  if (real) {
    entry.areaUm2 = real.areaUm2;
    entry.delayNs = real.delayNs;
    entry.validation = { ...entry.validation, corpusAreaMapePct: entry.validation.areaMapePct, corpusDelayMapePct: entry.validation.delayMapePct, areaMapePct: real.validation.areaMapePct, delayMapePct: real.validation.delayMapePct, areaDelay: real.validation.areaDelay, ...Object.fromEntries(['areaSource', 'delaySource', 'bySize', 'liberty'].filter((k) => real.validation[k] !== undefined).map((k) => [k, real.validation[k]])), ...(real.validation.libertyAreaMapePct !== undefined ? { libertyAreaMapePct: real.validation.libertyAreaMapePct, libertyDelayMapePct: real.validation.libertyDelayMapePct } : {}) };
  }
  model.targets[name] = entry;
  log(`[fit] ${name}: trained on ${train.length}, held out ${test.length}: ${JSON.stringify(entry.validation)}`);
}
fs.writeFileSync(existing, JSON.stringify(model, null, 1) + '\n');
log(`[fit] wrote ${path.relative(ROOT, existing)}`);
ws.dispose();
