import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancelledError, libertyTarget, type SynthesisJob, SynthesisCache, SynthesisError, synthesize, TimeoutError } from '../../server/src/analyses/ppa';
import { genericLiberty } from '../../server/src/workers/host';
import { YosysPool, yosysBundle } from '../../server/src/workers/synthesis';

/**
 * Exact mode against Yosys itself (slow: real synthesis in WebAssembly). The figures RTLens
 * reports must be the ones Yosys prints when run by hand on the same design and library.
 */
const REPO = path.resolve(__dirname, '../../..');
const ADDER = 'module add (input clk, input [7:0] a, b, output reg [8:0] s);\n  always @(posedge clk) s <= a + b;\nendmodule\n';

type Tree = { [name: string]: Tree | string | Uint8Array };
async function yosysByHand(args: string[], files: Tree): Promise<string> {
  const dynamicImport = new Function('url', 'return import(url)') as (url: string) => Promise<{ runYosys: (a: string[], f: Tree, o: object) => Promise<Tree> }>;
  const { runYosys } = await dynamicImport(pathToFileURL(yosysBundle()).href);
  let log = '';
  const decoder = new TextDecoder();
  await runYosys(args, files, { stdout: (b: Uint8Array | null) => b && (log += decoder.decode(b)), stderr: (b: Uint8Array | null) => b && (log += decoder.decode(b)), fetchProgress: () => undefined });
  // Yosys colours its log.
  return log.replace(/\x1b\[[0-9;]*m/g, '');
}

function job(files: Record<string, string>, top: string, target = libertyTarget(genericLiberty().text, 'rtlens_generic.lib', true)): SynthesisJob {
  return { top, files, read: Object.keys(files), includeDirs: [], defines: {}, target };
}

const pool = new YosysPool(1);
test.after(() => pool.dispose());

test('cell library: cells, area and flip-flops are what Yosys stat prints by hand', { timeout: 120000 }, async () => {
  const result = await synthesize(job({ 'add.v': ADDER }, 'add'), pool);
  const lib = genericLiberty().text;
  const log = await yosysByHand(['-p', 'read_slang --threads 1 add.v; synth -flatten -top add; dfflibmap -liberty cells.lib; abc -liberty cells.lib; opt_clean; stat -liberty cells.lib'], { 'add.v': ADDER, 'cells.lib': lib });
  const area = Number(/Chip area for module '\\add': ([\d.]+)/.exec(log)![1]);
  // synth prints its own statistics first: the last report is the mapped design's.
  // stat's table: count, then area, then the name (`46    85.66 cells`, `9    40.68   DFF_X1`).
  const cells = Number([...log.matchAll(/^[ \t]*(\d+)[ \t]+[\d.]+[ \t]+cells$/gm)].pop()![1]);
  const dffs = Number(/^[ \t]*(\d+)[ \t]+[\d.]+[ \t]+DFF_X1$/m.exec(log)![1]);
  assert.equal(result.figures.areaUm2, area);
  assert.equal(result.figures.cells, cells);
  assert.equal(result.figures.ffs, dffs);
  assert.equal(dffs, 9);
  // ABC's timing report: a positive critical path through the 8-bit carry chain, logic levels from print_stats.
  assert.ok(result.figures.delayNs! > 0.1 && result.figures.delayNs! < 2, String(result.figures.delayNs));
  assert.ok(result.figures.logicLevels >= 4, String(result.figures.logicLevels));
});

test('a saved recipe replaces Yosys\'s default ABC optimisation and mapping: its own figures and key', { timeout: 120000 }, async () => {
  const plain = job({ 'add.v': ADDER }, 'add');
  const steps = ['balance', 'rewrite -z', '&syn2', 'resub'];
  const withRecipe: SynthesisJob = { ...plain, recipe: { steps, commands: ['balance', 'rewrite -z', '&get -n', '&syn2', '&put', 'resub', 'amap'] } };
  const a = await synthesize(plain, pool);
  const b = await synthesize(withRecipe, pool);
  assert.notEqual(a.key, b.key);
  assert.equal(a.recipe, undefined);
  assert.deepEqual(b.recipe, steps);
  assert.equal(b.figures.ffs, 9);
  assert.ok(b.figures.areaUm2! > 0 && b.figures.delayNs! > 0, JSON.stringify(b.figures));
});

/**
 * The built-in library maps with every ABC mapper a recipe may use. With two-point tables,
 * `map` and `map -a` stopped with "unreachable" inside ABC; the same design must now map with
 * each, to cells of the library and a positive area.
 */
test('cell library: ABC maps with map, map -a, amap and &nf on the built-in library', { timeout: 180000 }, async () => {
  const design = 'module m (input [7:0] a, b, input c, output [7:0] y, output z);\n  assign y = c ? a + b : a ^ b;\n  assign z = &a | (b == 8\'h3c);\nendmodule\n';
  const lib = genericLiberty().text;
  for (const mapper of ['map', 'map -a', 'amap', '&get -n; &nf; &put', '&get -n; &dch -f; &nf; &put']) {
    const log = await yosysByHand(['-p', `read_verilog m.v; synth -top m -noabc; abc -liberty cells.lib -script "+strash; ${mapper}; topo; stime"; stat -liberty cells.lib`], { 'm.v': design, 'cells.lib': lib });
    const area = /Chip area for module '\\m': ([\d.]+)/.exec(log);
    assert.ok(area && Number(area[1]) > 0, `${mapper}: no mapped area in the log`);
    assert.match(log, /(NAND|NOR|XOR|XNOR|AOI|OAI|MUX|INV|AND|OR)\w*_X1\s+\d+/, `${mapper}: no library cell in stat`);
  }
});

test('FPGA: ice40 LUTs and flip-flops are what synth_ice40 and stat print by hand', { timeout: 120000 }, async () => {
  const result = await synthesize(job({ 'add.v': ADDER }, 'add', { kind: 'fpga', name: 'ice40' } as never), pool);
  const log = await yosysByHand(['-p', 'read_slang --threads 1 add.v; synth_ice40 -top add; stat'], { 'add.v': ADDER });
  // stat's table: the count, then the cell type (`  8   SB_LUT4`).
  const count = (type: string) => Number(new RegExp(`^[ \\t]*(\\d+)[ \\t]+${type}$`, 'm').exec(log)?.[1] ?? 0);
  assert.equal(result.figures.luts, count('SB_LUT4'));
  assert.equal(result.figures.ffs, count('SB_DFF'));
  assert.ok(result.figures.logicLevels > 0);
});

test('failures say what failed, in words: a missing submodule, a syntax error', { timeout: 120000 }, async () => {
  await assert.rejects(synthesize(job({ 'top.v': 'module top (input a, output y);\n  nowhere u (.a(a), .y(y));\nendmodule\n' }, 'top'), pool), (e: Error) => e instanceof SynthesisError && /top\.v line 2 instantiates 'nowhere', which no workspace file defines/.test(e.message));
  // slang's words when both readers stop: file, line, what it expected.
  await assert.rejects(synthesize(job({ 'bad.v': 'module bad (input a);\n  assign = ;\nendmodule\n' }, 'bad'), pool), (e: Error) => e instanceof SynthesisError && /^Yosys could not read bad\.v line 2: expected/.test(e.message));
});

/**
 * The reader: SystemVerilog that Yosys's own reader refuses (a package imported in the module
 * header, a struct port) is read by slang; Verilog-1995 that slang refuses (an output declared
 * both `reg` and `wire`, which Yosys accepts) falls back to Yosys's reader. Both synthesize.
 */
test('slang reads SystemVerilog; Verilog that slang refuses falls back to Yosys\'s reader', { timeout: 120000 }, async () => {
  const sv = {
    'pkg.sv': 'package p;\n  typedef struct packed { logic [3:0] lo; logic [3:0] hi; } pair_t;\nendpackage\n',
    'top.sv': 'module top import p::*; (input pair_t a, output logic [4:0] y);\n  assign y = a.lo + a.hi;\nendmodule\n',
  };
  const slang = await synthesize(job(sv, 'top'), pool);
  assert.equal(slang.figures.reader, 'slang');
  assert.ok(slang.figures.cells > 4, String(slang.figures.cells));
  const old = await synthesize(job({ 'old.v': 'module old(a, y);\n  input [3:0] a;\n  output [3:0] y;\n  reg [3:0] y;\n  wire [3:0] y;\n  always @* y = ~a;\nendmodule\n' }, 'old'), pool);
  assert.equal(old.figures.reader, 'verilog');
  assert.ok(old.figures.cells >= 4, String(old.figures.cells));
});

test('a run past its time limit is stopped, the worker replaced, and the next run works; cancel stops a run', { timeout: 180000 }, async () => {
  const big = `module big (input clk, input [63:0] a, b, output reg [127:0] p);\n  always @(posedge clk) p <= a * b * a * b;\nendmodule\n`;
  await assert.rejects(synthesize(job({ 'big.v': big }, 'big'), pool, { timeoutMs: 300 }), (e: Error) => e instanceof TimeoutError);
  const after = await synthesize(job({ 'add.v': ADDER }, 'add'), pool);
  assert.equal(after.figures.ffs, 9);
  const controller = new AbortController();
  const running = synthesize(job({ 'big.v': big }, 'big'), pool, { signal: controller.signal });
  setTimeout(() => controller.abort(), 200);
  await assert.rejects(running, (e: Error) => e instanceof CancelledError);
});

test('results are cached by content: the same design answers at once, an edit synthesizes again', { timeout: 120000 }, async () => {
  const cache = new SynthesisCache();
  const first = await synthesize(job({ 'add.v': ADDER }, 'add'), pool, { cache });
  const again = await synthesize(job({ 'add.v': ADDER }, 'add'), pool, { cache });
  assert.equal(again, first);
  const edited = await synthesize(job({ 'add.v': ADDER.replace('a + b', 'a - b') }, 'add'), pool, { cache });
  assert.notEqual(edited.key, first.key);
});

test('rtlens ppa --exact --json: the CLI.md shape, synthesized figures, and a clear error per module', { timeout: 180000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-ppa-'));
  fs.writeFileSync(path.join(dir, 'add.v'), ADDER);
  fs.writeFileSync(path.join(dir, 'top.v'), 'module top (input clk, input [7:0] a, b, output [8:0] s);\n  add u (.clk(clk), .a(a), .b(b), .s(s));\nendmodule\n');
  fs.writeFileSync(path.join(dir, 'broken.v'), 'module broken (input a, output y);\n  missing_cell u (.a(a), .y(y));\nendmodule\n');
  const run = (...args: string[]) => spawnSync(process.execPath, [path.join(REPO, 'bin/rtlens.js'), 'ppa', ...args], { encoding: 'utf8', timeout: 170000 });
  const exact = run(dir, '--exact', '--json');
  assert.equal(exact.status, 0, exact.stderr);
  const out = JSON.parse(exact.stdout) as { target: string; modules: Record<string, unknown>[] };
  assert.equal(out.target, 'generic');
  const byName = new Map(out.modules.map((m) => [m.module as string, m]));
  const add = byName.get('add')!;
  assert.equal(add.kind, 'synthesized');
  assert.equal(add.reader, 'slang');
  assert.equal(add.file, 'add.v');
  assert.equal(add.line, 1);
  assert.equal(add.ffs, 9);
  assert.equal(add.latencyCycles, 1);
  for (const field of ['cells', 'areaUm2', 'logicLevels', 'delayNs']) assert.equal(typeof add[field], 'number', field);
  // top is add and nothing else; flattened, ABC may map it a little differently.
  assert.ok(Math.abs((byName.get('top')!.areaUm2 as number) - (add.areaUm2 as number)) < 0.05 * (add.areaUm2 as number));
  assert.equal(byName.get('broken')!.kind, 'estimate');
  assert.match(byName.get('broken')!.error as string, /instantiates 'missing_cell'/);
  const estimate = JSON.parse(run(dir, '--top', 'add', '--json').stdout) as { modules: Record<string, unknown>[] };
  assert.equal(estimate.modules.length, 1);
  assert.equal(estimate.modules[0].kind, 'estimate');
  assert.equal(typeof estimate.modules[0].errorPct, 'number');
  const bad = run(dir, '--target', 'asic9000');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /unknown target 'asic9000'/);
  fs.rmSync(dir, { recursive: true, force: true });
});
