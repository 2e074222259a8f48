import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileProblems } from '../../server/src/ide';
import { fixtureWorkspace } from '../helpers/fixture';

/** Graph-based diagnostics: each one with cases that must fire and cases that must not. */
const GRAPH_CODES = new Set(['width-mismatch', 'multiple-drivers', 'undriven-signal', 'unused-signal', 'inferred-latch', 'combinational-loop', 'blocking-in-sequential', 'nonblocking-in-combinational', 'clock-domain-crossing']);

async function codes(source: string): Promise<string[]> {
  const { snapshot, fixture } = await fixtureWorkspace(source);
  const text = snapshot.text(fixture.main)!;
  return fileProblems(snapshot, fixture.main)
    .filter((p) => GRAPH_CODES.has(p.code))
    .map((p) => `${p.code}:${text.slice(p.span.start, p.span.end).split('\n')[0]}`);
}

test('multiple drivers: two always blocks, or assign plus always', async () => {
  assert.deepEqual(await codes('module m(input clk, input a, b, output reg q);\n  always @(posedge clk) q <= a;\n  always @(posedge clk) q <= b;\nendmodule\n'), ["multiple-drivers:q <= b"]);
  assert.deepEqual(await codes('module m(input a, b, output w);\n  assign w = a;\n  assign w = b;\nendmodule\n'), ['multiple-drivers:w = b']);
});
test('multiple drivers: silent for different bits, exclusive generate branches and initial blocks', async () => {
  assert.deepEqual(await codes('module m(input a, b, output [1:0] w);\n  assign w[0] = a;\n  assign w[1] = b;\nendmodule\n'), []);
  assert.deepEqual(await codes('module m #(parameter P = 1) (input a, b, output w);\n  if (P) begin : g1 assign w = a; end else begin : g2 assign w = b; end\nendmodule\n'), []);
  assert.deepEqual(await codes('module m(input clk, input a, output reg q);\n  initial q = 1\'b0;\n  always @(posedge clk) q <= a;\nendmodule\n'), []);
});

test('inferred latch: incomplete if and case in a combinational block', async () => {
  assert.deepEqual(await codes('module m(input en, input d, output reg q);\n  always @* if (en) q = d;\nendmodule\n'), ['inferred-latch:q = d']);
  assert.deepEqual(await codes('module m(input [1:0] s, input d, output reg q);\n  always_comb case (s) 2\'d0: q = d; 2\'d1: q = ~d; endcase\nendmodule\n'), ['inferred-latch:q = d']);
});
test('inferred latch: silent with a default, a full else, a default case item, always_latch or a clock', async () => {
  assert.deepEqual(await codes('module m(input en, input d, output reg q);\n  always @* begin q = 1\'b0; if (en) q = d; end\nendmodule\n'), []);
  assert.deepEqual(await codes('module m(input en, input d, output reg q);\n  always @* if (en) q = d; else q = ~d;\nendmodule\n'), []);
  assert.deepEqual(await codes('module m(input [1:0] s, input d, output reg q);\n  always_comb case (s) 2\'d0: q = d; default: q = 1\'b0; endcase\nendmodule\n'), []);
  assert.deepEqual(await codes('module m(input en, input d, output logic q);\n  always_latch if (en) q = d;\nendmodule\n'), []);
  assert.deepEqual(await codes('module m(input clk, en, d, output reg q);\n  always @(posedge clk) if (en) q <= d;\nendmodule\n'), []);
  assert.deepEqual(await codes('module m(input [3:0] d, output reg [3:0] q);\n  integer i;\n  always @* for (i = 0; i < 4; i = i + 1) q[i] = d[3 - i];\nendmodule\n'), []);
});

test('combinational loop across assignments; silent for carry chains on bits and sequential reuse in one block', async () => {
  assert.deepEqual(await codes('module m(input a, output y);\n  wire p, q;\n  assign p = q & a;\n  assign q = p | a;\n  assign y = q;\nendmodule\n'), ["combinational-loop:q = p | a"]);
  assert.deepEqual(await codes('module m(input [3:0] a, output [4:0] c);\n  assign c[0] = 1\'b0;\n  genvar i;\n  for (i = 0; i < 4; i = i + 1) begin : g assign c[i+1] = c[i] & a[i]; end\nendmodule\n'), []);
  assert.deepEqual(await codes('module m(input a, b, output reg y);\n  always @* begin y = a; y = y | b; end\nendmodule\n'), []);
});

