import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type LspSession, startLsp } from '../helpers/lspClient';

/**
 * The first search of a session, before the search index has read every file: a partial answer
 * that says what it is missing, then (asked again, as the Search view does) the complete one.
 */
let dir: string;
let lsp: LspSession;
const FILES = 300;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-partial-'));
  for (let i = 0; i < FILES; i++) fs.writeFileSync(path.join(dir, `unit_${i}.v`), `// Stage ${i} of the pipeline.\nmodule unit_${i} (input clk, input [7:0] d, output reg [7:0] q);\n  always @(posedge clk) q <= d + 8'd${i % 200};\nendmodule\n`);
  fs.writeFileSync(path.join(dir, 'zz_uart.v'), '// Serial transmitter: shifts a byte out at the baud rate.\nmodule zz_uart_tx (input clk, input [7:0] data, input start, output reg txd);\n  reg [9:0] shift;\n  always @(posedge clk) if (start) shift <= {1\'b1, data, 1\'b0}; else shift <= shift >> 1;\n  always @(posedge clk) txd <= shift[0];\nendmodule\n');
  lsp = await startLsp(dir, {}, fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-partial-storage-')));
});

after(async () => {
  await lsp?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a partial answer says how much is left, and asking again completes it', async () => {
  type Answer = { hits: { module: string }[]; partial: boolean; message?: string };
  const first = (await lsp.connection.sendRequest('rtlens/search', { query: 'pipeline stage register', k: 5 })) as Answer;
  assert.equal(first.partial, true);
  assert.match(first.message ?? '', /^\d+ files still to read for search: results cover the others so far\.$/);
  let answer = first;
  for (let i = 0; i < 100 && answer.partial; i++) {
    await new Promise((r) => setTimeout(r, 100));
    answer = (await lsp.connection.sendRequest('rtlens/search', { query: 'serial transmitter that shifts a byte out', k: 5 })) as Answer;
  }
  assert.equal(answer.partial, false);
  assert.equal(answer.hits[0]?.module, 'zz_uart_tx', 'the last file read is found once complete');
});
