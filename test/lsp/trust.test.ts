import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type LspSession, startLsp, uri } from '../helpers/lspClient';

/**
 * Workspace trust: a client that says the folder is not trusted gets navigation, diagnostics
 * and estimates, and a clear refusal for everything that synthesizes, until it says the folder
 * is trusted (VS Code's limited mode, package.json capabilities.untrustedWorkspaces).
 */
let dir: string;
let lsp: LspSession;

const DECODER = 'module dec (input [1:0] s, input a, input b, output reg y);\n  always @* begin\n    case (s)\n      2\'d0: y = a;\n      2\'d1: y = b;\n    endcase\n  end\nendmodule\n';

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-trust-'));
  fs.writeFileSync(path.join(dir, 'dec.v'), DECODER);
  lsp = await startLsp(dir, {}, fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-trust-storage-')), {}, { trusted: false });
  await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(path.join(dir, 'dec.v')), languageId: 'verilog', version: 1, text: DECODER } });
});

after(async () => {
  await lsp?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('untrusted: estimates and navigation answer, synthesis, recipes and checks refuse with why', async () => {
  const lenses = (await lsp.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: uri(path.join(dir, 'dec.v')) } })) as unknown[];
  assert.ok(lenses.length > 0, 'the PPA estimate lens is there');
  const symbols = (await lsp.connection.sendRequest('workspace/symbol', { query: 'dec' })) as { name: string }[];
  assert.deepEqual(symbols.map((s) => s.name), ['dec']);
  const synth = (await lsp.connection.sendRequest('rtlens/synthesize', { module: 'dec' })) as { error?: string; running?: boolean };
  assert.match(synth.error ?? '', /only in a trusted workspace/);
  const recipe = (await lsp.connection.sendRequest('rtlens/recommendRecipe', { module: 'dec' })) as { error?: string };
  assert.match(recipe.error ?? '', /only in a trusted workspace/);
  const audit = (await lsp.connection.sendRequest('rtlens/auditSuggestions', { check: true })) as { error?: string; rows: { check?: unknown }[]; counts: { found: number; checked: number } };
  assert.match(audit.error ?? '', /only in a trusted workspace/);
  assert.ok(audit.counts.found >= 1, 'the candidates are still found');
  assert.equal(audit.counts.checked, 0);
  assert.ok(audit.rows.every((r) => r.check === undefined));
});

test('once the client says the folder is trusted, synthesis starts', async () => {
  await lsp.connection.sendNotification('rtlens/trust', { trusted: true });
  const synth = (await lsp.connection.sendRequest('rtlens/synthesize', { module: 'dec' })) as { error?: string; running?: boolean; result?: unknown };
  assert.doesNotMatch(synth.error ?? '', /trusted workspace/);
  assert.ok(synth.running || synth.result || synth.error, 'an answer of synthesis itself');
});
