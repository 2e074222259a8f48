// Yosys in a browser web worker, as VS Code for the Web runs it: dist/webYosys.js
// (server/src/web/yosysWorker.ts) driven by client/src/webYosys.ts (bundled here for the page),
// in headless Debian Chromium with playwright-core. Nothing is served over the network: the page
// and the files live at a made-up https origin answered by page.route from dist/.
//
// Checks: the desktop kind of script (read_slang, synth, dfflibmap, abc -liberty, stat) succeeds
// and reports cells; a syntax error gives code != 0 with the error in a plain (uncoloured) log;
// queued runs go one at a time and a waiting run can be cancelled; a timeout and a cancel stop the
// worker and the next run starts a fresh one; the worker refuses any fetch but its own files,
// each once. Prints the timings. Needs `npm run build` first.
//
//   node test/e2e/webYosys.mjs   (env: CHROMIUM, TEST_TIMEOUT_MS default 300000, VERBOSE=1,
//                                 WEB_YOSYS_JS: another build of the worker, e.g. a minified one)
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { launchBrowser, root, stepTimer, watchdog } from './codeServer.mjs';

const ORIGIN = 'https://rtlens-yosys-test.invalid';
const dist = path.join(root, 'dist');
const workerJs = process.env.WEB_YOSYS_JS || path.join(dist, 'webYosys.js');
const ASSETS = ['yosys.core.wasm', 'yosys.core2.wasm', 'yosys.core3.wasm', 'yosys.core4.wasm', 'yosys-resources.0.tar'];
for (const f of ['data/rtlens_generic.lib', ...ASSETS.map((a) => `yosys/${a}`)]) {
  if (!existsSync(path.join(dist, f))) {
    console.error(`dist/${f} is missing: run npm run build first`);
    process.exit(1);
  }
}
if (!existsSync(workerJs)) {
  console.error(`${workerJs} is missing: run npm run build first`);
  process.exit(1);
}

const { mark, timings } = stepTimer();
let browser;
const timer = watchdog(Number(process.env.TEST_TIMEOUT_MS || 300_000), async () => browser?.close());

// client/src/webYosys.ts for the page, as window.RTLensWebYosys.
const client = await esbuild.build({ entryPoints: [path.join(root, 'client/src/webYosys.ts')], bundle: true, write: false, format: 'iife', globalName: 'RTLensWebYosys', platform: 'browser', target: 'es2022', logLevel: 'warning' });
const clientJs = client.outputFiles[0].text;

// The worker script with a probe appended: lets the test call the worker's fetch after init.
const PROBE = `
self.addEventListener('message', (e) => {
  if (e.data?.type !== 'probe-fetch') return;
  fetch(e.data.url).then(
    (r) => r.arrayBuffer().then((b) => self.postMessage({ type: 'probe', url: e.data.url, ok: true, bytes: b.byteLength, contentType: r.headers.get('content-type') })),
    (err) => self.postMessage({ type: 'probe', url: e.data.url, ok: false, message: String(err) }),
  );
});`;

