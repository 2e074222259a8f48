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
  const queue = batches(paths, count, run.batchSize ?? 25);
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
  // In the order the files were given, whichever worker read them.
  const order = new Map(paths.map((p, i) => [p, i]));
  return results.sort((a, b) => (order.get(a.path) ?? 0) - (order.get(b.path) ?? 0));
}

/**
 * Batches for the workers: the largest files first, each batch about a sixteenth of a
 * worker's share of the characters (at most `maxFiles` files), so that no worker is left
 * with a long batch while the others wait. Sizes come from the file system; a file that
 * cannot be read counts as small.
 */
export function batches(paths: readonly string[], workers: number, maxFiles: number, sizeOf: (path: string) => number = fileSize): string[][] {
  const sized = paths.map((p) => ({ p, size: sizeOf(p) })).sort((a, b) => b.size - a.size);
  const total = sized.reduce((sum, f) => sum + f.size, 0);
  const target = Math.max(1, total / (Math.max(1, workers) * 16));
  const out: string[][] = [];
  let batch: string[] = [];
  let chars = 0;
  for (const f of sized) {
    batch.push(f.p);
    chars += f.size;
    if (chars >= target || batch.length >= maxFiles) {
      out.push(batch);
      batch = [];
      chars = 0;
    }
  }
  if (batch.length > 0) out.push(batch);
  return out;
}

function fileSize(p: string): number {
  try {
    return fs.statSync(p).size;
  } catch {
    return 0;
  }
}
