import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type LspSession, startLsp, uri } from '../helpers/lspClient';

/**
 * The language server over stdio, driven as an editor drives it: a small workspace on disk,
 * documents opened and edited, every feature asked for across files.
 */
let dir: string;
let storage: string;
let lsp: LspSession;

const FILES: Record<string, string> = {
  'rtl/defs.vh': '`ifndef DEFS_VH\n`define DEFS_VH\n`define DATA_W 8\n`endif\n',
  'rtl/sub.v': '// Registers its input.\nmodule sub #(parameter N = 4) (\n  input clk,\n  input [N-1:0] x,\n  output reg [N-1:0] y\n);\n  always @(posedge clk) y <= x;\nendmodule\n',
  'rtl/top.v': '`include "defs.vh"\nmodule top (input clk, input [`DATA_W-1:0] a, output [`DATA_W-1:0] q);\n  sub #(.N(`DATA_W)) u_sub (.clk(clk), .x(a), .y(q));\nendmodule\n',
};

function pos(file: string, needle: string, delta = 0) {
  const text = FILES[file];
  const offset = text.indexOf(needle) + delta;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

const doc = (file: string) => ({ textDocument: { uri: uri(path.join(dir, file)) } });

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-lsp-'));
  storage = fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-storage-'));
  for (const [name, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  lsp = await startLsp(dir, {}, storage);
  await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(path.join(dir, 'rtl/top.v')), languageId: 'verilog', version: 1, text: FILES['rtl/top.v'] } });
});

after(async () => {
  await lsp?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(storage, { recursive: true, force: true });
});

test('indexing reports the workspace and writes the disk cache', async () => {
  const stats = await lsp.waitFor('rtlens/indexed');
  assert.equal(stats.files, 3);
  assert.ok(fs.readdirSync(storage).some((f) => f.startsWith('index-')));
});

test('diagnostics: a clean file has none', async () => {
  const published = await lsp.waitFor('textDocument/publishDiagnostics', (p) => p.uri.endsWith('top.v'));
  assert.deepEqual(published.diagnostics.filter((d: { severity: number }) => d.severity <= 2), []);
});

test('definition across files: instance -> module, .port -> port, macro -> define', async () => {
  const toModule = await lsp.connection.sendRequest('textDocument/definition', { ...doc('rtl/top.v'), position: pos('rtl/top.v', 'sub #', 1) });
  assert.deepEqual((toModule as any[]).map((l) => [l.uri.endsWith('rtl/sub.v'), l.range.start.line]), [[true, 1]]);
  const toPort = await lsp.connection.sendRequest('textDocument/definition', { ...doc('rtl/top.v'), position: pos('rtl/top.v', '.x(', 1) });
  assert.deepEqual((toPort as any[]).map((l) => [l.uri.endsWith('rtl/sub.v'), l.range.start.line]), [[true, 3]]);
  const toMacro = await lsp.connection.sendRequest('textDocument/definition', { ...doc('rtl/top.v'), position: pos('rtl/top.v', 'DATA_W-1', 2) });
  assert.deepEqual((toMacro as any[]).map((l) => [l.uri.endsWith('rtl/defs.vh'), l.range.start.line]), [[true, 2]]);
});

test('hover on a module name: the PPA headline above the signature, the details below it', async () => {
  await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(path.join(dir, 'rtl/sub.v')), languageId: 'verilog', version: 1, text: FILES['rtl/sub.v'] } });
  const hover = (await lsp.connection.sendRequest('textDocument/hover', { ...doc('rtl/sub.v'), position: pos('rtl/sub.v', 'sub #', 1) })) as any;
  const value: string = hover.contents.value;
  const headline = value.indexOf('**sub** on `generic`');
  const signature = value.indexOf('module sub');
  const details = value.indexOf('Estimate from the data-flow graph');
  assert.ok(headline === 0 && headline < signature && signature < details, value);
});

