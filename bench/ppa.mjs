// PPA benchmarks (PPA issue):
//  - estimator accuracy: on the held-out designs of the corpus (bench/ppa/corpus.mjs, never
//    fitted on), the fast estimate against real synthesis of the same design in the same run:
//    area MAPE (target <= 10%) and delay MAPE (target <= 20%) on the built-in library; LUTs and
//    logic levels on ice40 (informational);
//  - estimate latency per module on the generated 200k-line workspace (p95 target <= 20 ms),
//    against the one-module graph build of the same modules as a baseline;
//  - exact synthesis time per design (informational).
import * as path from 'node:path';
import { allDesigns, isHeldOut } from './ppa/corpus.mjs';
import { exactAll, featuresAll, loadCorpusWorkspace, OUT_PPA, targetOf } from './ppa/lib.mjs';
import { OUT, ROOT, WORK_DIR, require, round, stats } from './lib.mjs';

export async function benchPpa({ workspace, log, targets = ['generic', 'ice40'] }) {
  const ppa = require(OUT_PPA);
  const { loadPpaModel } = require(path.join(ROOT, 'out/server/src/workers/ppaHost.js'));
  const model = loadPpaModel();
  const designs = allDesigns().filter((d) => isHeldOut(d.name));
  const { ws, snapshot, genericLiberty } = await loadCorpusWorkspace(designs, path.join(WORK_DIR, 'ppa-heldout'));
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
  return { accuracy, estimate: stats(estimateTimes), graphBaseline: stats(graphTimes), modules: units.length, model: model.provenance };
}
