import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancelledError, libertyTarget, type RunRequest, type RunResult, SynthesisCache, SynthesisError, synthesize, type SynthesisJob } from '../../server/src/analyses/ppa';
import { genericLiberty } from '../../server/src/workers/host';

/**
 * The synthesis cache shares a run between callers asking for the same job. A caller that
 * joined a run another caller then cancelled runs the job itself: found when a check asked
 * for right after a cancelled one answered "cancelled" too.
 */
const job: SynthesisJob = { top: 'm', files: { 'm.v': 'module m(input a, output y); assign y = ~a; endmodule\n' }, read: ['m.v'], includeDirs: [], defines: {}, target: libertyTarget(genericLiberty().text, 'rtlens_generic.lib', true) };

test('joining a run that another caller cancels: the joiner runs the job itself', async () => {
  const calls: string[] = [];
  const runner = {
    run(request: RunRequest, signal?: AbortSignal): Promise<RunResult> {
      calls.push(signal ? 'with signal' : 'without');
      if (signal) {
        // The first caller's run: ends only when cancelled, a little later (a worker stopping).
        return new Promise((_, reject) => signal.addEventListener('abort', () => setTimeout(() => reject(new CancelledError('cancelled')), 20)));
      }
      // Any other run fails to read the design: the joiner's own answer.
      return Promise.resolve({ code: 1, log: 'ERROR: no reader for this test', outputs: {} } as unknown as RunResult);
    },
  };
  const cache = new SynthesisCache();
  const abort = new AbortController();
  const first = synthesize(job, runner, { cache, signal: abort.signal });
  const second = synthesize(job, runner, { cache });
  abort.abort();
  await assert.rejects(first, (e: Error) => e instanceof CancelledError);
  await assert.rejects(second, (e: Error) => e instanceof SynthesisError, 'the joiner ran the job: its own failure, not the cancel');
  assert.deepEqual(calls, ['with signal', 'without', 'without'], 'the cancelled run, then the joiner with slang and with Yosys\'s reader');
});
