// PPA benchmarks (PPA issue):
//  - estimator accuracy: on the held-out designs of the corpus (bench/ppa/corpus.mjs, never
//    fitted on), the fast estimate against real synthesis of the same design in the same run:
//    area MAPE (target <= 10%) and delay MAPE (target <= 20%) on the built-in library; LUTs and
//    logic levels on ice40 (informational);
//  - estimate latency per module on the generated 200k-line workspace (p95 target <= 20 ms),
//    against the one-module graph build of the same modules as a baseline;
//  - exact synthesis time per design (informational);
//  - calibration (HELP): with the OSU 0.18 um library standing for the user's own target
//    (test/real/.cache/liberty, fetched by scripts/fetch-real-code.sh), ten real results of
//    designs outside the held-out set rescale the estimates; area and delay MAPE on the held-out
//    designs before and after (target: halved).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allDesigns, isHeldOut } from './ppa/corpus.mjs';
import { exactAll, featuresAll, loadCorpusWorkspace, OUT_PPA, targetOf } from './ppa/lib.mjs';
import { OUT, ROOT, WORK_DIR, require, round, stats } from './lib.mjs';

export async function benchPpa({ workspace, log, targets = ['generic', 'ice40'] }) {
  const ppa = require(OUT_PPA);
  const { loadPpaModel } = require(path.join(ROOT, 'out/server/src/workers/ppaHost.js'));
  const model = loadPpaModel();
  const designs = allDesigns().filter((d) => isHeldOut(d.name));
  // Ten designs the user "brings": outside the held-out set, spread over the families.
  const training = allDesigns().filter((d) => !isHeldOut(d.name));
  const samples = Array.from({ length: 10 }, (_, i) => training[Math.floor((i * training.length) / 10)]);
  const { ws, snapshot, genericLiberty } = await loadCorpusWorkspace([...designs, ...samples], path.join(WORK_DIR, 'ppa-heldout'));
  const { features } = featuresAll(snapshot, designs);
  const accuracy = {};
  for (const name of targets) {
    const target = targetOf(name, genericLiberty);
    const fitted = ppa.modelFor(model, target);
    if (!fitted) {
      accuracy[name] = { skipped: `no model for ${name}` };
      continue;
    }
    const { results, ran, ms } = await exactAll(snapshot, designs, target, { log });
    const ok = designs.filter((d) => results.get(d.name)?.figures);
    const estimates = ok.map((d) => ppa.estimate(features.get(d.name), name, fitted.model, target.kind === 'fpga'));
    const exact = ok.map((d) => results.get(d.name).figures);
    const pick = (list, key) => list.map((x) => x[key] ?? 0);
    const entry = { designs: ok.length, failed: designs.length - ok.length, synthesized: ran, synthesisMs: Math.round(ms) };
    if (target.kind === 'fpga') {
      entry.lutsMape = round(ppa.mape(pick(estimates, 'luts'), pick(exact, 'luts')), 1);
    } else {
      entry.areaMape = round(ppa.mape(pick(estimates, 'areaUm2'), pick(exact, 'areaUm2')), 1);
      entry.delayMape = round(ppa.mape(pick(estimates, 'delayNs'), pick(exact, 'delayNs')), 1);
      entry.cellsMape = round(ppa.mape(pick(estimates, 'cells'), pick(exact, 'cells')), 1);
    }
    entry.levelsMape = round(ppa.mape(pick(estimates, 'logicLevels'), pick(exact, 'logicLevels')), 1);
    entry.synthesisPerDesignMs = stats(ok.map((d) => results.get(d.name).ms ?? 0));
    accuracy[name] = entry;
    log(`[ppa] ${name}: ${JSON.stringify(entry)}`);
  }
  const calibration = await benchCalibration({ ppa, model, snapshot, designs, samples, log });
  ws.dispose();

  // Latency of the estimate on the big generated workspace: every module, features + latency + model.
  const { loadNodeGrammar, nodeFileSystem } = require(OUT.host);
  const { indexWorkspace } = require(OUT.indexer);
  const { Workspace, Snapshot } = require(OUT.workspace);
  const graph = require(path.join(ROOT, 'out/server/src/graph/index.js'));
  const big = new Workspace(nodeFileSystem, await loadNodeGrammar(), { roots: [workspace], includeDirs: [], defines: {} });
  await indexWorkspace(big, { inProcess: true });
  const bigSnapshot = new Snapshot(big);
  const target = targetOf('generic', genericLiberty);
  const ctx = { access: bigSnapshot, target, model };
  const units = bigSnapshot.allUnits().filter((r) => r.unit.kind === 'module');
  const estimateTimes = [];
  const graphTimes = [];
  for (const ref of units) {
    let t0 = performance.now();
    graph.moduleGraph(ref.path, { ...ref.unit });
    graphTimes.push(performance.now() - t0);
    t0 = performance.now();
    ppa.estimateModule(ctx, ref.path, ref.unit);
    estimateTimes.push(performance.now() - t0);
  }
  big.dispose();
  const netlists = await benchNetlists({ ppa, model, target, graph, log });
  return { accuracy, calibration, estimate: stats(estimateTimes), graphBaseline: stats(graphTimes), modules: units.length, netlists, model: model.provenance };
}

