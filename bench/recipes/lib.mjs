// Shared by scripts/build-recipe-kb.mjs and bench/recipes.mjs: designs written to a folder and
// indexed, then the recipe recommendation run on each through a Yosys worker pool (the
// compiled sources in out/, as the other benchmarks use them).
import * as path from 'node:path';
import { loadCorpusWorkspace, targetOf } from '../ppa/lib.mjs';
import { ROOT, require } from '../lib.mjs';

export const OUT_RECIPES = path.join(ROOT, 'out/server/src/analyses/recipes/index.js');

/**
 * Recommends a recipe for every design (`workers` at a time); returns name -> result or
 * { error }. Progress on `log`.
 */
export async function recommendAll(designs, dir, { budget = 20, knowledge, workers = 1, timeoutMs = 120000, log = () => {}, tag = 'recipes', liberty = 'generic', timeBudgetMs } = {}) {
  const recipes = require(OUT_RECIPES);
  const { YosysPool } = require(path.join(ROOT, 'out/server/src/workers/synthesis.js'));
  const { ws, snapshot, genericLiberty } = await loadCorpusWorkspace(designs, dir);
  const target = targetOf(liberty, genericLiberty);
  const pool = new YosysPool(workers);
  const out = new Map();
  const queue = [...designs];
  let done = 0;
  try {
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (let d = queue.shift(); d; d = queue.shift()) {
          try {
            const result = await recipes.recommendRecipe({ access: snapshot, target, knowledge, root: dir }, d.top, pool, { budget, timeoutMs, ...(timeBudgetMs ? { timeBudgetMs } : {}) });
            out.set(d.name, result);
            log(`[${tag}] ${++done}/${designs.length} ${d.name}: ${result.aig.ands} ANDs, ADP ${(result.qor.adp / result.baseline.resyn2.adp).toFixed(3)}x resyn2, ${result.baseline.resyn2Map ? (result.qor.adp / result.baseline.resyn2Map.adp).toFixed(3) : '?'}x resyn2+map, ${result.baseline.yosysDefault ? (result.qor.adp / result.baseline.yosysDefault.adp).toFixed(3) : '?'}x default, alpha ${result.alpha}, ${result.evaluations} evals, ${(result.ms / 1000).toFixed(1)} s${result.partial ? ', partial' : ''}${result.equivalent ? '' : ', NOT EQUIVALENT'} [${result.mapping}]`);
          } catch (error) {
            out.set(d.name, { error: String(error?.message ?? error) });
            log(`[${tag}] ${++done}/${designs.length} ${d.name}: failed: ${error?.message ?? error}`);
          }
        }
      }),
    );
  } finally {
    await pool.dispose();
    ws.dispose();
  }
  return out;
}

export function geomean(values) {
  const ok = values.filter((v) => Number.isFinite(v) && v > 0);
  return ok.length === 0 ? NaN : Math.exp(ok.reduce((a, v) => a + Math.log(v), 0) / ok.length);
}

/**
 * The user's flow, run again from nothing: the result's `yosysFlow` (read, synth -noabc, the
 * recommended abc call) in a fresh Yosys with ABC's timing report appended, so the figure the
 * user sees can be compared with the one their own flow gets. Returns {area, delayPs, adp}.
 */
export async function rerunFlow(result, design, libertyName, libertyText) {
  const { runYosys } = await import(path.join(ROOT, 'node_modules/@yowasp/yosys/gen/bundle.js'));
  const DEFAULT = 'strash;&get,-n;&fraig,-x;&put;scorr;dc2;dretime;strash;&get,-n;&dch,-f;&nf;&put';
  const lines = result.yosysFlow.split('\n').map((line) => {
    if (!line.startsWith('abc ')) return line;
    return line.includes(' -script ') ? `${line};topo;stime` : `${line} -script +${DEFAULT};topo;stime`;
  });
  const files = { [`${design.name}.v`]: design.source, [libertyName]: libertyText };
  let out = '';
  const sink = (b) => {
    if (b) out += new TextDecoder().decode(b);
  };
  await runYosys(['-p', lines.join('; ')], files, { stdout: sink, stderr: () => {} });
  const m = /Area\s*=\s*([\d.]+)(?![\d.])[^\n]*?Delay\s*=\s*([\d.]+)\s*ps/.exec(out);
  return m ? { area: Number(m[1]), delayPs: Number(m[2]), adp: Number(m[1]) * Number(m[2]) } : undefined;
}
