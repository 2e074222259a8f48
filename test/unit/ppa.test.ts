import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calibrate, calibrateTo, describeFailure, helpfulCalibration, collectSources, estimateModule, fitNonNegative, parseSamples, libertyTarget, mape, moduleFeatures, moduleLatency, type PpaModel, readFigures, registerOverhead, latchCells, sequentialCells, synthesisScript } from '../../server/src/analyses/ppa';
import { genericLiberty } from '../../server/src/workers/host';
import { loadPpaModel } from '../../server/src/workers/ppaHost';
import { ppaHotspots } from '../../server/src/ide';
import { fixtureWorkspace } from '../helpers/fixture';
import { Snapshot } from '../../server/src/workspace';

/** PPA without Yosys: features, latency, the fit, the report readers, the job Yosys gets. Synthesis itself is tested in test/synth. */

async function unitOf(source: string, name: string) {
  const { snapshot } = await fixtureWorkspace(source);
  const ref = snapshot.unit(name)!;
  return { snapshot, ref };
}

test('operator features by kind and width, with parameters and instances', async () => {
  const { snapshot, ref } = await unitOf(
    `module top #(parameter W = 8) (input clk, input [W-1:0] a, b, input [3:0] s, output reg [W:0] sum, output reg [2*W-1:0] p, output reg lt);
  wire [W-1:0] m = s[0] ? a : b;
  always @(posedge clk) begin
    sum <= a + b;
    p <= a * b;
    lt <= a < m;
  end
  inc #(.N(4)) u (.x(s), .y());
endmodule
module inc #(parameter N = 2) (input [N-1:0] x, output [N-1:0] y);
  assign y = x + 1'b1;
endmodule
`,
    'top',
  );
  const f = moduleFeatures(snapshot, ref.path, ref.unit);
  assert.equal(f.features.add, 9, 'a + b into 9 bits');
  assert.equal(f.features.mul, 64, '8 x 8 partial products');
  assert.equal(f.features.compare, 8);
  assert.equal(f.features.mux, 8);
  assert.equal(f.features.ff, 9 + 16 + 1);
  assert.equal(f.features.addConst, 4, "the instance's incrementer, with N = 4 from the override");
  assert.ok(f.contributions.some((c) => c.label === "instance 'u' (inc)"));
  assert.equal(f.unknown, 0);
});

test('latency in cycles: register stages from inputs to outputs, through instances, loops not walked round', async () => {
  const { snapshot, ref } = await unitOf(
    `module pipe (input clk, input [7:0] d, input bypass, output [7:0] q, output [7:0] fast);
  reg [7:0] s1;
  wire [7:0] s2;
  always @(posedge clk) s1 <= d;
  stage u (.clk(clk), .d(s1), .q(s2));
  stage v (.clk(clk), .d(s2), .q(q));
  assign fast = bypass ? d : s1;
endmodule
module stage (input clk, input [7:0] d, output reg [7:0] q);
  reg [7:0] count;
  always @(posedge clk) begin
    count <= count + 1;
    q <= d ^ count;
  end
endmodule
`,
    'pipe',
  );
  assert.deepEqual(moduleLatency(snapshot, ref.path, ref.unit), { min: 0, max: 3 });
  const stage = snapshot.unit('stage')!;
  assert.deepEqual(moduleLatency(snapshot, stage.path, stage.unit), { min: 1, max: 1 });
});

test('the non-negative fit recovers known costs and never goes below zero', () => {
  // y = 3 x0 + 0.5 x1 (+ x2 costs nothing) exactly.
  const rows = [[1, 2, 0], [2, 1, 5], [3, 4, 1], [4, 0, 2], [5, 5, 5], [1, 7, 3]];
  const y = rows.map((r) => 3 * r[0] + 0.5 * r[1]);
  const coef = fitNonNegative(rows, y, { relative: true });
  assert.ok(Math.abs(coef[0] - 3) < 1e-3 && Math.abs(coef[1] - 0.5) < 1e-3 && Math.abs(coef[2]) < 1e-3, String(coef));
  // A target that wants a negative cost gets zero instead.
  const negative = fitNonNegative([[1, 1], [2, 1], [3, 1]], [0.5, 0, -0.5]);
  assert.ok(negative.every((c) => c >= 0), String(negative));
  assert.equal(Math.round(mape([110, 90], [100, 100])), 10);
});

