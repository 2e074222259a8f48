// VS Code for the Web on a virtual workspace: RTLens in code-server's web worker extension host
// (remote.extensionKind ["web"]) on a folder of another extension's file system (scheme rtlensmem,
// test/e2e/memfs: in memory, no search provider, as a GitHub repository on vscode.dev may be),
// filled with test-fixtures/sample. Checks that RTLens finds the files by walking the folders
// through workspace.fs, indexes them, estimates top with its submodules, goes to a definition in
// another file, takes a saved edit, and sees a file no editor has open change on the file system
// (its change events reach the server), with a filelist from the virtual folder as the project. Screenshots: test-results/e2e-web-virtual*.png.
//
// Env: TEST_TIMEOUT_MS (watchdog, default 240000), VERBOSE=1, and those of codeServer.mjs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchBrowser, openPage, reportFailure, root, runCommand, sampleWorkspace, startCodeServer, stepTimer, watchdog } from './codeServer.mjs';

const OUT = path.join(root, 'test-results');
mkdirSync(OUT, { recursive: true });
const t0 = performance.now();
const { mark, timings } = stepTimer();

// The file system extension, with the sample as files.json, in a folder of its own.
const memfs = mkdtempSync(path.join(tmpdir(), 'rtlens-e2e-memfs-'));
cpSync(path.join(root, 'test/e2e/memfs'), memfs, { recursive: true });
const files = {};
const collect = (dir) => {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) collect(full);
    else files[`/sample/${path.relative(sampleWorkspace, full).split(path.sep).join('/')}`] = readFileSync(full, 'utf8');
  }
};
collect(sampleWorkspace);
// A filelist naming the sources, used as the project (rtlens.project): read from the virtual file system too.
files['/sample/sample.f'] = '+incdir+rtl\nrtl/alu_pkg.sv\nrtl/alu.sv\nrtl/fifo.v\nrtl/top.v\n';
writeFileSync(path.join(memfs, 'files.json'), JSON.stringify(files));
// Installed from a .vsix: the web workbench loads one extension under development only.
const vsix = path.join(memfs, 'memfs.vsix');
const packed = spawnSync(process.execPath, [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix], { cwd: memfs, encoding: 'utf8' });
if (packed.status !== 0) throw new Error(`vsce package failed: ${packed.stdout}${packed.stderr}`);

let server, browser, page;
const cleanup = async () => {
  await browser?.close().catch(() => {});
  server?.stop();
  rmSync(memfs, { recursive: true, force: true });
};
const timer = watchdog(Number(process.env.TEST_TIMEOUT_MS || 240_000), async () => {
  await page?.screenshot({ path: path.join(OUT, 'e2e-web-virtual-timeout.png') }).catch(() => {});
  await cleanup();
});

let exitCode = 0;
try {
  server = await startCodeServer({ settings: { 'remote.extensionKind': { 'rtlens.rtlens': ['web'] }, 'rtlens.project': 'sample.f' }, install: [vsix] });
  mark('server', `VS Code server on ${server.authority}`);
  browser = await launchBrowser();
  page = await openPage(browser, { stepMs: 30_000, errors: /rtlens/i });
  await page.goto(server.url({ folder: 'rtlensmem:/sample', openFile: 'rtlensmem:/sample/rtl/top.v' }));
  await page.locator('.monaco-workbench').waitFor();
  mark('workbench');

  // 1. The five files, found by walking the virtual folders (findFiles has no provider for the scheme).
  const status = page.locator('.statusbar-item', { hasText: /RTLens \(web\): \d+ files?/ });
  await status.waitFor({ timeout: 90_000 });
  assert.match((await status.innerText()).trim(), /RTLens \(web\): 5 files/);
  // The project file, read from the virtual folder: its four sources, no problem.
  const project = page.locator('.statusbar-item', { hasText: /RTLens: sample\.f/ });
  await project.waitFor({ timeout: 30_000 });
  assert.doesNotMatch(await project.innerHTML(), /codicon-warning/, 'the filelist reads without a problem');
  mark('status bar', `${JSON.stringify((await status.innerText()).trim())}, ${JSON.stringify((await project.innerText()).trim())}`);

  // 2. top.v from the virtual folder: its estimate counts u_fifo and u_alu (about 1.4k cells).
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-lines', { hasText: 'module top' }).waitFor({ timeout: 30_000 });
  const lens = editor.locator('.codelens-decoration', { hasText: /~[\d.]+k cells · [\d.k]+ µm²/ }).first();
  await lens.waitFor({ timeout: 30_000 });
  mark('PPA lens', JSON.stringify((await lens.innerText()).trim()));

  // 3. A saved edit reaches the server: a stray word is a syntax error once saved and read again.
  await editor.locator('.view-lines').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+Home');
  await page.keyboard.insertText('oops ');
  await editor.locator('.squiggly-error').first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Control+s');
  await page.locator('.tab.active:not(.dirty)', { hasText: 'top.v' }).waitFor({ timeout: 15_000 });
  await page.keyboard.press('Shift+Home');
  await page.keyboard.press('Delete');
  await editor.locator('.squiggly-error').first().waitFor({ state: 'detached', timeout: 15_000 });
  await page.keyboard.press('Control+s');
  await page.locator('.tab.active:not(.dirty)', { hasText: 'top.v' }).waitFor({ timeout: 15_000 });
  mark('edit and save');

  // 4. F12 on fifo: the other virtual file opens.
  const moduleName = editor.locator('.view-line', { hasText: /^\s*fifo\s+#\($/ }).locator('span span', { hasText: /^fifo$/ }).first();
  await moduleName.click();
  await page.keyboard.press('F12');
  await page.locator('.tab.active', { hasText: 'fifo.v' }).waitFor();
  const fifoEditor = page.locator('.editor-instance .monaco-editor').first();
  await fifoEditor.locator('.view-lines', { hasText: 'module fifo' }).waitFor();
  await page.screenshot({ path: path.join(OUT, 'e2e-web-virtual.png') });
  mark('go to definition', 'fifo.v');

  // Closed again: fifo.v is open in no editor for the next step.
  await page.keyboard.press('Control+w');
  await page.locator('.tab.active', { hasText: 'top.v' }).waitFor();
  await editor.locator('.view-lines', { hasText: 'module top' }).waitFor();
  assert.equal(await editor.locator('.squiggly-error, .squiggly-warning').count(), 0, 'no problem before the change');

  // 5. A file no editor has open changes on the virtual file system (fifo becomes fifo_renamed):
  // RTLens reads it again (the client's file watcher sends it to the server), and top.v's
  // instance of fifo is now an unknown module.
  await runCommand(page, 'RTLens e2e: Rename Module fifo on Disk');
  await editor.locator('.squiggly-warning').first().waitFor({ timeout: 20_000 });
  // And top's estimate no longer counts a fifo it cannot find (hundreds of cells, not 1.4k).
  const fewer = editor.locator('.codelens-decoration', { hasText: /^~\d+ cells/ }).first();
  await fewer.waitFor({ timeout: 20_000 });
  await page.screenshot({ path: path.join(OUT, 'e2e-web-virtual-changed.png') });
  mark('a change on disk', `top.v: fifo is now an unknown module; ${JSON.stringify((await fewer.innerText()).trim())}`);

  console.log(`web virtual workspace scenario passed in ${Math.round(performance.now() - t0)} ms: ${JSON.stringify(timings)}`);
} catch (error) {
  exitCode = 1;
  await reportFailure(error, { page, server, name: 'web-virtual' });
}
clearTimeout(timer);
await cleanup();
process.exit(exitCode);
