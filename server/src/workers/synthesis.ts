import { Worker } from 'node:worker_threads';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { engineProblem } from './engine';
import { CancelledError, type RunRequest, type RunResult, SynthesisError, type SynthesisRunner, TimeoutError } from '../analyses/ppa';

/**
 * Yosys runs on a small pool of worker threads, off the language server's main thread. Each
 * run is bounded in time; cancelling or timing out terminates that worker and a fresh one
 * takes its place (a WebAssembly Yosys cannot be interrupted any other way).
 */
export function yosysBundle(): string {
  const candidates = [path.join(__dirname, 'yosys/bundle.js'), path.join(__dirname, '../yosys/bundle.js')];
  const found = candidates.find((c) => fs.existsSync(c));
  if (found) return found;
  // From compiled sources (tests): the npm package itself.
  return require.resolve('@yowasp/yosys');
}

function synthWorkerScript(): string {
  const candidates = [path.join(__dirname, 'synthWorker.js'), path.join(__dirname, '../workers/synthWorker.js')];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error('synthWorker.js not found next to the server bundle');
  return found;
}

/** This JavaScript engine cannot run the shipped Yosys (see engine.ts): nothing was started. */
export class EngineError extends SynthesisError {}

interface Slot {
  worker: Worker;
  busy: boolean;
}

export class YosysPool implements SynthesisRunner {
  private readonly slots: Slot[] = [];
  private readonly waiting: (() => void)[] = [];
  private nextId = 0;
  private disposed = false;

  constructor(private readonly size = 1) {}

  private spawn(): Slot {
    const worker = new Worker(synthWorkerScript(), { workerData: { bundle: yosysBundle() } });
    worker.unref();
    return { worker, busy: false };
  }

  private async acquire(signal?: AbortSignal): Promise<Slot> {
    for (;;) {
      if (this.disposed) throw new CancelledError('synthesis stopped');
      if (signal?.aborted) {
        // This caller may have been woken for a slot it no longer takes: the next waiter gets
        // the wake instead (else a free slot waits for a release that never comes).
        this.waiting.shift()?.();
        throw new CancelledError('cancelled');
      }
      const free = this.slots.find((s) => !s.busy);
      if (free) {
        free.busy = true;
        return free;
      }
      if (this.slots.length < this.size) {
        const slot = this.spawn();
        slot.busy = true;
        this.slots.push(slot);
        return slot;
      }
      // Woken by a release, or by its own cancel (then it leaves the queue at once).
      await new Promise<void>((resolve) => {
        const onAbort = () => {
          const at = this.waiting.indexOf(wake);
          if (at >= 0) this.waiting.splice(at, 1);
          resolve();
        };
        const wake = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        this.waiting.push(wake);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
  }

  private release(slot: Slot, recycle: boolean): void {
    const index = this.slots.indexOf(slot);
    if (recycle) {
      void slot.worker.terminate();
      if (index >= 0) this.slots.splice(index, 1);
    } else slot.busy = false;
    this.waiting.shift()?.();
  }

  async run(request: RunRequest, signal?: AbortSignal): Promise<RunResult> {
    const unsupported = engineProblem();
    if (unsupported) throw new EngineError(unsupported);
    const slot = await this.acquire(signal);
    const id = ++this.nextId;
    return new Promise<RunResult>((resolve, reject) => {
      let settled = false;
      const finish = (recycle: boolean, outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        slot.worker.off('message', onMessage);
        slot.worker.off('error', onError);
        slot.worker.off('exit', onExit);
        this.release(slot, recycle);
        outcome();
      };
      const onMessage = (message: RunResult & { id: number }) => {
        if (message.id !== id) return;
        finish(false, () => resolve({ log: message.log, outputs: message.outputs, code: message.code }));
      };
      const onError = (error: Error) => finish(true, () => reject(error));
      const onExit = (code: number) => finish(true, () => reject(new Error(`the Yosys worker exited with ${code}`)));
      const onAbort = () => finish(true, () => reject(new CancelledError('cancelled')));
      const timer = setTimeout(() => finish(true, () => reject(new TimeoutError(`synthesis took longer than ${Math.round(request.timeoutMs / 1000)} s and was stopped`))), request.timeoutMs);
      slot.worker.on('message', onMessage);
      slot.worker.on('error', onError);
      slot.worker.on('exit', onExit);
      signal?.addEventListener('abort', onAbort);
      slot.worker.ref();
      slot.worker.postMessage({ id, args: request.args, files: request.files, outputs: request.outputs });
    }).finally(() => slot.worker.unref());
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const wake of this.waiting.splice(0)) wake();
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }
}
