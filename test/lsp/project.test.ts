import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { type LspSession, REPO_ROOT, startLsp, uri } from '../helpers/lspClient';

/**
 * The project configuration through the language server: the `rtlens.project` setting, the
 * `rtlens/project` notification the status bar shows, the candidates offered, problems as
 * diagnostics on the project file, and a project file that does not parse leaving the rest
 * of the workspace served.
 */
let dir: string;
let storage: string;
let lsp: LspSession;
const settings: Record<string, unknown> = { project: 'proj.f' };

const FILES: Record<string, string> = {
  'proj.f': '+incdir+inc_b\n+define+DEPTH=4\nrtl/top.sv\nrtl/missing.sv\n',
  'bad.core': 'CAPI=2:\nfilesets:\n  rtl:\n    files: [rtl/top.sv\n',
  'sub/Bender.yml': 'sources:\n  - ../rtl/top.sv\n',
  'inc_b/cfg.vh': '`define FAST\n',
  'inc_a/cfg.vh': '`define SLOW\n',
  'rtl/top.sv': '`include "cfg.vh"\nmodule top;\n`ifdef FAST\n  wire fast_w;\n`endif\n  localparam D = `DEPTH;\nendmodule\n',
};

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-project-'));
  storage = fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-storage-'));
  for (const [name, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  lsp = await startLsp(dir, settings, storage);
});

after(async () => {
  await lsp?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(storage, { recursive: true, force: true });
});

test('the configured filelist is used: status, candidates, and its absent file as a diagnostic on it', async () => {
  const status = await lsp.waitFor('rtlens/project', (p) => p.label === 'proj.f');
  assert.equal(status.kind, 'filelist');
  assert.equal(status.files, 2);
  assert.equal(status.absent, 1);
  assert.equal(status.includeDirs, 1);
  assert.equal(status.defines, 1);
  assert.equal(status.problems, 1);
  assert.match(status.message, /proj\.f:4: file not found: rtl\/missing\.sv/);
  assert.deepEqual(status.candidates.map((c: string) => path.relative(dir, c)), ['bad.core', 'proj.f', path.join('sub', 'Bender.yml')]);
  const diagnostics = await lsp.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri(path.join(dir, 'proj.f')));
  assert.deepEqual(diagnostics.diagnostics.map((d: { range: { start: { line: number } }; message: string }) => [d.range.start.line, d.message]), [[3, 'file not found: rtl/missing.sv']]);
  const asked = await lsp.connection.sendRequest('rtlens/projectStatus');
  assert.equal((asked as { label: string }).label, 'proj.f');
});

test("the project's include folder and macros reach the editor's document", async () => {
  const file = path.join(dir, 'rtl/top.sv');
  await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(file), languageId: 'systemverilog', version: 1, text: FILES['rtl/top.sv'] } });
  const symbols = (await lsp.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: uri(file) } })) as { name: string; children?: { name: string }[] }[];
  const top = symbols.find((s) => s.name === 'top');
  assert.ok(top?.children?.some((c) => c.name === 'fast_w'), 'cfg.vh came from the project include folder (inc_b/, not inc_a/ which the name match alone would pick), so FAST is defined');
  const diagnostics = await lsp.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri(file));
  assert.ok(!diagnostics.diagnostics.some((d: { code?: string }) => d.code === 'undefined-macro'), 'DEPTH comes from the filelist');
});

test('a core file that does not parse: one problem, the rest of the workspace still served; then no project', async () => {
  settings.project = 'bad.core';
  await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  const status = await lsp.waitFor('rtlens/project', (p) => p.label === 'bad.core');
  assert.equal(status.kind, 'fusesoc');
  assert.equal(status.problems, 1);
  assert.match(status.message, /cannot read bad\.core: unclosed '\['/);
  const cleared = await lsp.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri(path.join(dir, 'proj.f')) && p.diagnostics.length === 0);
  assert.deepEqual(cleared.diagnostics, []);
  const hover = await lsp.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: uri(path.join(dir, 'rtl/top.sv')) } });
  assert.ok(Array.isArray(hover) && hover.length > 0);
  settings.project = '';
  await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  const none = await lsp.waitFor('rtlens/project', (p) => p.label === 'no project file');
  assert.equal(none.path, undefined);
  assert.equal(none.candidates.length, 3);
});

test('the command line: --project reads the filelist, reports its problems on stderr, and refuses a missing file', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/rtlens.js'), ...args], { encoding: 'utf8', timeout: 60000 });
  const withProject = run('check', dir, '--json', '--project', path.join(dir, 'proj.f'), '--workers', '1');
  assert.equal(withProject.status, 0, withProject.stderr);
  assert.equal(withProject.stderr.trim(), 'rtlens: proj.f:4: file not found: rtl/missing.sv');
  const without = run('check', dir, '--json', '--workers', '1');
  // The filelist defines DEPTH; without it the macro is undefined in rtl/top.sv.
  const undefinedMacros = (out: string) => (out.match(/undefined-macro/g) ?? []).length;
  assert.equal(undefinedMacros(withProject.stdout), 0);
  assert.ok(undefinedMacros(without.stdout) > 0, without.stdout);
  const missing = run('index', dir, '--project', path.join(dir, 'nothere.f'));
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /no project file .*nothere\.f/);
});