test('the absolute-error fit follows most of the modules, not the ones far off', () => {
  // Seven modules cost 2 per unit; three (logic synthesis kept more of them) cost 6.
  const rows = Array.from({ length: 10 }, (_, i) => [i + 1]);
  const y = rows.map((r, i) => (i % 3 === 2 && i < 9 ? 6 : 2) * r[0]);
  const squared = fitNonNegative(rows, y, { relative: true })[0];
  const absolute = fitNonNegative(rows, y, { relative: true, absolute: true })[0];
  assert.ok(Math.abs(absolute - 2) < 0.05, `absolute ${absolute}`);
  assert.ok(squared > 2.1, `the squared loss is pulled toward the dearer ones: ${squared}`);
  const error = (c: number) => mape(rows.map((r) => c * r[0]), y);
  assert.ok(error(absolute) < error(squared), `${error(absolute)} < ${error(squared)}`);
});

test('reading Yosys and ABC output: stat JSON, stime, print_stats, ltp', () => {
  const lib = genericLiberty().text;
  const target = libertyTarget(lib, 'rtlens_generic.lib', true);
  assert.deepEqual([...sequentialCells(lib)].sort(), ['DFFR_X1', 'DFF_X1', 'DLH_X1']);
  assert.deepEqual([...latchCells(lib)], ['DLH_X1']);
  assert.equal(Number(registerOverhead(lib)!.toFixed(4)), 0.084 + 0.03);
  // $scopeinfo cells (where hierarchy was flattened) are no logic: not counted.
  const stat = JSON.stringify({ modules: { '\\add': { num_cells: 14, area: 30.5, num_cells_by_type: { DFF_X1: 3, DLH_X1: 1, NAND2_X1: 8, $scopeinfo: 2 } } } });
  const log = 'ABC: WireLoad = "none"  Gates = 8  Area = 6.4  Delay =   318.75 ps\nABC: Start-point = pi0 (\\a [1]).  End-point = po5 ($auto$alumacc.cc:495$4.Y [7]).\nABC: + print_stats\nABC: netlist : i/o = 16/ 9  lat = 0  nd = 37  edge = 81  area =44.98  delay = 8.00  lev = 8\n';
  assert.deepEqual(readFigures(target, 'add', log, stat, undefined), { cells: 12, cellsByType: { DFF_X1: 3, DLH_X1: 1, NAND2_X1: 8 }, areaUm2: 30.5, ffs: 4, latches: 1, logicLevels: 8, delayNs: 0.31875, startPoint: 'a[1]', endPoint: undefined });
  const fpga = readFigures({ kind: 'fpga', name: 'ice40' }, 'add', '', JSON.stringify({ modules: { '\\add': { num_cells: 25, num_cells_by_type: { SB_CARRY: 8, SB_DFF: 9, SB_LUT4: 8, SB_RAM40_4K: 1, SB_MAC16: 2 } } } }), 'Longest topological path in add (length=8):');
  assert.deepEqual({ luts: fpga.luts, ffs: fpga.ffs, brams: fpga.brams, dsps: fpga.dsps, levels: fpga.logicLevels }, { luts: 8, ffs: 9, brams: 1, dsps: 2, levels: 8 });
});

