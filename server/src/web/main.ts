import { BrowserMessageReader, BrowserMessageWriter, CancellationTokenSource, createConnection, FileChangeType, type Connection } from 'vscode-languageserver/browser';
import { URI } from 'vscode-uri';
import { dirname, globToRegExp, isExcluded, isHdlFile, memoryFileSystem } from '../base';
import { loadGrammar } from '../syntax';
import { parseInThread } from '../workers/parseInThread';
import type { FolderEntry, Workspace } from '../workspace';
import { CancelledError, isFpgaFamily, libertyTarget, type PpaModel, type RunRequest, type RunResult, SynthesisError, type Target, TimeoutError } from '../analyses/ppa';
import { emptyKnowledge, isKnowledgeBase, type KnowledgeBase } from '../analyses/recipes';
import type { SessionHost } from '../lsp/host';
import { startServer } from '../lsp/server';
import { Requests, type WebYosysAnswer, type WebYosysParams } from '../../../protocol';

/**
 * The language server in a web worker, for VS Code for the Web: the same routing and state as
 * on Node (lsp/server.ts, Session), over a host made of what the client sent. The client
 * (client/src/browser.ts) reads the workspace's HDL and project files, the two wasm files, the built-in
 * liberty, the PPA model and the recipe knowledge through `vscode.workspace.fs` and posts them in
 * a first message; then LSP runs over the worker's messages. Yosys runs in a web worker the
 * client starts (a worker here could not load the extension's files); the server asks for each
 * run with `rtlens/web/runYosys`. Changed files come as `rtlens/web/files`.
 */
interface InitMessage {
  type: 'rtlens-init';
  runtimeWasm: ArrayBuffer;
  grammarWasm: ArrayBuffer;
  files: { uri: string; text: string }[];
  liberty: string;
  model: PpaModel;
  recipeKnowledge?: unknown;
}

/** `rtlens/web/files`: files changed, created or deleted in the workspace, with their text. */
interface FilesChanged {
  changed: { uri: string; text: string }[];
  deleted: string[];
}

declare const self: any;

const NOT_HERE = 'in VS Code for the Web yet';

self.onmessage = async (event: { data: InitMessage }) => {
  if (event.data?.type !== 'rtlens-init') return;
  self.onmessage = null;
  const init = event.data;
  const texts = new Map<string, string>();
  const paths = new WebPaths();
  for (const f of init.files) texts.set(paths.pathOf(f.uri)!, f.text);
  const connection = createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self));
  const grammar = () => loadGrammar({ runtimeWasm: 'tree-sitter.wasm', runtimeWasmBinary: new Uint8Array(init.runtimeWasm), grammarWasm: new Uint8Array(init.grammarWasm) });
  const host = webHost(texts, paths, init, connection);
  const server = startServer(connection, { host, grammar });
  connection.onNotification('rtlens/web/files', (p: FilesChanged) => {
    const changes: { uri: string; type: FileChangeType }[] = [];
    for (const f of p?.changed ?? []) {
      const path = paths.pathOf(f.uri)!;
      changes.push({ uri: f.uri, type: texts.has(path) ? FileChangeType.Changed : FileChangeType.Created });
      texts.set(path, f.text);
    }
    for (const uri of p?.deleted ?? []) {
      const path = paths.pathOf(uri)!;
      texts.delete(path);
      changes.push({ uri, type: FileChangeType.Deleted });
    }
    host.filesChanged();
    server.filesChanged(changes);
  });
  self.postMessage({ type: 'rtlens-ready' });
};

/**
 * URIs of the workspace's scheme (vscode-remote:, vscode-vfs:, file:) by their path, so
 * includes and project files resolve as on disk; other schemes (untitled:) are left to Session.
 */
class WebPaths {
  private readonly uris = new Map<string, string>();
  private base: { scheme: string; authority: string } | undefined;

  /** The first URI seen (a workspace file, else the first folder) sets the workspace's scheme. */
  pathOf(uri: string): string | undefined {
    const parsed = URI.parse(uri);
    if (!this.base) this.base = { scheme: parsed.scheme, authority: parsed.authority };
    if (!this.base || parsed.scheme !== this.base.scheme || parsed.authority !== this.base.authority) return undefined;
    this.uris.set(parsed.path, uri);
    return parsed.path;
  }

  uriOf(path: string): string | undefined {
    return this.uris.get(path) ?? (this.base ? URI.from({ scheme: this.base.scheme, authority: this.base.authority, path }).toString() : undefined);
  }
}