const LIBERTY = readFileSync(path.join(dist, 'data/rtlens_generic.lib'), 'utf8');
const TOP = `module top(input clk, input rst, input [7:0] a, b, output reg [8:0] sum);
  always @(posedge clk) if (rst) sum <= 0; else sum <= a + b;
endmodule
`;
// As server/src/analyses/ppa/script.ts writes it for a cell library.
const ABC = 'strash;&get,-n;&fraig,-x;&put;scorr;dc2;dretime;strash;&get,-n;&dch,-f;&nf;&put;topo;stime,-p;print_stats';
const goodJob = {
  args: ['-p', `read_slang --threads 1 --single-unit --ignore-timing --allow-use-before-declare --top top -DSYNTHESIS rtl/top.v; hierarchy -top top; synth -flatten -top top; dfflibmap -liberty rtlens_cells.lib; abc -liberty rtlens_cells.lib -script +${ABC}; opt_clean; tee -q -o rtlens_stat.json stat -json -liberty rtlens_cells.lib; stat`],
  files: { 'rtl/top.v': TOP, 'rtlens_cells.lib': LIBERTY },
  outputs: ['rtlens_stat.json', 'missing.txt'],
  timeoutMs: 120_000,
};
const badJob = {
  args: ['-p', 'read_slang --threads 1 --top bad bad.sv; synth -top bad'],
  files: { 'bad.sv': 'module bad(input a; output b);\n  assign b = a\nendmodule\n' },
  outputs: [],
  timeoutMs: 60_000,
};
// Long enough to outlast the timeout and the cancel below: a 64 x 64 multiplier through ABC.
const heavyJob = (timeoutMs) => ({
  args: ['-p', 'read_verilog heavy.v; synth -top heavy; abc -liberty rtlens_cells.lib; stat'],
  files: { 'heavy.v': 'module heavy(input [63:0] a, b, output [127:0] p);\n  assign p = a * b;\nendmodule\n', 'rtlens_cells.lib': LIBERTY },
  outputs: [],
  timeoutMs,
});

