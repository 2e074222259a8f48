// Checks `npm start` (scripts/start.sh): starts it on a free port, waits for the URL it prints,
// loads that URL in headless Chromium, waits for the "RTLens: N files" status bar item, saves
// test-results/e2e-start.png, then stops it with SIGINT (as Ctrl-C would) and checks that the
// VS Code server is gone. Exits non-zero on failure, 124 on timeout.
//
// Env: TEST_TIMEOUT_MS (watchdog, default 240000; start.sh may run npm ci and the setup first).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { launchBrowser, root, watchdog } from './codeServer.mjs';

const OUT = path.join(root, 'test-results');
mkdirSync(OUT, { recursive: true });
const t0 = performance.now();
const since = () => `${Math.round(performance.now() - t0)} ms`;

const freePort = () => new Promise((resolve, reject) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); }).on('error', reject);
});
const listening = (port) => new Promise((resolve) => {
  const socket = net.connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); }).on('error', () => resolve(false));
});

const port = await freePort();
// Its own process group, so that a failure here can end start.sh and whatever it runs.
const start = spawn('bash', [path.join(root, 'scripts/start.sh')], { cwd: root, env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
let output = '';
start.stdout.on('data', (d) => { output += d; if (process.env.VERBOSE) process.stdout.write(d); });
start.stderr.on('data', (d) => { output += d; if (process.env.VERBOSE) process.stderr.write(d); });
let browser, page;
// Ends start.sh as Ctrl-C would (its node then stops the VS Code server's own process group), and
// only if that does not work within 5 s, kills what is left of start.sh's group.
const killAll = async () => {
  if (start.exitCode === null && start.signalCode === null) {
    const exited = new Promise((resolve) => start.once('exit', resolve));
    try { process.kill(start.pid, 'SIGINT'); } catch { /* gone */ }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  }
  try { process.kill(-start.pid, 'SIGKILL'); } catch { /* gone */ }
};
const timer = watchdog(Number(process.env.TEST_TIMEOUT_MS || 240_000), async () => {
  console.error(output.slice(-3000));
  await browser?.close().catch(() => {});
  await killAll();
});

let exitCode = 0;
try {
  const url = await new Promise((resolve, reject) => {
    const check = () => {
      const m = /^\s+(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)$/m.exec(output);
      if (m) resolve(m[1]);
    };
    start.stdout.on('data', check);
    start.on('exit', (code) => reject(new Error(`scripts/start.sh exited with ${code} before printing a URL:\n${output.slice(-3000)}`)));
  });
  assert.ok(url.startsWith(`http://127.0.0.1:${port}/`), url);
  console.log(`ok start.sh printed the URL after ${since()}`);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  await page.goto(url);
  const status = page.locator('.statusbar-item', { hasText: /RTLens: \d+ files/ });
  await status.waitFor({ timeout: 60_000 });
  const text = (await status.innerText()).trim();
  assert.match(text, /RTLens: 5 files/);
  console.log(`ok status bar ${JSON.stringify(text)} after ${since()}`);
  // start.sh opens rtl/top.v of the sample, and the server answers for it: its outline is in the breadcrumbs.
  await page.locator('.tab.active', { hasText: 'top.v' }).waitFor({ timeout: 30_000 });
  await page.locator('.editor-instance .view-lines', { hasText: 'module top' }).waitFor();
  await page.locator('.editor-instance .view-line', { hasText: /^module\s+top/ }).click();
  const crumbs = page.locator('.breadcrumbs-control').first().locator('.monaco-breadcrumb-item');
  let texts = [];
  for (let i = 0; i < 75 && !texts.includes('top'); i++) {
    texts = (await crumbs.allInnerTexts()).map((t) => t.trim());
    if (!texts.includes('top')) await page.waitForTimeout(200);
  }
  assert.ok(texts.includes('top'), `module top in the breadcrumbs: ${JSON.stringify(texts)}`);
  console.log(`ok rtl/top.v open, breadcrumbs ${JSON.stringify(texts)}, after ${since()}`);
  await page.screenshot({ path: path.join(OUT, 'e2e-start.png') });
  await browser.close();
  browser = undefined;

  // Ctrl-C: start.sh's node stops the server's process group and exits.
  const exited = new Promise((resolve) => start.on('exit', (code, signal) => resolve(signal ?? code)));
  process.kill(start.pid, 'SIGINT');
  const how = await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running'), 10_000))]);
  assert.notEqual(how, 'still running', 'start.sh exits on SIGINT');
  for (let i = 0; i < 50 && (await listening(port)); i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(await listening(port), false, `nothing listens on ${port} after Ctrl-C`);
  console.log(`ok start.sh stopped on SIGINT (${how}), port ${port} closed; total ${since()}`);
} catch (error) {
  exitCode = 1;
  console.error('FAIL', error);
  await page?.screenshot({ path: path.join(OUT, 'e2e-start-fail.png') }).catch(() => {});
  console.error(output.slice(-3000));
}
clearTimeout(timer);
await browser?.close().catch(() => {});
await killAll();
process.exit(exitCode);
