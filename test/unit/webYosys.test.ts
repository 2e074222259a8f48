import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registerWebYosys, WebYosys, YOSYS_ASSETS } from '../../client/src/webYosys';
import { Requests, type WebYosysParams } from '../../protocol';

/**
 * client/src/webYosys.ts with a fake Worker global: what it posts, when it terminates, what it
 * answers. The real worker in a real browser: test/e2e/webYosys.mjs.
 */
class FakeWorker {
  static all: FakeWorker[] = [];
  /** What the next worker says when started: undefined, or why Yosys cannot run. */
  static problem: string | undefined;
  onmessage: ((event: { data: any }) => void) | null = null;
  onerror: ((event: { message?: string }) => void) | null = null;
  readonly posted: any[] = [];
  terminated = false;
  constructor(readonly url: string) {
    FakeWorker.all.push(this);
  }
  postMessage(message: any): void {
    this.posted.push(message);
    if (message.type === 'rtlens-yosys-init') setImmediate(() => this.onmessage?.({ data: { type: 'rtlens-yosys-ready', problem: FakeWorker.problem } }));
  }
  terminate(): void {
    this.terminated = true;
  }
  get jobs(): any[] {
    return this.posted.filter((m) => typeof m.id === 'number');
  }
  answer(job: { id: number }, code = 0): void {
    this.onmessage?.({ data: { id: job.id, log: `log of ${job.id}`, outputs: { 'out.txt': 'x' }, code } });
  }
}
(globalThis as unknown as { Worker: unknown }).Worker = FakeWorker;

function fixture() {
  FakeWorker.all = [];
  FakeWorker.problem = undefined;
  const reads: string[] = [];
  const yosys = new WebYosys(async (rel) => {
    reads.push(rel);
    return new TextEncoder().encode(rel === 'dist/webYosys.js' ? '/* worker */' : `bytes of ${rel}`);
  });
  return { yosys, reads };
}

const params = (timeoutMs = 60_000): WebYosysParams => ({ args: ['-p', 'stat'], files: { 'top.v': 'module top; endmodule' }, outputs: ['out.txt'], timeoutMs });

function token() {
  const listeners: (() => unknown)[] = [];
  const t = {
    isCancellationRequested: false,
    onCancellationRequested: (l: () => unknown) => {
      listeners.push(l);
      return { dispose: () => listeners.splice(listeners.indexOf(l) >>> 0, 1) };
    },
    cancel: () => {
      t.isCancellationRequested = true;
      for (const l of [...listeners]) l();
    },
  };
  return t;
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((r) => setImmediate(r));
  assert.ok(condition(), 'condition reached');
}

test('web Yosys reads its files once, starts one worker, and runs one job at a time', async () => {
  const { yosys, reads } = fixture();
  const a = yosys.run(params());
  const b = yosys.run(params());
  await until(() => FakeWorker.all[0]?.jobs.length === 1);
  const worker = FakeWorker.all[0];
  assert.deepEqual(reads.sort(), ['dist/webYosys.js', ...YOSYS_ASSETS.map((n) => `dist/yosys/${n}`)].sort());
  const init = worker.posted[0];
  assert.equal(init.type, 'rtlens-yosys-init');
  assert.deepEqual(Object.keys(init.assets).sort(), [...YOSYS_ASSETS].sort());
  assert.ok(Object.values(init.assets).every((v) => v instanceof ArrayBuffer));
  assert.match(worker.url, /^blob:/);
  assert.deepEqual(worker.jobs[0], { id: worker.jobs[0].id, args: ['-p', 'stat'], files: { 'top.v': 'module top; endmodule' }, outputs: ['out.txt'] });
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(worker.jobs.length, 1, 'the second run waits for the first');
  worker.answer(worker.jobs[0]);
  assert.deepEqual(await a, { result: { log: `log of ${worker.jobs[0].id}`, outputs: { 'out.txt': 'x' }, code: 0 } });
  await until(() => worker.jobs.length === 2);
  worker.answer(worker.jobs[1], 1);
  assert.equal((await b).result?.code, 1, 'a non-zero exit is a result');
  assert.equal(FakeWorker.all.length, 1, 'one worker for both');
  assert.equal(worker.terminated, false);
  yosys.dispose();
  assert.equal(worker.terminated, true);
  assert.deepEqual(await yosys.run(params()), { cancelled: true }, 'nothing runs after dispose');
});

