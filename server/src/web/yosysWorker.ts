import { canRunShippedYosys } from '../workers/engine';
import { type RunYosys, runYosysJob, type YosysJob } from '../workers/yosysJob';

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

declare const self: { onmessage: ((event: { data: InitMessage | YosysJob }) => void) | null; postMessage(message: unknown): void };

function engineProblem(): string | undefined {
  return canRunShippedYosys() ? undefined : 'exact synthesis (Yosys + ABC in WebAssembly) needs WebAssembly GC and exception references, which this browser lacks';
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
  const job = data as YosysJob;
  if (typeof job?.id !== 'number') return;
  queue = queue.then(() => runYosysJob(load, job)).then((answer) => self.postMessage(answer));
};