test('the synthesis job: the module, what it instantiates, packages and headers, relative to the workspace', async () => {
  const { snapshot } = await fixtureWorkspace(`//- /rtl/top.sv
\`include "defs.vh"
module top import cfg_pkg::*; (input clk, input [7:0] a, output [7:0] y);
  leaf u (.a(a), .y(y));
endmodule
//- /rtl/leaf.v
module leaf (input [7:0] a, output [7:0] y); assign y = ~a; endmodule
//- /rtl/unused.v
module unused (input a); endmodule
//- /pkg/cfg_pkg.sv
package cfg_pkg; localparam int W = 8; endpackage
//- /inc/defs.vh
\`define WIDTH 8
`);
  const target = libertyTarget(genericLiberty().text, 'rtlens_generic.lib', true);
  const { job, missing } = collectSources(snapshot, 'top', target, { SIM: '' }, '/ws')!;
  assert.deepEqual(missing, []);
  assert.deepEqual(job.read, ['pkg/cfg_pkg.sv', 'rtl/top.sv', 'rtl/leaf.v']);
  assert.deepEqual(Object.keys(job.files).sort(), ['inc/defs.vh', 'pkg/cfg_pkg.sv', 'rtl/leaf.v', 'rtl/top.sv']);
  assert.deepEqual(job.includeDirs, ['inc']);
  // slang reads every file as one design, the package first, at the top's default parameters.
  const { args, files } = synthesisScript(job);
  assert.match(args[1], /^read_slang --threads 1 --single-unit --ignore-timing --allow-use-before-declare --top top -DSYNTHESIS -Iinc -DSIM pkg\/cfg_pkg\.sv rtl\/top\.sv rtl\/leaf\.v; hierarchy -top top; synth -flatten -top top; dfflibmap -liberty rtlens_cells\.lib; abc -liberty rtlens_cells\.lib -script \+strash;/);
  // Yosys's own reader, the fallback where slang stops: one read per file.
  const fallback = synthesisScript(job, 'verilog');
  assert.match(fallback.args[1], /^read_verilog -sv -Iinc -DSIM pkg\/cfg_pkg\.sv; read_verilog -sv -Iinc -DSIM rtl\/top\.sv; read_verilog -sv -Iinc -DSIM rtl\/leaf\.v; hierarchy -top top; synth -flatten -top top;/);
  assert.ok(files['rtlens_cells.lib'].includes('library (rtlens_generic)'));
  const broken = await fixtureWorkspace('module top2 (input a); nowhere u (.a(a)); endmodule\n');
  assert.deepEqual(collectSources(broken.snapshot, 'top2', target)!.missing, ['nowhere']);
  // A saved recipe: its commands (its mapping included) in place of Yosys's default optimisation and mapping.
  const recipeScript = synthesisScript({ ...job, recipe: { steps: ['balance', '&syn2', 'amap'], commands: ['balance', '&get -n', '&syn2', '&put', 'amap'] } }).args[1];
  assert.match(recipeScript, /abc -liberty rtlens_cells\.lib -script \+strash;balance;&get,-n;&syn2;&put;amap;topo;stime,-p;print_stats/);
  assert.ok(!/scorr/.test(recipeScript));
  // Commands without a mapper get Yosys's own mapping.
  const unmapped = synthesisScript({ ...job, recipe: { steps: ['balance'], commands: ['balance'] } }).args[1];
  assert.match(unmapped, /-script \+strash;balance;&get,-n;&dch,-f;&nf;&put;topo;stime,-p;print_stats/);
});

/**
 * A header that includes another only under a define its includer sets first: the nested
 * header is in the job too (the header's own summary, read alone, has that include inactive).
 */
test('the synthesis job holds headers a header includes under the includer\'s defines', async () => {
  const { snapshot } = await fixtureWorkspace(`//- /rtl/unit.sv
\`include "arch.svh"
\`include "debug.svh"
module unit (input [7:0] a, output [7:0] y); assign y = a ^ \`CSR_MASK; endmodule
//- /inc/arch.svh
\`define DBG_EN
//- /inc/debug.svh
\`ifdef DBG_EN
\`include "csr.svh"
\`endif
//- /inc/csr.svh
\`define CSR_MASK 8'h5a
`);
  const target = libertyTarget(genericLiberty().text, 'rtlens_generic.lib', true);
  const { job } = collectSources(snapshot, 'unit', target, {}, '/ws')!;
  assert.deepEqual(Object.keys(job.files).sort(), ['inc/arch.svh', 'inc/csr.svh', 'inc/debug.svh', 'rtl/unit.sv']);
  assert.deepEqual(job.includeDirs, ['inc']);
});

