import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { cachedSummaryIsValid, parseCache, serializeCacheChunks, type Workspace } from '../workspace';
import { findHdlFiles, globToRegExp, isExcluded, nodeFileSystem } from './host';
import { parseInThread } from './parseInThread';
import { indexInWorkers } from './pool';

/**
 * Indexing a workspace from disk, shared by the language server and the command line:
 * find the files, take what the disk cache still vouches for, parse the rest on the worker
 * pool, and write the cache back.
 */
export interface IndexStats {
  files: number;
  fromCache: number;
  parsed: number;
  lines: number;
  ms: number;
  /** Worker threads the files were parsed on; 0 when parsed in the calling thread. */
  workers: number;
}

export interface IndexOptions {
  exclude?: string[];
  /** File holding the index cache; none means no disk cache. */
  cacheFile?: string;
  workers?: number;
  onProgress?: (done: number, total: number, message: string) => void;
  isCancelled?: () => boolean;
  /** Parse in this thread instead of workers (tiny workspaces, tests). */
  inProcess?: boolean;
  /**
   * Never parse a large workspace in this thread (the language server, whose thread answers
   * requests): where one thread is all that pays, use one worker.
   */
  keepThreadFree?: boolean;
  /** Cores of the machine (tests); os.cpus() by default. */
  cores?: number;
}

/** Text one worker must have to pay for its start (its own grammar, its own JIT warm-up). */
export const BYTES_PER_WORKER = 2 << 20;

/**
 * How many index workers pay for themselves: at most those asked for, one core left to the JIT
 * and garbage collector threads every JavaScript thread keeps busy, and one worker per
 * BYTES_PER_WORKER of text. Measured on the development repositories on two cores: parsing
 * in one thread beat two workers on all eight (0.46 MB to 5.8 MB), because each worker warms up
 * its own JIT and WebAssembly tier-up on the core the other one needs. 0 means this thread.
 */
export function poolSize(requested: number, cores: number, bytes: number, keepThreadFree: boolean): number {
  const useful = Math.min(Math.max(1, requested), Math.max(1, cores - 1), Math.max(1, Math.ceil(bytes / BYTES_PER_WORKER)));
  return useful > 1 || keepThreadFree ? useful : 0;
}

export async function indexWorkspace(workspace: Workspace, options: IndexOptions): Promise<IndexStats> {
  const started = performance.now();
  const roots = workspace.getOptions().roots;
  const paths = findHdlFiles(roots, options.exclude);
  workspace.addKnownPaths(paths);
  // Files indexed before under a pattern excluded now (rtlens.exclude or files.exclude changed) leave the index.
  const patterns = (options.exclude ?? []).map(globToRegExp);
  for (const { path: p } of workspace.summaries()) if (!workspace.entry(p)?.open && isExcluded(p, roots, patterns)) workspace.remove(p);
  const contextHash = workspace.contextHash();
  const cache = options.cacheFile ? parseCache(readOrUndefined(options.cacheFile), contextHash) : undefined;
  const hashMemo = new Map<string, string | undefined>();
  const toParse: string[] = [];
  let fromCache = 0;
  for (const p of paths) {
    if (workspace.entry(p)?.open) continue;
    const cached = cache?.files[p];
    const text = cached ? nodeFileSystem.readFile(p) : undefined;
    if (cached && text !== undefined && cachedSummaryIsValid(cached, text, (d) => workspace.readText(d), hashMemo)) {
      workspace.setSummary(p, cached);
      fromCache++;
    } else toParse.push(p);
  }
  options.onProgress?.(fromCache, paths.length, `${fromCache} files from cache`);
  const requested = options.workers ?? Math.max(1, Math.min(4, os.cpus().length));
  const workers = options.inProcess || toParse.length < 40 || requested <= 1 ? 0 : poolSize(requested, options.cores ?? os.cpus().length, totalBytes(toParse), options.keepThreadFree ?? false);
  if (toParse.length > 0) {
    if (workers === 0) {
      await parseInThread(workspace, toParse, (p) => nodeFileSystem.readFile(p), {
        isCancelled: options.isCancelled,
        onProgress: (done) => options.onProgress?.(fromCache + done, paths.length, `${fromCache + done}/${paths.length} files`),
      });
    } else {
      const results = await indexInWorkers(toParse, paths, workspace.getOptions(), {
        workers,
        onProgress: (done) => options.onProgress?.(fromCache + done, paths.length, `${fromCache + done}/${paths.length} files`),
        isCancelled: options.isCancelled,
      });
      for (const r of results) if (r.summary) workspace.setSummary(r.path, r.summary);
    }
  }
  if (options.cacheFile && !options.isCancelled?.()) {
    try {
      fs.mkdirSync(path.dirname(options.cacheFile), { recursive: true });
      writeChunks(options.cacheFile, serializeCacheChunks(contextHash, workspace.summaries()));
    } catch {
      // A read-only storage folder only costs the warm start.
    }
  }
  let lines = 0;
  for (const { summary } of workspace.summaries()) lines += summary.lineCount;
  return { files: paths.length, fromCache, parsed: toParse.length, lines, ms: Math.round(performance.now() - started), workers: toParse.length > 0 ? workers : 0 };
}

/** Writes the pieces to a temporary file renamed over `file` at the end, so a reader never sees half a cache (or pack). */
export function writeChunks(file: string, chunks: Iterable<string | Uint8Array>): void {
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(temporary, 'w');
  try {
    let pending = '';
    for (const chunk of chunks) {
      if (typeof chunk !== 'string') {
        fs.writeSync(fd, pending);
        pending = '';
        fs.writeSync(fd, chunk);
        continue;
      }
      pending += chunk;
      if (pending.length >= 1 << 20) {
        fs.writeSync(fd, pending);
        pending = '';
      }
    }
    fs.writeSync(fd, pending);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  fs.renameSync(temporary, file);
}

function totalBytes(paths: readonly string[]): number {
  let total = 0;
  for (const p of paths) {
    try {
      total += fs.statSync(p).size;
    } catch {
      // Gone since it was found: it counts for nothing.
    }
  }
  return total;
}

function readOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
