// VS Code for the Web against the desktop extension, on the same folder, same machine, same run:
// the time from loading the workbench to RTLens's status bar saying the workspace is indexed,
// once with RTLens in code-server's web worker extension host (remote.extensionKind ["web"]: the
// browser entry, the server in a web worker, files read through workspace.fs) and once in its
// Node extension host (the desktop entry). The desktop start is the baseline.
//
//   node bench/webStart.mjs [--runs 1] FOLDER...
//
// Both include the workbench's own load. Needs test/e2e/setup.sh and npm run build (skipped with
// a note otherwise). Prints one JSON object.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { codeServerDir, codeServerNode, consoleText, launchBrowser, root, startCodeServer } from '../test/e2e/codeServer.mjs';

async function once(browser, folder, web) {
  const server = await startCodeServer({ handleSignals: false, ...(web ? { settings: { 'remote.extensionKind': { 'rtlens.rtlens': ['web'] } } } : {}) });
  try {
    const page = await browser.newPage();
    let line = '';
    page.on('console', async (m) => {
      const text = await consoleText(m);
      if (text.includes('[rtlens-web] ready')) line = text.slice(text.indexOf('[rtlens-web]'));
    });
    const started = performance.now();
    await page.goto(server.url({ folder }));
    const status = page.locator('.statusbar-item', { hasText: web ? /RTLens \(web\): \d+ files?/ : /RTLens: \d+ files?/ });
    await status.waitFor({ timeout: 600_000 });
    const ms = Math.round(performance.now() - started);
    const files = Number(/: (\d+) files?/.exec(await status.innerText())?.[1] ?? 0);
    await page.close();
    return { ms, files, ...(line ? { ready: line } : {}) };
  } finally {
    server.stop();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function benchWebStart({ folders, runs = 1, log = () => {} }) {
  if (!existsSync(path.join(codeServerDir, 'lib/vscode/out/server-main.js')) || !existsSync(codeServerNode)) return { skipped: 'code-server is not installed (bash test/e2e/setup.sh)' };
  if (!existsSync(path.join(root, 'dist/webServer.js'))) return { skipped: 'dist/ is not built (npm run build)' };
  const browser = await launchBrowser();
  const results = [];
  try {
    for (const folder of folders) {
      const web = [];
      const desktop = [];
      // Interleaved, so a slower minute of the machine falls on both.
      for (let i = 0; i < runs; i++) {
        desktop.push(await once(browser, folder, false));
        web.push(await once(browser, folder, true));
        log(`web start ${path.basename(folder)}: desktop ${desktop.at(-1).ms} ms, web ${web.at(-1).ms} ms (${web.at(-1).files} files)`);
      }
      const w = median(web.map((r) => r.ms));
      const d = median(desktop.map((r) => r.ms));
      results.push({ folder: path.basename(folder), files: web[0].files, desktopFiles: desktop[0].files, webMs: w, desktopMs: d, ratio: Math.round((w / d) * 100) / 100, webReady: web.map((r) => r.ready ?? ''), runs });
    }
  } finally {
    await browser.close();
  }
  return { results };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--runs');
  const runs = at >= 0 ? Number(args.splice(at, 2)[1]) : 1;
  const folders = args.map((f) => path.resolve(f));
  if (folders.length === 0) {
    console.error('usage: node bench/webStart.mjs [--runs N] FOLDER...');
    process.exit(1);
  }
  const result = await benchWebStart({ folders, runs, log: (m) => console.error(m) });
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}