test('estimates carry the error bar of the held-out validation, and say when no model fits the target', async () => {
  const { snapshot, ref } = await unitOf('module m (input clk, input [7:0] a, b, output reg [8:0] s);\n  always @(posedge clk) s <= a + b;\nendmodule\n', 'm');
  const model = loadPpaModel();
  const target = libertyTarget(genericLiberty().text, 'rtlens_generic.lib', true);
  const { estimate } = estimateModule({ access: snapshot, target, model }, ref.path, ref.unit);
  assert.ok(estimate && estimate.cells! > 0 && estimate.areaUm2! > 0 && estimate.delayNs! > 0);
  assert.equal(estimate!.ffs, 9);
  const classes = model.targets.generic.validation.bySize;
  const own = classes?.find((c) => c.upTo === null || estimate!.areaUm2! <= c.upTo);
  assert.equal(estimate!.errorPct.area, Math.round(own?.area ?? model.targets.generic.validation.areaMapePct!), 'the error of its size class where one was measured');
  // A model whose error was measured by size class gives each module its class's error bar.
  const generic = model.targets.generic;
  const byClass: PpaModel = { ...model, targets: { generic: { ...generic, validation: { ...generic.validation, bySize: [{ upTo: 1, modules: 5, area: 90, delay: 80 }, { upTo: null, modules: 5, area: 30, delay: 40 }] } } } };
  const classed = estimateModule({ access: snapshot, target, model: byClass }, ref.path, ref.unit).estimate!;
  assert.deepEqual(classed.errorPct, { area: 30, delay: 40 });
  const none: PpaModel = { provenance: {}, targets: {} };
  const missing = estimateModule({ access: snapshot, target: { kind: 'fpga', name: 'xilinx' }, model: none }, ref.path, ref.unit);
  assert.equal(missing.estimate, undefined);
  assert.match(missing.reason!, /no estimate model for target 'xilinx'/);
});

test('calibration results from CSV, JSON and Yosys reports', () => {
  assert.deepEqual(parseSamples('module,area,delay_ps\nadd8,120.5,450\n# a comment\nmul4,300,900\n', 'r.csv'), [
    { module: 'add8', areaUm2: 120.5, delayNs: 0.45 },
    { module: 'mul4', areaUm2: 300, delayNs: 0.9 },
  ]);
  assert.deepEqual(parseSamples('{"add8": {"area": 120.5, "delay": 0.45}}', 'r.json'), [{ module: 'add8', areaUm2: 120.5, delayNs: 0.45 }]);
  const log = "=== add8 ===\n   Number of cells:                 46\n   Chip area for module '\\add8': 85.660000\nABC: WireLoad = \"none\"  Gates = 37  Area = 44.98  Delay =   318.75 ps\n";
  assert.deepEqual(parseSamples(log, 'synth.log'), [{ module: 'add8', cells: 46, areaUm2: 85.66, delayNs: 0.31875 }]);
  assert.throws(() => parseSamples('[{', 'x.json'), /not valid JSON/);
});

test('calibration rescales to the user target and measures the gain leave-one-out', async () => {
  const { snapshot } = await fixtureWorkspace(
    Array.from({ length: 6 }, (_, i) => `module add${i} (input clk, input [${4 * (i + 1) - 1}:0] a, b, output reg [${4 * (i + 1)}:0] s);\n  always @(posedge clk) s <= a + b;\nendmodule\n`).join(''),
  );
  const model = loadPpaModel();
  const target = libertyTarget(genericLiberty().text, 'rtlens_generic.lib', true);
  const ctx = { access: snapshot, target, model };
  // The "user's library" is three times bigger than the estimate, give or take 10%.
  const plain = (m: string) => estimateModule(ctx, snapshot.unit(m)!.path, snapshot.unit(m)!.unit).estimate!;
  const samples = Array.from({ length: 6 }, (_, i) => ({ module: `add${i}`, areaUm2: plain(`add${i}`).areaUm2! * 3 * (i % 2 ? 1.1 : 0.9) }));
  const report = calibrateTo(ctx, [...samples, { module: 'not_here', areaUm2: 1 }]);
  assert.equal(report.used, 6);
  assert.deepEqual(report.unmatched, ['not_here']);
  assert.ok(Math.abs(report.calibration.areaUm2 - 3) < 0.1, String(report.calibration.areaUm2));
  assert.ok(report.errors.areaUm2!.before > 60 && report.errors.areaUm2!.after < 15, JSON.stringify(report.errors));
  const calibrated = estimateModule({ ...ctx, calibration: report.calibration }, snapshot.unit('add2')!.path, snapshot.unit('add2')!.unit).estimate!;
  assert.ok(calibrated.calibrated);
  assert.equal(calibrated.errorPct.area, Math.round(report.errors.areaUm2!.after));
});

