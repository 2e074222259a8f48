import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancelledError } from '../../server/src/analyses/ppa';
import { YosysPool } from '../../server/src/workers/synthesis';

/**
 * The Yosys worker pool under cancellation (real Yosys): a run that waits for a worker and is
 * cancelled while waiting leaves the queue, and never takes the wake meant for the run behind
 * it. Found when the workspace audit hung after a cancelled suggestion check: the cancelled
 * check's queued runs swallowed the releases, and the audit's runs waited for ever beside a
 * free worker.
 */
const SLOW = { args: ['-p', 'read_verilog m.v; synth -top m; stat'], files: { 'm.v': 'module m(input [11:0] a, b, output [23:0] p); assign p = a * b; endmodule\n' }, outputs: [], timeoutMs: 60_000 };
const QUICK = { args: ['-p', 'read_verilog n.v; stat'], files: { 'n.v': 'module n(input a, output y); assign y = ~a; endmodule\n' }, outputs: [], timeoutMs: 60_000 };

test('a run cancelled while it waits for a worker leaves the queue; the run behind it still gets the worker', { timeout: 120_000 }, async () => {
  const pool = new YosysPool(1);
  try {
    const first = pool.run(SLOW);
    const abort = new AbortController();
    const cancelled = pool.run(QUICK, abort.signal);
    const behind = pool.run(QUICK);
    abort.abort();
    await assert.rejects(cancelled, (e: Error) => e instanceof CancelledError);
    assert.equal((await first).code, 0);
    const result = await Promise.race([behind, new Promise<'stuck'>((resolve) => setTimeout(() => resolve('stuck'), 30_000))]);
    assert.notEqual(result, 'stuck', 'the run behind the cancelled one never got the free worker');
    assert.equal((result as { code: number }).code, 0);
    // And after a cancel of the running one (its worker replaced), the queue moves on too.
    const abort2 = new AbortController();
    const running = pool.run(SLOW, abort2.signal);
    const queued = pool.run(QUICK);
    setTimeout(() => abort2.abort(), 50);
    await assert.rejects(running, (e: Error) => e instanceof CancelledError);
    assert.equal((await queued).code, 0);
  } finally {
    await pool.dispose();
  }
});
