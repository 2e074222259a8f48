import * as fs from 'node:fs';
import * as path from 'node:path';
import { contentHash } from '../base';
import type { Grammar } from '../syntax';
import { Snapshot, Workspace } from '../workspace';
import { buildPack, decodePack, encodePack, type RepositoryPack } from '../analyses/search';
import { findHdlFiles, nodeFileSystem } from './host';
import { indexWorkspace, writeChunks } from './indexer';

/**
 * Another repository for search (`rtlens.search.repositories`, `rtlens search --repository`),
 * from disk: its pack file when every HDL file under the folder is as it was when the pack was
 * made (size and modification time, else the content's hash), otherwise indexed in a workspace
 * of its own (with its summary cache), described into a new pack, saved, and the workspace let go.
 */
export interface OpenRepositoryOptions {
  name: string;
  /** Where the pack is kept; the summary cache sits beside it (`.summaries.json`). */
  packFile?: string;
  grammar: Grammar;
  exclude?: string[];
  workers?: number;
  keepThreadFree?: boolean;
  isCancelled?: () => boolean;
}

export interface OpenedRepository {
  pack: RepositoryPack;
  /** True when loaded from the pack file, false when built. */
  fromPack: boolean;
  files: number;
  lines: number;
  ms: number;
  /** Of ms, the part spent indexing the workspace (0 when loaded from the pack). */
  indexMs: number;
}

/** Each file's path, size, modification time and content hash when the pack was made. */
type Stamps = [string, number, number, string][];

export async function openSearchRepository(root: string, options: OpenRepositoryOptions): Promise<OpenedRepository | undefined> {
  const started = performance.now();
  const paths = findHdlFiles([root], options.exclude);
  if (options.packFile) {
    const loaded = loadPack(options.packFile, options.name, paths);
    if (loaded) return { pack: loaded.pack, fromPack: true, files: paths.length, lines: loaded.lines, ms: performance.now() - started, indexMs: 0 };
  }
  const workspace = new Workspace(nodeFileSystem, options.grammar, { roots: [root], includeDirs: [], defines: {} });
  try {
    const stats = await indexWorkspace(workspace, { exclude: options.exclude, cacheFile: options.packFile ? `${options.packFile}.summaries.json` : undefined, workers: options.workers ?? 1, keepThreadFree: options.keepThreadFree, isCancelled: options.isCancelled });
    const indexMs = performance.now() - started;
    if (options.isCancelled?.()) return undefined;
    const pack = buildPack(options.name, new Snapshot(workspace), options.isCancelled);
    if (!pack) return undefined;
    if (options.packFile) {
      const stamps: Stamps = [];
      for (const p of paths) {
        const st = fs.statSync(p, { throwIfNoEntry: false });
        const text = workspace.readText(p);
        if (st && text !== undefined) stamps.push([p, st.size, st.mtimeMs, contentHash(text)]);
      }
      try {
        fs.mkdirSync(path.dirname(options.packFile), { recursive: true });
        writeChunks(options.packFile, [encodePack(pack, { stamps, lines: stats.lines })]);
      } catch {
        // A pack that cannot be written is built again next time; search works without it.
      }
    }
    return { pack, fromPack: false, files: stats.files, lines: stats.lines, ms: performance.now() - started, indexMs };
  } finally {
    workspace.dispose();
  }
}

function loadPack(file: string, name: string, paths: string[]): { pack: RepositoryPack; lines: number } | undefined {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const decoded = decodePack(bytes, name);
  const extra = decoded?.extra as { stamps?: Stamps; lines?: number } | undefined;
  if (!decoded || !Array.isArray(extra?.stamps) || extra.stamps.length !== paths.length) return undefined;
  const wanted = new Set(paths);
  for (const [p, size, mtime, hash] of extra.stamps) {
    if (!wanted.has(p)) return undefined;
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (!st) return undefined;
    if (st.size === size && st.mtimeMs === mtime) continue;
    // Touched, perhaps not changed: the content decides.
    const text = nodeFileSystem.readFile(p);
    if (text === undefined || contentHash(text) !== hash) return undefined;
  }
  return { pack: decoded.pack, lines: extra.lines ?? 0 };
}