/**
 * Gate-level netlists (thousands of `assign n12 = pi[3] & ~n7;`, the form of logic benchmarks
 * and of netlists kept in repositories), random but fixed (seeded), of 1k and 10k gates: the
 * first estimate after indexing (cold) and a later one in a new snapshot (what a lens refresh
 * asks), against building the module's graph once, same run.
 */
export async function benchNetlists({ ppa, model, target, graph, log }) {
  const { loadNodeGrammar, nodeFileSystem } = require(OUT.host);
  const { indexWorkspace } = require(OUT.indexer);
  const { Workspace, Snapshot } = require(OUT.workspace);
  const dir = path.join(WORK_DIR, 'ppa-netlists');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const sizes = [1000, 10000];
  for (const n of sizes) fs.writeFileSync(path.join(dir, `gl${n}.v`), netlist(n));
  const ws = new Workspace(nodeFileSystem, await loadNodeGrammar(), { roots: [dir], includeDirs: [], defines: {} });
  await indexWorkspace(ws, { inProcess: true });
  const out = {};
  for (const n of sizes) {
    const ref = new Snapshot(ws).unit(`gl${n}`);
    let t0 = performance.now();
    graph.moduleGraph(ref.path, { ...ref.unit });
    const graphMs = performance.now() - t0;
    t0 = performance.now();
    const first = ppa.estimateModule({ access: new Snapshot(ws), target, model }, ref.path, ref.unit);
    const coldMs = performance.now() - t0;
    const warm = [];
    for (let i = 0; i < 5; i++) {
      t0 = performance.now();
      ppa.estimateModule({ access: new Snapshot(ws), target, model }, ref.path, ref.unit);
      warm.push(performance.now() - t0);
    }
    out[n] = { gates: n, coldMs: round(coldMs, 1), warmMs: stats(warm).p50, graphMs: round(graphMs, 1), logic: first.features.features.logic, areaUm2: first.estimate?.areaUm2 };
    log(`[ppa] gate-level netlist of ${n} gates: estimate ${out[n].coldMs} ms cold, ${out[n].warmMs} ms warm; graph build ${out[n].graphMs} ms`);
  }
  ws.dispose();
  return out;
}

/** A random netlist of n two-input gates over 64 inputs, 32 outputs; a fixed seed, so every run reads the same. */
function netlist(n) {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lines = [`module gl${n}(input [63:0] pi, output [31:0] po);`];
  const signal = (i) => (i < 64 ? `pi[${i}]` : `n${i - 64}`);
  for (let g = 0; g < n; g++) {
    const pick = () => signal(Math.floor(next() * (64 + g)));
    const op = ['&', '|', '^'][Math.floor(next() * 3)];
    lines.push(`  wire n${g};`, `  assign n${g} = ${next() < 0.3 ? '~' : ''}${pick()} ${op} ${pick()};`);
  }
  for (let o = 0; o < 32; o++) lines.push(`  assign po[${o}] = n${n - 1 - o};`);
  lines.push('endmodule', '');
  return lines.join('\n');
}

async function benchCalibration({ ppa, model, snapshot, designs, samples, log }) {
  const libFile = path.join(ROOT, 'test/real/.cache/liberty/osu018_stdcells.lib');
  if (!fs.existsSync(libFile)) return { skipped: 'no osu018_stdcells.lib (run scripts/fetch-real-code.sh)' };
  const target = ppa.libertyTarget(fs.readFileSync(libFile, 'utf8'), 'osu018_stdcells.lib');
  const { results } = await exactAll(snapshot, [...samples, ...designs], target, { log });
  const user = samples.filter((d) => results.get(d.name)?.figures).map((d) => ({ module: d.top, areaUm2: results.get(d.name).figures.areaUm2, delayNs: results.get(d.name).figures.delayNs }));
  const ctx = { access: snapshot, target, model };
  const report = ppa.calibrateTo(ctx, user);
  const heldOut = designs.filter((d) => results.get(d.name)?.figures?.areaUm2 > 0 && results.get(d.name)?.figures?.delayNs > 0);
  const figures = (calibration) =>
    heldOut.map((d) => {
      const ref = snapshot.unit(d.top);
      return ppa.estimateModule({ ...ctx, calibration }, ref.path, ref.unit).estimate;
    });
  const before = figures(undefined);
  const after = figures(report.calibration);
  const actual = heldOut.map((d) => results.get(d.name).figures);
  const m = (list, key) => round(ppa.mape(list.map((e) => e[key]), actual.map((a) => a[key])), 1);
  const out = { library: 'osu018_stdcells', samples: report.used, heldOut: heldOut.length, area: { before: m(before, 'areaUm2'), after: m(after, 'areaUm2') }, delay: { before: m(before, 'delayNs'), after: m(after, 'delayNs') }, scale: { area: round(report.calibration.areaUm2, 3), delay: round(report.calibration.delayNs, 3) }, powers: report.calibration.powers ?? {} };
  log(`[ppa] calibration: ${JSON.stringify(out)}`);
  return out;
}
