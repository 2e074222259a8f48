import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpression } from '../../server/src/base';
import { applyEdits, findSuggestions, isGain, literalValue, sourceOf, type SuggestContext } from '../../server/src/analyses/suggest';
import { genericLiberty } from '../../server/src/workers/host';
import { loadPpaModel } from '../../server/src/workers/ppaHost';
import { libertyTarget } from '../../server/src/analyses/ppa';
import { fixtureWorkspace } from '../helpers/fixture';

/**
 * The rewrites without Yosys: each fires on its positive examples, stays silent on the
 * negative ones, and its edit reads back as a module that parses, with estimated figures.
 * The proofs and synthesized figures are tested in test/synth/suggest.test.ts.
 */

const model = loadPpaModel();

async function suggestionsOf(source: string) {
  const { snapshot, fixture } = await fixtureWorkspace(source);
  const path = fixture.main;
  const text = fixture.files.get(path)!;
  const ctx: SuggestContext = { ppa: { access: snapshot, target: libertyTarget(genericLiberty().text, 'rtlens_generic.lib', true), model }, summarize: (p, t) => snapshot.summarizeText(p, t) };
  const found = findSuggestions(ctx, path, text);
  const rewritten = (i: number) => applyEdits(text, found[i].edits);
  return { found, text, rewritten, ctx, snapshot, path };
}

test('operands keep the user text, cut by the spans of the one expression reader', () => {
  const split = (text: string) => {
    const e = parseExpression(text);
    return e?.kind === 'binary' ? { op: e.op, left: sourceOf(text, e.left), right: sourceOf(text, e.right) } : undefined;
  };
  assert.deepEqual(split('a + b * c'), { op: '+', left: 'a', right: 'b * c' });
  assert.deepEqual(split('a - b - c'), { op: '-', left: 'a - b', right: 'c' });
  assert.deepEqual(split('(a + b) * c'), { op: '*', left: '(a + b)', right: 'c' });
  assert.deepEqual(split('-a + b'), { op: '+', left: '-a', right: 'b' });
  assert.deepEqual(split("x[3:0] + 4'd1"), { op: '+', left: 'x[3:0]', right: "4'd1" });
  assert.deepEqual(split('a /* sum */ + b'), { op: '+', left: 'a', right: 'b' });
  assert.equal(split('s ? a + b : c'), undefined, 'a conditional is not a binary expression');
  assert.equal(split('-a'), undefined);
  const c = parseExpression('s ? a : t ? b : c')!;
  assert.ok(c.kind === 'ternary');
  assert.deepEqual([sourceOf('s ? a : t ? b : c', c.condition), sourceOf('s ? a : t ? b : c', c.then), sourceOf('s ? a : t ? b : c', c.else)], ['s', 'a', 't ? b : c']);
  // Parentheses around the whole expression are not an operator: the tree is the sum, its span keeps them.
  const wrapped = parseExpression('((a + b))')!;
  assert.equal(wrapped.kind, 'binary');
  assert.equal(sourceOf('((a + b))', wrapped), '((a + b))');
  assert.equal(literalValue("8'hff"), 255);
  assert.equal(literalValue('1_000'), 1000);
  assert.equal(literalValue("(4'd9)"), 9);
  assert.equal(literalValue("'0"), undefined, "a fill is not a literal of a value");
  assert.equal(literalValue("4'b1x00"), undefined);
  assert.equal(literalValue('W'), undefined);
  assert.equal(applyEdits('abcdef', [{ start: 4, end: 5, newText: 'X' }, { start: 0, end: 1, newText: 'YY' }]), 'YYbcdXf');
  assert.throws(() => applyEdits('abcdef', [{ start: 0, end: 3, newText: '' }, { start: 2, end: 4, newText: '' }]));
});

