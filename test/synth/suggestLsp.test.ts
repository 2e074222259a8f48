import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { WorkDoneProgress } from 'vscode-languageserver-protocol';
import type { CodeAction } from 'vscode-languageserver-types';
import type { AuditAnswer, CheckSuggestionResult, SuggestionView } from '../../protocol';
import { type LspSession, startLsp, uri } from '../helpers/lspClient';

/**
 * PPA-aware suggestions through the language server (slow: real Yosys + ABC): a code action
 * from the estimate, the check with progress on the client's token, the action's title then
 * carrying the synthesized figures and the proof, nothing for a file that changed, and
 * cancellation.
 */
let dir: string;
let lsp: LspSession;
const COUNTER = `module tick(input clk, input rst, input en, output tick);
  reg [15:0] count;
  always @(posedge clk)
    if (rst) count <= 16'd0;
    else if (en) count <= (count == 16'd9) ? 16'd0 : count + 16'd1;
  assign tick = en && count == 16'd9;
endmodule
`;
const file = () => path.join(dir, 'tick.v');
// A data register in its valid flag's asynchronous-reset block, read only under the flag: the
// estimate does not see a reset's cost, synthesis does.
const BUFFER = `module lsu_buf(input logic clk, input logic rst_n, input logic req, input logic [31:0] wdata, output logic [31:0] q);
  logic        busy_q;
  logic [31:0] data_q;
  always_ff @(posedge clk or negedge rst_n) begin
    if (~rst_n) begin
      busy_q <= 1'b0;
      data_q <= '0;
    end else if (req) begin
      busy_q <= 1'b1;
      data_q <= wdata;
    end else begin
      busy_q <= 1'b0;
    end
  end
  assign q = busy_q ? data_q : 32'd0;
endmodule
`;
const bufferFile = () => path.join(dir, 'lsu_buf.sv');

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-suggest-lsp-'));
  fs.writeFileSync(file(), COUNTER);
  fs.writeFileSync(bufferFile(), BUFFER);
  lsp = await startLsp(dir, { ppa: { synthesizeOnSave: false } });
  await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(file()), languageId: 'verilog', version: 1, text: COUNTER } });
});
after(async () => {
  await lsp.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const actions = (only?: string[]) =>
  lsp.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: uri(file()) }, range: { start: { line: 0, character: 0 }, end: { line: 7, character: 0 } }, context: { diagnostics: [], ...(only ? { only } : {}) } }) as Promise<CodeAction[]>;

test('a code action from the estimate, a proven check with progress, then the synthesized figures in its title', { timeout: 120_000 }, async () => {
  const first = (await actions()).filter((a) => a.title.startsWith('RTLens:'));
  const narrow = first.find((a) => /Narrow counter 'count' from 16 to 4 bits/.test(a.title));
  assert.ok(narrow, first.map((a) => a.title).join('\n'));
  assert.equal(narrow.kind, 'refactor.rewrite');
  assert.match(narrow.title, /estimated area −\d+%/);
  assert.match(narrow.title, /to be proven/);
  assert.equal(narrow.edit, undefined, 'choosing it never edits by itself');
  assert.equal(narrow.command?.command, 'rtlens.suggestion.review');
  const view = narrow.command!.arguments![0] as SuggestionView;
  assert.equal(view.version, 1);
  assert.deepEqual(view.edits.map((e) => e.newText), ['[3:0]', "4'd0", "4'd9", "4'd0", "4'd1"], 'the declaration and the literals of its assignments');
  assert.deepEqual((await actions(['quickfix'])).filter((a) => a.title.startsWith('RTLens:')), [], 'not a quick fix');

  const seen: unknown[] = [];
  lsp.connection.onProgress(WorkDoneProgress.type, 'suggest-1', (v) => seen.push(v));
  const check = (await lsp.connection.sendRequest('rtlens/checkSuggestion', { uri: view.uri, id: view.id, workDoneToken: 'suggest-1' })) as CheckSuggestionResult;
  assert.equal(check.proof?.status, 'proven', check.summary);
  assert.equal(check.offered, true);
  assert.equal(check.before!.ffs - check.after!.ffs, 12);
  assert.ok(seen.some((v) => (v as { kind: string }).kind === 'begin') && seen.some((v) => (v as { kind: string }).kind === 'end'));

  const again = (await actions()).find((a) => a.title.includes("Narrow counter 'count'"));
  assert.ok(again);
  assert.match(again.title, /synthesized area −\d+%.*proven equivalent/);
});

