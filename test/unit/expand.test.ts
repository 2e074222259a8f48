import { test } from 'node:test';
import assert from 'node:assert/strict';
import { severityOf } from '../../server/src/base';
import { definition, fileProblems, hover } from '../../server/src/ide';
import { preprocess, expandMacro } from '../../server/src/syntax';
import { fixtureWorkspace } from '../helpers/fixture';

/**
 * The expanding preprocessor (IEEE 1800-2017 clause 22) and its source map, pinned with small
 * fixtures written after what real cores do: assertion macros chosen by an `ifdef chain, bodies
 * holding `ifdef lines, multi-line invocations with |-> properties, parameter lists and
 * declarations that headers bring in, and pathological input.
 */

const uri = (p: string) => `file://${p}`;

async function errors(source: string, defines?: Record<string, string>): Promise<string[]> {
  const { snapshot, fixture } = await fixtureWorkspace(source, { defines });
  const text = snapshot.text(fixture.main)!;
  return fileProblems(snapshot, fixture.main)
    .filter((p) => severityOf(p) === 'error')
    .map((p) => `${p.code}:${text.slice(p.span.start, p.span.end)}`);
}

// An assertion header that picks one of three macro files, as assertion libraries do.
const ASSERT_LIB = `//- /rtl/inc/asserts.svh
\`ifndef ASSERTS_SVH
\`define ASSERTS_SVH
\`ifdef VERILATOR
  \`include "asserts_dummy.svh"
\`elsif SYNTHESIS
  \`include "asserts_dummy.svh"
\`else
  \`include "asserts_sim.svh"
\`endif
\`endif
//- /rtl/inc/asserts_sim.svh
\`define ASSERT_I(name, prop) \\
  name: assert property (prop);
\`define ASSERT(name, prop, clk = clk_i, rst = !rst_ni) \\
\`ifdef INC_ASSERT \\
  name: assert property (@(posedge clk) disable iff (rst) (prop)) \\
    else $error("assertion failed: %s", \`"name\`"); \\
\`endif
\`define ASSERT_KNOWN(name, sig) \\
  \`ASSERT(name, !$isunknown(sig))
//- /rtl/inc/asserts_dummy.svh
\`define ASSERT_I(name, prop)
\`define ASSERT(name, prop, clk = clk_i, rst = !rst_ni)
\`define ASSERT_KNOWN(name, sig)
`;

test('assertion macros from an `ifdef chain expand, multi-line invocations with |-> included', async () => {
  const main = `//- /rtl/fifo.sv
\`include "inc/asserts.svh"
module fifo (input logic clk_i, input logic rst_ni, input logic push, input logic full, output logic [3:0] count);
  assign count = '0;
  \`ASSERT(NoPushWhenFull,
          push |->
            !full,
          clk_i, !rst_ni)
  \`ASSERT_KNOWN(CountKnown, count)
  \`ASSERT_I(Sane, (1'b1 || (push
     && full)))
endmodule
${ASSERT_LIB}`;
  assert.deepEqual(await errors(main), []);
  assert.deepEqual(await errors(main, { INC_ASSERT: '' }), []);
  assert.deepEqual(await errors(main, { VERILATOR: '' }), []);
});

test('an unbalanced parenthesis in a macro argument costs linear time (no regex backtracking)', () => {
  // A formal testbench shape: many nested macro calls, one of them never closed.
  const defs = '`define CHECK(a, b) assert (a == b)\n`define WRAP(x) (`CHECK(x, x))\n';
  const lines: string[] = [defs, 'module tb;'];
  for (let i = 0; i < 2000; i++) lines.push(`  initial \`WRAP((((sig${i} & (a | b)) ^ c) + d)`);
  lines.push('  initial `WRAP(((((((((((((((((((((((((((((((x', 'endmodule');
  const text = lines.join('\n');
  const started = process.hrtime.bigint();
  const result = preprocess(text);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  assert.ok(result.macroUses.length >= 2000);
  // The body of `define WRAP itself is unbalanced inside; expansion stays bounded by the file's size.
  assert.ok(result.text.length < 16 * text.length);
  assert.ok(ms < 20_000, `took ${ms} ms`);
});

test('macro recursion is one clear problem, not a hang', () => {
  const result = preprocess('`define A `B\n`define B `A\nmodule m; wire x = `A; endmodule\n');
  assert.deepEqual(result.problems.map((p) => p.code), ['macro-recursion']);
  const self = preprocess('`define F(x) `F(x)+1\nmodule m; wire y = `F(2); endmodule\n');
  assert.deepEqual(self.problems.map((p) => p.code), ['macro-recursion']);
});

