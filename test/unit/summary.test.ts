import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureWorkspace, offsetOf } from '../helpers/fixture';

test('ANSI module: ports with direction, type and range; parameters; signals; instances; blocks', async () => {
  const { snapshot, fixture } = await fixtureWorkspace(`
// Adds two numbers.
module adder #(parameter W = 8, localparam M = W - 1) (
  input  wire         clk,   // the clock
  input  [W-1:0]      a, b,
  output reg [W:0]    y
);
  wire [W:0] sum;
  reg [7:0] mem [0:15];
  assign sum = a + b;
  always @(posedge clk) begin : seq
    y <= sum;
  end
  sub #(.N(W)) u_sub (.x(a), .y());
  generate for (genvar i = 0; i < 2; i++) begin : g
    wire t;
  end endgenerate
  function automatic [3:0] f(input [3:0] q); f = q; endfunction
endmodule
`);
  const unit = snapshot.summary(fixture.main)!.units[0];
  assert.equal(unit.name, 'adder');
  assert.equal(unit.comment, 'Adds two numbers.');
  assert.deepEqual(unit.ports.map((p) => `${p.direction}|${p.type}|${p.range}|${p.name}`), [
    'input|wire||clk',
    'input||[W-1:0]|a',
    'input||[W-1:0]|b',
    'output|reg|[W:0]|y',
  ]);
  assert.equal(unit.ports[0].comment, 'the clock');
  assert.deepEqual(unit.params.map((p) => `${p.name}=${p.value}${p.local ? ' local' : ''}`), ['W=8', 'M=W - 1 local']);
  assert.deepEqual(unit.signals.map((s) => `${s.scope}:${s.name}${s.array}`), [':sum', ':mem[0:15]', 'g:t']);
  assert.equal(unit.instances[0].module, 'sub');
  assert.deepEqual(unit.instances[0].params.map((p) => `${p.name}=${p.value}`), ['N=W']);
  assert.deepEqual(unit.instances[0].connections.map((c) => `${c.name}=${c.value ?? ''}`), ['x=a', 'y=']);
  assert.deepEqual(unit.blocks.map((b) => `${b.kind}${b.label ? ':' + b.label : ''}`), ['assign', 'always:seq', 'generate-for:g']);
  assert.deepEqual(unit.subprograms.map((s) => `${s.kind} ${s.name}(${s.args.map((a) => a.name)})`), ['function f(q)']);
});

test('non-ANSI module takes directions from body declarations', async () => {
  const { snapshot, fixture } = await fixtureWorkspace(`
module old(a, b, y);
  input a;
  input [3:0] b;
  output y;
  reg y;
endmodule
`);
  const unit = snapshot.summary(fixture.main)!.units[0];
  assert.equal(unit.ansi, false);
  assert.deepEqual(unit.ports.map((p) => `${p.direction} ${p.range} ${p.name}`), ['input  a', 'input [3:0] b', 'output  y']);
});

test('packages, interfaces and imports', async () => {
  const { snapshot, fixture } = await fixtureWorkspace(`
package pkg;
  typedef enum logic [1:0] {IDLE, RUN} state_t;
  parameter int W = 4;
endpackage
interface bus_if (input logic clk);
  logic [7:0] data;
  modport m (output data);
endinterface
module top import pkg::*; (input logic clk, bus_if.m b, output pkg::state_t st);
endmodule
`);
  const units = snapshot.summary(fixture.main)!.units;
  assert.deepEqual(units.map((u) => `${u.kind} ${u.name}`), ['package pkg', 'interface bus_if', 'module top']);
  assert.deepEqual(units[0].signals.map((s) => `${s.kind} ${s.name}`), ['enum-member IDLE', 'enum-member RUN', 'typedef state_t']);
  assert.deepEqual(units[2].imports, [{ package: 'pkg', item: '*', span: units[2].imports[0].span }]);
  assert.deepEqual(units[2].ports.map((p) => `${p.direction} ${p.type} ${p.name}`), ['input logic clk', 'interface bus_if.m b', 'output pkg::state_t st']);
});

test('an edit re-extracts only the edited unit and shifts the others', async () => {
  const source = 'module a(input x); wire p; endmodule\nmodule b(input y); wire q; endmodule\n';
  const { workspace, fixture } = await fixtureWorkspace(source);
  const first = workspace.entry(fixture.main)!.parsed!;
  const edited = 'module a(input x); wire p, p2; endmodule\n' + source.split('\n')[1] + '\n';
  const second = workspace.changeDocument(fixture.main, edited);
  const b = second.summary.units[1];
  assert.equal(b.name, 'b');
  assert.equal(b.nameSpan.start, offsetOf(edited, 'b('));
  assert.equal(b.signals[0].nameSpan.start, offsetOf(edited, 'q;'));
  assert.deepEqual(second.summary.units[0].signals.map((s) => s.name), ['p', 'p2']);
  assert.notEqual(first, second);
});

