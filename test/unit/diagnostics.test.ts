import { test } from 'node:test';
import assert from 'node:assert/strict';
import { severityOf } from '../../server/src/base';
import { declarationAt, definition, fileProblems, hover, references } from '../../server/src/ide';
import { fixtureWorkspace } from '../helpers/fixture';

/** The codes reported for the main file, each with the text it points at; hints only when asked. */
async function codes(source: string, options: { defines?: Record<string, string>; hints?: boolean } = {}): Promise<string[]> {
  const { snapshot, fixture } = await fixtureWorkspace(source, options);
  const text = snapshot.text(fixture.main)!;
  return fileProblems(snapshot, fixture.main)
    .filter((p) => options.hints || severityOf(p) !== 'hint')
    .map((p) => `${p.code}:${text.slice(p.span.start, p.span.end)}`);
}

const SUB = `//- /rtl/sub.v\nmodule sub #(parameter N = 1) (input a, input b, output y);\n  assign y = a & b;\nendmodule\n`;

test('clean code has no problems', async () => {
  assert.deepEqual(await codes(`//- /rtl/top.v
module top (input clk, input rst_n, input [7:0] d, output reg [7:0] q);
  wire w;
  integer i;
  localparam L = 2;
  sub #(.N(L)) u (.a(clk), .b(rst_n), .y(w));
  always @(posedge clk or negedge rst_n) begin : seq
    if (!rst_n) q <= 8'd0;
    else begin
      for (i = 0; i < 8; i = i + 1) q[i] <= d[i] ^ w;
    end
  end
  function automatic [7:0] inv(input [7:0] v);
    reg [7:0] tmp;
    begin tmp = ~v; inv = tmp; end
  endfunction
  generate for (genvar g = 0; g < 2; g++) begin : gen
    wire t = d[g];
  end endgenerate
endmodule
${SUB}`), []);
});

test('syntax errors point at the offending token', async () => {
  const found = await codes('module m; wire a assign a = 1; endmodule\n');
  assert.ok(found.length >= 1);
  assert.ok(found.every((c) => c.startsWith('syntax-error') || c.startsWith('missing-token')), found.join());
});

test('unknown module is reported (as a warning: vendor cells are often outside the workspace)', async () => {
  assert.deepEqual(await codes('module top; nothere u (.a(1\'b0)); endmodule\n'), ['unknown-module:nothere']);
});

test('unknown port and unknown parameter in an instantiation', async () => {
  assert.deepEqual(await codes(`//- /rtl/top.v\nmodule top; wire w; sub #(.M(2)) u (.a(1'b0), .b(1'b1), .z(w)); endmodule\n${SUB}`), ['unknown-port:z', 'unknown-parameter:M']);
});

test('a parameter list opening with bare assignments (no parameter keyword, no default) declares them', async () => {
  // bsg_dff_reset's shape: #(`BSG_INV_PARAM(width_p), reset_val_p=0) expands to #(width_p, reset_val_p=0).
  const lib = `//- /rtl/defs.svh
\`define INV_PARAM(p) p
//- /rtl/dff.sv
\`include "defs.svh"
module dff #(\`INV_PARAM(width_p), reset_val_p=0, parameter int harden_p = 0) (input clk, input [width_p-1:0] d, output [width_p-1:0] q);
endmodule
//- /rtl/plain.sv
module plain #(w, x = 1) (input [w-1:0] a);
endmodule
`;
  assert.deepEqual(await codes(`//- /rtl/top.sv
module top (input clk, input [3:0] d, output [3:0] q);
  dff #(.width_p(4), .reset_val_p(0), .harden_p(1)) r (.clk(clk), .d(d), .q(q));
  plain #(.w(4), .x(2)) p (.a(d));
  plain #(.nope(4)) p2 (.a(d));
endmodule
${lib}`), ['unknown-parameter:nope']);
});

test('an unknown parameter of a module whose header was not read whole is a warning, not an error', async () => {
  const { snapshot, fixture } = await fixtureWorkspace(`//- /rtl/top.sv
module top (input [3:0] d);
  sub #(.width_p(4)) u (.a(d));
endmodule
//- /rtl/sub.sv
module sub #(\`PARAMS_FROM_NOWHERE, parameter int N = 1) (input [3:0] a);
endmodule
`);
  const found = fileProblems(snapshot, fixture.main).filter((p) => p.code === 'unknown-parameter');
  assert.deepEqual(found.map((p) => severityOf(p)), ['warning']);
});

