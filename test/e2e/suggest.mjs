// UI scenario of PPA-aware suggestions in a real VS Code (code-server's workbench in headless
// Chromium, driven by playwright-core), on a one-file workspace made in a temporary folder (a
// 16-bit counter that only counts 0..9; the sample project's file counts stay as they are):
// "RTLens: Show PPA Suggestions for This File" from the palette lists the narrowing of the
// counter in a quick pick; picking it opens the diff preview "(preview)", runs the language
// server's check (proof of equivalence with Yosys + ABC, synthesis before and after) behind a
// progress notification, and asks "Apply the change shown in the diff?" in a notification that
// says "proven equivalent" (read in the notification center: see step 4); Apply edits the
// document, and once saved the file on disk declares `reg [3:0] count`.
// Screenshots go to test-results/e2e-suggest-*.png. Exits non-zero on failure, 124 on timeout.
//
// Env: TEST_TIMEOUT_MS (watchdog, default 240000), VERBOSE=1, and those of codeServer.mjs.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchBrowser, openPage, reportFailure, root, runCommand, startCodeServer, stepTimer, watchdog } from './codeServer.mjs';

const OUT = path.join(root, 'test-results');
mkdirSync(OUT, { recursive: true });

const t0 = performance.now();
const { mark, timings } = stepTimer();

const workspace = mkdtempSync(path.join(tmpdir(), 'rtlens-e2e-suggest-'));
const FILE = path.join(workspace, 'tick_gen.v');
const TICK_GEN = `module tick_gen(input clk, input rst, input en, output tick);
  reg [15:0] count;
  always @(posedge clk)
    if (rst) count <= 16'd0;
    else if (en) count <= (count == 16'd9) ? 16'd0 : count + 16'd1;
  assign tick = en && count == 16'd9;
endmodule
`;
writeFileSync(FILE, TICK_GEN);
// A second module for the workspace audit: four adders in exclusive branches (one is enough).
const ALU = `module alu(input [1:0] op, input [15:0] a, b, c, d, e, f, output reg [15:0] y);
  always @* begin
    case (op)
      2'd0: y = a + b;
      2'd1: y = c + d;
      default: y = e + f;
    endcase
  end
endmodule
`;
writeFileSync(path.join(workspace, 'alu.v'), ALU);

let server, browser, page;
const cleanup = async () => {
  await browser?.close().catch(() => {});
  server?.stop();
  rmSync(workspace, { recursive: true, force: true });
};
const timer = watchdog(Number(process.env.TEST_TIMEOUT_MS || 240_000), async () => {
  await page?.screenshot({ path: path.join(OUT, 'e2e-suggest-timeout.png') }).catch(() => {});
  await cleanup();
});

const STEP_MS = 30_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const NARROWING = "Narrow counter 'count' from 16 to 4 bits (it counts 0..9)";

