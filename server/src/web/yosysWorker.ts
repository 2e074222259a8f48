import type { Tree } from '@yowasp/yosys';

/**
 * Yosys (@yowasp/yosys, WebAssembly) in a web worker, for VS Code for the Web: the browser twin
 * of workers/synthWorker.ts. The client (client/src/webYosys.ts) starts it from a blob, since a
 * web extension cannot start a Worker from its own files (microsoft/vscode#144235), and posts
 * the package's five files in a first message; the package then fetches them from here, not
 * from the network. Jobs and answers are those of synthWorker.ts. The module is compiled on the
 * first job and reused; the client terminates the worker to cancel a run or end one that takes
 * too long, and starts a fresh one.
 *
 * Built as an iife (scripts/build.mjs) with `import.meta.url` defined as ASSET_BASE (the same
 * string there): the package finds its files at `new URL('./yosys.core.wasm', import.meta.url)`.
 */
const ASSET_BASE = 'https://rtlens-yosys.invalid/yosys/bundle.js';
const ASSET_NAMES = ['yosys.core.wasm', 'yosys.core2.wasm', 'yosys.core3.wasm', 'yosys.core4.wasm', 'yosys-resources.0.tar'];

interface InitMessage {
  type: 'rtlens-yosys-init';
  assets: Record<string, ArrayBuffer>;
}

interface Job {
  id: number;
  args: string[];
  files: Record<string, string>;
  outputs: string[];
}

type RunYosys = (
  args: string[],
  files: Tree,
  options: { stdout: (b: Uint8Array | null) => void; stderr: (b: Uint8Array | null) => void; decodeASCII?: boolean; fetchProgress?: () => void },
) => Promise<Tree>;

declare const self: { onmessage: ((event: { data: InitMessage | Job }) => void) | null; postMessage(message: unknown): void };

/** The same 16-byte probe as workers/engine.ts (WebAssembly GC and exception references). */
const PROBE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x00, 0x02, 0x72, 0x69]);

function engineProblem(): string | undefined {
  let ok = false;
  try {
    ok = (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly.validate(PROBE);
  } catch {
    ok = false;
  }
  return ok ? undefined : 'exact synthesis (Yosys + ABC in WebAssembly) needs WebAssembly GC and exception references, which this browser lacks';
}

/**
 * The package takes `globalThis.fetch` when it is evaluated, so this goes in first (below, before
 * any message; the dynamic import comes later). It answers the package's own files from the posted bytes and nothing else: Yosys
 * in the browser reads no network. Each file is served once (the package keeps what it compiled
 * and unpacked), so the worker does not hold a second copy of the 67 MB core.
 */
function installFetch(assets: Map<string, ArrayBuffer>): void {
  const folder = new URL('./', ASSET_BASE).href;
  (globalThis as { fetch: unknown }).fetch = async (input: unknown) => {
    const url = input instanceof URL ? input.href : typeof input === 'string' ? input : String((input as { url?: string })?.url);
    const bytes = url.startsWith(folder) ? assets.get(url.slice(folder.length)) : undefined;
    if (bytes === undefined) throw new TypeError(`RTLens Yosys worker: fetch refused: ${url}`);
    assets.delete(url.slice(folder.length));
    const type = url.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream';
    return new Response(bytes, { headers: { 'content-type': type } });
  };
}

/** Filled by the first message; until then every fetch is refused. */
const assets = new Map<string, ArrayBuffer>();
installFetch(assets);

let yosys: Promise<RunYosys> | undefined;

function load(): Promise<RunYosys> {
  // esbuild keeps this module lazy inside the iife: evaluated here, after installFetch.
  yosys ??= import('@yowasp/yosys').then((m) => m.runYosys as unknown as RunYosys);
  return yosys;
}

function text(value: Tree | string | Uint8Array | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  return undefined;
}

/** 'a/b/c.v' keys as the nested directories the virtual file system wants (as synthWorker.ts). */
function tree(files: Record<string, string>): Tree {
  const root: Tree = {};
  for (const [name, content] of Object.entries(files)) {
    const parts = name.split('/').filter((p) => p !== '' && p !== '.');
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      const next = dir[part];
      dir = (next && typeof next === 'object' && !(next instanceof Uint8Array) ? next : (dir[part] = {})) as Tree;
    }
    dir[parts[parts.length - 1]] = content;
  }
  return root;
}

async function run(job: Job): Promise<{ id: number; log: string; outputs: Record<string, string | undefined>; code: number }> {
  const decoder = new TextDecoder();
  let log = '';
  const sink = (bytes: Uint8Array | null) => {
    if (bytes) log += decoder.decode(bytes, { stream: true });
  };
  let files: Tree | undefined;
  let code = 0;
  try {
    const runYosys = await load();
    // fetchProgress: the package would otherwise log its loading progress on the console.
    files = await runYosys(job.args, tree(job.files), { stdout: sink, stderr: sink, decodeASCII: false, fetchProgress: () => undefined });
  } catch (error) {
    // Yosys exiting non-zero throws an Exit carrying its code and the files it left.
    const exit = error as { code?: number; files?: Tree; message?: string };
    code = typeof exit.code === 'number' ? exit.code : 1;
    files = exit.files;
    if (exit.code === undefined) log += `\nERROR: ${exit.message ?? String(error)}\n`;
  }
  log += decoder.decode();
  // This Yosys colours its log (slang's diagnostics, ERROR:); the readers want plain text.
  log = log.replace(/\x1b\[[0-9;]*m/g, '');
  const outputs: Record<string, string | undefined> = {};
  for (const name of job.outputs) outputs[name] = text(files?.[name]);
  return { id: job.id, log, outputs, code };
}

let initialised = false;
// Jobs one after another even if the client posts several: Yosys's module state is not reentrant.
let queue: Promise<unknown> = Promise.resolve();

self.onmessage = (event) => {
  const data = event.data;
  if ((data as InitMessage)?.type === 'rtlens-yosys-init') {
    if (initialised) return;
    initialised = true;
    for (const name of ASSET_NAMES) {
      const bytes = (data as InitMessage).assets?.[name];
      if (bytes) assets.set(name, bytes);
    }
    const missing = ASSET_NAMES.filter((n) => !assets.has(n));
    const problem = engineProblem() ?? (missing.length > 0 ? `the Yosys files ${missing.join(', ')} were not given to its worker` : undefined);
    self.postMessage({ type: 'rtlens-yosys-ready', problem });
    return;
  }
  const job = data as Job;
  if (typeof job?.id !== 'number') return;
  queue = queue.then(() => run(job)).then((answer) => self.postMessage(answer));
};
