import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectSources, libertyTarget, synthesize } from '../../server/src/analyses/ppa';
import { applyEdits, auditSuggestions, checkSuggestion, findSuggestions, proveEquivalent, type SuggestContext } from '../../server/src/analyses/suggest';
import { genericLiberty } from '../../server/src/workers/host';
import { loadPpaModel } from '../../server/src/workers/ppaHost';
import { YosysPool } from '../../server/src/workers/synthesis';
import { fixtureWorkspace } from '../helpers/fixture';

/**
 * Suggestions against real Yosys + ABC: every behaviour-preserving rewrite is proven
 * equivalent (ABC dprove on a Yosys miter), a wrong one is refuted and not offered, the
 * synthesized figures show the gain, and the rewritten code parses and synthesizes.
 */
const pool = new YosysPool(2);
test.after(() => pool.dispose());
const model = loadPpaModel();
const target = () => libertyTarget(genericLiberty().text, 'rtlens_generic.lib', true);

async function setup(source: string) {
  const { snapshot, workspace, fixture } = await fixtureWorkspace(source);
  const path = fixture.main;
  const text = fixture.files.get(path)!;
  const ctx: SuggestContext = { ppa: { access: snapshot, target: target(), model, root: '/ws' }, summarize: (p, t) => snapshot.summarizeText(p, t) };
  return { ctx, path, text, workspace, found: findSuggestions(ctx, path, text) };
}

async function checked(source: string, kind: string) {
  const { ctx, path, text, workspace, found } = await setup(source);
  const suggestion = found.find((s) => s.kind === kind);
  assert.ok(suggestion, `a ${kind} suggestion`);
  const check = await checkSuggestion(ctx, suggestion, text, pool, { timeoutMs: 60_000, proofTimeoutMs: 60_000 });
  workspace.dispose();
  return { suggestion, check, after: applyEdits(text, suggestion.edits) };
}

const ALU = `module alu(input [1:0] op, input [15:0] a, b, c, d, e, f, output reg [15:0] y);
  always @* begin
    case (op)
      2'd0: y = a + b;
      2'd1: y = c + d;
      default: y = e + f;
    endcase
  end
endmodule
`;

test('a shared adder is proven equivalent (CEC) and synthesizes smaller', { timeout: 120_000 }, async () => {
  const { check } = await checked(ALU, 'shareOperator');
  assert.equal(check.proof?.status, 'proven', check.summary);
  assert.match(check.proof!.message, /combinational/);
  assert.ok(check.after!.area! < check.before!.area! * 0.8, `area ${check.before!.area} -> ${check.after!.area}`);
  assert.equal(check.gain, true);
  assert.equal(check.safe, true);
  assert.equal(check.offered, true);
});

test('a shared multiplier is proven case by case on its select input, over the unchanged register', { timeout: 120_000 }, async () => {
  const { check } = await checked(`module mac_select(input clk, input sel, input [7:0] a, b, c, d, output reg [15:0] p);
  reg [15:0] prod;
  always @(*) begin
    if (sel) prod = a * b;
    else prod = c * d;
  end
  always @(posedge clk) p <= prod;
endmodule
`, 'shareOperator');
  assert.equal(check.proof?.status, 'proven', check.summary);
  assert.match(check.proof!.message, /for each of the 2 values of sel/);
  assert.equal(check.offered, true, check.summary);
});

test('the case-by-case proof does not pass a wrong operand choice', { timeout: 120_000 }, async () => {
  const { ctx, workspace } = await setup(`//- /ws/m.v
module m(input clk, input sel, input [7:0] a, b, c, d, output reg [15:0] p);
  always @(posedge clk) p <= sel ? a * b : c * d;
endmodule
`);
  const before = collectSources(ctx.ppa.access, 'm', ctx.ppa.target, {}, '/ws')!.job;
  const wrong = { ...before, files: { 'm.v': before.files['m.v'].replace('sel ? a * b : c * d', '(sel ? a : c) * (sel ? d : a)') } };
  const proof = await proveEquivalent(before, wrong, pool, { timeoutMs: 30_000, hinted: { before, properties: ['gold.p gate.p'], lemma: false, caseSplit: [{ port: 'sel', width: 1 }] } });
  assert.notEqual(proof.status, 'proven', proof.message);
  workspace.dispose();
});

