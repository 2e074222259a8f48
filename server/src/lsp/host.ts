import type { FileSystem } from '../base';
import type { Grammar } from '../syntax';
import type { FolderEntry, Workspace } from '../workspace';
import type { KnowledgeBase, RecipeResult } from '../analyses/recipes';
import type { PpaModel, SynthesisRunner, Target } from '../analyses/ppa';
import type { RepositoryPack } from '../analyses/search';
import type { IndexStats } from '../workers/indexer';

/**
 * What the language server needs from where it runs: Node (nodeHost.ts: the disk, worker
 * threads, the extension's storage) or a browser's web worker (web/main.ts: the files the
 * client read through `vscode.workspace.fs`, Yosys in a worker the client runs). The routing
 * (server.ts) and the state (Session and its services) are the same on both.
 */
export interface SessionHost {
  /** 'node' or 'web', for the log and for answers that differ ("not in the browser"). */
  readonly kind: 'node' | 'web';
  readonly fileSystem: FileSystem;
  /** A folder's entries, for the project-file walk; undefined when it cannot be read. */
  listFolder(dir: string): FolderEntry[] | undefined;
  isFolder(path: string): boolean;
  exists(path: string): boolean;
  /** Environment variables project files may name. */
  readonly env: Record<string, string | undefined>;
  /** Threads worth using for indexing (os.cpus() on Node). */
  readonly cores: number;
  /** Finds the HDL files under the workspace's roots and reads them into it. */
  index(workspace: Workspace, options: HostIndexOptions): Promise<IndexStats>;
  /** Opens another folder for search (`rtlens.search.repositories`), or says why it cannot. */
  openSearchRepository(root: string, options: { name: string; storagePath: string | undefined; grammar: Grammar; exclude: string[]; isCancelled: () => boolean }): Promise<{ pack: RepositoryPack; files: number; fromPack: boolean } | undefined>;
  readonly ppa: PpaHost;
  readonly recipes: RecipeHost;
  /** Paths for URIs the host maps itself (the web: a workspace folder's URIs by their path); undefined: the default mapping. */
  pathOf?(uri: string): string | undefined;
  uriOf?(path: string): string | undefined;
}

export interface HostIndexOptions {
  exclude: string[];
  workers: number;
  /** The extension's storage folder (the index cache goes there). */
  storagePath: string | undefined;
  onProgress?: (done: number, total: number, message: string) => void;
  isCancelled?: () => boolean;
}


export interface PpaHost {
  /** The fitted estimator model shipped with the extension. */
  model(): PpaModel;
  /** A target from a name (generic, ice40, ...) or a liberty file; throws with a message the user reads. */
  resolveTarget(name: string, liberty: string | undefined): Target;
  /** Yosys runs, `workers` at a time. */
  runner(workers: number): SynthesisRunner & { dispose(): Promise<void> };
  /** A stamp that changes when the file does ('missing' when it cannot be read). */
  stamp(file: string): string;
  readText(file: string): string | undefined;
}

export interface RecipeHost {
  /** The knowledge base shipped with the extension. */
  shipped(): KnowledgeBase;
  /** The user's own runs, kept in the storage folder. */
  user(storagePath: string | undefined): KnowledgeBase;
  /** A finished run added to the user's base (and written where the host can). */
  remember(storagePath: string | undefined, user: KnowledgeBase, design: string, result: RecipeResult): KnowledgeBase;
}