function webHost(texts: Map<string, string>, paths: WebPaths, init: InitMessage, connection: Connection): SessionHost & { filesChanged(): void } {
  let folders: Map<string, Map<string, boolean>> | undefined;
  /** Folder -> entries (name -> is a folder), from the files' paths; made again after a change. */
  const folderIndex = () => {
    if (folders) return folders;
    folders = new Map();
    for (const file of texts.keys()) {
      let child = file;
      let isFolder = false;
      for (let dir = dirname(file); ; dir = dirname(dir)) {
        const entries = folders.get(dir) ?? new Map<string, boolean>();
        const known = folders.has(dir);
        entries.set(child.slice(child.lastIndexOf('/') + 1), isFolder);
        folders.set(dir, entries);
        if (known || dir === '/' || dir === '.') break;
        child = dir;
        isFolder = true;
      }
    }
    return folders;
  };
  const knowledge: KnowledgeBase = isKnowledgeBase(init.recipeKnowledge) ? init.recipeKnowledge : emptyKnowledge();
  return {
    kind: 'web',
    fileSystem: memoryFileSystem(texts),
    listFolder: (dir) => {
      const entries = folderIndex().get(dir);
      return entries ? [...entries].map(([name, folder]): FolderEntry => ({ name, folder })) : undefined;
    },
    isFolder: (p) => folderIndex().has(p),
    exists: (p) => texts.has(p) || folderIndex().has(p),
    env: {},
    cores: 1,
    filesChanged: () => {
      folders = undefined;
    },
    index: (workspace, options) => indexInMemory(workspace, texts, options.exclude, options.onProgress, options.isCancelled),
    openSearchRepository: () => Promise.reject(new Error(`other repositories (rtlens.search.repositories) are not searched ${NOT_HERE}`)),
    pathOf: (uri) => paths.pathOf(uri),
    uriOf: (path) => paths.uriOf(path),
    ppa: {
      model: () => init.model,
      resolveTarget: (name, liberty): Target => {
        if (liberty) throw new Error(`a liberty file (rtlens.ppa.liberty) is not read ${NOT_HERE}`);
        if (!name || name === 'generic') return libertyTarget(init.liberty, 'rtlens_generic.lib', true);
        if (isFpgaFamily(name)) return { kind: 'fpga', name };
        throw new Error(`unknown target '${name}' (generic, ice40, ecp5, xilinx, gowin)`);
      },
      runner: () => new ClientYosys(connection),
      // A calibration file (rtlens.ppa.calibrationFile) is not read in the browser yet.
      stamp: () => 'missing',
      readText: () => undefined,
    },
    recipes: {
      shipped: () => knowledge,
      user: () => emptyKnowledge(),
      // The browser has no storage folder here: the user's runs are not kept.
      remember: (_storage, user) => user,
    },
  };
}

/** Yosys in the client's web worker (client/src/webYosys.ts), one request per run; an abort cancels it. */
class ClientYosys {
  private disposed = false;

  constructor(private readonly connection: Connection) {}

  async run(request: RunRequest, signal?: AbortSignal): Promise<RunResult> {
    if (this.disposed) throw new CancelledError('synthesis stopped');
    if (signal?.aborted) throw new CancelledError('cancelled');
    const source = new CancellationTokenSource();
    const onAbort = () => source.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const params: WebYosysParams = { args: request.args, files: request.files, outputs: request.outputs, timeoutMs: request.timeoutMs };
      const answer = await this.connection.sendRequest<WebYosysAnswer>(Requests.webRunYosys, params, source.token).catch((error: unknown) => {
        if (signal?.aborted) throw new CancelledError('cancelled');
        throw new SynthesisError(`Yosys could not run in the browser: ${error instanceof Error ? error.message : String(error)}`);
      });
      if (signal?.aborted || answer?.cancelled) throw new CancelledError('cancelled');
      if (answer?.timeout) throw new TimeoutError(answer.timeout);
      if (!answer?.result) throw new SynthesisError(`Yosys could not run in the browser: ${answer?.error ?? 'no answer'}`);
      return answer.result;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      source.dispose();
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }
}

/**
 * The workspace's files, all in memory already: parsed here in slices of about 30 ms, so
 * requests are answered between them, with progress and cancellation as on Node.
 */
async function indexInMemory(workspace: Workspace, texts: Map<string, string>, exclude: string[], onProgress?: (done: number, total: number, message: string) => void, isCancelled?: () => boolean) {
  const started = performance.now();
  const roots = workspace.getOptions().roots;
  const patterns = exclude.map(globToRegExp);
  const inRoots = (p: string) => roots.length === 0 || roots.some((r) => p === r || p.startsWith(r.endsWith('/') ? r : `${r}/`));
  const all = [...texts.keys()].filter((p) => isHdlFile(p) && inRoots(p) && !isExcluded(p, roots, patterns)).sort();
  workspace.addKnownPaths(all);
  for (const { path } of workspace.summaries()) if (!workspace.entry(path)?.open && (isExcluded(path, roots, patterns) || !texts.has(path))) workspace.remove(path);
  // Open files are the editor's: their text is not the file system's.
  const parsed = await parseInThread(workspace, all.filter((p) => !workspace.entry(p)?.open), (p) => texts.get(p), {
    sliceMs: 30,
    isCancelled,
    onProgress: (done) => onProgress?.(done, all.length, `${done}/${all.length} files`),
  });
  let lines = 0;
  for (const { summary } of workspace.summaries()) lines += summary.lineCount;
  return { files: all.length, fromCache: 0, parsed, lines, ms: Math.round(performance.now() - started), workers: 0 };
}
