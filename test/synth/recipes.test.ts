import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CancelledError, libertyTarget, SynthesisError, TimeoutError } from '../../server/src/analyses/ppa';
import { abcScriptText, defaultScriptText, designScript, MAPPINGS, type RecipeProgress, recommendRecipe } from '../../server/src/analyses/recipes';
import { genericLiberty } from '../../server/src/workers/host';
import { loadRecipeKnowledge } from '../../server/src/workers/recipeHost';
import { YosysPool } from '../../server/src/workers/synthesis';
import { fixtureWorkspace } from '../helpers/fixture';

/**
 * Recipe recommendation against real Yosys + ABC (slow stage, kept small: budgets of a few
 * evaluations on designs of a few hundred AND nodes).
 */
const REPO = path.resolve(__dirname, '../../..');
const DESIGN = `//- /ws/mac.v
module mac (input [5:0] a, b, input [11:0] c, output [12:0] y, output gt);
  assign y = a * b + c;
  assign gt = a > b;
endmodule
`;
const target = () => libertyTarget(genericLiberty().text, 'rtlens_generic.lib', true);

const pool = new YosysPool(1);
test.after(() => pool.dispose());

test('a recommended recipe is proven equivalent by cec and is no worse than resyn2', { timeout: 60000 }, async () => {
  const { snapshot, workspace } = await fixtureWorkspace(DESIGN);
  const phases: RecipeProgress['phase'][] = [];
  const result = await recommendRecipe({ access: snapshot, target: target(), knowledge: loadRecipeKnowledge(), root: '/ws' }, 'mac', pool, { budget: 8, onProgress: (p) => phases.push(p.phase) });
  workspace.dispose();
  assert.equal(result.equivalent, true);
  assert.equal(result.evaluations, 8);
  assert.ok(result.recipe.length >= 1 && result.recipe.length <= 20);
  // resyn2 is itself a candidate (measured first and checked with cec at the end), so the
  // recommendation can only tie or beat it: this holds by construction, not by luck.
  assert.ok(result.qor.adp <= result.baseline.resyn2.adp, `${result.qor.adp} vs resyn2 ${result.baseline.resyn2.adp}`);
  for (const q of [result.qor, result.baseline.resyn2, result.baseline.yosysDefault!]) {
    assert.ok(q.area > 0 && q.delayPs > 0 && q.ands > 0 && q.levels > 0, JSON.stringify(q));
    assert.ok(Math.abs(q.adp - q.area * q.delayPs) < 1e-6);
  }
  assert.equal(result.baseline.resyn2.ands < result.aig.ands, true, 'resyn2 shrinks the raw AIG');
  assert.deepEqual([...new Set(phases)], ['synthesis', 'seeds', 'evolve', 'verify']);
  assert.equal(result.registers, 0);
  assert.equal(result.note, undefined);
  assert.ok(result.yosysRuns <= 5, `${result.yosysRuns} Yosys runs`);
  // Never worse than either baseline on the same netlist; the script is the one the figures come from.
  assert.ok(result.qor.adp <= result.baseline.yosysDefault!.adp, `${result.qor.adp} vs Yosys default ${result.baseline.yosysDefault!.adp}`);
  assert.ok(result.recommended === 'search' || result.recommended === 'resyn2', result.recommended);
  assert.ok(result.qor.adp <= result.baseline.resyn2Map!.adp, `${result.qor.adp} vs resyn2 + map ${result.baseline.resyn2Map!.adp}`);
  assert.ok(MAPPINGS.includes(result.mapping), result.mapping);
  assert.equal(result.script, abcScriptText({ recipe: result.recipe, mapping: result.mapping }));
  // The liberty was checked for every mapper family before the search; the built-in one supports them all.
  assert.deepEqual(result.liberty, { usable: ['&nf', 'map', 'amap', 'sizing'], unusable: [] });
  assert.match(result.yosysFlow, /^read_slang .*mac\.v.*\nhierarchy -top mac\nsynth -flatten -noabc -top mac\nabc -liberty rtlens_generic\.lib -script \+strash;.*\nstat -liberty rtlens_generic\.lib$/);
  assert.ok(result.verdict.length > 0);
});

