// Shared by scripts/fit-ppa.mjs and bench/ppa.mjs: the corpus written to a folder and indexed,
// each design's features and latency from the graph, and its exact figures from Yosys (cached
// in bench/.work by content key, so a second run synthesizes nothing that did not change).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, WORK_DIR, require } from '../lib.mjs';

export const OUT_PPA = path.join(ROOT, 'out/server/src/analyses/ppa/index.js');

export async function loadCorpusWorkspace(designs, dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const d of designs) fs.writeFileSync(path.join(dir, `${d.name}.v`), d.source);
  const { loadNodeGrammar, nodeFileSystem, genericLiberty } = require(path.join(ROOT, 'out/server/src/workers/host.js'));
  const { indexWorkspace } = require(path.join(ROOT, 'out/server/src/workers/indexer.js'));
  const { Workspace, Snapshot } = require(path.join(ROOT, 'out/server/src/workspace/index.js'));
  const grammar = await loadNodeGrammar();
  const ws = new Workspace(nodeFileSystem, grammar, { roots: [dir], includeDirs: [], defines: {} });
  await indexWorkspace(ws, { inProcess: true });
  return { ws, snapshot: new Snapshot(ws), genericLiberty };
}

export function targetOf(name, genericLiberty) {
  const ppa = require(OUT_PPA);
  if (name === 'generic') {
    const lib = genericLiberty();
    return ppa.libertyTarget(lib.text, 'rtlens_generic.lib', true);
  }
  if (name.endsWith('.lib')) return ppa.libertyTarget(fs.readFileSync(name, 'utf8'), path.basename(name));
  return { kind: 'fpga', name };
}

/** Exact figures of every design on a target, through the cache file; progress on stderr. */
export async function exactAll(snapshot, designs, target, { workers = 2, log = () => {} } = {}) {
  const ppa = require(OUT_PPA);
  const { YosysPool } = require(path.join(ROOT, 'out/server/src/workers/synthesis.js'));
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const cacheFile = path.join(WORK_DIR, `ppa-exact-v${ppa.FIGURES_VERSION}-${target.name}.json`);
  const cache = fs.existsSync(cacheFile) ? JSON.parse(fs.readFileSync(cacheFile, 'utf8')) : {};
  const pool = new YosysPool(workers);
  const out = new Map();
  let done = 0;
  let ran = 0;
  const started = performance.now();
  const queue = [...designs];
  await Promise.all(Array.from({ length: workers }, async () => {
    for (let d = queue.shift(); d; d = queue.shift()) {
      const collected = ppa.collectSources(snapshot, d.top, target);
      const key = ppa.jobKey(collected.job);
      if (cache[key]) out.set(d.name, cache[key]);
      else {
        try {
          const result = await ppa.synthesize(collected.job, pool, { timeoutMs: 180000 });
          cache[key] = { figures: result.figures, ms: result.ms };
          ran++;
        } catch (error) {
          cache[key] = { error: String(error.message ?? error) };
        }
        out.set(d.name, cache[key]);
      }
      if (++done % 20 === 0) log(`[ppa] ${target.name}: ${done}/${designs.length} designs (${ran} synthesized, ${Math.round((performance.now() - started) / 1000)} s)`);
    }
  }));
  await pool.dispose();
  fs.writeFileSync(cacheFile, JSON.stringify(cache));
  return { results: out, ran, ms: performance.now() - started };
}

/** Features of every design with the default parameters, and the time each took. */
export function featuresAll(snapshot, designs) {
  const ppa = require(OUT_PPA);
  const out = new Map();
  const times = [];
  for (const d of designs) {
    const ref = snapshot.unit(d.top);
    const t0 = performance.now();
    const features = ppa.moduleFeatures(snapshot, ref.path, ref.unit);
    times.push(performance.now() - t0);
    out.set(d.name, features);
  }
  return { features: out, times };
}
