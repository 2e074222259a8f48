// UI scenario of synthesis-recipe recommendation in a real VS Code (code-server's workbench in
// headless Chromium, driven by playwright-core), on a one-file workspace made in a temporary
// folder (a small combinational multiply-add; the sample project's file counts stay as they
// are): "RTLens: Recommend Synthesis Recipe" from the palette with the cursor in the module runs
// real Yosys + ABC in the language server's workers, and the result view shows the recipe
// proven equivalent, a table against resyn2 and Yosys's default flow, and the recipe's steps;
// its "Save in workspace settings" button writes rtlens.recipes.saved. Screenshots go to
// test-results/e2e-recipe-*.png. Exits non-zero on failure, 124 on timeout.
//
// Env: TEST_TIMEOUT_MS (watchdog, default 240000), VERBOSE=1, and those of codeServer.mjs.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { launchBrowser, openPage, reportFailure, root, runCommand, startCodeServer, stepTimer, watchdog } from './codeServer.mjs';

const OUT = path.join(root, 'test-results');
// The action set the recipe's steps come from (the compiled server's own list).
const { TRANSFORMS, MAPPINGS } = createRequire(import.meta.url)(path.join(root, 'out/server/src/analyses/recipes/recipe.js'));
mkdirSync(OUT, { recursive: true });

const t0 = performance.now();
const { mark, timings } = stepTimer();

const workspace = mkdtempSync(path.join(tmpdir(), 'rtlens-e2e-recipe-'));
const MAC = `// mac.v: multiply-add and compare, combinational.
module mac (input [5:0] a, b, input [11:0] c, output [12:0] y, output gt);
  assign y = a * b + c;
  assign gt = a > b;
endmodule
`;
writeFileSync(path.join(workspace, 'mac.v'), MAC);

let server, browser, page;
const cleanup = async () => {
  await browser?.close().catch(() => {});
  server?.stop();
  rmSync(workspace, { recursive: true, force: true });
};
const timer = watchdog(Number(process.env.TEST_TIMEOUT_MS || 240_000), async () => {
  await page?.screenshot({ path: path.join(OUT, 'e2e-recipe-timeout.png') }).catch(() => {});
  await cleanup();
});

const STEP_MS = 30_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The result view's document: the webview frame whose page has the QoR table. */
async function recipeFrame(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame.isDetached()) continue;
      const found = await frame.locator('table#qor').count().catch(() => 0);
      if (found > 0) return frame;
    }
    if (Date.now() > deadline) throw new Error('the RTLens recipe view did not appear');
    await sleep(200);
  }
}

