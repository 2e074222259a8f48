// Offline replacement for @vscode/test-electron's runTests(): runs the SAME mocha suite
// (out/test/suite/index.js, compiled by `npx tsc -p tsconfig.suite.json`) in the Node extension
// host of code-server's VS Code, with this repository as the extension under development and
// test-fixtures/sample as the workspace; headless Debian Chromium is the UI. Prints mocha's
// output, exits with the suite's code (non-zero on failure, 124 on timeout).
//
// Env: TEST_TIMEOUT_MS (watchdog, default 240000), VERBOSE=1 (server and workbench logs too),
// and those of codeServer.mjs.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { consoleText, launchBrowser, NOISE, RTLENS_MOCHA_MARKER, root, sampleWorkspace, startCodeServer, watchdog } from './codeServer.mjs';

const extensionTestsPath = path.join(root, 'out/test/suite/index.js');
for (const file of [extensionTestsPath, path.join(root, 'dist/client.js'), path.join(root, 'dist/server.js')]) {
  if (!existsSync(file)) {
    console.error(`${path.relative(root, file)} is missing: run \`npm run build && npx tsc -p tsconfig.suite.json\` first`);
    process.exit(2);
  }
}

const t0 = performance.now();
let server, browser;
const cleanup = async () => {
  await browser?.close().catch(() => {});
  server?.stop();
};
const timer = watchdog(Number(process.env.TEST_TIMEOUT_MS || 240_000), async () => {
  if (server) console.error(server.log().slice(-4000));
  await cleanup();
});
let exitCode = 1;
let mochaLines = 0;
try {
  server = await startCodeServer();
  console.log(`VS Code server up on ${server.authority} in ${server.startMs} ms`);
  browser = await launchBrowser();
  const page = await browser.newPage();
  const done = new Promise((resolve) => { void page.exposeFunction('codeAutomationExit', (code) => resolve(code)); });
  // Some VS Code versions send the log here instead of to the console.
  await page.exposeFunction('codeAutomationLog', (_type, args) => {
    const line = Array.isArray(args) ? format(...args) : String(args ?? '');
    if (process.env.VERBOSE && !NOISE.test(line)) console.log('[log]', line);
  });
  // Mocha's lines come back as workbench console messages carrying RTLENS_MOCHA_MARKER.
  page.on('console', async (message) => {
    const text = await consoleText(message);
    if (text.includes(RTLENS_MOCHA_MARKER)) {
      mochaLines++;
      console.log(text.split(RTLENS_MOCHA_MARKER).slice(1).join(''));
    } else if (process.env.VERBOSE && !NOISE.test(text)) console.log('[ui]', text);
    else if (message.type() === 'error' && /rtlens/i.test(text) && !NOISE.test(text)) console.log('[ui error]', text.slice(0, 2000));
  });
  page.on('pageerror', (e) => { if (process.env.VERBOSE) console.log('[ui] pageerror', e.message); });
  await page.goto(server.url({ folder: sampleWorkspace, extensionTestsPath }));
  exitCode = await done;
  // Let the last console messages arrive.
  await new Promise((r) => setTimeout(r, 200));
  if (mochaLines === 0) console.log('(no mocha output came back from the extension host; rerun with VERBOSE=1)');
  console.log(`extension tests exited with code ${exitCode} after ${Math.round(performance.now() - t0)} ms`);
} catch (error) {
  console.error(error);
  if (server) console.error(server.log().slice(-4000));
  exitCode = 1;
}
clearTimeout(timer);
await cleanup();
process.exit(exitCode);
