// Extension activation and the first diagnostics of an opened file, in a real VS Code
// (code-server's, headless Chromium as UI), against a baseline measured in the same run: a
// trivial extension's activation (bench/activation/trivial) under the same harness.
//
//   node bench/activation.mjs [--runs 3]
//
// Each run starts a fresh code-server on an empty folder (so nothing activates RTLens at start),
// loads one extension under development and runs bench/activation/probe.cjs in its extension host:
// activate() timed, then for RTLens a file with one error opened and the time to its first
// diagnostics. Needs test/e2e/setup.sh (skipped with a note otherwise). Prints one JSON object.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { codeServerDir, codeServerNode, consoleText, launchBrowser, RTLENS_MOCHA_MARKER, root, startCodeServer } from '../test/e2e/codeServer.mjs';

const probe = path.join(root, 'bench/activation/probe.cjs');
const trivial = path.join(root, 'bench/activation/trivial');

async function once(browser, { extensionPath, id, file }) {
  process.env.RTLENS_BENCH_EXTENSION = id;
  if (file) process.env.RTLENS_BENCH_FILE = file;
  else delete process.env.RTLENS_BENCH_FILE;
  const folder = mkdtempSync(path.join(tmpdir(), 'rtlens-activation-ws-'));
  const server = await startCodeServer();
  try {
    const page = await browser.newPage();
    const answer = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer from the extension host in 120 s:\n${server.log().slice(-2000)}`)), 120_000);
      page.on('console', async (message) => {
        const text = await consoleText(message);
        const at = text.indexOf(`${RTLENS_MOCHA_MARKER}@@activation `);
        if (at >= 0) {
          clearTimeout(timer);
          resolve(JSON.parse(text.slice(at + RTLENS_MOCHA_MARKER.length + '@@activation '.length)));
        }
      });
    });
    await page.exposeFunction('codeAutomationExit', () => {});
    await page.goto(server.url({ folder, extensionDevelopmentPath: extensionPath, extensionTestsPath: probe }));
    const result = await answer;
    await page.close();
    return result;
  } finally {
    server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? undefined : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function benchActivation({ runs = 3, log = () => {} } = {}) {
  if (!existsSync(path.join(codeServerDir, 'lib/vscode/out/server-main.js')) || !existsSync(codeServerNode)) return { skipped: 'code-server is not installed (bash test/e2e/setup.sh)' };
  if (!existsSync(path.join(root, 'dist/client.js'))) return { skipped: 'dist/ is not built (npm run build)' };
  const dir = mkdtempSync(path.join(tmpdir(), 'rtlens-activation-'));
  const broken = path.join(dir, 'broken.v');
  writeFileSync(broken, 'module broken (input clk, input [7:0] a, output reg [7:0] q);\n  always @(posedge clk) q <= a +;\nendmodule\n');
  const browser = await launchBrowser();
  const trivialRuns = [];
  const rtlensRuns = [];
  try {
    for (let i = 0; i < runs; i++) {
      // Interleaved, so that a slower moment of the machine falls on both.
      trivialRuns.push(await once(browser, { extensionPath: trivial, id: 'bench.trivial' }));
      log(`  trivial activation ${Math.round(trivialRuns.at(-1).activateMs ?? -1)} ms`);
      rtlensRuns.push(await once(browser, { extensionPath: root, id: 'rtlens.rtlens', file: broken }));
      log(`  RTLens activation ${Math.round(rtlensRuns.at(-1).activateMs ?? -1)} ms, first diagnostics ${Math.round(rtlensRuns.at(-1).firstDiagnosticsMs ?? -1)} ms`);
    }
  } finally {
    await browser.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
  const failed = [...trivialRuns, ...rtlensRuns].find((r) => r.error || r.activeBefore);
  if (failed) return { error: failed.error ?? `${failed.id} was active before the probe asked` };
  const r = (x) => Math.round(x * 10) / 10;
  const trivialMs = median(trivialRuns.map((x) => x.activateMs));
  const activateMs = median(rtlensRuns.map((x) => x.activateMs));
  const firstDiagnosticsMs = median(rtlensRuns.map((x) => x.firstDiagnosticsMs));
  return {
    runs,
    trivial: { activateMs: r(trivialMs), all: trivialRuns.map((x) => r(x.activateMs)) },
    rtlens: { activateMs: r(activateMs), firstDiagnosticsMs: r(firstDiagnosticsMs), diagnostics: rtlensRuns.map((x) => x.diagnostics), all: rtlensRuns.map((x) => ({ activateMs: r(x.activateMs), firstDiagnosticsMs: r(x.firstDiagnosticsMs) })) },
    ratios: { activateVsTrivial: r(activateMs / Math.max(0.1, trivialMs)), firstDiagnosticsVsTrivial: r(firstDiagnosticsMs / Math.max(0.1, trivialMs)) },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
  const result = await benchActivation({ runs: process.argv.includes('--runs') ? runs : 3, log: (m) => process.stderr.write(`${m}\n`) });
  console.log(JSON.stringify(result, null, 2));
  process.exit(result.error ? 1 : 0);
}