test('a suggestion for text that has since changed is not checked', { timeout: 60_000 }, async () => {
  const view = (await actions()).find((a) => a.title.includes("Narrow counter 'count'"))!.command!.arguments![0] as SuggestionView;
  const edited = COUNTER.replace('16\'d9) ?', '16\'d11) ?');
  await lsp.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri(file()), version: 2 }, contentChanges: [{ text: edited }] });
  const check = (await lsp.connection.sendRequest('rtlens/checkSuggestion', { uri: view.uri, id: view.id })) as CheckSuggestionResult;
  assert.equal(check.offered, false);
  assert.match(check.error ?? '', /changed/);
  await lsp.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri(file()), version: 3 }, contentChanges: [{ text: COUNTER }] });
});

test('cancelling a check answers cancelled', { timeout: 60_000 }, async () => {
  const text = COUNTER.replace('count + 16\'d1', 'count + 16\'d1 ');
  await lsp.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri(file()), version: 4 }, contentChanges: [{ text }] });
  const view = (await actions()).find((a) => a.title.includes("Narrow counter 'count'"))!.command!.arguments![0] as SuggestionView;
  const source = new CancellationTokenSource();
  const pending = lsp.connection.sendRequest('rtlens/checkSuggestion', { uri: view.uri, id: view.id }, source.token) as Promise<CheckSuggestionResult>;
  setTimeout(() => source.cancel(), 30);
  const answer = await pending.catch((error: Error) => ({ cancelled: true, error: error.message }) as unknown as CheckSuggestionResult);
  assert.equal(answer.cancelled, true, JSON.stringify(answer));
});

test('the workspace audit checks what the estimate misses, and its offered rewrites then show as code actions', { timeout: 240_000 }, async () => {
  await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(bufferFile()), languageId: 'systemverilog', version: 1, text: BUFFER } });
  const bufferActions = async () =>
    ((await lsp.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: uri(bufferFile()) }, range: { start: { line: 0, character: 0 }, end: { line: 16, character: 0 } }, context: { diagnostics: [] } })) as CodeAction[]).filter((a) => /Drop the reset of datapath register 'data_q'/.test(a.title));
  assert.deepEqual(await bufferActions(), [], 'the estimate shows no gain for a dropped reset: not shown before a check');
  const answer = (await lsp.connection.sendRequest('rtlens/auditSuggestions', { check: true })) as AuditAnswer;
  assert.equal(answer.error, undefined);
  assert.equal(answer.target, 'generic');
  const row = answer.rows.find((r) => r.module === 'lsu_buf' && r.kind === 'redundantReset');
  assert.ok(row, JSON.stringify(answer.rows.map((r) => r.title)));
  assert.equal(row.uri, uri(bufferFile()));
  assert.equal(row.line, 3);
  assert.equal(row.estimate.gain, false);
  assert.equal(row.check?.offered, true, row.check?.summary);
  assert.equal(row.check?.proof?.status, 'proven');
  assert.equal(answer.counts.refuted, 0);
  assert.equal(answer.counts.checked, answer.counts.found);
  assert.equal(answer.rows[0].check?.offered, true, 'offered rows first');
  const after = await bufferActions();
  assert.equal(after.length, 1);
  assert.match(after[0].title, /synthesized area −\d+(\.\d)?%.*proven equivalent/);
});