test('with its time budget spent the answer is the best proven so far, said to be partial', { timeout: 60000 }, async () => {
  const { snapshot, workspace } = await fixtureWorkspace(DESIGN);
  const result = await recommendRecipe({ access: snapshot, target: target(), root: '/ws' }, 'mac', pool, { budget: 20, timeBudgetMs: 1 });
  workspace.dispose();
  assert.equal(result.evaluations, 1, 'resyn2 with Yosys\'s mapping only: no other baseline run, no search batch started');
  assert.match(result.partial ?? '', /stopped after 1 of 20 evaluations \(its time budget was spent\)/);
  assert.match(result.partial ?? '', /resyn2 \+ map and Yosys's default flow were not run: the time budget was spent/);
  assert.equal(result.baseline.resyn2Map, undefined);
  // The answer's proof still gets its floor: resyn2 is proven and recommended.
  assert.equal(result.equivalent, true);
  assert.equal(result.recommended, 'resyn2');
});

test('when nothing beats Yosys\'s default flow, it is recommended and said so', { timeout: 60000 }, async () => {
  // A 16-bit compare and select: with one evaluation (resyn2 alone), Yosys's default flow
  // (fraig, dc2 and the same mapping) measures smaller on the built-in library.
  const { snapshot, workspace } = await fixtureWorkspace(`//- /ws/cmp.v
module cmp (input [15:0] a, b, output lt, eq, output [15:0] mx);
  assign lt = a < b;
  assign eq = a == b;
  assign mx = lt ? b : a;
endmodule
`);
  const result = await recommendRecipe({ access: snapshot, target: target(), root: '/ws' }, 'cmp', pool, { budget: 1 });
  workspace.dispose();
  assert.ok(result.baseline.yosysDefault!.adp < result.baseline.resyn2.adp, JSON.stringify(result.baseline));
  assert.equal(result.recommended, 'yosys-default');
  assert.deepEqual(result.recipe, []);
  assert.deepEqual(result.qor, result.baseline.yosysDefault);
  assert.equal(result.equivalent, true);
  assert.equal(result.script, defaultScriptText());
  assert.equal(result.abcScript, defaultScriptText());
  assert.equal(result.yosysScript, 'abc -liberty rtlens_generic.lib');
  assert.match(result.verdict, /no recipe found beat Yosys's default abc -liberty flow .*keep Yosys's default/);
});

test('cancellation stops a recommendation; a run past its time limit says so', { timeout: 60000 }, async () => {
  const { snapshot, workspace } = await fixtureWorkspace(DESIGN);
  const controller = new AbortController();
  const started = Date.now();
  const running = recommendRecipe({ access: snapshot, target: target(), root: '/ws' }, 'mac', pool, {
    budget: 200,
    signal: controller.signal,
    onProgress: (p) => {
      if (p.phase === 'seeds') controller.abort();
    },
  });
  await assert.rejects(running, (e: Error) => e instanceof CancelledError);
  assert.ok(Date.now() - started < 20000, 'stopped long before 200 evaluations');
  await assert.rejects(recommendRecipe({ access: snapshot, target: target(), root: '/ws' }, 'mac', pool, { budget: 4, timeoutMs: 50 }), (e: Error) => e instanceof TimeoutError);
  workspace.dispose();
});

test('bad input: a liberty that does not parse, a design that does not synthesize, a sequential design is optimised between its registers', { timeout: 60000 }, async () => {
  const { snapshot, workspace } = await fixtureWorkspace(`${DESIGN}//- /ws/bad.v
module bad (input a, output y);
  assign y = a +;
endmodule
//- /ws/acc.v
module acc (input clk, input [7:0] a, output reg [9:0] s);
  always @(posedge clk) s <= s + a;
endmodule
`);
  const broken = libertyTarget('library (broken) {\n  cell (INV) { area : 1;\n', 'broken.lib');
  await assert.rejects(recommendRecipe({ access: snapshot, target: broken, root: '/ws' }, 'mac', pool, { budget: 2 }), (e: Error) => e instanceof SynthesisError && /the liberty file broken\.lib does not parse: Syntax error in liberty file on line \d+/.test(e.message));
  await assert.rejects(recommendRecipe({ access: snapshot, target: target(), root: '/ws' }, 'bad', pool, { budget: 2 }), (e: Error) => e instanceof SynthesisError && /bad\.v line 2/.test(e.message));
  const seq = await recommendRecipe({ access: snapshot, target: target(), root: '/ws' }, 'acc', pool, { budget: 3 });
  assert.equal(seq.registers, 10);
  assert.match(seq.note!, /10 flip-flops: the recipe optimises the combinational logic between registers/);
  assert.equal(seq.equivalent, true);
  workspace.dispose();
});

test('rtlens recipe --json: the CLI.md shape; a bad liberty is one line on stderr and exit 1', { timeout: 60000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-recipe-'));
  fs.writeFileSync(path.join(dir, 'mac.v'), DESIGN.split('\n').slice(1).join('\n'));
  fs.writeFileSync(path.join(dir, 'broken.lib'), 'library (broken) {\n  cell (INV) { area : 1;\n');
  const run = (...args: string[]) => spawnSync(process.execPath, [path.join(REPO, 'bin/rtlens.js'), 'recipe', ...args], { encoding: 'utf8', timeout: 50000 });
  const ok = run(path.join(dir, 'mac.v'), '--top', 'mac', '--budget', '4', '--json');
  assert.equal(ok.status, 0, ok.stderr);
  const out = JSON.parse(ok.stdout) as Record<string, unknown> & { qor: Record<string, number>; baseline: { resyn2: Record<string, number> } };
  assert.equal(out.module, 'mac');
  assert.ok(Array.isArray(out.recipe) && (out.recipe as string[]).length > 0);
  for (const q of [out.qor, out.baseline.resyn2]) for (const field of ['area', 'delayPs', 'adp', 'ands', 'levels']) assert.equal(typeof q[field], 'number', field);
  assert.equal(out.evaluations, 4);
  assert.equal(out.equivalent, true);
  assert.equal(typeof out.ms, 'number');
  assert.ok(['search', 'resyn2', 'yosys-default'].includes(String(out.recommended)), String(out.recommended));
  assert.equal(typeof out.verdict, 'string');
  assert.match(String(out.script), /^strash; .*&nf; &put; topo; stime$/);
  const bad = run(dir, '--top', 'mac', '--liberty', path.join(dir, 'broken.lib'), '--json');
  assert.equal(bad.status, 1);
  assert.equal(bad.stdout, '');
  assert.match(bad.stderr, /^rtlens: mac: the liberty file broken\.lib does not parse: Syntax error in liberty file on line \d+\.?\n$/);
  const noTop = run(dir, '--json');
  assert.equal(noTop.status, 1);
  assert.match(noTop.stderr, /recipe needs a file or a directory and --top M/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the whole-design script with saved recipes runs in Yosys: the saved module is mapped by its own abc call, the rest by the default one', { timeout: 60000 }, async () => {
  const { snapshot, workspace, fixture } = await fixtureWorkspace(`//- /ws/h.v
module leaf #(parameter W = 8) (input [W-1:0] a, b, output [W-1:0] y);
  assign y = (a * b) ^ (a + b);
endmodule
module other (input [7:0] a, output [7:0] y);
  assign y = a << a[2:0];
endmodule
module top (input clk, input [7:0] a, b, output reg [7:0] q, output [3:0] z, output [7:0] s);
  wire [7:0] y;
  leaf #(.W(8)) u0 (.a(a), .b(b), .y(y));
  leaf #(.W(4)) u1 (.a(a[3:0]), .b(b[3:0]), .y(z));
  other u2 (.a(a), .y(s));
  always @(posedge clk) q <= y;
endmodule
`);
  const t = target();
  if (t.kind !== 'asic') throw new Error('the built-in target is a cell library');
  const result = designScript(snapshot, 'top', t, { leaf: ['balance', 'rewrite -z', 'dch -f; map'] }, { root: '/ws' });
  workspace.dispose();
  const commands = result.script.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const run = await pool.run({ args: ['-p', commands.join('; ')], files: { 'h.v': fixture.files.get('/ws/h.v')!, [t.libertyFile]: t.liberty }, outputs: [], timeoutMs: 50000 });
  const log = run.log.replace(/\x1b\[[0-9;]*m/g, '');
  assert.doesNotMatch(log, /ERROR/);
  // The first abc call maps both parameterizations of leaf and nothing else; the last one maps other and top.
  const passes = log.split(/^\d+\. Executing ABC pass/m).slice(1);
  assert.equal(passes.length, 2);
  assert.deepEqual([...passes[0].matchAll(/Extracting gate netlist of module `([^']+)'/g)].map((m) => m[1].replace(/\\W=.*/, '')).sort(), ['$paramod\\leaf', '$paramod\\leaf']);
  assert.match(passes[0], /ABC: \+ dch -f/);
  assert.match(passes[1], /Extracting gate netlist of module `\\other'/);
  assert.match(log, /Chip area for top module '\\top': [\d.]+/);
});

test('SystemVerilog with a package import is read with slang (Yosys\'s own reader stops at the import)', { timeout: 60000 }, async () => {
  const { snapshot, workspace } = await fixtureWorkspace(`//- /ws/pkg.sv
package alu_pkg;
  typedef enum logic [1:0] { ADD, SUB, AND_OP, XOR_OP } op_e;
endpackage
//- /ws/alu.sv
module alu import alu_pkg::*; (input op_e op, input logic [7:0] a, b, output logic [7:0] y);
  always_comb unique case (op)
    ADD: y = a + b;
    SUB: y = a - b;
    AND_OP: y = a & b;
    default: y = a ^ b;
  endcase
endmodule
`);
  const result = await recommendRecipe({ access: snapshot, target: target(), root: '/ws' }, 'alu', pool, { budget: 3 });
  workspace.dispose();
  assert.equal(result.equivalent, true);
  assert.match(result.yosysFlow, /^read_slang /);
});

test('anytime on a large design: baselines or proofs that do not fit in a run\'s limit leave an answer, said to be partial', { timeout: 60000 }, async () => {
  const { snapshot, workspace } = await fixtureWorkspace(DESIGN);
  // A runner whose runs with Yosys's default flow, and whose proofs of more than one script, pass their limit.
  const slow = {
    run: (request: Parameters<typeof pool.run>[0], signal?: AbortSignal) => {
      const script = request.args.join(' ');
      const proofs = (script.match(/;cec;/g) ?? []).length;
      if (!script.includes('rtlens_probe') && (script.includes('RTLENS_DEFAULT') || proofs > 1)) return Promise.reject(new TimeoutError('past the limit'));
      return pool.run(request, signal);
    },
  };
  const result = await recommendRecipe({ access: snapshot, target: target(), root: '/ws' }, 'mac', slow, { budget: 6 });
  workspace.dispose();
  assert.equal(result.baseline.yosysDefault, undefined);
  assert.equal(result.baseline.resyn2Map, undefined);
  assert.equal(result.equivalent, true, 'the best alone was proven');
  assert.ok(result.qor.adp <= result.baseline.resyn2.adp);
  assert.match(result.partial ?? '', /resyn2 \+ map and Yosys's default flow did not finish within a run's time limit.*only the best script could be proven/);
});