test('blocking in a clocked block read elsewhere; nonblocking in a combinational block', async () => {
  assert.deepEqual(await codes('module m(input clk, input d, output y);\n  reg q;\n  always @(posedge clk) q = d;\n  assign y = q;\nendmodule\n'), ['blocking-in-sequential:q = d']);
  assert.deepEqual(await codes('module m(input a, output reg y);\n  always @* y <= a;\nendmodule\n'), ['nonblocking-in-combinational:y <= a']);
  // A temporary inside the clocked block only: fine.
  assert.deepEqual(await codes('module m(input clk, input [3:0] d, output reg [3:0] q);\n  reg [3:0] t;\n  always @(posedge clk) begin t = d + 1; q <= t; end\nendmodule\n'), []);
});

test('clock domain crossing without a synchronizer; silent for a two-flop synchronizer', async () => {
  assert.deepEqual(await codes('module m(input clk_a, clk_b, d, output reg y);\n  reg x;\n  always @(posedge clk_a) x <= d;\n  always @(posedge clk_b) y <= x & d;\nendmodule\n'), ['clock-domain-crossing:y <= x & d']);
  assert.deepEqual(await codes('module m(input clk_a, clk_b, d, output reg y);\n  reg x, meta;\n  always @(posedge clk_a) x <= d;\n  always @(posedge clk_b) begin meta <= x; y <= meta; end\nendmodule\n'), []);
});

test('clock domain crossing across instances: clock ports mapped through connections', async () => {
  const flop = '//- /flop.v\nmodule flop(input clk, input d, output reg q);\n  always @(posedge clk) q <= d;\nendmodule\n';
  const wrap = '//- /wrap.v\nmodule wrap(input ck, input din, output dout);\n  flop f (.clk(ck), .d(din), .q(dout));\nendmodule\n';
  const sync = '//- /sync2.v\nmodule sync2(input clk, input d, output reg q);\n  reg m;\n  always @(posedge clk) begin m <= d; q <= m; end\nendmodule\n';
  // A flop on clk_a feeding a flop on clk_b, one level down and through a wrapper.
  assert.deepEqual(await codes(`//- /top.v\nmodule top(input clk_a, clk_b, d, output y);\n  wire x;\n  flop u_a (.clk(clk_a), .d(d), .q(x));\n  wrap u_b (.ck(clk_b), .din(x), .dout(y));\nendmodule\n${flop}${wrap}`), ['clock-domain-crossing:.din(x)']);
  // This module's register on clk_b reads an instance output registered on clk_a, through logic.
  assert.deepEqual(await codes(`//- /top.v\nmodule top(input clk_a, clk_b, d, e, output reg y);\n  wire x;\n  flop u_a (.clk(clk_a), .d(d), .q(x));\n  wire z = x ^ e;\n  always @(posedge clk_b) y <= z;\nendmodule\n${flop}`), ['clock-domain-crossing:y <= z']);
  // Same clock under another name, and a synchronizer module: silent.
  assert.deepEqual(await codes(`//- /top.v\nmodule top(input clk_a, d, output y);\n  wire x;\n  wire clk2 = clk_a;\n  flop u_a (.clk(clk_a), .d(d), .q(x));\n  wrap u_b (.ck(clk2), .din(x), .dout(y));\nendmodule\n${flop}${wrap}`), []);
  assert.deepEqual(await codes(`//- /top.v\nmodule top(input clk_a, clk_b, d, output y);\n  wire x;\n  flop u_a (.clk(clk_a), .d(d), .q(x));\n  sync2 u_s (.clk(clk_b), .d(x), .q(y));\nendmodule\n${flop}${sync}`), []);
});

test('undriven and unused signals; instance outputs and $readmemh count as drivers', async () => {
  assert.deepEqual(await codes('module m(output y);\n  wire never_set;\n  wire spare;\n  assign y = never_set;\nendmodule\n'), ['undriven-signal:never_set', 'unused-signal:spare']);
  assert.deepEqual(await codes('module m(input a, output y, output z);\n  assign z = a;\nendmodule\n'), ['undriven-signal:y']);
  // Ports alone: a black box (vendor primitive, synthesis stub), driven from outside the source.
  assert.deepEqual(await codes('(* blackbox *)\nmodule m(input a, output y);\nendmodule\n'), []);
  assert.deepEqual(await codes(`//- /top.v\nmodule top(input a, output y);\n  wire w;\n  sub u (.a(a), .y(w));\n  assign y = w;\nendmodule\n//- /sub.v\nmodule sub(input a, output y); assign y = a; endmodule\n`), []);
  assert.deepEqual(await codes('module m(input [3:0] addr, output [7:0] y);\n  reg [7:0] mem [0:15];\n  initial $readmemh("rom.hex", mem);\n  assign y = mem[addr];\nendmodule\n'), []);
});

test('every check can be switched off inline', async () => {
  assert.deepEqual(await codes('module m(input en, input d, output reg q);\n  // rtlens-disable-next-line inferred-latch\n  always @* if (en) q = d;\nendmodule\n'), []);
});