test('hotspots: the lines with most of the area, and the estimated critical path', async () => {
  const { snapshot, ref } = await unitOf('module h (input clk, input [15:0] a, b, input c, d, output reg [31:0] p, output reg x);\n  wire [31:0] m = a * b;\n  always @(posedge clk) begin\n    p <= m + 1;\n    x <= c ^ d;\n  end\nendmodule\n', 'h');
  const view = { ctx: { access: snapshot, target: libertyTarget(genericLiberty().text, 'rtlens_generic.lib', true), model: loadPpaModel() }, synthesis: () => undefined };
  const spots = ppaHotspots(snapshot, ref.path, view);
  assert.equal(spots.area[0].range.start.line, 1, 'the multiplier line first');
  assert.ok(spots.area[0].sharePct > 50, String(spots.area[0].sharePct));
  assert.ok(!spots.area.some((a) => a.range.start.line === 4), 'the one-bit xor is no hotspot');
  assert.deepEqual(spots.critical.map((c) => c.range.start.line), [1, 3], 'a * b, then + 1 into p');
});

test('loops with constant bounds count once per iteration; zero-extended operands make incrementers', async () => {
  const { snapshot, ref } = await unitOf(
    `module l #(parameter N = 8) (input clk, input [N-1:0] d, input [15:0] a, output reg [3:0] n, output reg [15:0] s);
  integer i;
  reg [3:0] c;
  always @* begin
    c = 0;
    for (i = 0; i < N; i = i + 1) c = c + {3'd0, d[i]};
  end
  always @(posedge clk) begin
    n <= c;
    s <= a + {15'd0, d[0]};
  end
endmodule
`,
    'l',
  );
  const f = moduleFeatures(snapshot, ref.path, ref.unit);
  assert.equal(f.features.addConst, 8 * 4 + 16, 'eight 4-bit incrementers from the loop, one 16-bit from the carry-in');
  assert.equal(f.features.add, 0);
  assert.ok(f.contributions.some((c) => /x8 \(loop\)/.test(c.label)), JSON.stringify(f.contributions.map((c) => c.label)));
});

test('calibration keeps a power law when it predicts the left-out results better than a scale', async () => {
  const { snapshot } = await fixtureWorkspace(
    Array.from({ length: 7 }, (_, i) => `module m${i} (input clk, input [${6 * (i + 1) - 1}:0] a, b, output reg [${6 * (i + 1)}:0] s);\n  always @(posedge clk) s <= a + b;\nendmodule\n`).join(''),
  );
  const ctx = { access: snapshot, target: libertyTarget(genericLiberty().text, 'rtlens_generic.lib', true), model: loadPpaModel() };
  const plain = (m: string) => estimateModule(ctx, snapshot.unit(m)!.path, snapshot.unit(m)!.unit).estimate!;
  // The user's library grows faster with size than ours: area = 2 * estimate^1.3, exactly.
  const samples = Array.from({ length: 6 }, (_, i) => ({ module: `m${i}`, areaUm2: 2 * plain(`m${i}`).areaUm2! ** 1.3 }));
  const report = calibrateTo(ctx, samples);
  assert.ok(Math.abs(report.calibration.powers!.areaUm2! - 1.3) < 0.01, JSON.stringify(report.calibration));
  assert.ok(report.errors.areaUm2!.after < 1, JSON.stringify(report.errors));
  const held = estimateModule({ ...ctx, calibration: report.calibration }, snapshot.unit('m6')!.path, snapshot.unit('m6')!.unit).estimate!;
  const truth = 2 * plain('m6').areaUm2! ** 1.3;
  assert.ok(Math.abs(held.areaUm2! - truth) / truth < 0.01, `${held.areaUm2} vs ${truth}`);
});

