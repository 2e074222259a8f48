import { Requests, type WebYosysAnswer, type WebYosysParams } from '../../protocol';

/**
 * Yosys for VS Code for the Web: the language server (itself in a web worker) asks the client to
 * run it (`Requests.webRunYosys`), and the client runs it in a web worker of its own
 * (server/src/web/yosysWorker.ts, dist/webYosys.js). A web extension cannot start a Worker from
 * its own files (microsoft/vscode#144235), so the script is read through `read` and started
 * from a blob, and the package's wasm and share/ files go to the worker in its first message.
 * The browser twin of YosysPool (server/src/workers/synthesis.ts) with one slot: one run at a
 * time, the others wait; a timeout or a cancel terminates the worker (a WebAssembly Yosys cannot
 * be interrupted any other way) and the next run starts a fresh one from the bytes kept here.
 * Browser-safe: no Node modules, and nothing of 'vscode' at run time (the unit test runs it in Node).
 */

/** A dedicated worker, as the web worker extension host has it (a global there, like Blob and URL). */
interface WorkerLike {
  onmessage: ((event: { data: any }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
  postMessage(message: unknown): void;
  terminate(): void;
}
declare const Worker: new (url: string) => WorkerLike;

/** vscode's and vscode-languageclient's CancellationToken both fit. */
export interface CancellationLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => unknown): { dispose(): unknown };
}

/** The package's files, beside the worker script in dist/yosys (scripts/build.mjs copies them). */
export const YOSYS_ASSETS = ['yosys.core.wasm', 'yosys.core2.wasm', 'yosys.core3.wasm', 'yosys.core4.wasm', 'yosys-resources.0.tar'];

interface Loaded {
  url: string;
  assets: Record<string, ArrayBuffer>;
  /** The core compiled here, never run: only kept alive (see load). */
  core?: unknown;
}

type Wasm = { compile(bytes: ArrayBuffer): Promise<unknown> };

interface Job {
  id: number;
  finish: (answer: WebYosysAnswer) => void;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class WebYosys {
  private loaded?: Promise<Loaded>;
  /** The worker being started or started; undefined after a terminate. */
  private worker?: Promise<WorkerLike>;
  private live?: WorkerLike;
  private job?: Job;
  /** Why Yosys cannot run in this browser at all (its worker said so): every run answers it. */
  private problem?: string;
  private busy = false;
  private readonly waiting: ((go: boolean) => void)[] = [];
  private nextId = 0;
  private disposed = false;

  constructor(
    private readonly read: (rel: string) => PromiseLike<Uint8Array>,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** Never rejects: every outcome is one of the answer's fields. */
  async run(params: WebYosysParams, token?: CancellationLike): Promise<WebYosysAnswer> {
    if (!(await this.acquire(token))) return { cancelled: true };
    try {
      return await this.runNow(params, token);
    } finally {
      this.release();
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const wake of this.waiting.splice(0)) wake(false);
    this.job?.finish({ cancelled: true });
    this.kill();
    void this.loaded?.then((l) => URL.revokeObjectURL(l.url), () => undefined);
    this.loaded = undefined;
  }

  /** True when this run's turn has come; false when it was cancelled while waiting. */
  private acquire(token?: CancellationLike): Promise<boolean> {
    if (this.disposed || token?.isCancellationRequested) return Promise.resolve(false);
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve(true);
    }
    return new Promise<boolean>((resolve) => {
      const wake = (go: boolean) => {
        subscription?.dispose();
        resolve(go);
      };
      const subscription = token?.onCancellationRequested(() => {
        const at = this.waiting.indexOf(wake);
        if (at >= 0) this.waiting.splice(at, 1);
        wake(false);
      });
      this.waiting.push(wake);
    });
  }

  /** The turn passes to the next waiting run, else the slot is free. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next(true);
    else this.busy = false;
  }

  /**
   * The timer runs from this run's turn, loading and starting included, so a stuck read cannot
   * hold the server's request for ever; cancelling or timing out before the job was posted leaves
   * the loaded bytes and the starting worker for the next run.
   */
  private runNow(params: WebYosysParams, token?: CancellationLike): Promise<WebYosysAnswer> {
    return new Promise<WebYosysAnswer>((resolve) => {
      let done = false;
      let posted = false;
      const finish = (answer: WebYosysAnswer) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        subscription?.dispose();
        if (this.job?.finish === finish) this.job = undefined;
        if (posted && !answer.result) this.kill();
        resolve(answer);
      };
      const seconds = Math.round(params.timeoutMs / 1000);
      const timer = setTimeout(() => {
        this.log(`Yosys stopped after ${seconds} s`);
        finish({ timeout: `synthesis took longer than ${seconds} s and was stopped` });
      }, params.timeoutMs);
      const subscription = token?.onCancellationRequested(() => finish({ cancelled: true }));
      this.ready().then(
        (worker) => {
          if (done) return;
          const id = ++this.nextId;
          this.job = { id, finish };
          posted = true;
          worker.postMessage({ id, args: params.args, files: params.files, outputs: params.outputs });
        },
        (error) => finish({ error: messageOf(error) }),
      );
    });
  }