const COUNTER = `module tick(input clk, input rst, input en, output tick);
  reg [15:0] count;
  always @(posedge clk)
    if (rst) count <= 16'd0;
    else if (en) count <= (count == 16'd9) ? 16'd0 : count + 16'd1;
  assign tick = en && count == 16'd9;
endmodule
`;

test('a narrowed counter is proven equivalent for every input sequence and loses 12 flip-flops', { timeout: 120_000 }, async () => {
  const { check } = await checked(COUNTER, 'narrowCounter');
  assert.equal(check.proof?.status, 'proven', check.summary);
  assert.match(check.proof!.message, /sequential/);
  assert.equal(check.before!.ffs - check.after!.ffs, 12);
  assert.equal(check.offered, true);
});

test('a dropped datapath reset is proven equivalent at the outputs and saves area', { timeout: 120_000 }, async () => {
  const { check } = await checked(`module stage(input clk, input rst, input in_valid, input [31:0] in_data, output out_valid, output [31:0] out_data);
  reg valid_q;
  reg [31:0] data_q;
  always @(posedge clk) if (rst) valid_q <= 1'b0; else valid_q <= in_valid;
  always @(posedge clk) if (rst) data_q <= 32'd0; else data_q <= in_data;
  assign out_valid = valid_q;
  assign out_data = valid_q ? data_q : 32'd0;
endmodule
`, 'redundantReset');
  assert.equal(check.proof?.status, 'proven', check.summary);
  assert.ok(check.after!.area! < check.before!.area!, check.summary);
  assert.equal(check.offered, true);
});

// The shape of real cores (biriscv's dcache_axi_axi, Hazard3, cv32e40p): a control flag and a
// data register in one always_ff with an asynchronous reset, the data under an enable and a case.
const LSU_BUFFER = `//- /ws/lsu_buf.sv
module lsu_buf(input logic clk, input logic rst_n, input logic req, input logic [1:0] size, input logic [31:0] wdata, output logic [31:0] q);
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

test('a reset dropped from a shared always_ff (asynchronous reset, enable, case) is proven and saves area', { timeout: 120_000 }, async () => {
  const { check } = await checked(LSU_BUFFER, 'redundantReset');
  assert.equal(check.proof?.status, 'proven', check.summary);
  assert.ok(check.after!.area! < check.before!.area!, check.summary);
  assert.equal(check.offered, true, check.summary);
});

test('an enable and reset dropped from a shared block is proven and saves area', { timeout: 120_000 }, async () => {
  const { check } = await checked(`module skid(input clk, input rst_n, input in_valid, input [31:0] in_data, output out_valid, output [31:0] out_data);
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
`, 'redundantEnable');
  assert.equal(check.proof?.status, 'proven', check.summary);
  assert.ok(check.after!.area! < check.before!.area!, check.summary);
  assert.equal(check.offered, true, check.summary);
});

test('a skid buffer that loads on every clock is proven and saves area', { timeout: 120_000 }, async () => {
  // biriscv's fetch skid buffer shape (written here): set with its flag, cleared with it.
  const { check } = await checked(`module fetch_skid(input clk_i, input rst_i, input valid_i, input accept_i, input [31:0] pc_i, input [31:0] instr_i, input [31:0] pc_d, output [31:0] pc_o, output [31:0] instr_o);
  reg [63:0] skid_buffer_q;
  reg        skid_valid_q;
  always @ (posedge clk_i or posedge rst_i)
  if (rst_i) begin
      skid_buffer_q  <= 64'b0;
      skid_valid_q   <= 1'b0;
  end else if (valid_i && !accept_i) begin
      skid_valid_q  <= 1'b1;
      skid_buffer_q <= {pc_i, instr_i};
  end else begin
      skid_valid_q  <= 1'b0;
      skid_buffer_q <= 64'b0;
  end
  assign pc_o    = skid_valid_q ? skid_buffer_q[63:32] : pc_d;
  assign instr_o = skid_valid_q ? skid_buffer_q[31:0] : instr_i;