test('critical-path classes: an accumulate folds into its multiplier; a case on a bus pays its decoded fan-out by width', async () => {
  const { snapshot } = await fixtureWorkspace(
    `module mac (input clk, input [7:0] a, b, output reg [19:0] acc);
  always @(posedge clk) acc <= acc + a * b;
endmodule
module sel #(parameter W = 16) (input clk, input [1:0] s, input [W-1:0] i0, i1, i2, output reg [W-1:0] y);
  always @(posedge clk)
    case (s)
      2'd0: y <= i0;
      2'd1: y <= i1;
      default: y <= i2;
    endcase
endmodule
module two (input clk, input s, input [15:0] i0, i1, output reg [15:0] y);
  always @(posedge clk) if (s) y <= i0; else y <= i1;
endmodule
`,
  );
  const parts = (name: string) => {
    const ref = snapshot.unit(name)!;
    return moduleFeatures(snapshot, ref.path, ref.unit).pathParts;
  };
  const mac = parts('mac');
  assert.ok(mac.mul > 0, JSON.stringify(mac));
  assert.equal(mac.add, undefined, 'no ripple adder after the multiplier');
  assert.equal(mac.macAdd, 2 + 20 - 16, 'one compressor level and the 4 bits past the 16-bit product');
  assert.equal(parts('sel').decodeFanout, 16, 'each decoded line drives one gate per bit');
  assert.equal(parts('sel').decode, 2);
  assert.equal(parts('two').decodeFanout, undefined, 'a one-bit select from an input is not decoded');
});

/**
 * Registers declared only inside a generate branch (biriscv's register file keeps its 31
 * registers in the `else` branch): their widths come from the declaration there, so the
 * flip-flops are counted at full width, not one bit each.
 */
test('features count registers declared inside a generate block at their declared width', async () => {
  const { snapshot, ref } = await unitOf(`module rf #(parameter FAST = 0) (input clk, input [1:0] a, input [31:0] d, output [31:0] q);
generate
if (FAST) begin: g_fast
  assign q = d;
end else begin: g_regs
  reg [31:0] r1_q;
  reg [31:0] r2_q;
  always @(posedge clk) begin
    if (a == 2'd1) r1_q <= d;
    if (a == 2'd2) r2_q <= d;
  end
  assign q = a[0] ? r1_q : r2_q;
end
endgenerate
endmodule
`, 'rf');
  assert.equal(moduleFeatures(snapshot, ref.path, ref.unit).features.ff, 64);
});

/**
 * What elaboration removes is not counted (shapes seen in Hazard3 and basejump_stl):
 * the generate-if branch parameters rule out (a multiplier built only when FAST is set), a
 * procedural `if (PARAM)` branch with PARAM = 0 and the register it alone drives, a counter
 * masked by `{W{|EN}}` with EN = 0 (a constant, so no register), expressions of parameters and
 * loop counters (`idx = i` in a priority loop is a constant per iteration, not an adder), and a
 * memory declared inside the generate branch that is built.
 */
test('features follow elaboration: dead generate branches, if (PARAM), masked registers, static loop expressions', async () => {
  const { snapshot } = await fixtureWorkspace(`//- /m.v
module m #(parameter FAST = 0, parameter DEBUG = 0, parameter EN = 0, parameter N = 8) (
  input clk, input rst_n, input [15:0] a, b, input [N-1:0] req, input [2:0] wa, ra, input we,
  output [31:0] p, output reg [15:0] dbg, output reg [31:0] count, output reg [2:0] idx, output reg [15:0] rd);
  generate
    if (FAST) begin: fast
      assign p = a * b;
    end else begin: slow
      assign p = {16'd0, a ^ b};
    end
    if (N > 4) begin: mem_on
      reg [15:0] mem [0:7];
      always @(posedge clk) begin
        if (we) mem[wa] <= a;
        rd <= mem[ra];
      end
    end
  endgenerate
  always @(posedge clk or negedge rst_n)
    if (!rst_n) dbg <= 16'd0;
    else if (DEBUG) dbg <= a + b;
  always @(posedge clk) count <= (count + 32'd1) & {32{|EN}};
  integer i;
  always @* begin
    idx = 3'd0;
    for (i = 0; i < N; i = i + 1) if (req[i]) idx = i + 1;
  end
endmodule
`);
  const ref = snapshot.unit('m')!;
  const f = moduleFeatures(snapshot, ref.path, ref.unit);
  assert.equal(f.features.mul, 0, 'the multiplier of the FAST branch is not built');
  assert.equal(f.features.add + f.features.addConst, 0, JSON.stringify(f.contributions.filter((c) => c.feature.startsWith('add'))));
  assert.equal(f.features.memory, 8 * 16);
  // rd (16) only: dbg is its reset value alone, count is masked to 0.
  assert.equal(f.features.ff, 16, JSON.stringify(f.contributions.filter((c) => c.feature === 'ff').map((c) => c.label)));
  assert.ok(f.features.logic >= 16, 'the slow branch is built');
  const fast = moduleFeatures(snapshot, ref.path, ref.unit, new Map([['FAST', 1], ['DEBUG', 1], ['EN', 1], ['N', 8]]));
  assert.equal(fast.features.mul, 16 * 16);
  assert.equal(fast.features.ff, 16 + 16 + 32);
});