test('missing input ports are reported; missing outputs and .* are fine', async () => {
  assert.deepEqual(await codes(`//- /rtl/top.v\nmodule top; wire w; sub u (.a(1'b0), .y(w)); endmodule\n${SUB}`), ['missing-port:u']);
  assert.deepEqual(await codes(`//- /rtl/top.v\nmodule top; wire a, b; sub u (.a(a), .b(b)); endmodule\n${SUB}`), []);
  assert.deepEqual(await codes(`//- /rtl/top.v\nmodule top; wire a, b, y; sub u (.*); endmodule\n${SUB}`), []);
});

test('too many positional connections', async () => {
  assert.deepEqual(await codes(`//- /rtl/top.v\nmodule top; wire a, b, y, z; sub u (a, b, y, z); endmodule\n${SUB}`), ['too-many-connections:z']);
});

test('duplicate declarations, but not a non-ANSI port and its type', async () => {
  assert.deepEqual(await codes('module m; wire a; reg a; endmodule\n'), ['duplicate-declaration:a']);
  assert.deepEqual(await codes('module m(a, y); input a; output y; reg y; always @* y = a; endmodule\n'), []);
});

test('undeclared identifiers are errors; in a connection or assign target they are implicit nets', async () => {
  assert.deepEqual(await codes('module m(output y); assign y = nope; endmodule\n'), ['undeclared-identifier:nope']);
  assert.deepEqual(await codes(`//- /rtl/top.v\nmodule top; sub u (.a(1'b0), .b(1'b1), .y(implicit_w)); endmodule\n${SUB}`), ['implicit-net:implicit_w']);
  assert.deepEqual(await codes('`default_nettype none\nmodule m; assign q = 1\'b0; endmodule\n'), ['undeclared-identifier:q']);
});

// An edge detector in the style of a small I2C slave: the assign targets are never declared.
const IMPLICIT = `module edges (input clk, input rst, input scl, input sda, output reg start, output reg stop, output sda_out);
  reg scl_q, sda_q;
  always @(posedge clk) begin
    scl_q <= scl;
    sda_q <= sda;
  end
  assign scl_posedge = scl & ~scl_q;
  assign sda_negedge = ~sda & sda_q;
  assign sda_posedge = sda & ~sda_q;
  always @(posedge clk) begin
    start <= 1'b0;
    stop <= 1'b0;
    if (rst) begin
      start <= 1'b0;
    end else if (sda_negedge && scl) begin
      start <= 1'b1;
    end else if (sda_posedge && scl) begin
      stop <= 1'b1;
    end
  end
  assign sda_out = scl_posedge ? sda_q : 1'b1;
endmodule
`;

test('an undeclared assign target is an implicit net: one warning where it is declared, and its later uses are not errors', async () => {
  assert.deepEqual(await codes(IMPLICIT), ['implicit-net:scl_posedge', 'implicit-net:sda_negedge', 'implicit-net:sda_posedge']);
  // Used before the assign that declares it: still the module's net (as Verilator reads it).
  assert.deepEqual(await codes('module m(input i, output o);\n  assign o = early;\n  assign early = i;\nendmodule\n'), ['implicit-net:early']);
  // A port connection declares one too; the later read is a use of it.
  assert.deepEqual(await codes(`//- /rtl/top.v\nmodule top(input i, output o); sub u (.a(i), .b(i), .y(w_y)); assign o = ~w_y; endmodule\n${SUB}`), ['implicit-net:w_y']);
  // A name in a select's brackets is an index or a bound, not the net connected: no implicit net (Verilator: not a constant).
  assert.deepEqual(await codes(`//- /rtl/top.v\nmodule top(input i, output o); wire [7:0] w; sub u (.a(i), .b(i), .y(w[K-1])); assign o = w[K-1]; endmodule\n${SUB}`), ['undeclared-identifier:K', 'undeclared-identifier:K']);
  assert.deepEqual(await codes(`//- /rtl/top.v\nmodule top(input i, output o); sub u (.a({R{i}}), .b(i), .y(o)); endmodule\n${SUB}`), ['undeclared-identifier:R']);
  // A name only read stays undeclared.
  assert.deepEqual(await codes('module m(input i, output o);\n  assign t = i;\n  assign o = t & never_written;\nendmodule\n'), ['implicit-net:t', 'undeclared-identifier:never_written']);
});