test('hover: port declaration and macro expansion', async () => {
  const port = (await lsp.connection.sendRequest('textDocument/hover', { ...doc('rtl/top.v'), position: pos('rtl/top.v', '.y(', 1) })) as any;
  assert.match(port.contents.value, /output reg \[N-1:0\] y/);
  const macro = (await lsp.connection.sendRequest('textDocument/hover', { ...doc('rtl/top.v'), position: pos('rtl/top.v', 'DATA_W-1', 1) })) as any;
  assert.match(macro.contents.value, /`define DATA_W 8/);
});

test('references of a port reach the instance in another file', async () => {
  const refs = (await lsp.connection.sendRequest('textDocument/references', { ...doc('rtl/sub.v'), position: pos('rtl/sub.v', 'x,', 0), context: { includeDeclaration: true } })) as any[];
  const where = refs.map((r) => `${path.basename(r.uri)}:${r.range.start.line}`).sort();
  assert.deepEqual(where, ['sub.v:3', 'sub.v:6', 'top.v:2']);
});

test('rename of a module renames every instance', async () => {
  const edit = (await lsp.connection.sendRequest('textDocument/rename', { ...doc('rtl/top.v'), position: pos('rtl/top.v', 'sub #', 0), newName: 'sub2' })) as any;
  const files = Object.keys(edit.changes).map((u) => path.basename(u)).sort();
  assert.deepEqual(files, ['sub.v', 'top.v']);
});

test('document symbols, workspace symbols, completion, signature help, folding, semantic tokens', async () => {
  const symbols = (await lsp.connection.sendRequest('textDocument/documentSymbol', doc('rtl/top.v'))) as any[];
  assert.equal(symbols[0].name, 'top');
  assert.ok(symbols[0].children.some((c: any) => c.name === 'u_sub'));
  const ws = (await lsp.connection.sendRequest('workspace/symbol', { query: 'sub' })) as any[];
  assert.ok(ws.some((s) => s.name === 'sub'));
  const items = ((await lsp.connection.sendRequest('textDocument/completion', { ...doc('rtl/top.v'), position: pos('rtl/top.v', 'a), .y', 0) })) as any).items as any[];
  assert.ok(items.some((i) => i.label === 'clk'));
  const help = (await lsp.connection.sendRequest('textDocument/signatureHelp', { ...doc('rtl/top.v'), position: pos('rtl/top.v', 'a), .y', 0) })) as any;
  assert.equal(help.activeParameter, 1);
  const folds = (await lsp.connection.sendRequest('textDocument/foldingRange', doc('rtl/sub.v'))) as any[];
  assert.ok(folds.length >= 1);
  const tokens = (await lsp.connection.sendRequest('textDocument/semanticTokens/full', doc('rtl/top.v'))) as any;
  assert.ok(tokens.data.length > 0);
});

test('an edit that breaks the file yields diagnostics; fixing it clears them', async () => {
  const u = uri(path.join(dir, 'rtl/top.v'));
  await lsp.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: u, version: 2 },
    contentChanges: [{ range: { start: pos('rtl/top.v', 'endmodule'), end: pos('rtl/top.v', 'endmodule') }, text: '  nothere u_x (.a(clk));\n  wire extra = undeclared_sig;\n' }],
  });
  const broken = await lsp.waitFor('textDocument/publishDiagnostics', (p) => p.uri === u && p.diagnostics.length > 0);
  const codes = broken.diagnostics.filter((d: any) => d.severity <= 2).map((d: any) => d.code).sort();
  assert.deepEqual(codes, ['undeclared-identifier', 'unknown-module']);
  await lsp.connection.sendNotification('textDocument/didChange', { textDocument: { uri: u, version: 3 }, contentChanges: [{ text: FILES['rtl/top.v'] }] });
  await lsp.waitFor('textDocument/publishDiagnostics', (p) => p.uri === u && p.diagnostics.length === 0);
});

test('requests on garbage never fail the server', async () => {
  const u = uri(path.join(dir, 'rtl/garbage.v'));
  await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: u, languageId: 'verilog', version: 1, text: '\u0000module `ifdef (((\n/* never closed' } });
  for (const method of ['textDocument/hover', 'textDocument/definition', 'textDocument/completion', 'textDocument/references']) {
    await lsp.connection.sendRequest(method, { textDocument: { uri: u }, position: { line: 0, character: 3 }, context: { includeDeclaration: true } });
  }
  const status = (await lsp.connection.sendRequest('rtlens/status')) as any;
  assert.ok(status.files >= 3);
});

test('search, find similar and the context pack over the protocol', async () => {
  const answer = (await lsp.connection.sendRequest('rtlens/search', { query: 'module that registers its input', k: 5 })) as any;
  assert.ok(answer.hits.length > 0, JSON.stringify(answer));
  const first = answer.hits[0];
  assert.equal(first.module, 'sub');
  assert.equal(first.uri, uri(path.join(dir, 'rtl/sub.v')));
  assert.deepEqual(first.range.start, { line: 1, character: 0 }, '0-based LSP range of the module');
  assert.equal(typeof answer.partial, 'boolean');
  const signals = (await lsp.connection.sendRequest('rtlens/search', { query: 'y', granularity: 'signal' })) as any;
  assert.ok(signals.hits.every((h: any) => h.granularity === 'signal'));
  const empty = (await lsp.connection.sendRequest('rtlens/search', { query: '' })) as any;
  assert.deepEqual(empty.hits, []);
  assert.match(empty.message, /Empty query/);
  const pack = (await lsp.connection.sendRequest('rtlens/contextPack', { key: first.key })) as any;
  assert.match(pack.markdown, /^# module sub/);
  assert.match(pack.markdown, /`top` as `u_sub`/);
  const similar = (await lsp.connection.sendRequest('rtlens/findSimilar', { ...doc('rtl/top.v'), position: pos('rtl/top.v', 'module top', 8) })) as any;
  assert.ok(Array.isArray(similar.hits) && similar.hits.every((h: any) => h.module !== 'top' || h.granularity !== 'module'));
  assert.match(similar.message, /Similar to module top/);
});

test('the design script over the protocol: the whole design under a top as Yosys commands; an unknown top is a message', async () => {
  const answer = (await lsp.connection.sendRequest('rtlens/designScript', { top: 'top' })) as any;
  assert.equal(answer.top, 'top');
  assert.deepEqual(answer.withRecipe, [], 'no recipes saved in this workspace');
  assert.match(answer.script, /\nhierarchy -top top\nsynth -top top -noabc\ndfflibmap -liberty rtlens_generic\.lib\n/);
  assert.match(answer.script, /read_verilog -sv .*rtl\/sub\.v/);
  assert.match(answer.script, /\nabc -liberty rtlens_generic\.lib\nopt_clean\nstat -liberty rtlens_generic\.lib\n$/);
  const missing = (await lsp.connection.sendRequest('rtlens/designScript', { top: 'nowhere' })) as any;
  assert.match(missing.error, /no module named 'nowhere'/);
  const none = (await lsp.connection.sendRequest('rtlens/designScript', {})) as any;
  assert.match(none.error, /name the top module/);
});
