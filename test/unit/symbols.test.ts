import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documentSymbols, foldingRanges, semanticTokens, workspaceSymbols } from '../../server/src/ide';
import { fixtureWorkspace } from '../helpers/fixture';

test('outline: module > parameters, ports, signals, blocks, instances, functions', async () => {
  const { snapshot, fixture } = await fixtureWorkspace(`//- /top.v
module top #(parameter W = 4) (input clk, output [W-1:0] q);
  reg [W-1:0] r;
  always @(posedge clk) r <= r + 1;
  assign q = r;
  sub u_sub ();
  function f; input a; f = a; endfunction
endmodule
//- /sub.v
module sub; endmodule
`);
  const symbols = documentSymbols(snapshot, fixture.main);
  assert.equal(symbols.length, 1);
  assert.equal(symbols[0].name, 'top');
  assert.deepEqual(symbols[0].children!.map((c) => c.name), ['W', 'clk', 'q', 'r', 'always', 'assign', 'u_sub', 'f']);
  const ws = workspaceSymbols(snapshot, 'sub', (p) => p);
  assert.ok(ws.some((s) => s.name === 'sub' && s.location.uri === '/ws/sub.v'));
  assert.ok(ws.some((s) => s.name === 'u_sub'));
});

test('folding covers modules, blocks and ifdef regions', async () => {
  const { snapshot, fixture } = await fixtureWorkspace('module m;\n  always @* begin\n    x = 1;\n  end\n`ifdef A\n  wire a;\n  wire b;\n`endif\nendmodule\n');
  const ranges = foldingRanges(snapshot, fixture.main).map((r) => `${r.startLine}-${r.endLine}${r.kind ? ' ' + r.kind : ''}`);
  assert.ok(ranges.includes('0-7'), ranges.join());
  assert.ok(ranges.includes('1-2'), ranges.join());
  assert.ok(ranges.includes('4-7 region'), ranges.join());
});

test('semantic tokens tell ports, parameters and modules apart', async () => {
  const { snapshot, fixture } = await fixtureWorkspace('//- /top.v\nmodule top(input clk); localparam P = 1; sub u (.a(clk)); endmodule\n//- /sub.v\nmodule sub(input a); endmodule\n');
  const data = semanticTokens(snapshot, fixture.main).data;
  assert.equal(data.length % 5, 0);
  assert.ok(data.length / 5 >= 5);
});
