// UI scenario of semantic search in a real VS Code (code-server's workbench in headless Chromium,
// driven by playwright-core), on test-fixtures/sample: the RTLens side bar's Search view (a
// webview) answers a query typed into it; the keyboard moves to the fifo module's result and
// Enter opens rtl/fifo.v; the Signals filter narrows the list; "RTLens: Find Similar" from the
// palette on the fifo header fills the view; "RTLens: Search Design" asks for a query; a
// result's Context button copies its context pack and "Open as Markdown" opens it. Screenshots go
// to test-results/e2e-search-*.png. Exits non-zero on failure, 124 on timeout.
//
// Env: TEST_TIMEOUT_MS (watchdog, default 240000), VERBOSE=1, and those of codeServer.mjs.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, openPage, reportFailure, root, runCommand, sampleWorkspace, startCodeServer, stepTimer, watchdog } from './codeServer.mjs';

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
  await page?.screenshot({ path: path.join(OUT, 'e2e-search-timeout.png') }).catch(() => {});
  await cleanup();
});

const STEP_MS = 30_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The Search view's document: webviews are two nested iframes in the workbench
 * (iframe.webview > iframe#active-frame); ours is the one whose page has the query box.
 */
async function searchFrame(timeoutMs = STEP_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame.isDetached()) continue;
      const found = await frame.locator('#query[aria-label="Search the design"]').count().catch(() => 0);
      if (found > 0) return frame;
    }
    if (Date.now() > deadline) throw new Error('the RTLens Search webview did not appear');
    await sleep(200);
  }
}

/** Waits until the view shows the answer to the last request (its list is aria-busy while one runs). */
async function settled(frame) {
  await frame.locator('#results[aria-busy="false"]').waitFor({ state: 'attached', timeout: 20_000 });
}

/** Rows of the view as plain data: granularity badge, label, file:line. */
async function hitsOf(frame) {
  return frame.locator('.hit').evaluateAll((rows) => rows.map((row) => ({
    granularity: row.querySelector('.badge')?.textContent ?? '',
    label: row.querySelector('.label')?.textContent ?? '',
    where: row.querySelector('.where')?.textContent ?? '',
    summary: row.querySelector('.summary')?.textContent ?? '',
  })));
}