test('gain: area must fall by 2% without a worse area x delay; delay goals by delay; latches by count', () => {
  const f = (area: number, delay: number, latches = 0) => ({ area, delay, ffs: 0, latches });
  assert.equal(isGain('area', f(100, 1), f(70, 1.2)), true, '0.84x ADP');
  assert.equal(isGain('area', f(100, 1), f(90, 1.3)), false, 'area down, ADP up');
  assert.equal(isGain('area', f(100, 1), f(99, 1)), true, 'under 2%, no slower: a gain at no cost');
  assert.equal(isGain('area', f(100, 1), f(99, 1.001)), false, 'under 2% and slower');
  assert.equal(isGain('area', f(100, 1), f(100, 0.8)), false, 'no smaller');
  assert.equal(isGain('latch', f(100, 1), f(99.5, 0.8)), false, 'a latch default with no latch removed needs 2% of area');
  assert.equal(isGain('delay', f(100, 1), f(130, 0.7)), true);
  assert.equal(isGain('latch', f(10, 1, 8), f(20, 1, 0)), true);
});

test('share one adder across exclusive case branches; silent when the branches share nothing or mix operators', async () => {
  const { found, rewritten, ctx, path } = await suggestionsOf(`module alu(input [1:0] op, input [15:0] a, b, c, d, e, f, output reg [15:0] y);
  always @* begin
    case (op)
      2'd0: y = a + b;
      2'd1: y = c + d;
      2'd2: y = e + f;
      default: y = 16'd0;
    endcase
  end
endmodule
`);
  const share = found.filter((s) => s.kind === 'shareOperator');
  assert.equal(share.length, 1);
  assert.equal(share[0].preservesBehaviour, true);
  assert.equal(share[0].estimate.gain, true, 'three adders become one in the estimate');
  assert.ok(share[0].estimate.after.area! < share[0].estimate.before.area!);
  const after = rewritten(found.indexOf(share[0]));
  assert.match(after, /reg \[15:0\] y_op_a, y_op_b;/);
  assert.match(after, /2'd0: begin y_op_a = a; y_op_b = b; end/);
  assert.match(after, /default: begin y_op_a = 16'd0; y_op_b = 1'b0; end/, 'another assignment keeps its value through the identity');
  assert.match(after, /y = y_op_a \+ y_op_b;\n {2}end/);
  const summary = ctx.summarize(path, after)!;
  assert.equal(summary.problems.filter((p) => p.code === 'syntax-error').length, 0, 'the rewrite parses');

  const none = await suggestionsOf(`module m(input s, input [7:0] a, b, output reg [7:0] y, output reg [7:0] z);
  always @* begin
    if (s) y = a + b; else y = a + b;
    if (s) z = a + b; else z = a - b;
  end
endmodule
`);
  assert.deepEqual(none.found.filter((s) => s.kind === 'shareOperator'), [], 'identical operands, or + and -');
  const reads = await suggestionsOf(`module m(input s, input [7:0] a, b, c, d, output reg [7:0] y);
  always @* begin
    if (s) y = a + b; else y = c + d;
    y = y ^ 8'h1;
  end
endmodule
`);
  assert.deepEqual(reads.found.filter((s) => s.kind === 'shareOperator'), [], 'the block reads y after assigning it');
});

test('a one-statement combinational block gets begin/end around the shared operator', async () => {
  const { found, rewritten } = await suggestionsOf(`module m(input s, input [7:0] a, b, c, d, output reg [7:0] y);
  always @(*) if (s) y = a * b; else y = c * d;
endmodule
`);
  const share = found.find((s) => s.kind === 'shareOperator');
  assert.ok(share);
  assert.match(rewritten(found.indexOf(share)), /always @\(\*\) begin\n\s+if \(s\) begin y_op_a = a; y_op_b = b; end else begin y_op_a = c; y_op_b = d; end\n\s+y = y_op_a \* y_op_b;\n\s+end/);
});

test('narrow a counter to its range; silent when its bound is a port, it wraps freely, or it is an output', async () => {
  const { found, rewritten } = await suggestionsOf(`module tick(input clk, input rst, input en, output tick);
  reg [15:0] count;
  always @(posedge clk)
    if (rst) count <= 16'd0;
    else if (en) count <= (count == 16'd9) ? 16'd0 : count + 16'd1;
  assign tick = en && count == 16'd9;
endmodule
`);
  const narrow = found.filter((s) => s.kind === 'narrowCounter');
  assert.equal(narrow.length, 1);
  assert.match(narrow[0].title, /from 16 to 4 bits/);
  assert.match(rewritten(found.indexOf(narrow[0])), /reg \[3:0\] count;/);
  assert.equal(narrow[0].estimate.after.ffs, narrow[0].estimate.before.ffs - 12);

  for (const [why, source] of [
    ['bound is a port', `module m(input clk, input rst, input [15:0] limit, output t);
  reg [15:0] c;
  always @(posedge clk) if (rst || c == limit) c <= 0; else c <= c + 1;
  assign t = c == 16'd9;
endmodule
`],
    ['never compared', `module m(input clk, output [15:0] q);
  reg [15:0] c;
  always @(posedge clk) c <= c + 1;
  assign q = c;
endmodule
`],
    ['an output port', `module m(input clk, input rst, output reg [15:0] c);
  always @(posedge clk) if (rst || c == 9) c <= 0; else c <= c + 1;
endmodule
`],
    ['bits selected', `module m(input clk, input rst, output t);
  reg [15:0] c;
  always @(posedge clk) if (rst || c == 9) c <= 0; else c <= c + 1;
  assign t = c[12];
endmodule
`],
    ['free-running: compared, but nothing stops or wraps it', `module m(input clk, input rst, output done, output ok);
  reg [31:0] c;
  always @(posedge clk) if (rst) c <= 32'h0; else c <= c + 1;
  assign done = c >= 3;
  assign ok = c < 100;
endmodule
`],
    ['loaded from data', `module m(input clk, input ld, input [15:0] d, output t);
  reg [15:0] c;
  always @(posedge clk) if (ld) c <= d; else if (c != 0) c <= c - 1;
  assign t = c == 0;
endmodule
`],
  ] as const) {
    const { found: f } = await suggestionsOf(source);
    assert.deepEqual(f.filter((s) => s.kind === 'narrowCounter').map((s) => s.title), [], why);
  }
});

test('drop the reset of a datapath register read only under a reset valid flag; silent otherwise', async () => {
  const { found, rewritten } = await suggestionsOf(`module stage(input clk, input rst, input in_valid, input [31:0] in_data, output out_valid, output [31:0] out_data);
  reg valid_q;
  reg [31:0] data_q;
  always @(posedge clk) if (rst) valid_q <= 1'b0; else valid_q <= in_valid;
  always @(posedge clk) if (rst) data_q <= 32'd0; else data_q <= in_data;
  assign out_valid = valid_q;
  assign out_data = valid_q ? data_q : 32'd0;
endmodule
`);
  const drop = found.filter((s) => s.kind === 'redundantReset');
  assert.equal(drop.length, 1);
  assert.match(rewritten(found.indexOf(drop[0])), /always @\(posedge clk\) data_q <= in_data;/);
  const { found: f } = await suggestionsOf(`module stage(input clk, input rst, input in_valid, input [31:0] in_data, output [31:0] out_data);
  reg [31:0] data_q;
  always @(posedge clk) if (rst) data_q <= 32'd0; else data_q <= in_data;
  assign out_data = data_q;
endmodule
`);
  assert.deepEqual(f.filter((s) => s.kind === 'redundantReset'), [], 'its reset value reaches an output');
  // A synchronizer: sync0 is read in the reset's own else branch, which guards nothing (the
  // search corpus's gpio.v; the proof refuted the drop before the detector knew this).
  const { found: sync } = await suggestionsOf(`module gpio_in(input clk, input rst_n, input [7:0] pad_i, output [7:0] pin_in, output [7:0] rise);
  reg [7:0] sync0, sync1, last;
  always @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      sync0 <= 8'd0;
      sync1 <= 8'd0;
      last <= 8'd0;
    end else begin
      sync0 <= pad_i;
      sync1 <= sync0;
      last <= sync1;
    end
  end
  assign pin_in = sync1;
  assign rise = sync1 & ~last;
endmodule
`);
  assert.deepEqual(sync.filter((s) => s.kind === 'redundantReset').map((s) => s.title), [], 'the reset branch is not a valid flag');
});

test('a datapath register sharing its block with the valid flag moves to a block of its own, with the enable around it', async () => {
  const { found, rewritten } = await suggestionsOf(`module stage(input clk, input rst_n, input in_valid, input [15:0] in_data, output reg [15:0] out_data);
  reg valid_q;
  reg [15:0] data_q;
  always @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      valid_q <= 1'b0;
      data_q  <= 16'd0;
    end else begin
      valid_q <= in_valid;
      data_q  <= in_data;
    end
  end
  always @(posedge clk) if (valid_q) out_data <= data_q;
endmodule
`);
  const drop = found.filter((s) => s.kind === 'redundantReset');
  assert.equal(drop.length, 1);
  const after = rewritten(found.indexOf(drop[0]));
  assert.doesNotMatch(after, /data_q\s+<= 16'd0/);
  assert.match(after, /valid_q <= 1'b0;\n {4}end else begin\n {6}valid_q <= in_valid;\n {4}end\n {2}end\n {2}always @\(posedge clk\) data_q <= in_data;/);
  const { found: f, rewritten: r } = await suggestionsOf(`module stage(input clk, input rst, input en, input in_valid, input [15:0] in_data, output [15:0] out_data);
  reg valid_q;
  reg [15:0] data_q;
  always @(posedge clk) begin
    if (rst) begin
      valid_q <= 1'b0;
      data_q  <= 16'd0;
    end else if (en) begin
      valid_q <= in_valid;
      data_q  <= in_data;
    end
  end
  assign out_data = valid_q ? data_q : 16'd0;
endmodule
`);
  // With an enable, the register's own block keeps it (the slice of the if around its assignment).
  const withEnable = f.filter((s) => s.kind === 'redundantReset');
  assert.equal(withEnable.length, 1);
  const afterEnable = r(f.indexOf(withEnable[0]));
  assert.doesNotMatch(afterEnable, /data_q\s+<= 16'd0/);
  assert.match(afterEnable, /end else if \(en\) begin\n {6}valid_q <= in_valid;\n {4}end\n {2}end\n {2}always @\(posedge clk\) begin\n {4}if \(en\) begin\n {6}data_q <= in_data;\n {4}end\n {2}end\n/);
});

test('drop the enable (and reset) of a datapath register loaded with its valid flag; not when the flag is loaded otherwise', async () => {
  const { found, rewritten } = await suggestionsOf(`module capture(input clk, input rst_n, input in_valid, input [15:0] in_data, output reg [15:0] q);
  reg valid_q;
  reg [15:0] data_q;
  always @(posedge clk or negedge rst_n) if (!rst_n) valid_q <= 1'b0; else valid_q <= in_valid;
  always @(posedge clk or negedge rst_n) if (!rst_n) data_q <= 16'd0; else if (in_valid) data_q <= in_data;
  always @(posedge clk) if (valid_q) q <= data_q + 16'd1;
endmodule
`);
  const drop = found.filter((s) => s.kind === 'redundantEnable');
  assert.equal(drop.length, 1);
  assert.match(drop[0].title, /reset and enable of datapath register 'data_q'/);
  assert.match(rewritten(found.indexOf(drop[0])), /always @\(posedge clk\) data_q <= in_data;/);
  const { found: f } = await suggestionsOf(`module hold(input clk, input rst, input in_valid, input [15:0] in_data, output [15:0] q);
  reg valid_q;
  reg [15:0] data_q;
  always @(posedge clk) if (rst) valid_q <= 1'b0; else valid_q <= 1'b1;
  always @(posedge clk) if (in_valid) data_q <= in_data;
  assign q = valid_q ? data_q : 16'd0;
endmodule
`);
  assert.deepEqual(f.filter((s) => s.kind === 'redundantEnable'), [], 'the flag does not follow the enable: the register must hold');
});

test('a latch that is meant (the <= latch idiom of cell models) or chosen by a parameter gets no default', async () => {
  // Yosys's $_DLATCH_P_ and Xilinx's LDCE are written like this: a latch on purpose.
  const { found: idiom } = await suggestionsOf(`module dlatch(input e, clr, input [3:0] d, output reg [3:0] q);
  always @* begin
    if (clr) q <= 4'd0;
    else if (e) q <= d;
  end
endmodule
`);
  assert.deepEqual(idiom.filter((s) => s.kind === 'latchDefault'), [], 'the latch idiom is left alone');
  // A case on a parameter: elaboration picks one branch; no latch in any instance whose MODE matches.
  const { found: byParam } = await suggestionsOf(`module alu_cell #(parameter MODE = 0) (input [3:0] a, b, output reg [3:0] s);
  always @* begin
    case (MODE)
      0: s = a + b;
      1: s = a - b;
    endcase
  end
endmodule
`);
  assert.deepEqual(byParam.filter((s) => s.kind === 'latchDefault'), [], 'a parameter-selected case is left alone');
  // The same case on a port is a real latch (mode 2 and 3 hold s), and the idiom with '=' is too.
  const { found: byPort } = await suggestionsOf(`module alu_sel(input [1:0] mode, input [3:0] a, b, output reg [3:0] s);
  always @* begin
    case (mode)
      2'd0: s = a + b;
      2'd1: s = a - b;
    endcase
  end
endmodule
`);
  assert.equal(byPort.filter((s) => s.kind === 'latchDefault').length, 1, 'a case on a port that misses values is a latch');
});

test('a latch gets a default assignment that says it changes behaviour; a complete block gets none', async () => {
  const { found, rewritten } = await suggestionsOf(`module dec(input [1:0] s, input [7:0] a, b, output reg [7:0] y);
  always @* begin
    if (s == 2'd0) y = a;
    else if (s == 2'd1) y = b;
  end
endmodule
`);
  const latch = found.filter((s) => s.kind === 'latchDefault');
  assert.equal(latch.length, 1);
  assert.equal(latch[0].preservesBehaviour, false);
  assert.match(latch[0].behaviourChange!, /held the previous value/);
  assert.equal(latch[0].estimate.before.latches, 1);
  assert.equal(latch[0].estimate.after.latches, 0);
  assert.equal(latch[0].estimate.gain, true);
  assert.match(rewritten(found.indexOf(latch[0])), /always @\* begin\n\s+y = \{8\{1'b0\}\};\n\s+if/);
  const { found: f } = await suggestionsOf(`module dec(input s, input [7:0] a, b, output reg [7:0] y);
  always @* if (s) y = a; else y = b;
endmodule
`);
  assert.deepEqual(f.filter((s) => s.kind === 'latchDefault'), []);
});

test('a pipeline register halves a two-operator path and says latency +1; one operator gets none', async () => {
  const { found, rewritten } = await suggestionsOf(`module dot2(input clk, input [7:0] a, b, c, d, output reg [15:0] q);
  always @(posedge clk) q <= a * b + c * d;
endmodule
`);
  const pipe = found.filter((s) => s.kind === 'pipeline');
  assert.equal(pipe.length, 1);
  assert.equal(pipe[0].preservesBehaviour, false);
  assert.match(pipe[0].behaviourChange!, /latency \+1/);
  assert.ok(pipe[0].estimate.after.delay! < pipe[0].estimate.before.delay!, 'the estimated path is shorter');
  assert.equal(pipe[0].estimate.gain, true);
  assert.match(rewritten(found.indexOf(pipe[0])), /begin q_stage_a <= a \* b; q_stage_b <= c \* d; q <= q_stage_a \+ q_stage_b; end/);
  const { found: f } = await suggestionsOf(`module mul(input clk, input [7:0] a, b, output reg [15:0] q);
  always @(posedge clk) q <= a * b;
endmodule
`);
  assert.deepEqual(f.filter((s) => s.kind === 'pipeline'), []);
});

test('no suggestion for code the analysis does not understand: macros, parse errors', async () => {
  const macros = await suggestionsOf(`\`define LIMIT 9
module tick(input clk, input rst, output t);
  reg [15:0] c;
  always @(posedge clk) if (rst || c == \`LIMIT) c <= 0; else c <= c + 1;
  assign t = c == 9;
endmodule
`);
  assert.deepEqual(macros.found, []);
  const broken = await suggestionsOf(`module tick(input clk, input rst, output t);
  reg [15:0] c;
  always @(posedge clk) if (rst || c == 9) c <= 0; else c <= c + 1
  assign t = c == 9;
endmodule
`);
  assert.deepEqual(broken.found, []);
});

// The shape of real cores (Hazard3, biriscv, cv32e40p): one always_ff with an asynchronous
// reset for a control flag and a data register, the data loaded under an enable and a case.
const LSU_BUFFER = `module lsu_buf(input logic clk, input logic rst_n, input logic req, input logic [1:0] size, input logic [31:0] wdata, output logic [31:0] q);
  logic        busy_q;
  logic [31:0] data_q;
  always_ff @(posedge clk or negedge rst_n) begin
    if (~rst_n) begin
      busy_q <= 1'b0;
      data_q <= '0;
    end else if (req) begin
      busy_q <= 1'b1;
      case (size)
        2'd0: data_q <= {4{wdata[7:0]}};
        2'd1: data_q <= {2{wdata[15:0]}};
        default: data_q <= wdata;
      endcase
    end else begin
      busy_q <= 1'b0;
    end
  end
  assign q = busy_q ? data_q : 32'd0;
endmodule
`;

test('a reset dropped from a shared always_ff keeps the enable and the case around the register', async () => {
  const { found, rewritten } = await suggestionsOf(LSU_BUFFER);
  const drop = found.filter((s) => s.kind === 'redundantReset');
  assert.equal(drop.length, 1);
  assert.match(drop[0].title, /'data_q'/);
  const after = rewritten(found.indexOf(drop[0]));
  assert.doesNotMatch(after, /data_q <= '0/);
  assert.match(after, /case \(size\)\n {6}endcase|busy_q <= 1'b1;\n {6}case \(size\)/, 'the original case stays, emptied of data_q');
  assert.match(
    after,
    /always_ff @\(posedge clk\) begin\n {4}if \(req\) begin\n {6}case \(size\)\n {8}2'd0: begin\n {10}data_q <= \{4\{wdata\[7:0\]\}\};\n {8}end\n {8}2'd1: begin\n {10}data_q <= \{2\{wdata\[15:0\]\}\};\n {8}end\n {8}default: begin\n {10}data_q <= wdata;\n {8}end\n {6}endcase\n {4}end\n {2}end\n/,
    after,
  );
});

test('a shared-block reset is left alone where moving it out would be wrong or unreadable', async () => {
  // The assignment is the lone body of an else if: deleting it would leave `else if (req)` over the next statement.
  const lone = LSU_BUFFER.replace(/case \(size\)[\s\S]*?endcase/, "data_q <= wdata;").replace("end else if (req) begin\n      busy_q <= 1'b1;\n      data_q <= wdata;\n    end", "end else if (req)\n      data_q <= wdata;");
  assert.match(lone, /else if \(req\)\n {6}data_q <= wdata;/);
  assert.deepEqual((await suggestionsOf(lone)).found.filter((s) => s.kind === 'redundantReset'), []);
  // A directive inside the block: the text is not what is compiled.
  const directive = LSU_BUFFER.replace("      busy_q <= 1'b1;\n", "`ifdef SLOW\n      busy_q <= 1'b1;\n`endif\n");
  assert.deepEqual((await suggestionsOf(directive)).found.filter((s) => s.kind === 'redundantReset'), []);
  // The next value comes from a blocking temporary of the same block.
  const temporary = LSU_BUFFER.replace('default: data_q <= wdata;', 'default: begin tmp = wdata; data_q <= tmp; end').replace('logic [31:0] data_q;', 'logic [31:0] data_q, tmp;');
  assert.deepEqual((await suggestionsOf(temporary)).found.filter((s) => s.kind === 'redundantReset'), []);
  // A macro that stands for a signal hides a read from the facts: nothing in that module.
  const hidden = `\`define SHOWN data_q\n${LSU_BUFFER.replace("assign q = busy_q ? data_q : 32'd0;", "assign q = busy_q ? data_q : 32'd0;\n  wire [31:0] peek = `SHOWN;")}`;
  assert.deepEqual((await suggestionsOf(hidden)).found, []);
  // A macro that stands for a constant is fine.
  const constant = `\`define ZERO 32'd0\n${LSU_BUFFER.replace("busy_q ? data_q : 32'd0", 'busy_q ? data_q : `ZERO')}`;
  assert.equal((await suggestionsOf(constant)).found.filter((s) => s.kind === 'redundantReset').length, 1);
});

test('a case whose labels cover every value of its subject makes no latch (no default needed)', async () => {
  // cv32e40p's load-store unit: the byte enables by data type, each of the four values labelled.
  const covered = `module be(input [1:0] kind, input [1:0] addr, output reg [3:0] be);
  always @* begin
    case (kind)
      2'b00: be = 4'b1111;
      2'b01: case (addr[1:0])
        2'b00: be = 4'b0011;
        2'b01: be = 4'b0110;
        2'b10, 2'b11: be = 4'b1100;
      endcase
      2'b10, 2'b11: be = 4'b0001;
    endcase
  end
endmodule
`;
  assert.deepEqual((await suggestionsOf(covered)).found.filter((s) => s.kind === 'latchDefault'), []);
  // A comment after a label's colon is no label (OpenRISC's mor1kx writes `2'b00: // byte access`).
  const commented = covered.replace("      2'b00: be = 4'b1111;", "      2'b00: // word\n        be = 4'b1111;").replace("      2'b01: case (addr[1:0])", "      2'b01: /* half */ case (addr[1:0])");
  assert.match(commented, /2'b00: \/\/ word\n/);
  assert.deepEqual((await suggestionsOf(commented)).found.filter((s) => s.kind === 'latchDefault'), []);
  const missing = covered.replace("        2'b10, 2'b11: be = 4'b1100;\n", "        2'b10: be = 4'b1100;\n");
  assert.equal((await suggestionsOf(missing)).found.filter((s) => s.kind === 'latchDefault').length, 1, 'addr = 3 leaves be unassigned');
});

test('a datapath register loaded under its valid flag in a shared reset block loses its enable and reset', async () => {
  // biriscv's and verilog-ethernet's shape: the valid flag and the data in one block, the data under `if (in_valid)`.
  const source = `module skid(input clk, input rst_n, input in_valid, input [31:0] in_data, output out_valid, output [31:0] out_data);
  reg        valid_q;
  reg [31:0] data_q;
  always @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      valid_q <= 1'b0;
      data_q  <= 32'd0;
    end else begin
      valid_q <= in_valid;
      if (in_valid)
        data_q <= in_data;
    end
  end
  assign out_valid = valid_q;
  assign out_data = valid_q ? data_q : 32'd0;
endmodule
`;
  const { found, rewritten } = await suggestionsOf(source);
  const drop = found.filter((s) => s.kind === 'redundantEnable');
  assert.equal(drop.length, 1);
  assert.match(drop[0].title, /reset and enable of datapath register 'data_q' \(only read under 'valid_q'\)/);
  assert.equal(
    rewritten(found.indexOf(drop[0])),
    source.replace("      data_q  <= 32'd0;\n", '').replace('      if (in_valid)\n        data_q <= in_data;\n', '').replace('  end\n  assign out_valid', '  end\n  always @(posedge clk) data_q <= in_data;\n  assign out_valid'),
  );
  // Read where the flag does not select it: the reset value would show at the output.
  const unguarded = source.replace("assign out_data = valid_q ? data_q : 32'd0;", 'assign out_data = data_q;');
  assert.deepEqual((await suggestionsOf(unguarded)).found.filter((s) => s.kind === 'redundantEnable'), []);
  // The flag loaded from something else than the enable.
  const otherFlag = source.replace('valid_q <= in_valid;', 'valid_q <= in_valid & in_data[0];');
  assert.deepEqual((await suggestionsOf(otherFlag)).found.filter((s) => s.kind === 'redundantEnable'), []);
});

// biriscv's fetch skid buffer: the flag and the data set together, both cleared otherwise.
const SKID_BUFFER = `module fetch_skid(input clk_i, input rst_i, input valid_i, input accept_i, input [31:0] pc_i, input [31:0] instr_i, input [31:0] pc_d, output [31:0] pc_o, output [31:0] instr_o);
  reg [63:0] skid_buffer_q;
  reg        skid_valid_q;
  always @ (posedge clk_i or posedge rst_i)
  if (rst_i)
  begin
      skid_buffer_q  <= 64'b0;
      skid_valid_q   <= 1'b0;
  end
  else if (valid_i && !accept_i)
  begin
      skid_valid_q  <= 1'b1;
      skid_buffer_q <= {pc_i, instr_i};
  end
  else
  begin
      skid_valid_q  <= 1'b0;
      skid_buffer_q <= 64'b0;
  end
  assign pc_o    = skid_valid_q ? skid_buffer_q[63:32] : pc_d;
  assign instr_o = skid_valid_q ? skid_buffer_q[31:0] : instr_i;
endmodule
`;

test('a data register set with its flag and cleared with it loads on every clock', async () => {
  const { found, rewritten } = await suggestionsOf(SKID_BUFFER);
  const load = found.filter((s) => s.kind === 'redundantEnable');
  assert.equal(load.length, 1);
  assert.match(load[0].title, /Load datapath register 'skid_buffer_q' on every clock \(only read under 'skid_valid_q'/);
  const after = rewritten(found.indexOf(load[0]));
  assert.equal((after.match(/skid_buffer_q <=/g) ?? []).length, 1, after);
  assert.match(after, /\n {2}end\n {2}always @\(posedge clk_i\) skid_buffer_q <= \{pc_i, instr_i\};\n {2}assign pc_o/);
  // Set in a branch that does not load it: the flag could show an old value.
  const stale = SKID_BUFFER.replace("      skid_valid_q  <= 1'b0;\n      skid_buffer_q <= 64'b0;", "      skid_valid_q  <= accept_i ? 1'b0 : 1'b1;\n      skid_buffer_q <= 64'b0;");
  assert.deepEqual((await suggestionsOf(stale)).found.filter((s) => s.kind === 'redundantEnable'), []);
});

test('a read selected by a state register is not guarded: its reset value can be seen', async () => {
  // ultraembedded's USB transmitter shape: the data register is read in the last else of a chain
  // on the state, which the reset puts in a state that reads it (the proof refuted the drop).
  const source = `module tx(input clk_i, input rst_i, input go_i, input [7:0] pid_i, input [7:0] data_i, output reg [7:0] out_r);
  localparam IDLE = 2'd0, DATA = 2'd1;
  reg [1:0] state_q;
  reg       valid_q;
  reg [7:0] data_q;
  always @(posedge clk_i or posedge rst_i)
  if (rst_i) state_q <= IDLE; else if (go_i) state_q <= DATA; else state_q <= IDLE;
  always @(posedge clk_i or posedge rst_i)
  if (rst_i) begin
    valid_q <= 1'b0;
    data_q  <= 8'b0;
  end else if (go_i) begin
    valid_q <= 1'b1;
    data_q  <= pid_i;
  end
  always @* begin
    if (state_q == DATA) out_r = data_i;
    else out_r = data_q;
  end
endmodule
`;
  assert.deepEqual((await suggestionsOf(source)).found.filter((s) => s.kind === 'redundantReset'), []);
  // Selected by the one-bit valid flag the reset clears, it may lose its reset.
  const byFlag = source.replace('if (state_q == DATA) out_r = data_i;\n    else out_r = data_q;', 'if (valid_q) out_r = data_q;\n    else out_r = data_i;');
  assert.equal((await suggestionsOf(byFlag)).found.filter((s) => s.kind === 'redundantReset').length, 1);
});
