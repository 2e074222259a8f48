import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import * as fs from 'node:fs';
import type { FileSummary } from '../model';
import type { WorkspaceOptions } from '../workspace';

/**
 * Cold indexing on a pool of worker threads: files are sent in batches, summaries come back,
 * progress is reported per batch and the run can be cancelled between batches.
 */
export interface IndexResult {
  path: string;
  summary: FileSummary | undefined;
  error?: string;
}

export interface IndexRunOptions {
  workers: number;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  isCancelled?: () => boolean;
}

export function workerScript(): string | undefined {
  const candidates = [path.join(__dirname, 'indexWorker.js'), path.join(__dirname, '../workers/indexWorker.js')];
  return candidates.find((c) => fs.existsSync(c));
}

export async function indexInWorkers(paths: string[], knownPaths: string[], options: WorkspaceOptions, run: IndexRunOptions): Promise<IndexResult[]> {
  const script = workerScript();
  if (!script) throw new Error('indexWorker.js not found next to the server bundle');
  const count = Math.max(1, Math.min(run.workers, Math.ceil(paths.length / 20)));
  const batchSize = run.batchSize ?? 25;
  const queue: string[][] = [];
  for (let i = 0; i < paths.length; i += batchSize) queue.push(paths.slice(i, i + batchSize));
  const results: IndexResult[] = [];
  let done = 0;
  const workers = Array.from({ length: count }, () => new Worker(script, { workerData: { options, knownPaths } }));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let id = 0;
            const next = () => {
              const batch = run.isCancelled?.() ? undefined : queue.shift();
              if (!batch) {
                resolve();
                return;
              }
              worker.postMessage({ id: ++id, paths: batch });
            };
            worker.on('message', (message: { ready?: boolean; results?: IndexResult[] }) => {
              if (message.ready) return next();
              if (message.results) {
                results.push(...message.results);
                done += message.results.length;
                run.onProgress?.(done, paths.length);
              }
              next();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`index worker exited with ${code}`))));
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