let exitCode = 0;
try {
  server = await startCodeServer();
  mark('server', `VS Code server on ${server.authority}`);
  browser = await launchBrowser();
  page = await openPage(browser, { stepMs: STEP_MS, errors: /rtlens|search/i });
  await page.goto(server.url({ folder: sampleWorkspace }));
  await page.locator('.monaco-workbench').waitFor();
  const status = page.locator('.statusbar-item', { hasText: /RTLens: \d+ files/ });
  await status.waitFor({ timeout: 60_000 });
  mark('indexed', JSON.stringify((await status.innerText()).trim()));

  // 1. The RTLens container in the activity bar opens the Search view.
  const container = page.locator('.activitybar .action-label[aria-label^="RTLens"]').first();
  await container.click();
  let frame = await searchFrame();
  const query = frame.locator('#query');
  await query.waitFor();
  mark('side bar', 'RTLens > Search view shown');

  // 2. Search as you type: results come while typing, and the fifo module answers "synchronous fifo".
  await query.click();
  await query.pressSequentially('synchronous fifo', { delay: 30 });
  // Results come while typing; Enter asks at once for the whole query (and ends the debounce).
  await frame.locator('.hit').first().waitFor({ timeout: 20_000 });
  await query.press('Enter');
  const fifoRow = frame.locator('.hit', { has: frame.locator('.label', { hasText: /^fifo$/ }) }).first();
  await fifoRow.waitFor({ timeout: 20_000 });
  await settled(frame);
  const hits = await hitsOf(frame);
  const fifoHit = hits.find((h) => h.label === 'fifo');
  assert.equal(fifoHit?.granularity, 'module', JSON.stringify(hits));
  assert.match(fifoHit.where, /^rtl\/fifo\.v:\d+$/);
  assert.ok(fifoHit.summary.length > 0, 'the result has a summary');
  assert.ok((await fifoRow.locator('.snippet').count()) <= 1);
  const statusText = (await frame.locator('#status').innerText()).trim();
  assert.match(statusText, /\d+ results? · \d+ ms/);
  assert.equal(await frame.locator('#error').isVisible(), false, 'no error line');
  await page.screenshot({ path: path.join(OUT, 'e2e-search-results.png') });
  mark('search as you type', `${hits.length} results, ${JSON.stringify(statusText)}: ${JSON.stringify(hits.slice(0, 4).map((h) => `${h.granularity} ${h.label} ${h.where}`))}`);

  // 3. Keyboard: ArrowDown leaves the box for the list, ArrowDown walks to the fifo result, Enter opens it.
  const fifoIndex = hits.findIndex((h) => h.label === 'fifo');
  await query.press('ArrowDown');
  for (let i = 0; i < fifoIndex; i++) await page.keyboard.press('ArrowDown');
  const focused = await frame.evaluate(() => ({ label: document.activeElement?.querySelector?.('.label')?.textContent, role: document.activeElement?.getAttribute('role'), tabIndex: document.activeElement?.tabIndex }));
  assert.deepEqual(focused, { label: 'fifo', role: 'listitem', tabIndex: 0 });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: 'fifo.v' }).waitFor();
  const fifoEditor = page.locator('.editor-instance .monaco-editor').first();
  await fifoEditor.locator('.view-lines', { hasText: 'module fifo' }).waitFor();
  await page.screenshot({ path: path.join(OUT, 'e2e-search-open.png') });
  mark('enter opens the result', 'active tab fifo.v');

  // 4. The Signals filter asks again with the granularity: only signal rows remain.
  frame = await searchFrame();
  await frame.locator('#filters button[data-filter="signal"]').click();
  assert.equal(await frame.locator('#filters button[data-filter="signal"]').getAttribute('aria-pressed'), 'true');
  await settled(frame);
  const signals = await hitsOf(frame);
  assert.ok(signals.every((h) => h.granularity === 'signal'), JSON.stringify(signals));
  mark('signals filter', JSON.stringify(signals.slice(0, 4).map((h) => h.label)));
  await frame.locator('#filters button[data-filter="all"]').click();
  await settled(frame);

  // 5. "RTLens: Find Similar" from the palette with the cursor on the fifo header.
  const nameToken = fifoEditor.locator('.view-line', { hasText: /^module\s+fifo/ }).locator('span span', { hasText: /^fifo$/ }).first();
  await nameToken.click();
  await runCommand(page, 'RTLens: Find Similar');
  frame = await searchFrame();
  await frame.locator('#heading', { hasText: /^Similar to fifo/ }).waitFor({ timeout: 20_000 });
  await settled(frame);
  const similar = await hitsOf(frame);
  assert.ok(similar.length > 0);
  await page.screenshot({ path: path.join(OUT, 'e2e-search-similar.png') });
  mark('find similar', `${(await frame.locator('#heading').innerText()).trim()}: ${JSON.stringify(similar.slice(0, 4).map((h) => `${h.granularity} ${h.label}`))}`);

  // 6. "RTLens: Search Design" asks for a query and shows the answer in the view.
  await runCommand(page, 'RTLens: Search Design');
  // The input box, not the palette row of the same title that is closing.
  await page.locator('.quick-input-widget', { hasText: 'Describe a module, block or signal' }).waitFor();
  await page.locator('.quick-input-widget input').fill('arithmetic logic unit');
  await page.keyboard.press('Enter');
  frame = await searchFrame();
  await frame.waitForFunction(() => document.getElementById('query').value === 'arithmetic logic unit', undefined, { timeout: 20_000 });
  await settled(frame);
  const aluHits = await hitsOf(frame);
  assert.ok(aluHits.some((h) => h.granularity === 'module' && h.label === 'alu'), JSON.stringify(aluHits));
  assert.equal(await frame.locator('#heading').isVisible(), false);
  mark('search command', JSON.stringify(aluHits.slice(0, 4).map((h) => `${h.granularity} ${h.label}`)));

  // 7. A result's Context button: the pack is copied (or, without a clipboard, offered) and opens as Markdown.
  await frame.locator('.hit').first().locator('button.context').click();
  // With --enable-smoke-test-driver the workbench shows no toasts: the notification is read in the
  // notification center, where its "Open as Markdown" button works the same way.
  await runCommand(page, 'Notifications: Show Notifications');
  const notification = page.locator('.notifications-center .notifications-list-container .monaco-list-row', { hasText: /context pack for/ }).first();
  await notification.waitFor({ timeout: 20_000 });
  const toastText = (await notification.innerText()).trim().replace(/\s+/g, ' ');
  assert.match(toastText, /RTLens: (context pack for .*alu.* copied to the clipboard|the clipboard is not available)/);
  await notification.locator('.monaco-button', { hasText: 'Open as Markdown' }).click();
  await page.locator('.tab.active', { hasText: /Untitled/ }).waitFor();
  const markdownText = (await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText()).replace(/\s+/g, ' ');
  assert.ok(markdownText.length > 20, markdownText);
  await page.screenshot({ path: path.join(OUT, 'e2e-search-context.png') });
  mark('context pack', `${JSON.stringify(toastText.slice(0, 120))}; opened: ${JSON.stringify(markdownText.slice(0, 80))}`);

  // 8. Hidden and shown again, the view keeps its query and results.
  await runCommand(page, 'View: Show Explorer');
  await page.locator('.sidebar .composite.title', { hasText: /Explorer/i }).first().waitFor();
  await page.locator('.activitybar .action-label[aria-label^="RTLens"]').first().click();
  frame = await searchFrame();
  assert.equal(await frame.locator('#query').inputValue(), 'arithmetic logic unit');
  assert.ok((await frame.locator('.hit').count()) > 0, 'results kept across hide and show');
  mark('state kept', 'query and results survive hiding the view');
  mark('screenshots', 'test-results/e2e-search-results.png, -open.png, -similar.png, -context.png');
  console.log(`search scenario passed in ${Math.round(performance.now() - t0)} ms: ${JSON.stringify(timings)}`);
} catch (error) {
  exitCode = 1;
  await reportFailure(error, { page, server, name: 'search' });
}
clearTimeout(timer);
await cleanup();
process.exit(exitCode);