function assertGood(answer, label) {
  assert.ok(answer.result, `${label}: a result (${JSON.stringify(answer).slice(0, 300)})`);
  const { log, outputs, code } = answer.result;
  assert.equal(code, 0, `${label}: exit code 0; log tail:\n${log.slice(-2000)}`);
  assert.match(log, /End of script/, `${label}: Yosys ran to the end`);
  assert.match(log, /ABC: /, `${label}: ABC ran`);
  assert.doesNotMatch(log, /\x1b\[/, `${label}: no ANSI colours`);
  const stat = JSON.parse(outputs['rtlens_stat.json']);
  const cells = stat.design?.num_cells ?? Object.values(stat.modules ?? {})[0]?.num_cells;
  assert.ok(cells > 0, `${label}: stat counts cells (${JSON.stringify(stat).slice(0, 300)})`);
  assert.ok(stat.design?.area > 0, `${label}: stat has an area on the liberty`);
  // The last stat of the log (synth prints one of its own before mapping).
  assert.equal(Number([...log.matchAll(/^ +(\d+) cells$/gm)].at(-1)?.[1]), cells, `${label}: the log's stat shows the same cells`);
  assert.equal(outputs['missing.txt'], undefined, `${label}: an output Yosys did not write is undefined`);
  return { cells, area: stat.design.area };
}

let exitCode = 0;
try {
  browser = await launchBrowser();
  const page = await browser.newPage();
  const served = [];
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    served.push(url.href);
    if (url.origin !== ORIGIN) return route.abort();
    if (url.pathname === '/') return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>webYosys</title>' });
    if (url.pathname === '/client.js') return route.fulfill({ contentType: 'text/javascript', body: clientJs });
    const rel = url.pathname.slice(1);
    if (rel === 'dist/webYosys.js') return route.fulfill({ contentType: 'text/javascript', body: readFileSync(workerJs, 'utf8') + PROBE });
    const file = path.join(root, rel);
    if (rel.startsWith('dist/yosys/') && existsSync(file)) return route.fulfill({ contentType: 'application/octet-stream', body: readFileSync(file) });
    return route.fulfill({ status: 404, body: 'not found' });
  });
  const logs = [];
  page.on('console', (m) => {
    logs.push(m.text());
    if (process.env.VERBOSE) console.log(`  [page] ${m.text()}`);
  });
  page.on('pageerror', (e) => console.error(`  [page error] ${e.message}`));
  await page.goto(`${ORIGIN}/`);
  await page.addScriptTag({ url: `${ORIGIN}/client.js` });
  const engine = await page.evaluate(() => WebAssembly.validate(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x00, 0x02, 0x72, 0x69])));
  assert.ok(engine, 'this Chromium has WebAssembly GC and exception references');
  mark('page', `${(await browser.version())}, client bundle ${clientJs.length} bytes`);

  // The page's side: a WebYosys that reads from the origin, runs and cancel tokens.
  await page.evaluate(() => {
    const read = (rel) => fetch(`/${rel}`).then((r) => {
      if (!r.ok) throw new Error(`${rel}: ${r.status}`);
      return r.arrayBuffer();
    }).then((b) => new Uint8Array(b));
    window.yosys = new window.RTLensWebYosys.WebYosys(read, (line) => console.log(`[webYosys] ${line}`));
    window.tokens = {};
    window.token = (name) => {
      const listeners = [];
      const t = { isCancellationRequested: false, onCancellationRequested: (l) => (listeners.push(l), { dispose: () => listeners.splice(listeners.indexOf(l) >>> 0, 1) }), cancel: () => { t.isCancellationRequested = true; for (const l of [...listeners]) l(); } };
      window.tokens[name] = t;
      return t;
    };
    window.timed = async (job, token) => {
      const t0 = performance.now();
      const answer = await window.yosys.run(job, token);
      return { answer, ms: Math.round(performance.now() - t0), at: performance.now() };
    };
  });

  // 1. First run: the files are read, the worker starts, Yosys compiles and runs.
  const first = await page.evaluate((job) => window.timed(job), goodJob);
  const firstFigures = assertGood(first.answer, 'first run');
  const loading = logs.filter((l) => l.startsWith('[webYosys] Yosys files read') || l.startsWith('[webYosys] Yosys core compiled')).map((l) => l.replace('[webYosys] ', ''));
  mark('first run', `${first.ms} ms (${loading.join(', ')}; ${firstFigures.cells} cells, area ${firstFigures.area})`);

  // 2. Second run: the same worker, compiled already.
  const second = await page.evaluate((job) => window.timed(job), goodJob);
  assert.deepEqual(assertGood(second.answer, 'second run'), firstFigures, 'the same figures again');
  mark('second run', `${second.ms} ms`);

  // 3. A syntax error: Yosys exits non-zero, the error in the log, without colours.
  const bad = await page.evaluate((job) => window.timed(job), badJob);
  assert.ok(bad.answer.result, JSON.stringify(bad.answer).slice(0, 300));
  assert.notEqual(bad.answer.result.code, 0, 'a syntax error exits non-zero');
  assert.match(bad.answer.result.log, /bad\.sv:\d+:\d+: error: /, 'slang reports where');
  assert.match(bad.answer.result.log, /ERROR: /, 'Yosys says ERROR');
  assert.doesNotMatch(bad.answer.result.log, /\x1b\[/, 'no ANSI colours');
  const errorLine = bad.answer.result.log.split('\n').find((l) => l.includes('error: '));
  mark('syntax error', `code ${bad.answer.result.code} in ${bad.ms} ms: ${errorLine}`);

  // 4. One run at a time: B waits for A, C is cancelled while waiting and answers at once.
  const queued = await page.evaluate(async (job) => {
    const a = window.timed(job);
    const b = window.timed(job);
    const c = window.timed(job, window.token('c'));
    await new Promise((r) => setTimeout(r, 50));
    window.tokens.c.cancel();
    const cDone = await c;
    const [aDone, bDone] = await Promise.all([a, b]);
    return { a: aDone, b: bDone, c: cDone };
  }, goodJob);
  assertGood(queued.a.answer, 'queued A');
  assertGood(queued.b.answer, 'queued B');
  assert.deepEqual(queued.c.answer, { cancelled: true }, 'the cancelled waiting run');
  assert.ok(queued.c.at < queued.a.at, 'the cancelled waiting run answered before the running one ended');
  assert.ok(queued.b.at > queued.a.at, 'B ended after A');
  mark('queue', `A ${queued.a.ms} ms, B ${queued.b.ms} ms, C cancelled after ${queued.c.ms} ms`);

  // 5. A timeout stops the worker; the next run starts a fresh one (and compiles again).
  const timedOut = await page.evaluate((job) => window.timed(job), heavyJob(1000));
  assert.deepEqual(timedOut.answer, { timeout: 'synthesis took longer than 1 s and was stopped' });
  assert.ok(timedOut.ms < 3000, `the timeout answered on time (${timedOut.ms} ms)`);
  const respawned = await page.evaluate((job) => window.timed(job), goodJob);
  assertGood(respawned.answer, 'run after a timeout');
  mark('timeout', `answered after ${timedOut.ms} ms; the next run, in a fresh worker: ${respawned.ms} ms`);

  // 6. A cancel during a run stops the worker as well; the next run works.
  const cancelled = await page.evaluate(async (job) => {
    const run = window.timed(job, window.token('heavy'));
    setTimeout(() => window.tokens.heavy.cancel(), 500);
    return run;
  }, heavyJob(120_000));
  assert.deepEqual(cancelled.answer, { cancelled: true });
  assert.ok(cancelled.ms < 2500, `the cancel answered at once (${cancelled.ms} ms)`);
  const afterCancel = await page.evaluate((job) => window.timed(job), goodJob);
  assertGood(afterCancel.answer, 'run after a cancel');
  mark('cancel', `answered after ${cancelled.ms} ms; the next run: ${afterCancel.ms} ms`);

  // 7. The worker's fetch: its own files once each, nothing else. A worker of its own, given
  //    one small file: it says the others are missing, and WebYosys would answer that as an error.
  const probe = await page.evaluate(async () => {
    const script = await fetch('/dist/webYosys.js').then((r) => r.text());
    const core4 = await fetch('/dist/yosys/yosys.core4.wasm').then((r) => r.arrayBuffer());
    const worker = new Worker(URL.createObjectURL(new Blob([script], { type: 'text/javascript' })));
    const messages = [];
    const next = () => new Promise((resolve) => (worker.onmessage = (e) => (messages.push(e.data), resolve(e.data))));
    let reply = next();
    worker.postMessage({ type: 'rtlens-yosys-init', assets: { 'yosys.core4.wasm': core4 } });
    const ready = await reply;
    const ask = async (url) => {
      reply = next();
      worker.postMessage({ type: 'probe-fetch', url });
      return reply;
    };
    const own = await ask('https://rtlens-yosys.invalid/yosys/yosys.core4.wasm');
    const again = await ask('https://rtlens-yosys.invalid/yosys/yosys.core4.wasm');
    const other = await ask(`${location.origin}/dist/yosys/yosys.core2.wasm`);
    const far = await ask('https://example.com/');
    worker.terminate();
    return { ready, own, again, other, far };
  });
  assert.equal(probe.ready.type, 'rtlens-yosys-ready');
  assert.match(probe.ready.problem ?? '', /yosys\.core\.wasm, yosys\.core2\.wasm, yosys\.core3\.wasm, yosys-resources\.0\.tar were not given/);
  assert.equal(probe.own.ok, true, 'its own file is served');
  assert.equal(probe.own.bytes, 630);
  assert.equal(probe.own.contentType, 'application/wasm');
  for (const refused of [probe.again, probe.other, probe.far]) {
    assert.equal(refused.ok, false, `refused: ${refused.url}`);
    assert.match(refused.message, /fetch refused/);
  }
  assert.ok(!served.some((u) => u.includes('example.com') || u.includes('rtlens-yosys.invalid')), 'no refused fetch reached the network');
  mark('fetch', `refused: ${probe.far.message}`);

  // 8. Disposed: waiting and later runs answer cancelled, the worker is gone.
  const disposed = await page.evaluate(async (job) => {
    window.yosys.dispose();
    return window.timed(job);
  }, goodJob);
  assert.deepEqual(disposed.answer, { cancelled: true });
  mark('dispose');

  console.log(`webYosys: ${JSON.stringify(timings)}`);
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  clearTimeout(timer);
  await browser?.close().catch(() => {});
}
process.exit(exitCode);
