import { test } from 'node:test';
import assert from 'node:assert/strict';
import { definition } from '../../server/src/ide';
import { fixtureWorkspace } from '../helpers/fixture';

const uri = (p: string) => `file://${p}`;

async function check(source: string, expected: string | undefined): Promise<void> {
  const { snapshot, cursor } = await fixtureWorkspace(source);
  const result = definition(snapshot, cursor.path, cursor.offset, uri);
  if (expected === undefined) {
    assert.deepEqual(result, []);
    return;
  }
  assert.equal(result.length >= 1, true, 'expected a definition');
  const [path, text] = expected.split('#');
  const target = result[0];
  assert.equal(target.uri, uri(path));
  const lines = snapshot.text(path)!.split('\n');
  const { start, end } = target.range;
  assert.equal(lines[start.line].slice(start.character, end.character), text);
}

const FILES = `
//- /rtl/sub.v
module sub #(parameter N = 4) (input [N-1:0] x, output [N-1:0] y);
  assign y = x;
endmodule
//- /rtl/defs.vh
\`define W 8
//- /rtl/pkg.sv
package pkg;
  parameter int DEPTH = 16;
endpackage
`;

test('instance -> module in another file', () => check(`//- /rtl/top.v\nmodule top; s$0ub u (.x(), .y()); endmodule\n${FILES}`, '/ws/rtl/sub.v#sub'));
test('named connection -> port of the instantiated module', () => check(`//- /rtl/top.v\nmodule top; wire [3:0] a; sub u (.$0x(a), .y()); endmodule\n${FILES}`, '/ws/rtl/sub.v#x'));
test('parameter override -> parameter', () => check(`//- /rtl/top.v\nmodule top; sub #(.N$0(4)) u (.x(), .y()); endmodule\n${FILES}`, '/ws/rtl/sub.v#N'));
test('identifier -> local declaration', () => check(`//- /rtl/top.v\nmodule top; wire abc; assign abc = 1'b0; wire d = a$0bc; endmodule\n${FILES}`, '/ws/rtl/top.v#abc'));
test('identifier -> port declaration', () => check(`//- /rtl/top.v\nmodule top(input clk); always @(posedge c$0lk) ; endmodule\n${FILES}`, '/ws/rtl/top.v#clk'));
test('macro -> define in an included file', () => check(`//- /rtl/top.v\n\`include "defs.vh"\nmodule top; wire [\`W$0-1:0] a; endmodule\n${FILES}`, '/ws/rtl/defs.vh#W'));
test('include -> file', async () => {
  const { snapshot, cursor } = await fixtureWorkspace(`//- /rtl/top.v\n\`include "de$0fs.vh"\nmodule top; endmodule\n${FILES}`);
  assert.equal(definition(snapshot, cursor.path, cursor.offset, uri)[0].uri, uri('/ws/rtl/defs.vh'));
});
test('package item through ::', () => check(`//- /rtl/top.v\nmodule top; localparam D = pkg::DEP$0TH; endmodule\n${FILES}`, '/ws/rtl/pkg.sv#DEPTH'));
test('imported package item by plain name', () => check(`//- /rtl/top.v\nmodule top import pkg::*; (); localparam D = DEP$0TH; endmodule\n${FILES}`, '/ws/rtl/pkg.sv#DEPTH'));
test('instance member a.b -> port of the instance module', () => check(`//- /rtl/top.v\nmodule top; sub u (.x(), .y()); wire [3:0] q = u.y$0; endmodule\n${FILES}`, '/ws/rtl/sub.v#y'));
test('function call -> function', () => check(`//- /rtl/top.v\nmodule top; function [3:0] inc(input [3:0] v); inc = v + 1; endfunction\n wire [3:0] r = in$0c(4'd1); endmodule\n${FILES}`, '/ws/rtl/top.v#inc'));
test('unknown name has no definition', () => check(`//- /rtl/top.v\nmodule top; wire d = nope$0; endmodule\n${FILES}`, undefined));
test('include found by its path suffix anywhere in the workspace', () => check(`//- /rtl/top.v\n\`include "inc/deep.vh"\nmodule top; wire [\`D$0W:0] a; endmodule\n//- /other/inc/deep.vh\n\`define DW 3\n`, '/ws/other/inc/deep.vh#DW'));
test('loop variable -> its for header', () => check(`//- /rtl/top.v\nmodule top(output logic [3:0] y); always_comb for (int k = 0; k < 4; k++) y[k$0] = 1'b0; endmodule\n`, '/ws/rtl/top.v#k'));
test('function local -> its declaration', () => check(`//- /rtl/top.v\nmodule top; function automatic int f(int a); int s; s = a + 1; return s$0; endfunction endmodule\n`, '/ws/rtl/top.v#s'));
test('task argument -> the argument', () => check(`//- /rtl/top.v\nmodule top; task automatic wait_for(input int cycles); repeat (cyc$0les) #1; endtask endmodule\n`, '/ws/rtl/top.v#cycles'));

test('a name after a comment that ends with a dot is a plain use, not a member', () =>
  check(
    `//- /rtl/top.v
module top (input clk);
  reg req;
  always @(posedge clk) begin
    // Acknowledged, so deassert.
    r$0eq <= 1'b0;
  end
endmodule
`,
    '/ws/rtl/top.v#req',
  ));

test('a name after a line comment that ends with :: is a plain use, not a package member', () =>
  check(`//- /rtl/top.v\nmodule top; wire req; wire d = // from pkg::\n  r$0eq; endmodule\n`, '/ws/rtl/top.v#req'));

test('a bin name declares itself; a cross names the coverpoints its covergroup declares', async () => {
  await check(
    `//- /rtl/tb.sv
module tb (input clk, input [1:0] sel);
  covergroup cg @(posedge clk);
    sel_cp: coverpoint sel { bins idle = {0}; ignore_bins inv$0alid = {3}; }
  endgroup
endmodule
`,
    '/ws/rtl/tb.sv#invalid',
  );
  await check(
    `//- /rtl/tb.sv
module tb (input clk, input [1:0] sel, a);
  covergroup cg @(posedge clk);
    sel_cp: coverpoint sel;
    a_cp: coverpoint a;
    x: cross se$0l_cp, a_cp;
  endgroup
endmodule
`,
    '/ws/rtl/tb.sv#sel_cp',
  );
});