test('exponential expansion is stopped by the size limit', () => {
  const defs = ['`define M0 xx'];
  for (let i = 1; i <= 40; i++) defs.push(`\`define M${i} \`M${i - 1} \`M${i - 1}`);
  const text = defs.join('\n') + '\nmodule m; wire w = `M40; endmodule\n';
  const result = preprocess(text);
  assert.ok(result.problems.some((p) => p.code === 'macro-expansion-limit'));
  assert.ok(result.text.length <= 256_000 + 9 * text.length);
});

test('arguments with nested parentheses, strings and commas; defaults; `` and `"', () => {
  const text = [
    '`define PAIR(a, b = 7) {a, b}',
    '`define NAME(p, s) p``_``s',
    '`define STR(x) `"x`"',
    '`define MSG(m) $display("m is not replaced: %s", `"m`")',
    'module m;',
    '  wire [7:0] v = `PAIR(f(1, 2), "x,y");',
    '  wire u = `PAIR(g[1:0]);',
    '  wire `NAME(data, q);',
    '  initial $display(`STR(hello));',
    '  initial `MSG(go)',
    'endmodule',
  ].join('\n');
  const result = preprocess(text);
  assert.deepEqual(result.problems, []);
  assert.ok(result.text.includes('{f(1, 2), "x,y"}'));
  assert.ok(result.text.includes('{g[1:0], 7}'));
  assert.ok(result.text.includes('wire data_q;'));
  assert.ok(result.text.includes('$display("hello")'));
  assert.ok(result.text.includes('$display("m is not replaced: %s", "go")'));
});

test('the map leads argument text to where it was written and body text to the invocation', () => {
  const text = '`define ADD(a, b) ((a) + (b))\nmodule m; wire y = `ADD(alpha, beta); endmodule\n';
  const result = preprocess(text);
  const out = result.text;
  const alpha = out.indexOf('alpha');
  assert.equal(result.map.toSource(alpha), text.indexOf('alpha'));
  assert.ok(result.map.isExact(alpha, alpha + 5));
  const plus = out.indexOf(') + (');
  const use = { start: text.indexOf('`ADD('), end: text.indexOf('); endmodule') + 1 };
  assert.equal(result.map.toSource(plus + 2, 'start'), use.start);
  assert.equal(result.map.toSource(plus + 3, 'end'), use.end);
  // Text after the usage keeps its own offsets.
  assert.equal(result.map.toSource(out.indexOf('endmodule')), text.indexOf('endmodule'));
  assert.equal(result.map.toOutput(text.indexOf('endmodule')), out.indexOf('endmodule'));
});

test('a usage whose body names its argument twice: its start leads to the expansion\'s start, the argument to its first copy', () => {
  const text = '`define ABSTRACT(fn) module fn``__abstract(); if (0) begin : a fn not_used(); end endmodule\n`ABSTRACT(sub)\n';
  const result = preprocess(text);
  const use = text.indexOf('`ABSTRACT(sub)');
  assert.equal(result.map.toOutput(use), result.text.indexOf('module sub__abstract'));
  assert.equal(result.map.toOutput(text.indexOf('sub)')), result.text.indexOf('sub__abstract'));
  assert.equal(result.map.toOutput(use + '`ABSTRACT(sub)'.length), result.text.indexOf('endmodule') + 'endmodule'.length);
});

test('a name in the argument of a macro that declares a module has a definition (BSG_ABSTRACT_MODULE)', async () => {
  const source = `//- /rtl/sub.sv
\`define ABSTRACT(fn) module fn\`\`__abstract(); if (0) begin : a fn not_used(); end endmodule
module sub (input a);
endmodule
\`ABSTRACT(s$0ub)
`;
  const { snapshot, cursor } = await fixtureWorkspace(source);
  const found = definition(snapshot, cursor!.path, cursor!.offset, uri);
  assert.equal(found.length, 1);
  assert.equal(found[0].range.start.line, 1);
});

test('`ifdef inside a macro body is obeyed at the usage', () => {
  const defs = new Map(preprocess('`define FLAG\n').macros);
  const text = '`define PICK(x) \\\n`ifdef FLAG \\\n  wire x; \\\n`else \\\n  reg x; \\\n`endif\nmodule m; `PICK(z) endmodule\n';
  assert.match(preprocess(text, { predefined: defs }).text, /wire z;/);
  assert.match(preprocess(text).text, /reg z;/);
});