test('under `default_nettype none an undeclared assign target and its uses are errors', async () => {
  const none = `\`default_nettype none\n${IMPLICIT.replace(/input (clk|rst|scl|sda)/g, 'input wire $1').replace('output sda_out', 'output wire sda_out')}`;
  const found = await codes(none);
  assert.ok(found.length > 0);
  assert.ok(found.every((c) => c.startsWith('undeclared-identifier:')), found.join(' '));
  assert.deepEqual([...new Set(found)].sort(), ['undeclared-identifier:scl_posedge', 'undeclared-identifier:sda_negedge', 'undeclared-identifier:sda_posedge']);
  assert.equal(found.length, 6, 'every assign target and every use: three names, twice each');
});

test('`default_nettype is read where each module starts: a closing `resetall does not lift it, a later `default_nettype wire does', async () => {
  // Files that open with `resetall / `default_nettype none and close with `resetall.
  const closed = `\`resetall\n\`timescale 1ns / 1ps\n\`default_nettype none\nmodule m(input wire i, output wire o);\n  assign t = i;\n  assign o = t;\nendmodule\n\`resetall\n`;
  assert.deepEqual(await codes(closed), ['undeclared-identifier:t', 'undeclared-identifier:t']);
  const two = `\`default_nettype none\nmodule a(input wire i, output wire o);\n  assign t = i;\n  assign o = t;\nendmodule\n\`default_nettype wire\nmodule b(input i, output o);\n  assign u = i;\n  assign o = u;\nendmodule\n`;
  assert.deepEqual(await codes(two), ['undeclared-identifier:t', 'undeclared-identifier:t', 'implicit-net:u']);
  // In a comment or an inactive branch it is not in force.
  assert.deepEqual(await codes(`// \`default_nettype none\n\`ifdef NEVER\n\`default_nettype none\n\`endif\nmodule c(input i, output o);\n  assign v = i;\n  assign o = v;\nendmodule\n`), ['implicit-net:v']);
});

test('with implicit-net warnings switched off, implicit nets are silent and still declared', async () => {
  const { workspace, snapshot, fixture } = await fixtureWorkspace(IMPLICIT);
  workspace.diagnostics = { implicitNets: false, disabled: [] };
  assert.deepEqual(fileProblems(snapshot, fixture.main).filter((p) => severityOf(p) !== 'hint').map((p) => p.code), []);
});

test('definition of an implicit net is its first assign; hover calls it an implicit net', async () => {
  const { snapshot, fixture } = await fixtureWorkspace(IMPLICIT);
  const text = snapshot.text(fixture.main)!;
  const use = text.indexOf('sda_negedge &&') + 2;
  const [location] = definition(snapshot, fixture.main, use, (p) => p);
  assert.equal(location.range.start.line, text.slice(0, text.indexOf('assign sda_negedge')).split('\n').length - 1);
  const shown = JSON.stringify(hover(snapshot, fixture.main, use)?.contents);
  assert.match(shown, /wire sda_negedge/);
  assert.match(shown, /Implicit net/);
  // References: the declaring assign and the use, nothing else.
  const found = references(snapshot, declarationAt(snapshot, fixture.main, use)!).map((r) => `${text.slice(r.span.start, r.span.end)}@${r.span.start}:${r.isDeclaration}`);
  assert.deepEqual(found, [`sda_negedge@${text.indexOf('sda_negedge =')}:true`, `sda_negedge@${text.indexOf('sda_negedge &&')}:false`]);
  // Under `default_nettype none there is no such declaration.
  const none = await fixtureWorkspace(`\`default_nettype none\n${IMPLICIT}`);
  const noneText = none.snapshot.text(none.fixture.main)!;
  assert.deepEqual(definition(none.snapshot, none.fixture.main, noneText.indexOf('sda_negedge &&') + 2, (p) => p), []);
});

test('names from packages, includes, macros, enums and function locals are declared', async () => {
  assert.deepEqual(await codes(`//- /rtl/top.sv
\`include "regs.vh"
\`define MK_WIRE(n) wire n;
module top import pkg::*; (input logic clk, output state_t st);
  \`MK_WIRE(made)
  assign made = (st == IDLE) ? REG_W : pkg::W;
  always_ff @(posedge clk) st <= RUN;
  function automatic int f(int x); int loc; loc = x; return loc; endfunction
  always_comb for (int k = 0; k < 2; k++) begin end
endmodule
//- /rtl/pkg.sv
package pkg;
  typedef enum logic [1:0] {IDLE, RUN} state_t;
  parameter int W = 4;
endpackage
//- /rtl/regs.vh
localparam REG_W = 3;
`), []);
});

