// UI scenario in a real VS Code (code-server's workbench in headless Chromium, driven by
// playwright-core), with this repository loaded as the extension under development and
// test-fixtures/sample open: the RTLens status bar item, Quick Open, the symbol quick pick
// (Ctrl+Shift+O), the breadcrumbs, a hover, and F12 to a module in another file. Screenshots
// go to test-results/e2e-*.png. Exits non-zero on failure, 124 on timeout.
//
// Env: TEST_TIMEOUT_MS (watchdog, default 240000), VERBOSE=1, and those of codeServer.mjs.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, openPage, quickOpen, reportFailure, root, sampleWorkspace, startCodeServer, stepTimer, watchdog } from './codeServer.mjs';

const OUT = path.join(root, 'test-results');
mkdirSync(OUT, { recursive: true });

const t0 = performance.now();
const { mark, timings } = stepTimer();

let server, browser, page;
const cleanup = async () => {
  await browser?.close().catch(() => {});
  server?.stop();
};
const timer = watchdog(Number(process.env.TEST_TIMEOUT_MS || 240_000), async () => {
  await page?.screenshot({ path: path.join(OUT, 'e2e-timeout.png') }).catch(() => {});
  await cleanup();
});

const STEP_MS = 30_000;
let exitCode = 0;
try {
  server = await startCodeServer();
  mark('server', `VS Code server on ${server.authority}`);
  browser = await launchBrowser();
  page = await openPage(browser, { stepMs: STEP_MS });
  await page.goto(server.url({ folder: sampleWorkspace }));
  await page.locator('.monaco-workbench').waitFor();
  mark('workbench');

  // 1. The extension activates and the server indexes the workspace: "RTLens: 5 files".
  const status = page.locator('.statusbar-item', { hasText: /RTLens: \d+ files/ });
  await status.waitFor({ timeout: 60_000 });
  const statusText = (await status.innerText()).trim();
  assert.match(statusText, /RTLens: 5 files/);
  mark('status bar', JSON.stringify(statusText));

  // 2. Quick Open rtl/top.v.
  await quickOpen(page, 'top.v');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-lines', { hasText: 'module top' }).waitFor();
  mark('quick open top.v');

  // 3. The outline as the symbol quick pick (Ctrl+Shift+O): the module and its ports and instances.
  await editor.locator('.view-lines').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+Shift+O');
  await page.locator('.quick-input-widget input').waitFor();
  const rows = page.locator('.quick-input-list .monaco-list-row');
  await rows.filter({ hasText: 'cmd_valid' }).first().waitFor();
  const labels = (await rows.locator('.label-name').allInnerTexts()).map((t) => t.trim());
  for (const name of ['top', 'clk', 'rst_n', 'cmd_valid', 'cmd_ready']) assert.ok(labels.includes(name), `${name} in the symbol quick pick: ${JSON.stringify(labels)}`);
  await page.screenshot({ path: path.join(OUT, 'e2e-outline.png') });
  // Narrow it to instances: u_fifo and u_alu are listed with their module.
  await page.keyboard.type('u_');
  await rows.filter({ hasText: 'u_fifo' }).first().waitFor();
  await rows.filter({ hasText: 'u_alu' }).first().waitFor();
  await page.screenshot({ path: path.join(OUT, 'e2e-outline-instances.png') });
  await page.keyboard.press('Escape');
  mark('symbol quick pick', JSON.stringify(labels.slice(0, 12)));

  // 4. Hover a signal: cmd_op is a 3-bit input.
  const token = editor.locator('.view-line span span', { hasText: /^cmd_op$/ }).first();
  await token.waitFor();
  await token.hover();
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'cmd_op' });
  await hover.waitFor({ timeout: 15_000 });
  const hoverText = (await hover.innerText()).trim();
  assert.match(hoverText, /input/);
  assert.match(hoverText, /\[2:0\]/);
  assert.match(hoverText, /Width: 3 bits/);
  await page.screenshot({ path: path.join(OUT, 'e2e-hover.png') });
  mark('hover', JSON.stringify(hoverText.replace(/\s+/g, ' ').slice(0, 120)));
  await page.keyboard.press('Escape');
  await page.mouse.move(5, 5);

  // 5. F12 on the module name of an instance: fifo.v opens at `module fifo`.
  // (Monaco renders spaces as U+00A0, which \s matches and a plain space does not.)
  const moduleName = editor.locator('.view-line', { hasText: /^\s*fifo\s+#\($/ }).locator('span span', { hasText: /^fifo$/ }).first();
  await moduleName.click();
  // Breadcrumbs follow the cursor into the outline: top.v > top > u_fifo.
  const breadcrumbs = page.locator('.breadcrumbs-control').first();
  await breadcrumbs.locator('.monaco-breadcrumb-item', { hasText: 'u_fifo' }).waitFor({ timeout: 10_000 });
  const crumbs = (await breadcrumbs.locator('.monaco-breadcrumb-item').allInnerTexts()).map((t) => t.trim());
  assert.ok(crumbs.includes('top') && crumbs.includes('u_fifo'), JSON.stringify(crumbs));
  await page.screenshot({ path: path.join(OUT, 'e2e-breadcrumbs.png') });
  mark('breadcrumbs', JSON.stringify(crumbs));
  await page.keyboard.press('F12');
  await page.locator('.tab.active', { hasText: 'fifo.v' }).waitFor();
  const fifoEditor = page.locator('.editor-instance .monaco-editor').first();
  await fifoEditor.locator('.view-lines', { hasText: 'module fifo' }).waitFor();
  // The cursor is on the definition: the line with `module fifo #(` is the current line.
  const currentLine = await fifoEditor.locator('.view-overlays .current-line').count();
  mark('go to definition', `active tab fifo.v (current-line overlays: ${currentLine})`);
  await page.screenshot({ path: path.join(OUT, 'e2e-definition.png') });
  mark('screenshot', 'test-results/e2e-outline.png, e2e-outline-instances.png, e2e-hover.png, e2e-breadcrumbs.png, e2e-definition.png');
  console.log(`browser scenario passed in ${Math.round(performance.now() - t0)} ms: ${JSON.stringify(timings)}`);
} catch (error) {
  exitCode = 1;
  await reportFailure(error, { page, server });
}
clearTimeout(timer);
await cleanup();
process.exit(exitCode);