/**
 * The workspace's own results calibrate only the figures they help leave-one-out: areas all
 * twice the estimate (a bias: the scale helps), delays scattered around it (a scale fitted on
 * four would make the fifth worse): area is rescaled, delay keeps the model's estimate.
 */
test('helpful calibration keeps the figures whose leave-one-out error drops', () => {
  const estimates = new Map([10, 20, 40, 80, 160].map((a, i) => [`m${i}`, { module: `m${i}`, target: 'generic', areaUm2: a, delayNs: 1, ffs: 0, logicLevels: 4, errorPct: { area: 30, delay: 30 }, breakdown: [], calibrated: false, calibratedOn: 0 }]));
  const delays = [0.5, 2, 0.6, 1.8, 1];
  const samples = [...estimates.values()].map((e, i) => ({ module: e.module, areaUm2: 2 * e.areaUm2!, delayNs: delays[i] }));
  const report = calibrate(samples, (m) => estimates.get(m));
  const kept = helpfulCalibration(report)!;
  assert.ok(Math.abs(kept.areaUm2 - 2) < 1e-9, String(kept.areaUm2));
  assert.equal(kept.delayNs, 1);
  assert.equal(kept.powers?.delayNs, undefined);
  assert.equal(kept.errorPct?.area, 0);
  assert.equal(kept.errorPct?.delay, undefined);
});

/** Yosys failures in one line: slang's located errors, its errors about the design as a whole, Yosys's own. */
test('failures in words: slang with and without a place, Yosys', () => {
  assert.equal(describeFailure('x.sv:5:17: error: expected expression\nERROR: Design elaboration failed', 'z'), 'Yosys could not read x.sv line 5: expected expression');
  assert.equal(describeFailure('top.v:2:3: error: unknown module \'nowhere\'\n', 'top'), "top.v line 2 instantiates 'nowhere', which no workspace file defines: synthesis needs every submodule");
  assert.match(describeFailure("error: 't' is not a valid top-level module\nBuild failed: 1 error\nERROR: Design elaboration failed; see full log for details\n", 't'), /^Yosys: 't' is not a valid top-level module: a module is synthesized at its default parameters, so every parameter needs a default/);
  assert.equal(describeFailure('ERROR: Module `\\sub\' referenced in module `\\top\' in cell `\\u\' is not part of the design.\n', 'top'), "'top' instantiates 'sub' (instance 'u'), which no workspace file defines: synthesis needs every submodule");
});

test('a gate-level chain tens of thousands of names deep: the path walk keeps its own stack', async () => {
  // Written last gate first, so the walk from the output meets every name before its driver.
  const n = 30000;
  const lines = ['module chain (input a, input b, output y);'];
  for (let i = 0; i <= n; i++) lines.push(`  wire n${i};`);
  lines.push('  assign n0 = a ^ b;');
  for (let i = n; i > 0; i--) lines.push(`  assign n${i} = n${i - 1} & a;`);
  lines.push(`  assign y = n${n};`, 'endmodule', '');
  const { snapshot, ref } = await unitOf(lines.join('\n'), 'chain');
  const f = moduleFeatures(snapshot, ref.path, ref.unit);
  assert.equal(f.pathLevels, n + 1, 'one level per gate');
  assert.equal(f.gates, n + 1, 'a gate-level netlist: one gate per assignment');
  assert.equal(f.features.logic, 0, 'its gates are not operator logic');
  assert.deepEqual(moduleLatency(snapshot, ref.path, ref.unit), { min: 0, max: 0 });
});