endmodule
`, 'redundantEnable');
  assert.equal(check.proof?.status, 'proven', check.summary);
  assert.ok(check.after!.area! < check.before!.area! * 0.9, check.summary);
  assert.equal(check.offered, true, check.summary);
});

test('the workspace audit checks every candidate, offered first, and a cancel keeps what was checked', { timeout: 240_000 }, async () => {
  const source = `${LSU_BUFFER}//- /ws/alu.v\n${ALU}`;
  const { snapshot, workspace } = await fixtureWorkspace(source);
  const ctx: SuggestContext = { ppa: { access: snapshot, target: target(), model, root: '/ws' }, summarize: (p, t) => snapshot.summarizeText(p, t) };
  const paths = ['/ws/alu.v', '/ws/lsu_buf.sv'];
  const phases: string[] = [];
  const audit = await auditSuggestions(ctx, paths, (p) => snapshot.text(p), pool, { check: true, timeoutMs: 60_000, proofTimeoutMs: 60_000, onProgress: (p) => phases.push(p.phase) });
  assert.deepEqual([...new Set(phases)], ['find', 'check']);
  assert.equal(audit.counts.files, 2);
  assert.ok(audit.counts.found >= 2, JSON.stringify(audit.counts));
  assert.equal(audit.counts.checked, audit.counts.found);
  assert.equal(audit.counts.refuted, 0);
  const kinds = audit.rows.filter((r) => r.check?.offered).map((r) => r.suggestion.kind).sort();
  assert.deepEqual(kinds, ['redundantReset', 'shareOperator']);
  // Offered rows first, and each row knows its line.
  const firstNotOffered = audit.rows.findIndex((r) => !r.check?.offered);
  assert.ok(firstNotOffered === -1 || audit.rows.slice(firstNotOffered).every((r) => !r.check?.offered));
  assert.ok(audit.rows.every((r) => r.line >= 1));
  // Cancelled at the first check: an answer all the same, nothing checked, each row says why.
  const abort = new AbortController();
  const cancelled = await auditSuggestions(ctx, paths, (p) => snapshot.text(p), pool, { check: true, signal: abort.signal, onProgress: (p) => p.phase === 'check' && abort.abort() });
  workspace.dispose();
  assert.equal(cancelled.cancelled, true);
  assert.equal(cancelled.counts.found, audit.counts.found);
  assert.ok(cancelled.counts.checked <= 1);
  assert.ok(cancelled.rows.filter((r) => !r.check).every((r) => /cancelled/.test(r.skipped ?? '')));
});

test('a dropped enable is proven equivalent at the outputs and saves the hold multiplexers', { timeout: 120_000 }, async () => {
  const { check } = await checked(`module capture(input clk, input rst, input in_valid, input [31:0] in_data, output out_valid, output [31:0] out_data);
  reg valid_q;
  reg [31:0] data_q;
  always @(posedge clk) if (rst) valid_q <= 1'b0; else valid_q <= in_valid;
  always @(posedge clk) if (in_valid) data_q <= in_data;
  assign out_valid = valid_q;
  assign out_data = valid_q ? data_q : 32'd0;
endmodule
`, 'redundantEnable');
  assert.equal(check.proof?.status, 'proven', check.summary);
  assert.ok(check.after!.area! < check.before!.area! * 0.9, check.summary);
  assert.equal(check.offered, true);
});

