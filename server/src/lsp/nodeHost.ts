import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type FolderEntry, repositoryCacheName } from '../workspace';
import { indexWorkspace } from '../workers/indexer';
import { nodeFileSystem } from '../workers/host';
import { loadPpaModel, resolveTarget } from '../workers/ppaHost';
import { loadRecipeKnowledge, loadUserKnowledge, rememberRun } from '../workers/recipeHost';
import { openSearchRepository } from '../workers/searchRepository';
import { YosysPool } from '../workers/synthesis';
import type { SessionHost } from './host';

/** A folder's entries for the project-file walk (symbolic links followed as what they point to). */
export function listFolder(dir: string): FolderEntry[] | undefined {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).map((e) => ({ name: e.name, folder: e.isDirectory() || (e.isSymbolicLink() && (fs.statSync(path.join(dir, e.name), { throwIfNoEntry: false })?.isDirectory() ?? false)) }));
  } catch {
    return undefined;
  }
}

/** Where caches go without a storage folder from the client. */
function storageOf(storagePath: string | undefined): string {
  return storagePath ?? path.join(os.tmpdir(), 'rtlens-cache');
}

/** The language server on Node (VS Code desktop, other editors): the disk, worker threads, the extension's storage. */
export const nodeHost: SessionHost = {
  kind: 'node',
  fileSystem: nodeFileSystem,
  listFolder,
  isFolder: (p) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false,
  exists: (p) => fs.existsSync(p),
  env: process.env,
  cores: os.cpus().length,
  index(workspace, options) {
    const roots = workspace.getOptions().roots;
    const key = roots.join('|').replace(/[^A-Za-z0-9]+/g, '_').slice(-80);
    return indexWorkspace(workspace, {
      exclude: options.exclude,
      cacheFile: path.join(storageOf(options.storagePath), `index-${key}.json`),
      workers: options.workers,
      onProgress: options.onProgress,
      isCancelled: options.isCancelled,
      keepThreadFree: true,
    });
  },
  openSearchRepository: (root, options) =>
    openSearchRepository(root, { name: options.name, packFile: path.join(storageOf(options.storagePath), repositoryCacheName(root)), grammar: options.grammar, exclude: options.exclude, workers: 1, keepThreadFree: true, isCancelled: options.isCancelled }),
  ppa: {
    model: loadPpaModel,
    resolveTarget,
    runner: (workers) => new YosysPool(workers),
    stamp(file) {
      try {
        const stat = fs.statSync(file);
        return `${stat.mtimeMs}:${stat.size}`;
      } catch {
        return 'missing';
      }
    },
    readText(file) {
      try {
        return fs.readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
  },
  recipes: { shipped: loadRecipeKnowledge, user: loadUserKnowledge, remember: rememberRun },
};