test('features kept across snapshots are not reused once a macro they read changes', async () => {
  const { workspace, snapshot } = await fixtureWorkspace(`//- /rtl/top.sv
module top (input [\`W-1:0] a, b, output [\`W-1:0] y);
  assign y = a + b;
endmodule
//- /rtl/defs.svh
\`define W 8
`);
  const ref = snapshot.unit('top')!;
  assert.equal(moduleFeatures(snapshot, ref.path, ref.unit).features.add, 8);
  workspace.openDocument('/ws/rtl/defs.svh', '`define W 16\n');
  const after = new Snapshot(workspace);
  const again = after.unit('top')!;
  assert.equal(again.unit, ref.unit, 'the module itself did not change');
  assert.equal(moduleFeatures(after, again.path, again.unit).features.add, 16);
});

test('features count what synthesis keeps: logic nothing observes, typed packed arrays, case arms that agree', async () => {
  const { snapshot } = await fixtureWorkspace(`module dead (input clk, input [7:0] a, b, output [7:0] y);
  wire [7:0] unused = a * b;
  reg [7:0] debug_q;
  always @(posedge clk) debug_q <= a + b;
  assign y = a ^ b;
endmodule
module tfifo #(parameter int W = 8, parameter int D = 4, parameter type T = logic [W-1:0]) (input logic clk, input logic [1:0] rp, wp, input T d, output T q);
  T [D-1:0] mem_q;
  always_ff @(posedge clk) mem_q[wp] <= d;
  assign q = mem_q[rp];
endmodule
module resets (input clk, rst_n, rst, en, input [7:0] d, output reg [7:0] qa, qs, qe);
  always @(posedge clk or negedge rst_n) if (!rst_n) qa <= 8'd0; else qa <= d;
  always @(posedge clk) if (rst) qs <= 8'd0; else qs <= d;
  always @(posedge clk or negedge rst_n) if (!rst_n) qe <= 8'd0; else if (en) qe <= d;
endmodule
module dec (input [1:0] op, input [7:0] x, output reg [7:0] y);
  always @* case (op)
    2'd0: y = {x[7:4], 4'b0000};
    2'd1: y = {x[7:4], 4'b0001};
    2'd2: y = {x[7:4], 4'b0010};
    default: y = {x[7:4], 4'b0100};
  endcase
endmodule
`);
  const featuresOf = (name: string) => {
    const ref = snapshot.unit(name)!;
    return moduleFeatures(snapshot, ref.path, ref.unit).features;
  };
  const dead = featuresOf('dead');
  assert.equal(dead.mul, 0, 'a product nothing reads is removed');
  assert.equal(dead.ff + dead.add + dead.addConst, 0, 'so is a register nothing reads, and its adder');
  assert.equal(dead.logic, 8);
  const fifo = featuresOf('tfifo');
  assert.equal(fifo.ff, 32, 'D words of the type parameter T, W bits each');
  assert.equal(fifo.muxWide, 8 * 3, 'reading one of four 8-bit words');
  const resets = featuresOf('resets');
  assert.equal(resets.ff, 24);
  assert.equal(resets.mux, 8 + 8, "a synchronous reset is a multiplexer (qs), an enable is one (qe); an asynchronous reset is the flip-flop's own pin (qa)");
  const dec = featuresOf('dec');
  assert.equal(dec.mux + dec.muxWide, 0, 'the upper bits are x[7:4] in every arm: no multiplexer');
  assert.equal(dec.muxConst, 3, 'three lower bits take two constant values each');
});

test('a condition computed from data steers a multiplexer: its fan-out counts in the path', async () => {
  const { snapshot, ref } = await unitOf(
    `module sel (input [7:0] a, b, c, output [7:0] y);
  assign y = (a == b) ? a : c;
endmodule
`,
    'sel',
  );
  const f = moduleFeatures(snapshot, ref.path, ref.unit);
  assert.ok((f.pathParts.selectFanout ?? 0) > 0, JSON.stringify(f.pathParts));
});

test('a lens cuts a long message at a word, never inside one', async () => {
  const { shortText } = await import('../../server/src/ide/ppa');
  assert.equal(shortText('short', 60), 'short');
  assert.equal(shortText("'broken' instantiates 'not_here', which no workspace file defines: synthesis needs every submodule", 60), "'broken' instantiates 'not_here', which no workspace file…");
  assert.equal(shortText('first line\nsecond line', 60), 'first line…');
  assert.equal(shortText('x'.repeat(100), 60), `${'x'.repeat(60)}…`);
});