test('a narrowing the detector got wrong is refuted by the proof and not offered', { timeout: 120_000 }, async () => {
  // The count wraps at 5 only when 'go' is high; with 'go' low it runs on to 2^16. The 3-bit
  // version wraps at 8 and raises the flag again 8 cycles later. The detector (text only: a
  // test of the counter against 5 guards its wrap) proposes it; the proof must catch it.
  const { check, suggestion } = await checked(`module wrap(input clk, input rst, input go, output reg seen);
  reg [15:0] c;
  always @(posedge clk) if (rst) c <= 16'd0; else if (c == 16'd5 && go) c <= 16'd0; else c <= c + 16'd1;
  always @(posedge clk) if (rst) seen <= 1'b0; else seen <= c == 16'd5;
endmodule
`, 'narrowCounter');
  assert.match(suggestion.title, /from 16 to 3 bits/);
  assert.equal(check.proof?.status, 'refuted', check.summary);
  assert.equal(check.safe, false);
  assert.equal(check.offered, false);
  assert.match(check.summary, /Not offered/);
});

test('the latch default and the pipeline register change behaviour: not proven, offered on their synthesized gain', { timeout: 120_000 }, async () => {
  const latch = await checked(`module dec(input [1:0] s, input [7:0] a, b, output reg [7:0] y);
  always @* begin
    if (s == 2'd0) y = a;
    else if (s == 2'd1) y = b;
  end
endmodule
`, 'latchDefault');
  assert.equal(latch.check.proof, undefined);
  assert.ok(latch.check.before!.latches > 0 && latch.check.after!.latches === 0, latch.check.summary);
  assert.equal(latch.check.offered, true);
  assert.match(latch.check.summary, /changes behaviour/);

  const pipe = await checked(`module dot2(input clk, input [7:0] a, b, c, d, output reg [15:0] q);
  always @(posedge clk) q <= a * b + c * d;
endmodule
`, 'pipeline');
  assert.equal(pipe.check.proof, undefined);
  assert.ok(pipe.check.after!.delay! < pipe.check.before!.delay! * 0.9, pipe.check.summary);
  assert.equal(pipe.check.offered, true);
  assert.match(pipe.check.summary, /latency \+1/);
});

test('the proof refutes a real difference and answers undecided, never proven, when out of time', { timeout: 120_000 }, async () => {
  const { ctx, workspace } = await setup(`//- /ws/a.v
module m(input [7:0] a, b, output [7:0] y);
  assign y = a + b;
endmodule
`);
  const before = collectSources(ctx.ppa.access, 'm', ctx.ppa.target, {}, '/ws')!.job;
  const after = { ...before, files: { 'a.v': before.files['a.v'].replace('a + b', 'a - b') } };
  const refuted = await proveEquivalent(before, after, pool, { timeoutMs: 60_000 });
  assert.equal(refuted.status, 'refuted', refuted.message);
  const same = await proveEquivalent(before, { ...before, files: { 'a.v': before.files['a.v'].replace('a + b', 'b + a') } }, pool, { timeoutMs: 60_000 });
  assert.equal(same.status, 'proven', same.message);
  // Differs only where the original's output bits are 0: a miter that ignored those (as
  // `miter -ignore_gold_x` does once undefined values become 0) would call this proven.
  const ones = await proveEquivalent(before, { ...before, files: { 'a.v': before.files['a.v'].replace('a + b', "8'hff") } }, pool, { timeoutMs: 60_000 });
  assert.equal(ones.status, 'refuted', ones.message);
  const tooShort = await proveEquivalent(before, after, pool, { timeoutMs: 1 });
  assert.equal(tooShort.status, 'undecided');
  workspace.dispose();
});

test('every rewrite applied to its example reads back and synthesizes', { timeout: 180_000 }, async () => {
  for (const source of [ALU, COUNTER]) {
    const { ctx, path, text, workspace, found } = await setup(source);
    for (const s of found) {
      const after = applyEdits(text, s.edits);
      const summary = ctx.summarize(path, after)!;
      assert.equal(summary.problems.filter((p) => p.code === 'syntax-error' || p.code === 'missing-token').length, 0, s.title);
      workspace.openDocument(path, after);
      const job = collectSources(ctx.ppa.access, s.module, ctx.ppa.target, {}, '/ws')!.job;
      const result = await synthesize(job, pool, { timeoutMs: 60_000 });
      assert.ok(result.figures.cells > 0, `${s.title}: ${result.figures.cells} cells`);
      workspace.openDocument(path, text);
    }
    workspace.dispose();
  }
});