let exitCode = 0;
try {
  server = await startCodeServer();
  mark('server', `VS Code server on ${server.authority}`);
  browser = await launchBrowser();
  page = await openPage(browser, { stepMs: STEP_MS, errors: /rtlens|suggest/i });
  await page.goto(server.url({ folder: workspace, openFile: FILE }));
  await page.locator('.monaco-workbench').waitFor();
  const status = page.locator('.statusbar-item', { hasText: /RTLens: \d+ files?/ });
  await status.waitFor({ timeout: 60_000 });
  mark('indexed', JSON.stringify((await status.innerText()).trim()));

  // 1. The file is open and the server has its estimate: the PPA code lens is on the module header.
  await page.locator('.tab.active', { hasText: 'tick_gen.v' }).waitFor();
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-line', { hasText: 'reg [15:0] count;' }).waitFor();
  const lens = editor.locator('.codelens-decoration', { hasText: /cells/ }).first();
  await lens.waitFor({ timeout: 30_000 });
  await editor.locator('.view-line', { hasText: 'reg [15:0] count;' }).click();
  const estimate = (await lens.innerText()).replace(/\s+/g, ' ').trim();
  mark('estimate', JSON.stringify(estimate));

  // 2. The palette command lists the file's suggestions; the narrowing is there, still to be proven.
  // As a user would, once the light bulb says the server has code actions for the cursor's line
  // (the command asks for them once and says "no suggestion" to an answer that came too early).
  await editor.locator('.lightBulbWidget').first().waitFor({ timeout: 30_000 });
  await runCommand(page, 'RTLens: Show PPA Suggestions for This File');
  const item = page.locator('.quick-input-list .monaco-list-row', { hasText: NARROWING }).first();
  await item.waitFor({ timeout: 20_000 });
  const label = (await item.innerText()).replace(/\s+/g, ' ').trim();
  assert.match(label, /^Narrow counter 'count' from 16 to 4 bits \(it counts 0\.\.9\) \(estimated area −\d+%.*; to be proven\)$/, label);
  const placeholder = await page.locator('.quick-input-widget input').first().getAttribute('placeholder');
  assert.match(placeholder ?? '', /^PPA suggestion to review/, String(placeholder));
  await page.screenshot({ path: path.join(OUT, 'e2e-suggest-pick.png') });
  mark('quick pick', JSON.stringify(label));

  // 3. Picking it opens the diff preview and checks it in a progress notification.
  const tPicked = performance.now();
  await item.click();
  const diffTab = page.locator('.tab', { hasText: '(preview)' }).first();
  await diffTab.waitFor({ timeout: 20_000 });
  const diffTitle = (await diffTab.getAttribute('aria-label')) ?? (await diffTab.innerText());
  assert.match(diffTitle, /tick_gen: Narrow counter 'count' from 16 to 4 bits \(it counts 0\.\.9\) \(preview\)/, diffTitle);
  const diffEditor = page.locator('.monaco-diff-editor').first();
  await diffEditor.waitFor();
  // Both sides are shown: the original line on the left, the narrowed one on the right.
  await diffEditor.locator('.editor.original .view-line', { hasText: 'reg [15:0] count;' }).waitFor({ timeout: 10_000 });
  await diffEditor.locator('.editor.modified .view-line', { hasText: 'reg [3:0] count;' }).waitFor({ timeout: 10_000 });
  mark('diff preview', JSON.stringify(diffTitle));

  // 4. The check runs behind a progress notification and ends with a question: proven equivalent,
  // Apply or Discard. The workbench shows no toasts when it runs with --enable-smoke-test-driver
  // (which codeServer.mjs needs to load the extension under development), so the notifications
  // are read where they also are for a user: in the notification center.
  await runCommand(page, 'Notifications: Show Notifications');
  const center = page.locator('.notifications-center');
  await center.waitFor({ timeout: 10_000 });
  const progress = center.locator('.notification-list-item', { hasText: `RTLens: checking "${NARROWING}` }).first();
  const sawProgress = await progress.waitFor({ timeout: 5_000 }).then(() => true, () => false);
  if (sawProgress) await page.screenshot({ path: path.join(OUT, 'e2e-suggest-progress.png') });
  const question = center.locator('.notification-list-item', { hasText: 'proven equivalent' }).filter({ hasText: 'Apply the change shown in the diff?' }).first();
  await question.waitFor({ timeout: 90_000 });
  const checkMs = Math.round(performance.now() - tPicked);
  // The progress notification ends with the check.
  assert.equal(await progress.count(), 0, 'the progress notification is gone once the question is asked');
  const questionText = (await question.locator('.notification-list-item-message').innerText()).replace(/\s+/g, ' ').trim();
  assert.match(questionText, /^RTLens: Narrow counter 'count' from 16 to 4 bits \(it counts 0\.\.9\)\. Synthesized on generic: area −\d+%.*flip-flops 16 → 4; proven equivalent \(/, questionText);
  const buttons = (await question.locator('.monaco-button').allInnerTexts()).map((t) => t.trim());
  assert.deepEqual(buttons.filter((b) => b === 'Apply' || b === 'Discard'), ['Apply', 'Discard'], JSON.stringify(buttons));
  // Nothing is edited before the answer.
  assert.equal(readFileSync(FILE, 'utf8'), TICK_GEN);
  await page.screenshot({ path: path.join(OUT, 'e2e-suggest-question.png') });
  mark('check', `question after ${checkMs} ms (progress notification ${sawProgress ? 'seen' : 'already gone when the center opened'}): ${JSON.stringify(questionText)}`);

  // 5. Apply: the question goes away and the file's editor shows the narrowed counter.
  await question.locator('.monaco-button', { hasText: /^Apply$/ }).click();
  await question.waitFor({ state: 'detached', timeout: 10_000 });
  // The file's tab (the diff's tab reads "tick_gen: ...").
  await page.locator('.tab', { hasText: /^\s*tick_gen\.v/ }).first().click();
  await page.locator('.tab.active', { hasText: /^\s*tick_gen\.v/ }).waitFor();
  const fileEditor = page.locator('.editor-instance .monaco-editor').first();
  await fileEditor.locator('.view-line', { hasText: 'reg [3:0] count;' }).waitFor({ timeout: 10_000 });
  assert.equal(await fileEditor.locator('.view-line', { hasText: 'reg [15:0] count;' }).count(), 0, 'the 16-bit declaration is gone');
  await page.screenshot({ path: path.join(OUT, 'e2e-suggest-applied.png') });
  mark('applied', 'the editor of tick_gen.v shows reg [3:0] count');

  // 6. Save (Ctrl+S in the file's editor), and the file on disk has the narrowed counter, the rest
  // of the module as it was. (VS Code in a browser auto-saves after a delay by default, so the file
  // may be written already. Not "File: Save" from the palette: Enter there runs the best fuzzy
  // match, which need not be File: Save.)
  await fileEditor.locator('.view-line', { hasText: 'reg [3:0] count;' }).click();
  await page.keyboard.press('Control+S');
  const deadline = Date.now() + 15_000;
  let saved = readFileSync(FILE, 'utf8');
  while (saved === TICK_GEN && Date.now() < deadline) {
    await sleep(200);
    saved = readFileSync(FILE, 'utf8');
  }
  assert.match(saved, /^ {2}reg \[3:0\] count;$/m, saved);
  assert.doesNotMatch(saved, /reg \[15:0\]/);
  // The declaration, and the literals of the counter's own assignments (16'd9 -> 4'd9).
  const narrowed = TICK_GEN.replace('reg [15:0] count;', 'reg [3:0] count;').replace("count <= 16'd0;", "count <= 4'd0;").replace("(count == 16'd9) ? 16'd0 : count + 16'd1", "(count == 4'd9) ? 4'd0 : count + 4'd1");
  assert.equal(saved, narrowed, `only the declaration and the counter's literals changed:\n${saved}`);
  await page.locator('.tab.dirty', { hasText: /^\s*tick_gen\.v/ }).waitFor({ state: 'detached', timeout: 10_000 });
  // The code lens follows the edit: the module's figures are those of the narrowed counter now.
  const lensAfter = fileEditor.locator('.codelens-decoration').first();
  await page.waitForFunction((before) => {
    const lens = document.querySelector('.editor-instance .monaco-editor .codelens-decoration');
    const text = lens?.innerText.replace(/\s+/g, ' ').trim();
    return !!text && /cells/.test(text) && text !== before;
  }, estimate, { timeout: 20_000 });
  const lensText = (await lensAfter.innerText()).replace(/\s+/g, ' ').trim();
  assert.doesNotMatch(lensText, /185\.6 µm²/, lensText);
  await page.screenshot({ path: path.join(OUT, 'e2e-suggest-saved.png') });
  mark('saved', `${JSON.stringify(saved.split('\n')[1])}; code lens ${JSON.stringify(lensText)}`);

  // 7. The workspace audit: "RTLens: Find PPA Opportunities" checks every candidate and opens its
  // report, the shared adder of alu.v offered (proven and smaller), with a link to its line.
  await runCommand(page, 'RTLens: Find PPA Opportunities');
  let auditFrame;
  for (const deadline = Date.now() + 90_000; !auditFrame; ) {
    for (const frame of page.frames()) {
      if (frame.isDetached()) continue;
      if ((await frame.locator('#counts').count().catch(() => 0)) > 0) auditFrame = frame;
    }
    if (!auditFrame) {
      if (Date.now() > deadline) throw new Error('the PPA opportunities report did not appear');
      await sleep(300);
    }
  }
  const counts = (await auditFrame.locator('#counts').innerText()).trim();
  assert.match(counts, /^\d+ candidates? in 2 files \(\d+ lines\) on generic: \d+ checked, \d+ proven, 0 refuted, .*[1-9]\d* offered/, counts);
  const offeredRow = auditFrame.locator('tr.offered', { hasText: 'Share one adder' });
  await offeredRow.waitFor({ timeout: 10_000 });
  assert.match(await offeredRow.innerText(), /offered\s+alu\s+Share one adder.*proven\s+alu\.v:2/s);
  await page.screenshot({ path: path.join(OUT, 'e2e-suggest-audit.png') });
  mark('audit', counts);
  console.log(`suggestion scenario passed in ${Math.round(performance.now() - t0)} ms: ${JSON.stringify(timings)}`);
} catch (error) {
  exitCode = 1;
  await reportFailure(error, { page, server, name: 'suggest' });
}
clearTimeout(timer);
await cleanup();
process.exit(exitCode);