test('an ifdef in a port list: the active branch is read, the inactive one is not', async () => {
  const { snapshot, fixture } = await fixtureWorkspace(`
module m (
  input a,
\`ifdef EXTRA
  input b,
\`endif
  input c
);
endmodule
`);
  const summary = snapshot.summary(fixture.main)!;
  assert.deepEqual(summary.units[0].ports.map((p) => p.name), ['a', 'c']);
  assert.equal(summary.problems.length, 0);
  const { snapshot: withExtra, fixture: f2 } = await fixtureWorkspace(`module m (\n  input a,\n\`ifdef EXTRA\n  input b,\n\`endif\n  input c\n);\nendmodule\n`, { defines: { EXTRA: '' } });
  assert.deepEqual(withExtra.summary(f2.main)!.units[0].ports.map((p) => p.name), ['a', 'b', 'c']);
});

test('a header is read with the macros of the file that includes it', async () => {
  const { snapshot, fixture } = await fixtureWorkspace(`//- /rtl/regs.vh
\`ifdef WIDE
localparam RW = 64;
\`else
localparam RW = 32;
\`endif
//- /rtl/top.v
\`define WIDE
\`include "regs.vh"
module top; endmodule
`);
  assert.equal(fixture.main, '/ws/rtl/regs.vh');
  const summary = snapshot.summary(fixture.main)!;
  const text = snapshot.text(fixture.main)!;
  assert.deepEqual(summary.inactive.map((s) => text.slice(s.start, s.end).trim()), ['localparam RW = 32;']);
  assert.equal(summary.units.find((u) => u.kind === 'unit')!.params[0].value, '64');
});

test('a macro naming the module of an instance, longer than its usage, still names it', async () => {
  const { snapshot, fixture } = await fixtureWorkspace('`define CELL long_leaf_name\nmodule top(input a, output y);\n  `CELL #(.P(1)) u (.a(a), .y(y));\nendmodule\nmodule long_leaf_name #(parameter P = 0) (input a, output y); assign y = a; endmodule\n');
  const summary = snapshot.summary(fixture.main)!;
  assert.deepEqual(summary.problems, []);
  assert.equal(summary.units[0].instances[0].module, 'long_leaf_name');
});

test('escaped identifiers are the same name as their plain spelling', async () => {
  const { snapshot, fixture } = await fixtureWorkspace('module leaf(input \\clk$main , output y); assign y = clk$main; endmodule\n');
  assert.deepEqual(snapshot.summary(fixture.main)!.units[0].ports.map((p) => p.name), ['clk$main', 'y']);
});

test('units an edit does not reach keep their keys without rehashing; a comment above a unit is part of it', async () => {
  const body = (name: string) => `module ${name}(input x, output y);\n${Array.from({ length: 30 }, (_, i) => `  wire ${name}_w${i} = x;`).join('\n')}\n  assign y = x;\nendmodule\n`;
  const source = `${body('a')}${body('b')}// c registers nothing\n${body('c')}`;
  const { workspace, fixture } = await fixtureWorkspace(source);
  const before = workspace.entry(fixture.main)!.parsed!.summary.units;
  // An edit inside b: a and c keep their keys, c moves, b changes.
  const edited = source.replace('  wire b_w3 = x;', '  wire b_w3 = x, extra;');
  const after = workspace.changeDocument(fixture.main, edited).summary.units;
  assert.equal(after[0].contentKey, before[0].contentKey);
  assert.notEqual(after[1].contentKey, before[1].contentKey);
  assert.equal(after[2].contentKey, before[2].contentKey);
  assert.equal(after[2].span.start, edited.indexOf('module c'));
  assert.equal(after[2].comment, 'c registers nothing');
  // An edit of c's comment changes c (and nothing before it).
  const recommented = edited.replace('c registers nothing', 'c registers something');
  const third = workspace.changeDocument(fixture.main, recommented).summary.units;
  assert.equal(third[0].contentKey, after[0].contentKey);
  assert.notEqual(third[2].contentKey, after[2].contentKey);
  assert.equal(third[2].comment, 'c registers something');
});

test('after any sequence of edits, the reused and moved units equal a fresh read of the same text', async () => {
  const body = (name: string, n: number) => `// ${name}: a module\nmodule ${name}(input clk, input [7:0] x, output reg [7:0] y);\n${Array.from({ length: n }, (_, i) => `  wire [7:0] ${name}_w${i} = x ^ 8'd${i};`).join('\n')}\n  always @(posedge clk) y <= x;\nendmodule\n`;
  let text = ['a', 'b', 'c', 'd', 'e'].map((n, i) => body(n, 20 + i * 5)).join('');
  const { workspace, fixture } = await fixtureWorkspace(text);
  let seed = 7;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
  const strip = (units: unknown) => JSON.stringify(units, (k, v) => (k === 'contentKey' ? undefined : v));
  for (let i = 0; i < 40; i++) {
    const lines = text.split('\n');
    const at = random(lines.length);
    // Insert or remove a wire line, or touch a comment: lengths change above and below other units.
    if (i % 3 === 0) lines.splice(at, 0, `  wire extra_${i} = 1'b0;`);
    else if (i % 3 === 1 && lines[at].trim().startsWith('wire')) lines.splice(at, 1);
    else lines[at] = `${lines[at]} // ${i}`;
    text = lines.join('\n');
    const incremental = workspace.changeDocument(fixture.main, text).summary.units;
    const fresh = (await fixtureWorkspace(text)).workspace.entry(fixture.main)!.parsed!.summary.units;
    assert.equal(strip(incremental), strip(fresh), `after edit ${i}`);
  }
});