test('__FILE__ and __LINE__ expand; `resetall clears `default_nettype none', () => {
  const result = preprocess('\n\nmodule m; initial $display("%s %0d", `__FILE__, `__LINE__); endmodule\n', { path: '/ws/a.sv' });
  assert.ok(result.text.includes('"/ws/a.sv"'));
  assert.ok(result.text.includes(', 3'));
  assert.equal(preprocess('`default_nettype none\nmodule m; endmodule\n').defaultNettypeNone, true);
  assert.equal(preprocess('`default_nettype none\n`resetall\nmodule m; endmodule\n').defaultNettypeNone, false);
});

test('expandMacro (hover) is bounded on recursion', () => {
  const result = preprocess('`define A `A+1\n');
  const expansion = expandMacro({ name: 'A' }, result.macros)!;
  assert.ok(expansion.length < 10_000);
});

test('identifiers inside macro arguments have a definition and a hover', async () => {
  const source = `//- /rtl/m.sv
\`define assert_eq(x) assert (x)
module m (input logic [3:0] mem_wstrb);
  always_comb \`assert_eq(mem_w$0strb == 0);
endmodule
`;
  const { snapshot, cursor } = await fixtureWorkspace(source);
  const found = definition(snapshot, cursor!.path, cursor!.offset, uri);
  assert.equal(found.length, 1);
  const line = snapshot.text(cursor!.path)!.split('\n')[found[0].range.start.line];
  assert.equal(line.slice(found[0].range.start.character, found[0].range.end.character), 'mem_wstrb');
  assert.ok(line.includes('input logic'));
  const shown = hover(snapshot, cursor!.path, cursor!.offset);
  assert.ok(shown && JSON.stringify(shown.contents).includes('mem_wstrb'));
});

test('an argument the body uses twice, after one used once, has a definition (occurrences in the file\'s order, one per place)', async () => {
  // The body names __q twice, after __d: parsed in the body's order, the copies of the
  // arguments come out of order against the invocation.
  const source = `//- /rtl/m.sv
\`define FFL(__q, __d, __load) \\
  always_ff @(posedge clk_i) if (__load) __q <= (__d); else __q <= (__q);
module m (input logic clk_i, input logic [3:0] d);
  logic [3:0] pipe_q [0:2];
  logic ena;
  for (genvar i = 0; i < 2; i++) begin : gen_p
    \`FFL(pipe_q[i+1], pipe$0_q[i], ena)
  end
endmodule
`;
  const { snapshot, cursor } = await fixtureWorkspace(source);
  const found = definition(snapshot, cursor!.path, cursor!.offset, uri);
  assert.equal(found.length, 1);
  assert.equal(found[0].range.start.line, 3);
  const occurrences = snapshot.occurrences(cursor!.path, { start: 0, end: snapshot.text(cursor!.path)!.length });
  const starts = occurrences.map((o) => o.span.start);
  assert.deepEqual(starts, [...new Set(starts)].sort((a, b) => a - b));
});

test('a parameter list and declarations brought in by `include are declared (definition goes to the header)', async () => {
  const source = `//- /rtl/core.v
module core #(
\`include "core_config.vh"
) (input clk, output [W_DATA-1:0] q);
\`include "core_consts.vh"
  assign q = W_DATA'(OP_$0ADD);
endmodule
//- /rtl/core_config.vh
parameter W_ADDR = 32,
parameter W_DATA = 32
//- /rtl/core_consts.vh
localparam OP_ADD = 1;
localparam OP_SUB = 2;
`;
  assert.deepEqual(await errors(source), []);
  const { snapshot, cursor } = await fixtureWorkspace(source);
  const found = definition(snapshot, cursor!.path, cursor!.offset, uri);
  assert.equal(found[0]?.uri, uri('/ws/rtl/core_consts.vh'));
  assert.equal(found[0].range.start.line, 0);
});

test('an included header\'s comments are not copied into the includer; its declarations keep their lines', async () => {
  const source = `//- /rtl/core.v
module core (output [7:0] q);
\`include "consts.vh"
  assign q = OP_$0SUB;
endmodule
//- /rtl/consts.vh
// Opcodes of the core. A long comment block, as library headers carry, that every
// file including this header would otherwise parse again.
/* and a block comment
   over lines */
localparam OP_ADD = 1; // trailing
localparam OP_SUB = 2;
`;
  const { snapshot, cursor, fixture } = await fixtureWorkspace(source);
  const parsed = snapshot.parsed(fixture.main);
  assert.ok(parsed, 'the includer is parsed');
  assert.ok(!parsed.maskedText.includes('Opcodes') && !parsed.maskedText.includes('trailing') && !parsed.maskedText.includes('block comment'), parsed.maskedText);
  assert.ok(parsed.maskedText.includes('localparam OP_SUB = 2;'), 'a header included inside a module is part of its text');
  const found = definition(snapshot, cursor!.path, cursor!.offset, uri);
  assert.equal(found[0]?.uri, uri('/ws/rtl/consts.vh'));
  assert.equal(found[0].range.start.line, 5);
  assert.deepEqual(await errors(source), []);
});