test('a timeout terminates the worker and the next run starts a fresh one from the kept bytes', async () => {
  const { yosys, reads } = fixture();
  const answer = await yosys.run(params(600));
  // The fake never answers a job: the timer ends it.
  assert.deepEqual(answer, { timeout: 'synthesis took longer than 1 s and was stopped' });
  assert.equal(FakeWorker.all[0].terminated, true);
  const next = yosys.run(params());
  await until(() => FakeWorker.all[1]?.jobs.length === 1);
  assert.equal(reads.length, 6, 'the files were not read again');
  assert.equal(FakeWorker.all[1].posted[0].type, 'rtlens-yosys-init');
  FakeWorker.all[1].answer(FakeWorker.all[1].jobs[0]);
  assert.equal((await next).result?.code, 0);
  yosys.dispose();
});

test('cancelling a running job terminates the worker; cancelling a waiting one does not', async () => {
  const { yosys } = fixture();
  const running = token();
  const waiting = token();
  const a = yosys.run(params(), running);
  const b = yosys.run(params(), waiting);
  const c = yosys.run(params());
  await until(() => FakeWorker.all[0]?.jobs.length === 1);
  const first = FakeWorker.all[0];
  waiting.cancel();
  assert.deepEqual(await b, { cancelled: true });
  assert.equal(first.terminated, false, 'the running job goes on');
  running.cancel();
  assert.deepEqual(await a, { cancelled: true });
  assert.equal(first.terminated, true);
  // The third run: a fresh worker; a late answer of the terminated one is ignored.
  await until(() => FakeWorker.all[1]?.jobs.length === 1);
  first.answer(first.jobs[0]);
  FakeWorker.all[1].answer(FakeWorker.all[1].jobs[0]);
  assert.equal((await c).result?.log, `log of ${FakeWorker.all[1].jobs[0].id}`);
  assert.deepEqual(await yosys.run(params(), { ...token(), isCancellationRequested: true }), { cancelled: true }, 'cancelled before it began');
  yosys.dispose();
});

test('a worker error answers an error and the next run respawns; a problem of the browser is kept', async () => {
  const { yosys } = fixture();
  const a = yosys.run(params());
  await until(() => FakeWorker.all[0]?.jobs.length === 1);
  FakeWorker.all[0].onerror?.({ message: 'out of memory' });
  assert.deepEqual(await a, { error: 'the Yosys worker failed: out of memory' });
  assert.equal(FakeWorker.all[0].terminated, true);
  FakeWorker.problem = 'needs WebAssembly GC';
  assert.deepEqual(await yosys.run(params()), { error: 'needs WebAssembly GC' });
  assert.equal(FakeWorker.all.length, 2);
  assert.equal(FakeWorker.all[1].terminated, true);
  assert.deepEqual(await yosys.run(params()), { error: 'needs WebAssembly GC' });
  assert.equal(FakeWorker.all.length, 2, 'no worker started for a browser that cannot run Yosys');
  yosys.dispose();
});

test('unreadable files answer an error, and the next run reads again', async () => {
  FakeWorker.all = [];
  FakeWorker.problem = undefined;
  let fail = true;
  const yosys = new WebYosys(async (rel) => {
    if (fail) throw new Error(`${rel} not found`);
    return new Uint8Array(4);
  });
  const answer = await yosys.run(params());
  assert.match(answer.error ?? '', /^could not read Yosys's files: dist\/\S+ not found$/);
  assert.equal(FakeWorker.all.length, 0);
  fail = false;
  const next = yosys.run(params());
  await until(() => FakeWorker.all[0]?.jobs.length === 1);
  FakeWorker.all[0].answer(FakeWorker.all[0].jobs[0]);
  assert.equal((await next).result?.code, 0);
  yosys.dispose();
});

test('registerWebYosys serves rtlens/web/runYosys', async () => {
  const { yosys } = fixture();
  const handlers = new Map<string, (params: any, token: any) => any>();
  registerWebYosys({ onRequest: (method, handler) => handlers.set(method, handler) }, yosys);
  assert.deepEqual([...handlers.keys()], [Requests.webRunYosys]);
  const t = token();
  const answer = handlers.get(Requests.webRunYosys)!(params(), t);
  await until(() => FakeWorker.all[0]?.jobs.length === 1);
  t.cancel();
  assert.deepEqual(await answer, { cancelled: true });
  yosys.dispose();
});