test('include and macro problems', async () => {
  assert.deepEqual(await codes('`include "missing.vh"\nmodule m; endmodule\n'), ['include-not-found:missing.vh']);
  assert.deepEqual(await codes('module m; wire a = `UNDEFINED_THING; endmodule\n'), ['undefined-macro:UNDEFINED_THING']);
  // Defined in another workspace file (compiled earlier in a real flow): not an error.
  assert.deepEqual(await codes('//- /a.v\nmodule m; wire a = `FROM_B; endmodule\n//- /b.v\n`define FROM_B 1\n'), []);
});

test('duplicate modules across files', async () => {
  assert.deepEqual(await codes('//- /a.v\nmodule m; endmodule\n//- /b.v\nmodule m; endmodule\n'), ['duplicate-module:m']);
});

test('inline suppression comments', async () => {
  assert.deepEqual(await codes('module m(output y);\n  assign y = nope; // rtlens-disable-line undeclared-identifier\nendmodule\n'), []);
  assert.deepEqual(await codes('module m(output y);\n  // rtlens-disable-next-line\n  assign y = nope;\nendmodule\n'), []);
  assert.deepEqual(await codes('module m(output y);\n  assign y = nope; // rtlens-disable-line unknown-port\nendmodule\n'), ['undeclared-identifier:nope']);
});

test('inactive ifdef branches raise nothing', async () => {
  assert.deepEqual(await codes('module m;\n`ifdef NOT_SET\n  this is not verilog at all ;;;\n`endif\nendmodule\n'), []);
});

test('a header that is a fragment of another file is not a syntax error alone; generate branches may share a label', async () => {
  assert.deepEqual(await codes('//- /rtl/init.vh\n.INIT_00(320\'h0),\n.INIT_01(320\'h0)\n'), []);
  assert.deepEqual(await codes('module m #(parameter S = 1) (input [3:0] a, output [3:0] y);\n  if (S) begin : blk wire signed [3:0] e = $signed(a); assign y = e; end\n  else begin : blk wire [3:0] e = a; assign y = e; end\nendmodule\n'), []);
});

test('a member of an interface port inside an index is not an undeclared name', async () => {
  assert.deepEqual(await codes('//- /m.sv\nmodule m(bus_if.s bus);\n  logic [7:0] ram [0:3];\n  initial $readmemh("ram.hex", ram);\n  assign bus.rdata = ram[bus.addr[1:0]];\nendmodule\n//- /bus.sv\ninterface bus_if; logic [7:0] addr, rdata; modport s (input addr, output rdata); endinterface\n'), []);
});

test('legal constructs the grammar cannot read are warnings that say so, not syntax errors', async () => {
  // Shapes from basejump_stl and cv32e40p testbenches: $fatal(2), a cast to $bits(x), a cast
  // whose type is a macro this file does not define (its definition is elsewhere in the workspace).
  const source = `//- /rtl/tb.sv
module tb (input clk, input [3:0] d, output logic [3:0] q, output logic [3:0] r);
  localparam w = 4;
  always @(posedge clk) begin
    q <= $bits(d) ' (1);
    r <= $clog2(w)'(d);
  end
  initial begin
    if (w != 4) $fatal(2);
  end
  sub u (.a(\`WIDTH_OF(w) ' (d)));
endmodule
//- /rtl/defs.svh
\`define WIDTH_OF(x) (x)
//- /rtl/sub.sv
module sub (input [3:0] a);
endmodule
`;
  const { snapshot, fixture } = await fixtureWorkspace(source);
  const text = snapshot.text(fixture.main)!;
  const found = fileProblems(snapshot, fixture.main).map((p) => `${severityOf(p)}:${p.code}:${text.slice(p.span.start, p.span.end)}`);
  assert.deepEqual(found.filter((f) => f.startsWith('error')), []);
  assert.deepEqual(found.filter((f) => f.includes('syntax-error')), [
    "warning:syntax-error:$bits(d) '",
    "warning:syntax-error:$clog2(w)'",
    'warning:syntax-error:2',
    "warning:syntax-error:`WIDTH_OF(w) '",
  ]);
});

test('errors near those constructs that are not legal stay errors', async () => {
  const { snapshot, fixture } = await fixtureWorkspace(`//- /rtl/tb.sv\nmodule tb (input [3:0] d, output logic [3:0] q);\n  initial begin\n    q = $bits(d) ' ;\n    $fatal(2 3);\n  end\nendmodule\n`);
  const severities = fileProblems(snapshot, fixture.main).filter((p) => p.code === 'syntax-error' || p.code === 'missing-token').map((p) => severityOf(p));
  assert.ok(severities.length >= 2 && severities.every((s) => s === 'error'), severities.join());
});