  /** The worker, started (and the files read) on first use and after a terminate. */
  private ready(): Promise<WorkerLike> {
    if (this.disposed) return Promise.reject(new Error('Yosys was stopped'));
    if (this.problem) return Promise.reject(new Error(this.problem));
    if (!this.loaded) {
      const loading = this.load();
      this.loaded = loading;
      // A failed read is tried again by the next run.
      loading.catch(() => {
        if (this.loaded === loading) this.loaded = undefined;
      });
    }
    if (!this.worker) {
      const starting = this.loaded.then((l) => this.spawn(l));
      this.worker = starting;
      starting.catch(() => {
        if (this.worker === starting) this.kill();
      });
    }
    return this.worker;
  }

  private async load(): Promise<Loaded> {
    const started = Date.now();
    let script: Uint8Array;
    let files: Uint8Array[];
    try {
      [script, ...files] = await Promise.all([this.read('dist/webYosys.js'), ...YOSYS_ASSETS.map((name) => this.read(`dist/yosys/${name}`))]);
    } catch (error) {
      throw new Error(`could not read Yosys's files: ${messageOf(error)}`);
    }
    // One copy of each (the core is 67 MB), exactly its bytes: posting clones it for each worker.
    const exact = (b: Uint8Array) => (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? (b.buffer as ArrayBuffer) : b.slice().buffer);
    const assets: Record<string, ArrayBuffer> = {};
    YOSYS_ASSETS.forEach((name, i) => (assets[name] = exact(files[i])));
    const megabytes = files.reduce((sum, b) => sum + b.byteLength, 0) / 1e6;
    this.log(`Yosys files read: ${megabytes.toFixed(0)} MB in ${Date.now() - started} ms`);
    // While a module of the same bytes is alive in the process, V8 hands each new worker its
    // compiled code (lazily compiled functions included) instead of compiling again: a worker
    // started after a timeout or a cancel runs its first job in about 2.5 s instead of 6 s
    // (Chromium, test/e2e/webYosys.mjs). The code is shared, so this costs little memory. An
    // engine that cannot compile it: the worker says why.
    const compiling = Date.now();
    const core = await (globalThis as unknown as { WebAssembly?: Wasm }).WebAssembly?.compile(assets['yosys.core.wasm']).catch(() => undefined);
    if (core) this.log(`Yosys core compiled in ${Date.now() - compiling} ms`);
    return { url: URL.createObjectURL(new Blob([script], { type: 'text/javascript' })), assets, core };
  }

  private spawn(loaded: Loaded): Promise<WorkerLike> {
    // Disposed while the files were being read: no worker to leak.
    if (this.disposed) return Promise.reject(new Error('Yosys was stopped'));
    return new Promise<WorkerLike>((resolve, reject) => {
      const worker = new Worker(loaded.url);
      this.live = worker;
      worker.onmessage = (event) => {
        if (worker !== this.live) return;
        const data = event.data;
        if (data?.type === 'rtlens-yosys-ready') {
          if (typeof data.problem === 'string') {
            this.problem = data.problem;
            this.log(`Yosys cannot run here: ${data.problem}`);
            reject(new Error(data.problem));
          } else resolve(worker);
          return;
        }
        if (this.job && data?.id === this.job.id) this.job.finish({ result: { log: data.log, outputs: data.outputs, code: data.code } });
      };
      worker.onerror = (event) => {
        if (worker !== this.live) return;
        const message = `the Yosys worker failed: ${event?.message || 'it could not start'}`;
        this.log(message);
        reject(new Error(message));
        this.job?.finish({ error: message });
        this.kill();
      };
      worker.postMessage({ type: 'rtlens-yosys-init', assets: loaded.assets });
    });
  }

  private kill(): void {
    this.live?.terminate();
    this.live = undefined;
    this.worker = undefined;
  }
}

/** Serves the server's `rtlens/web/runYosys` requests with `yosys`. */
export function registerWebYosys(client: { onRequest(method: string, handler: (params: any, token: any) => any): unknown }, yosys: WebYosys): void {
  client.onRequest(Requests.webRunYosys, (params: WebYosysParams, token: CancellationLike | undefined) => yosys.run(params, token));
}
