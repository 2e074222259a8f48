import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type LspSession, startLsp, uri } from '../helpers/lspClient';

/**
 * Settings the server reads again after start (the editor's files.exclude beside rtlens.exclude),
 * and refusals that must reach the user with their reason (rename).
 */
let dir: string;
let lsp: LspSession;
const sections: Record<string, unknown> = { 'files.exclude': { '**/build': true, '**/old': false } };

const FILES: Record<string, string> = {
  'rtl/core.v': '`define W 4\nmodule core (input clk, input [`W-1:0] d, output reg [`W-1:0] q);\n  always @(posedge clk) q <= d;\nendmodule\n',
  'build/generated.v': 'module generated_copy (input a, output b);\n  assign b = a;\nendmodule\n',
  'old/legacy.v': 'module legacy_core (input a, output b);\n  assign b = ~a;\nendmodule\n',
};

const modules = async (query: string) => ((await lsp.connection.sendRequest('workspace/symbol', { query })) as { name: string }[]).map((s) => s.name).sort();

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-settings-'));
  for (const [name, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  lsp = await startLsp(dir, {}, fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-settings-storage-')), sections);
});

after(async () => {
  await lsp?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('files.exclude is honoured after the server reads its settings again, and a change to it re-indexes', async () => {
  // Read at start (initialized re-reads every setting): build/ is left out, old/ is in.
  assert.deepEqual(await modules('core'), ['core', 'legacy_core']);
  assert.deepEqual(await modules('generated'), []);
  // The user excludes old/ too: the server reads files.exclude again and drops what it had indexed there.
  sections['files.exclude'] = { '**/build': true, '**/old': true };
  const reindexed = lsp.notifications.filter((n) => n.method === 'rtlens/indexed').length;
  await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  await lsp.waitFor('rtlens/indexed', () => lsp.notifications.filter((n) => n.method === 'rtlens/indexed').length > reindexed);
  assert.deepEqual(await modules('core'), ['core']);
  // And back: switched off again, old/ returns.
  sections['files.exclude'] = { '**/build': true };
  const again = lsp.notifications.filter((n) => n.method === 'rtlens/indexed').length;
  await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  await lsp.waitFor('rtlens/indexed', () => lsp.notifications.filter((n) => n.method === 'rtlens/indexed').length > again);
  assert.deepEqual(await modules('core'), ['core', 'legacy_core']);
});

test('a refused rename reaches the client with its reason', async () => {
  const file = path.join(dir, 'rtl/core.v');
  await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(file), languageId: 'verilog', version: 1, text: FILES['rtl/core.v'] } });
  // On the macro name: prepareRename refuses, with why.
  await assert.rejects(lsp.connection.sendRequest('textDocument/prepareRename', { textDocument: { uri: uri(file) }, position: { line: 1, character: 32 } }), /Renaming macros is not supported yet/);
  // A new name that is not an identifier: the rename itself refuses, with why.
  await assert.rejects(lsp.connection.sendRequest('textDocument/rename', { textDocument: { uri: uri(file) }, position: { line: 1, character: 62 }, newName: '9bad' }), /'9bad' is not a Verilog identifier/);
  // A good rename still answers with its edit.
  const edit = (await lsp.connection.sendRequest('textDocument/rename', { textDocument: { uri: uri(file) }, position: { line: 1, character: 62 }, newName: 'q_out' })) as { changes: Record<string, unknown[]> };
  assert.equal(Object.values(edit.changes).flat().length, 2);
});
