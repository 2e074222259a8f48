import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type LspSession, startLsp, uri } from '../helpers/lspClient';

/**
 * Code lenses and inlay hints asked for while the workspace was still being indexed (a file open
 * at start) were computed from what had been read: seen in VS Code for the Web, the top module's
 * estimate without its submodules (7 cells against 1.4k synthesized) and registers of a header
 * macro's width shown as 1 bit. Once the index is complete the server asks the editor for them again.
 */
let dir: string;
let lsp: LspSession;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-refresh-'));
  fs.writeFileSync(path.join(dir, 'defs.vh'), '`define DW 16\n');
  fs.writeFileSync(path.join(dir, 'acc.v'), 'module acc (input clk, input [15:0] d, output reg [15:0] q);\n  always @(posedge clk) q <= q + d;\nendmodule\n');
  fs.writeFileSync(path.join(dir, 'top.v'), '`include "defs.vh"\nmodule top (input clk, input [`DW-1:0] d, output reg [`DW-1:0] r);\n  wire [`DW-1:0] s;\n  acc u_acc (.clk(clk), .d(d), .q(s));\n  always @(posedge clk) r <= s;\nendmodule\n');
  lsp = await startLsp(dir, {}, fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-refresh-storage-')));
});

after(async () => {
  await lsp?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('after indexing the server asks the editor for code lenses and inlay hints again', async () => {
  await lsp.waitFor('workspace/codeLens/refresh');
  await lsp.waitFor('workspace/inlayHint/refresh');
  const order = lsp.notifications.map((n) => n.method);
  assert.ok(order.indexOf('rtlens/indexed') < order.indexOf('workspace/codeLens/refresh'), 'the refresh follows the index');
});

test('asked again, the estimate counts the submodule and the header macro widths', async () => {
  const top = path.join(dir, 'top.v');
  await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(top), languageId: 'verilog', version: 1, text: fs.readFileSync(top, 'utf8') } });
  const lenses = (await lsp.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: uri(top) } })) as { command?: { title: string } }[];
  const title = lenses.map((l) => l.command?.title ?? '').find((t) => /cells/.test(t)) ?? '';
  const figure = /^~?([\d.]+)(k?) cells/.exec(title);
  const cells = Number(figure?.[1] ?? 0) * (figure?.[2] ? 1000 : 1);
  // acc's 16 registers and 16-bit adder, and top's own 16 registers: well over the 16 cells of top alone.
  assert.ok(cells > 40, `top's estimate counts u_acc: ${title}`);
  const spots = (await lsp.connection.sendRequest('rtlens/ppaHotspots', { uri: uri(top) })) as { area: { label: string }[] };
  const register = spots.area.find((a) => a.label.startsWith("register 'r'"));
  assert.match(register?.label ?? JSON.stringify(spots.area.map((a) => a.label)), /16 bits/);
});

test('a file changed on disk makes the server ask for code lenses again', async () => {
  const count = () => lsp.notifications.filter((n) => n.method === 'workspace/codeLens/refresh').length;
  const before = count();
  const acc = path.join(dir, 'acc.v');
  fs.writeFileSync(acc, fs.readFileSync(acc, 'utf8').replace('q + d', 'q - d'));
  await lsp.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(acc), type: 2 }] });
  for (let i = 0; i < 100 && count() === before; i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(count() > before, 'a refresh after the change');
});