test('a name a header uses but does not declare goes to where the header is included', async () => {
  const source = `//- /rtl/trace.svh
function void show();
  $display("%h %h", rs1_v$0alue, OP_ADD);
endfunction
//- /rtl/tracer.sv
module tracer import trace_pkg::*; (input logic [31:0] rs1_value);
  \`include "trace.svh"
endmodule
//- /rtl/trace_pkg.sv
package trace_pkg;
  parameter OP_ADD = 1;
endpackage
`;
  const { snapshot, cursor } = await fixtureWorkspace(source);
  const found = definition(snapshot, cursor!.path, cursor!.offset, uri);
  assert.equal(found[0]?.uri, uri('/ws/rtl/tracer.sv'));
  assert.equal(found[0].range.start.line, 0);
  const pkg = definition(snapshot, cursor!.path, snapshot.text(cursor!.path)!.indexOf('OP_ADD') + 1, uri);
  assert.equal(pkg[0]?.uri, uri('/ws/rtl/trace_pkg.sv'));
});

test('a parameter declared through a macro the file does not include (compiled first elsewhere) is a parameter named by its argument', async () => {
  const source = `//- /rtl/mem.sv
module mem #(parameter \`INV_PARAM(width_p), \`INV_PARAM(els_p))
  (input [width_p-1:0] d, output [width_p-1:0] q);
  sub #(.els_p(el$0s_p)) u (.d(d), .q(q));
endmodule
//- /rtl/defines.sv
\`define INV_PARAM(param) param = -1
`;
  const { snapshot, cursor } = await fixtureWorkspace(source);
  const found = definition(snapshot, cursor!.path, cursor!.offset, uri);
  assert.equal(found.length, 1);
  const line = snapshot.text(cursor!.path)!.split('\n')[found[0].range.start.line];
  assert.equal(found[0].range.start.line, 0);
  assert.equal(line.slice(found[0].range.start.character, found[0].range.end.character), 'els_p');
  assert.deepEqual(snapshot.unit('mem')?.unit.params.map((p) => p.name), ['width_p', 'els_p']);
});

test('file-scope localparams from a header included at the top of a file are visible in its modules', async () => {
  assert.deepEqual(
    await errors(`//- /rtl/csr.sv
\`include "arch.svh"
module csr (output logic [ADDR_W-1:0] a);
  assign a = CSR_BASE;
endmodule
//- /rtl/arch.svh
\`ifndef ARCH_SVH
\`define ARCH_SVH
localparam int unsigned ADDR_W = 12;
localparam logic [ADDR_W-1:0] CSR_BASE = 12'h300;
\`endif
`),
    [],
  );
});

test('a module defined in an included file belongs to that file, not the includer', async () => {
  const { snapshot } = await fixtureWorkspace(`//- /rtl/all.sv
\`include "leaf.sv"
module top; leaf u (); endmodule
//- /rtl/leaf.sv
module leaf; endmodule
`);
  const paths = snapshot.units('leaf').map((r) => r.path);
  assert.deepEqual(paths, ['/ws/rtl/leaf.sv']);
});

test('a fragment file included elsewhere reports no syntax errors of its own', async () => {
  assert.deepEqual(
    await errors(`//- /rtl/ports.sv
  input wire a = 1'b0,
  input wire b = 1'b0
//- /rtl/wrap.sv
module wrap (
\`include "ports.sv"
);
endmodule
`),
    [],
  );
});

test('an undefined macro in a file whose include was not found is a warning naming the header', async () => {
  const { snapshot, fixture } = await fixtureWorkspace(`//- /rtl/ctl.sv
\`include "generated_defines.vh"
module ctl (output logic [\`RV_WIDTH-1:0] q);
  assign q = '0;
endmodule
`);
  const found = fileProblems(snapshot, fixture.main).filter((p) => p.code === 'undefined-macro');
  assert.equal(found.length, 1);
  assert.equal(severityOf(found[0]), 'warning');
  assert.match(found[0].message, /generated_defines\.vh/);
});