let exitCode = 0;
try {
  server = await startCodeServer();
  mark('server', `VS Code server on ${server.authority}`);
  browser = await launchBrowser();
  page = await openPage(browser, { stepMs: STEP_MS, errors: /rtlens|recipe/i });
  await page.goto(server.url({ folder: workspace, openFile: path.join(workspace, 'mac.v') }));
  await page.locator('.monaco-workbench').waitFor();
  const status = page.locator('.statusbar-item', { hasText: /RTLens: \d+ files?/ });
  await status.waitFor({ timeout: 60_000 });
  mark('indexed', JSON.stringify((await status.innerText()).trim()));

  // 1. The cursor in the module, then the command from the palette.
  await page.locator('.tab.active', { hasText: 'mac.v' }).waitFor();
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-line', { hasText: 'assign y = a * b + c;' }).click();
  await runCommand(page, 'RTLens: Recommend Synthesis Recipe');
  mark('command', 'RTLens: Recommend Synthesis Recipe');

  // 2. The result view: proven equivalent, the table against both baselines, the steps.
  const frame = await recipeFrame(60_000);
  const equivalence = (await frame.locator('#equivalence').innerText()).trim();
  assert.match(equivalence, /proven equivalent \(ABC cec\)/);
  const table = await frame.locator('table#qor tbody tr').evaluateAll((rows) => rows.map((row) => ({
    flow: row.getAttribute('data-flow'),
    cells: Array.from(row.querySelectorAll('th, td')).map((c) => c.textContent.trim()),
  })));
  const flows = table.map((r) => r.flow);
  assert.deepEqual(flows, ['recommended', 'resyn2', 'resyn2-map', 'yosys-default', 'ratio-resyn2', 'ratio-resyn2-map', 'ratio-yosys-default'], JSON.stringify(table));
  const resyn2 = table.find((r) => r.flow === 'resyn2');
  assert.equal(resyn2.cells[0], 'resyn2');
  for (const cell of resyn2.cells.slice(1)) assert.match(cell, /^[\d,]+(\.\d+)?$/, JSON.stringify(resyn2));
  for (const cell of table.find((r) => r.flow === 'ratio-resyn2').cells.slice(1)) assert.match(cell, /^\d+\.\d\d×$/);
  const steps = await frame.locator('ol#recipe li').allInnerTexts();
  assert.ok(steps.length >= 1 && steps.length <= 20, JSON.stringify(steps));
  for (const step of steps) assert.ok(TRANSFORMS.includes(step.trim()), `${step} is not a transform of the action set`);
  const mapping = (await frame.locator('#mapping code').innerText()).trim();
  assert.ok(MAPPINGS.includes(mapping), `${mapping} is not one of the mappings`);
  const summary = (await frame.locator('#summary').innerText()).trim();
  assert.match(summary, /Target: generic · \d+ recipe evaluations in \d+ Yosys runs/);
  await page.screenshot({ path: path.join(OUT, 'e2e-recipe-view.png') });
  mark('result view', `${equivalence}; ${summary}; ${steps.length} steps; resyn2 ${JSON.stringify(resyn2.cells.slice(1))}`);

  // 3. "Save in workspace settings" writes rtlens.recipes.saved in the workspace's settings.
  await frame.locator('button#save').click();
  const settingsFile = path.join(workspace, '.vscode/settings.json');
  const deadline = Date.now() + 15_000;
  let saved;
  while (Date.now() < deadline) {
    if (existsSync(settingsFile)) {
      try {
        saved = JSON.parse(readFileSync(settingsFile, 'utf8'))['rtlens.recipes.saved'];
      } catch { /* being written */ }
      if (saved) break;
    }
    await sleep(200);
  }
  // The transforms, then the mapping unless it is Yosys's own.
  assert.deepEqual(saved?.mac, [...steps.map((s) => s.trim()), ...(mapping === '&dch -f; &nf' ? [] : [mapping])], JSON.stringify(saved));
  mark('saved', `rtlens.recipes.saved.mac = ${JSON.stringify(saved.mac)}`);

  // 4. The whole design as a Yosys script with the saved recipe: a new editor holding mac's own abc call.
  await editor.locator('.view-line', { hasText: 'assign y = a * b + c;' }).click();
  await runCommand(page, 'RTLens: Export Yosys Script with Saved Recipes');
  const scriptLine = page.locator('.editor-instance .view-line', { hasText: 'synth -top mac -noabc' });
  await scriptLine.waitFor({ timeout: 30_000 });
  await page.locator('.editor-instance .view-line', { hasText: /abc\s-liberty\srtlens_generic\.lib\s-script\s\+strash;/ }).first().waitFor({ timeout: 10_000 });
  // (Monaco renders spaces as no-break spaces: \s matches both.)
  await page.screenshot({ path: path.join(OUT, 'e2e-recipe-design-script.png') });
  mark('design script', 'an editor with synth -top mac -noabc and mac\'s abc call');
  console.log(`recipe scenario passed in ${Math.round(performance.now() - t0)} ms: ${JSON.stringify(timings)}`);
} catch (error) {
  exitCode = 1;
  await reportFailure(error, { page, server, name: 'recipe' });
}
clearTimeout(timer);
await cleanup();
process.exit(exitCode);
