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
export async function recommendAll(designs, dir, { budget = 20, knowledge, workers = 1, timeoutMs = 120000, log = () => {}, tag = 'recipes' } = {}) {
  const recipes = require(OUT_RECIPES);
  const { YosysPool } = require(path.join(ROOT, 'out/server/src/workers/synthesis.js'));
  const { ws, snapshot, genericLiberty } = await loadCorpusWorkspace(designs, dir);
  const target = targetOf('generic', genericLiberty);
  const pool = new YosysPool(workers);
  const out = new Map();
  const queue = [...designs];
  let done = 0;
  try {
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (let d = queue.shift(); d; d = queue.shift()) {
          try {
            const result = await recipes.recommendRecipe({ access: snapshot, target, knowledge }, d.top, pool, { budget, timeoutMs });
            out.set(d.name, result);
            log(`[${tag}] ${++done}/${designs.length} ${d.name}: ${result.aig.ands} ANDs, ADP ${(result.qor.adp / result.baseline.resyn2.adp).toFixed(3)}x resyn2, ${result.baseline.yosysDefault ? (result.qor.adp / result.baseline.yosysDefault.adp).toFixed(3) : '?'}x default, alpha ${result.alpha}, ${result.evaluations} evals, ${(result.ms / 1000).toFixed(1)} s${result.equivalent ? '' : ', NOT EQUIVALENT'}`);
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
