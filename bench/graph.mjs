// Graph benchmarks (HDL graph issue): on the generated workspace, in one process,
//  - graph build: every module's data-flow graph plus the instantiation index, against the
//    in-process index time of the same files in the same run (target <= 0.5x);
//  - trace query latency: drivers and loads to depth 3 from random signals (p95 target <= 10 ms);
//  - incremental update after a one-line edit of the ~8k-line file: reparse, summary and the
//    edited module's graph (p95 target <= 20 ms).
import * as path from 'node:path';
import * as fs from 'node:fs';
import { OUT, ROOT, require, round, stats } from './lib.mjs';

function prng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export async function benchGraph({ workspace, seed = 1, queries = 300, edits = 60, log }) {
  const { loadNodeGrammar, nodeFileSystem } = require(OUT.host);
  const { indexWorkspace } = require(OUT.indexer);
  const { Workspace, Snapshot } = require(OUT.workspace);
  const graph = require(path.join(ROOT, 'out/server/src/graph/index.js'));
  const grammar = await loadNodeGrammar();
  const ws = new Workspace(nodeFileSystem, grammar, { roots: [workspace], includeDirs: [], defines: {} });
  const t0 = performance.now();
  const indexed = await indexWorkspace(ws, { inProcess: true });
  const indexMs = performance.now() - t0;
  log(`[graph] indexed ${indexed.files} files in process in ${Math.round(indexMs)} ms`);

  // Graph build: a fresh snapshot, every unit's graph, the tops (which walk the instantiation index).
  const snapshot = new Snapshot(ws);
  const units = snapshot.allUnits().filter((r) => r.unit.kind === 'module' || r.unit.kind === 'interface');
  const t1 = performance.now();
  let edges = 0;
  for (const { path: p, unit } of units) {
    const g = graph.moduleGraph(p, unit);
    for (const list of g.drivers.values()) edges += list.length;
  }
  const topCount = graph.tops(snapshot).length;
  const buildMs = performance.now() - t1;
  log(`[graph] built ${units.length} module graphs (${edges} driver edges, ${topCount} tops) in ${Math.round(buildMs)} ms`);

  // Trace queries from random signals.
  const random = prng(seed);
  const traceTimes = [];
  for (let i = 0; i < queries; i++) {
    const { unit } = units[Math.floor(random() * units.length)];
    const names = [...unit.ports.map((p) => p.name), ...unit.signals.filter((s) => s.kind === 'net' || s.kind === 'variable').map((s) => s.name)];
    if (names.length === 0) continue;
    const signal = names[Math.floor(random() * names.length)];
    const direction = random() < 0.5 ? 'drivers' : 'loads';
    const s = performance.now();
    graph.trace(snapshot, unit.name, signal, direction, 3);
    traceTimes.push(performance.now() - s);
  }

  // Incremental: one-line edits in the big file, then the edited module's graph.
  const big = fs.readdirSync(path.join(workspace, 'big')).map((f) => path.join(workspace, 'big', f))[0];
  let text = fs.readFileSync(big, 'utf8');
  ws.openDocument(big, text);
  const editTimes = [];
  const lines = text.split('\n');
  for (let i = 0; i < edits; i++) {
    const line = 50 + Math.floor(random() * (lines.length - 100));
    lines[line] = lines[line] + (i % 2 === 0 ? ' // edited' : '');
    text = lines.join('\n');
    const offset = lines.slice(0, line).join('\n').length;
    const s = performance.now();
    const parsed = ws.changeDocument(big, text);
    const unit = parsed.summary.units.find((u) => u.span.start <= offset && offset <= u.span.end);
    if (unit) graph.moduleGraph(big, unit);
    editTimes.push(performance.now() - s);
  }
  ws.dispose();
  const trace = stats(traceTimes);
  const edit = stats(editTimes);
  return {
    indexMs: Math.round(indexMs),
    buildMs: Math.round(buildMs),
    modules: units.length,
    edges,
    ratios: { buildVsIndex: round(buildMs / indexMs, 3) },
    trace,
    edit: { ...edit, file: path.relative(workspace, big) },
  };
}
