import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { parseFile } from '../model';
import { cachedSummaryIsValid, parseCache, serializeCacheChunks, type Workspace } from '../workspace';
import { IncrementalParser, rememberingResolver } from '../syntax';
import { findHdlFiles, nodeFileSystem } from './host';
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
}

export async function indexWorkspace(workspace: Workspace, options: IndexOptions): Promise<IndexStats> {
  const started = performance.now();
  const roots = workspace.getOptions().roots;
  const paths = findHdlFiles(roots, options.exclude);
  workspace.addKnownPaths(paths);
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
  const workers = options.workers ?? Math.max(1, Math.min(4, os.cpus().length));
  if (toParse.length > 0) {
    if (options.inProcess || toParse.length < 40 || workers <= 1) {
      const parser = new IncrementalParser(workspace.grammar);
      const preprocessing = { ...workspace.preprocessOptions(), resolver: rememberingResolver(workspace.resolver) };
      let done = 0;
      for (const p of toParse) {
        if (options.isCancelled?.()) break;
        const text = nodeFileSystem.readFile(p);
        if (text === undefined) continue;
        const parsed = parseFile(p, text, preprocessing, parser, undefined, false);
        parsed.tree?.delete();
        workspace.setSummary(p, parsed.summary);
        if (++done % 50 === 0) options.onProgress?.(fromCache + done, paths.length, `${fromCache + done}/${paths.length} files`);
      }
      parser.delete();
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
  return { files: paths.length, fromCache, parsed: toParse.length, lines, ms: Math.round(performance.now() - started) };
}

/** Writes the pieces to a temporary file renamed over `file` at the end, so a reader never sees half a cache. */
function writeChunks(file: string, chunks: Iterable<string>): void {
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(temporary, 'w');
  try {
    let pending = '';
    for (const chunk of chunks) {
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

function readOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