test('width mismatch on port connections and plain copies, with parameters and macros resolved', async () => {
  const sub = '//- /sub.v\nmodule sub #(parameter W = 4) (input [W-1:0] d, output [W-1:0] q); assign q = d; endmodule\n';
  assert.deepEqual(await codes(`//- /top.v\nmodule top(input [7:0] a, output [7:0] y);\n  sub u (.d(a), .q(y));\nendmodule\n${sub}`), ['width-mismatch:a', 'width-mismatch:y']);
  assert.deepEqual(await codes(`//- /top.v\n\`define W 8\nmodule top(input [\`W-1:0] a, output [7:0] y);\n  sub #(.W(\`W)) u (.d(a), .q(y));\nendmodule\n${sub}`), []);
  assert.deepEqual(await codes('module m(input [3:0] a, output [7:0] y, output [3:0] z);\n  assign y = a;\n  assign z = a;\nendmodule\n'), ['width-mismatch:y = a']);
  // a + 1 may legitimately be wider than a: a carry, not a mismatch.
  assert.deepEqual(await codes('module m(input [3:0] a, output [4:0] y);\n  assign y = a + 1;\nendmodule\n'), []);
});

test('no false multiple drivers for loop variables or members of an interface port', async () => {
  assert.deepEqual(await codes('module m(input [3:0] a, output logic [3:0] y, z);\n  always_comb for (int k = 0; k < 4; k++) y[k] = a[k];\n  always_comb for (int k = 0; k < 4; k++) z[k] = ~a[k];\nendmodule\n'), []);
  assert.deepEqual(await codes('//- /m.sv\nmodule m(bus_if.s bus, input [7:0] d);\n  logic [7:0] ram [0:3];\n  assign bus.ack = 1\'b1;\n  assign bus.rdata = ram[bus.addr[1:0]];\n  always_ff @(posedge bus.clk) ram[bus.addr[1:0]] <= d;\nendmodule\n//- /bus.sv\ninterface bus_if; logic clk, ack; logic [7:0] addr, rdata; modport s (input clk, addr, output ack, rdata); endinterface\n'), []);
});

test('width mismatch on concatenations and bitwise expressions; arithmetic only when it truncates', async () => {
  assert.deepEqual(await codes('module m(input [3:0] a, b, output [7:0] c, output [3:0] d, output [7:0] e);\n  assign c = {a, b};\n  assign d = {a, b};\n  assign e = a & ~b;\nendmodule\n'), ['width-mismatch:d = {a, b}', 'width-mismatch:e = a & ~b']);
  assert.deepEqual(await codes('module m(input [3:0] a, b, output [3:0] x, output [4:0] s);\n  assign x = a ^ b;\n  assign s = a + b;\nendmodule\n'), []);
  assert.deepEqual(await codes('module m(input [7:0] a, b, output [3:0] s);\n  assign s = a + b;\nendmodule\n'), ['width-mismatch:s = a + b']);
});

test('width mismatch in always blocks, on selects, sized literals and port expressions', async () => {
  const fires = 'module m(input clk, input [7:0] d, output reg [3:0] q, output reg [7:0] r, output [7:0] y);\n  always @(posedge clk) begin\n    q <= d;\n    r[3:0] <= d[7:0];\n    r[7:4] <= 3\'b1;\n  end\n  assign y = {d[3:0], 5\'b0};\nendmodule\n';
  assert.deepEqual(await codes(fires), ['width-mismatch:q <= d', 'width-mismatch:r[3:0] <= d[7:0]', "width-mismatch:r[7:4] <= 3'b1", "width-mismatch:y = {d[3:0], 5'b0}"]);
  const silent = "module m #(parameter W = 8) (input clk, input [W-1:0] d, input [1:0] sel, output reg [W-1:0] q, output reg [3:0] cnt, output [W-1:0] y);\n  always @(posedge clk) begin\n    q <= sel[0] ? d : '0;\n    cnt <= cnt + 1;\n    q[3:0] <= d[7:4];\n  end\n  assign y = (d << 1) | {W{sel[1]}};\nendmodule\n";
  assert.deepEqual(await codes(silent), []);
  const sub = '//- /sub.v\nmodule sub(input [7:0] d, output [7:0] q); assign q = d; endmodule\n';
  assert.deepEqual(await codes(`//- /top.v\nmodule top(input [15:0] a, output [7:0] y, output [3:0] z);\n  sub u1 (.d(a[7:0]), .q(y));\n  sub u2 (.d(a[3:0]), .q({z, z}));\n  sub u3 (.d(a[15:8] & 8'hF0), .q());\nendmodule\n${sub}`), ['width-mismatch:a[3:0]']);
});
