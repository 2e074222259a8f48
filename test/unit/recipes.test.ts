import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addToKnowledge,
  batchArgs,
  batchCommands,
  crossover,
  designFeatures,
  emptyKnowledge,
  generationSizes,
  inlineAbc,
  type KnowledgeBase,
  MAX_RECIPE_LENGTH,
  mutate,
  parseBatchLog,
  parseRecipe,
  priorRecipes,
  type Qor,
  RESYN2,
  type Recipe,
  recipeKey,
  registerCount,
  retrieve,
  searchRecipes,
  seededRandom,
  sizeScale,
  COSTLY,
  tournament,
  type Transform,
  TRANSFORMS,
  transformWeights,
  yosysScriptText,
  type RecipeResult,
  DEFAULT_MAPPING,
  type Flow,
  flowKey,
  MAPPINGS,
  mappingCommands,
  mutateFlow,
  mappingWeights,
  parseSavedFlow,
  savedItems,
  usableMappings,
  abcScriptText,
  designScript,
} from '../../server/src/analyses/recipes';
import { withoutJsonComments } from '../../server/src/cli/main';
import { fixtureWorkspace } from '../helpers/fixture';
import { CancelledError, TimeoutError } from '../../server/src/analyses/ppa';
import { loadUserKnowledge, mergeKnowledge, rememberRun } from '../../server/src/workers/recipeHost';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Recipes without Yosys: the inline ABC script, reading the log, retrieval and the search on a fake evaluator. Real ABC runs in test/synth/recipes.test.ts. */

test('a recipe becomes one inline ABC script: commas for spaces, resyn2 spelled out, markers around each recipe', () => {
  assert.equal(inlineAbc(['strash', 'rewrite -z', '&get -n']), '+strash;rewrite,-z;&get,-n');
  assert.equal(RESYN2.length, 10);
  assert.deepEqual(parseRecipe('balance; rewrite -z;\n refactor  -z'), ['balance', 'rewrite -z', 'refactor -z']);
  assert.equal(parseRecipe('balance; resyn2'), undefined, 'only the transforms of the action set');
  assert.equal(parseRecipe(Array(21).fill('balance').join(';')), undefined, 'at most 20 steps');
  const commands = batchCommands(
    [
      { recipe: ['balance'], mapping: 'amap' },
      { recipe: ['rewrite -z', 'resub'], mapping: DEFAULT_MAPPING },
    ],
    { cec: true, yosysDefault: true },
  );
  assert.deepEqual(commands.slice(0, 4), ['strash', 'echo RTLENS_ORIGINAL', 'print_stats', 'backup']);
  assert.deepEqual(commands.slice(4, 12), ['echo RTLENS_RECIPE_0', 'read_lib -w rtlens_cells.lib', 'balance', 'print_stats', 'amap', 'topo', 'stime', 'cec']);
  const second = commands.indexOf('echo RTLENS_RECIPE_1');
  assert.deepEqual(commands.slice(second, second + 12), ['echo RTLENS_RECIPE_1', 'read_lib -w rtlens_cells.lib', 'rewrite -z', 'resub', 'print_stats', '&get -n', '&dch -f', '&nf', '&put', 'topo', 'stime', 'cec']);
  assert.equal(commands[second + 12], 'restore', 'the original comes back before the next recipe');
  // Yosys's default script, print_stats inserted before its choice mapping, then the timing.
  const def = commands.indexOf('echo RTLENS_DEFAULT');
  assert.deepEqual(commands.slice(def + 1, def + 16), ['read_lib -w rtlens_cells.lib', 'strash', '&get -n', '&fraig -x', '&put', 'scorr', 'dc2', 'dretime', 'strash', 'print_stats', '&get -n', '&dch -f', '&nf', '&put', 'topo']);
  assert.equal(commands[commands.length - 1], 'echo RTLENS_END');
  const job = { top: 'm', files: { 'a.v': '' }, read: ['a.v'], includeDirs: [], defines: {}, target: { kind: 'asic' as const, name: 'x', liberty: '', libertyFile: 'x.lib', builtIn: false } };
  const args = batchArgs(job, commands);
  assert.equal(args[0], '-p');
  // Every run synthesizes the sources again, as the user's flow does: no netlist copy in between.
  assert.match(args[1], /^read_liberty -lib rtlens_cells\.lib; design -reset; read_verilog -sv +"?a\.v"?; hierarchy -top "?m"?; synth -flatten -noabc -top "?m"?; tee -q -o rtlens_recipe_stat\.json stat -json; abc -liberty rtlens_cells\.lib -script \+strash;echo,RTLENS_ORIGINAL;print_stats;backup;echo,RTLENS_RECIPE_0;read_lib,-w,rtlens_cells\.lib;balance;/);
  assert.doesNotMatch(batchArgs(job, commands, false)[1], /stat -json/, 'the statistics only on the first run');
  assert.equal(yosysScriptText({ recipe: ['balance', 'rewrite -z'], mapping: DEFAULT_MAPPING }, 'my.lib'), 'abc -liberty my.lib -script +strash;balance;rewrite,-z;&get,-n;&dch,-f;&nf;&put');
  assert.equal(yosysScriptText({ recipe: ['balance'], mapping: 'dch -f; map; topo; buffer; upsize; dnsize' }, 'my.lib'), 'abc -liberty my.lib -script +strash;balance;dch,-f;map;topo;buffer;upsize;dnsize');
  assert.equal(abcScriptText({ recipe: ['&syn2'], mapping: '&nf; topo; buffer; upsize; dnsize' }), 'strash; &get -n; &syn2; &put; &get -n; &nf; &put; topo; buffer; upsize; dnsize; topo; stime');
});

test('mappings: seven mappers with and without sizing, their ABC commands, saved with the recipe, and only those the liberty supports', () => {
  assert.equal(MAPPINGS.length, 14);
  assert.equal(new Set(MAPPINGS).size, 14);
  assert.deepEqual(mappingCommands('&dch -f; &nf'), ['&get -n', '&dch -f', '&nf', '&put']);
  assert.deepEqual(mappingCommands('amap; topo; buffer; upsize; dnsize'), ['amap', 'topo', 'buffer', 'upsize', 'dnsize']);
  assert.deepEqual(mappingCommands('&nf; topo; buffer; upsize; dnsize'), ['&get -n', '&nf', '&put', 'topo', 'buffer', 'upsize', 'dnsize']);
  // rtlens.recipes.saved: transforms, then the mapping unless it is Yosys's own.
  const flow: Flow = { recipe: ['balance', 'rewrite -z'], mapping: 'map -a' };
  assert.deepEqual(savedItems(flow), ['balance', 'rewrite -z', 'map -a']);
  assert.deepEqual(parseSavedFlow(savedItems(flow)), flow);
  assert.deepEqual(parseSavedFlow(['balance']), { recipe: ['balance'], mapping: DEFAULT_MAPPING }, 'an older saved recipe keeps Yosys\'s mapping');
  assert.deepEqual(savedItems({ recipe: ['balance'], mapping: DEFAULT_MAPPING }), ['balance']);
  assert.equal(parseSavedFlow(['map', 'balance']), undefined, 'the mapping comes last');
  assert.equal(parseSavedFlow([]), undefined);
  assert.equal(parseSavedFlow(['balance', 3]), undefined);
  assert.notEqual(flowKey({ recipe: ['balance'], mapping: 'map' }), flowKey({ recipe: ['balance'], mapping: 'amap' }));
  // A liberty where only &nf works: no map, amap or sizing in the search.
  assert.deepEqual(usableMappings({ usable: ['&nf'], unusable: [{ family: 'map', reason: 'trap' }] }), ['&dch -f; &nf', '&nf', '&synch2; &nf']);
  assert.equal(usableMappings({ usable: ['&nf', 'map', 'amap', 'sizing'], unusable: [] }).length, 14);
  // The neighbours' mappings weigh the draw, as far as they are trusted.
  const retrieval = { alpha: 0.8, neighbours: [{ design: 'n', distance: 0.1, similarity: 0.8, recipes: [{ recipe: ['balance'], mapping: 'amap', adpVsResyn2: 0.7 }] }] };
  const weights = mappingWeights(retrieval, ['map', 'amap']);
  assert.ok(Math.abs(weights.get('amap')! - 0.9) < 1e-9 && Math.abs(weights.get('map')! - 0.1) < 1e-9, JSON.stringify([...weights]));
  assert.deepEqual([...mappingWeights({ alpha: 0, neighbours: [] }, ['map', 'amap']).values()], [0.5, 0.5]);
  assert.deepEqual(usableMappings({ usable: [], unusable: [] }), []);
});

const LOG = `3.1.1. Executing ABC.
ABC: + echo RTLENS_ORIGINAL 
ABC: RTLENS_ORIGINAL 
ABC: + print_stats 
ABC: netlist                       : i/o =   16/   16  lat =    0  and =    569  lev = 30
ABC: + echo RTLENS_RECIPE_0 
ABC: RTLENS_RECIPE_0 
ABC: netlist                       : i/o =   16/   16  lat =    0  and =    454  lev = 29
ABC: WireLoad = "none"  Gates =    321 (  5.0 %)   Cap =  3.0 ff (  0.0 %)   Area =      360.24 (100.0 %)   Delay =   778.50 ps  ( 10.0 %)
ABC: Networks are equivalent.  Time =     0.33 sec
ABC: RTLENS_RECIPE_1 
ABC: netlist                       : i/o =   16/   16  lat =    0  and =    470  lev = 28
ABC: Networks are NOT EQUIVALENT.
ABC: RTLENS_RECIPE_2 
ABC: netlist                       : i/o =   16/   16  lat =    0  and =    472  lev = 30
ABC: WireLoad = "none"  Gates =    371 (  5.4 %)   Cap =  3.2 ff (  0.0 %)   Area =      402.58 (100.0 %)   Delay =   802.75 ps  ( 17.0 %)
ABC: Networks are NOT EQUIVALENT.
ABC: RTLENS_DEFAULT 
ABC: netlist                       : i/o =   16/   16  lat =    0  and =    439  lev = 36
ABC: WireLoad = "none"  Gates =    300 (  5.0 %)   Cap =  3.0 ff (  0.0 %)   Area =      355.11 (100.0 %)   Delay =   844.25 ps  ( 10.0 %)
ABC: RTLENS_END 
`;

test('per-recipe figures come from the log by marker; a section without stime has no QoR; cec verdicts are read', () => {
  const parsed = parseBatchLog(LOG, 4);
  assert.deepEqual(parsed.original, { inputs: 16, outputs: 16, ands: 569, levels: 30 });
  assert.deepEqual(parsed.recipes[0].qor, { area: 360.24, delayPs: 778.5, adp: 360.24 * 778.5, ands: 454, levels: 29 });
  assert.equal(parsed.recipes[0].equivalent, true);
  assert.equal(parsed.recipes[1].qor, undefined, 'no stime line: no figures');
  assert.equal(parsed.recipes[1].equivalent, false);
  assert.equal(parsed.recipes[2].equivalent, false);
  assert.equal(parsed.recipes[2].qor!.area, 402.58);
  assert.deepEqual(parsed.recipes[3], {}, 'a recipe whose section never came');
  assert.equal(parsed.yosysDefault!.qor!.delayPs, 844.25);
  assert.equal(parsed.yosysDefault!.qor!.ands, 439);
  assert.equal(registerCount(JSON.stringify({ design: { num_cells_by_type: { $_DFF_P_: 9, $_AND_: 40, $_DFFE_PP_: 2 } } })), 11);
  assert.equal(registerCount(undefined), 0);
});

function entry(design: string, ands: number, levels: number, shareMul: number, recipe: Transform[], ratio: number) {
  const features = designFeatures({ inputs: 16, outputs: 16, ands, levels }, { add: 100 - shareMul, mul: shareMul } as never);
  return { design, features, recipes: [{ recipe, adpVsResyn2: ratio }] };
}

test('retrieval: nearest designs by normalised features; the prior is trusted less when the nearest is far', () => {
  let kb: KnowledgeBase = emptyKnowledge();
  kb = addToKnowledge(kb, entry('mul8', 569, 30, 90, ['rewrite', 'balance'], 0.9));
  kb = addToKnowledge(kb, entry('mul10', 942, 34, 90, ['rewrite', 'rewrite', 'balance'], 0.92));
  kb = addToKnowledge(kb, entry('add32', 300, 20, 0, ['resub', 'refactor -z'], 0.8));
  kb = addToKnowledge(kb, entry('add64', 700, 40, 0, ['resub -z', 'refactor -z'], 0.85));
  const near = retrieve(kb, entry('mul9', 700, 32, 90, [], 1).features, 2);
  assert.deepEqual(near.neighbours.map((n) => n.design).sort(), ['mul10', 'mul8']);
  const far = retrieve(kb, designFeatures({ inputs: 600, outputs: 2, ands: 90000, levels: 400 }, { logic: 50, mux: 50 } as never), 2);
  assert.ok(near.alpha > 0.3, `near alpha ${near.alpha}`);
  assert.ok(far.alpha < near.alpha / 4, `far alpha ${far.alpha} vs near ${near.alpha}`);
  assert.ok(near.neighbours[0].similarity >= near.neighbours[1].similarity);
  // Seeds: the nearest design's recipes first; transform weights lean to the prior only as far as alpha allows.
  const seeds = priorRecipes(near);
  assert.ok(seeds[0].recipe.includes('rewrite'));
  const nearWeights = transformWeights(near);
  const farWeights = transformWeights(far);
  assert.ok(nearWeights.rewrite > nearWeights.resub, 'multiplier neighbours used rewrite');
  const spread = (w: Record<Transform, number>) => Math.max(...TRANSFORMS.map((t) => w[t])) - Math.min(...TRANSFORMS.map((t) => w[t]));
  assert.ok(spread(farWeights) < spread(nearWeights), 'far: nearly uniform');
  assert.equal(retrieve(emptyKnowledge(), entry('x', 1, 1, 0, [], 1).features, 3).alpha, 0);
  // Growing the base: a design of the same name is replaced, recipes kept best first.
  const grown = addToKnowledge(kb, { design: 'mul8', features: {}, recipes: [{ recipe: ['balance'], adpVsResyn2: 0.99 }, { recipe: ['resub'], adpVsResyn2: 0.7 }] });
  assert.equal(grown.entries.length, 4);
  assert.deepEqual(grown.entries.find((e) => e.design === 'mul8')!.recipes.map((r) => r.adpVsResyn2), [0.7, 0.99]);
});

test('mutation and crossover keep recipes within 1..20 transforms; tournament prefers lower ADP', () => {
  const random = seededRandom(7);
  for (let i = 0; i < 500; i++) {
    const parent = Array.from({ length: 1 + Math.floor(random() * MAX_RECIPE_LENGTH) }, () => TRANSFORMS[Math.floor(random() * 7)]);
    const m = mutate(parent, random);
    assert.ok(m.length >= 1 && m.length <= MAX_RECIPE_LENGTH, String(m.length));
    assert.ok(m.every((t) => TRANSFORMS.includes(t)));
    const c = crossover(parent, mutate(parent, random), random);
    assert.ok(c.length >= 1 && c.length <= MAX_RECIPE_LENGTH);
  }
  const q = (adp: number): Qor => ({ area: adp, delayPs: 1, adp, ands: 1, levels: 1 });
  const population = [{ recipe: ['balance'] as Transform[], mapping: DEFAULT_MAPPING, qor: q(10) }, { recipe: ['rewrite'] as Transform[], mapping: DEFAULT_MAPPING, qor: q(1) }];
  const wins = Array.from({ length: 200 }, () => tournament(population, random).qor.adp).filter((a) => a === 1).length;
  assert.ok(wins > 150, `the better one wins most tournaments (${wins}/200)`);
  assert.deepEqual(generationSizes(19), [7, 6, 6]);
  assert.deepEqual(generationSizes(5), [5]);
  assert.deepEqual(generationSizes(0), []);
});

/** A fake ABC: ADP falls with each 'resub -z' (up to 4), rises with each 'balance', and amap takes 10 off. */
function fakeEvaluator() {
  const calls: Recipe[][] = [];
  const flows: Flow[][] = [];
  // A landscape where resubstitution (any of its variants in the action set) pays and balance costs.
  const adp = (f: Flow) => 100 - 8 * Math.min(4, f.recipe.filter((t) => t.startsWith('resub')).length) + 3 * f.recipe.filter((t) => t === 'balance').length + f.recipe.length * 0.1 - (f.mapping === 'amap' ? 10 : 0);
  return {
    calls,
    flows,
    evaluate: async (batch: readonly Flow[]) => {
      calls.push(batch.map((f) => f.recipe));
      flows.push([...batch]);
      return batch.map((f) => ({ area: adp(f), delayPs: 1, adp: adp(f), ands: 1, levels: 1 }));
    },
  };
}
const flowOf = (recipe: Recipe): Flow => ({ recipe, mapping: DEFAULT_MAPPING });

test('the search spends exactly its budget in a few batches, never repeats a recipe, and improves on resyn2', async () => {
  const fake = fakeEvaluator();
  const resyn2Qor = (await fake.evaluate([flowOf(RESYN2)]))[0];
  fake.calls.length = 0;
  fake.flows.length = 0;
  const progress: number[] = [];
  const outcome = await searchRecipes(fake, { budget: 20, initial: [{ recipe: [...RESYN2], mapping: DEFAULT_MAPPING, qor: resyn2Qor }], random: seededRandom(3), mappings: [DEFAULT_MAPPING, 'map', 'amap', 'map -a'], onProgress: (p) => progress.push(p.evaluations) });
  const all = fake.flows.flat();
  assert.equal(outcome.evaluations, 20);
  assert.equal(all.length, 19, 'resyn2 was measured before');
  assert.equal(new Set(all.map(flowKey)).size, all.length, 'no flow twice');
  assert.ok(!all.some((f) => flowKey(f) === flowKey(flowOf(RESYN2))));
  // The first batch tries resyn2 under other mappings; the winning mapper is found.
  assert.ok(fake.flows[0].some((f) => recipeKey(f.recipe) === recipeKey(RESYN2) && f.mapping !== DEFAULT_MAPPING));
  assert.equal(outcome.ranked[0].mapping, 'amap');
  assert.ok(fake.calls.length <= 4, `${fake.calls.length} batches`);
  assert.deepEqual(progress, [...progress].sort((a, b) => a - b));
  assert.equal(progress[progress.length - 1], 20);
  // resyn2 is a candidate, so the best is never worse than it; here the search finds far better.
  assert.ok(outcome.ranked[0].qor.adp <= resyn2Qor.adp);
  assert.ok(outcome.ranked[0].qor.adp < 80, `best ${outcome.ranked[0].qor.adp}`);
});

test('a trusted prior seeds the first batch with the neighbours recipes; cancellation stops between batches', async () => {
  const retrieval = { alpha: 0.9, neighbours: [{ design: 'twin', distance: 0.1, similarity: 0.9, recipes: [{ recipe: ['resub -z', 'resub -z', 'resub -z', 'resub -z'], adpVsResyn2: 0.6 }] }] };
  const fake = fakeEvaluator();
  const outcome = await searchRecipes(fake, { budget: 6, retrieval, random: seededRandom(1) });
  assert.equal(outcome.priorSeeds, 1);
  assert.deepEqual(fake.calls[0][0], ['resub -z', 'resub -z', 'resub -z', 'resub -z']);
  assert.equal(outcome.ranked[0].qor.adp, 68.4);
  const controller = new AbortController();
  const slow = {
    evaluate: async (flows: readonly Flow[]) => {
      controller.abort();
      return flows.map(() => ({ area: 1, delayPs: 1, adp: 1, ands: 1, levels: 1 }));
    },
  };
  await assert.rejects(searchRecipes(slow, { budget: 20, signal: controller.signal }), (e: Error) => e instanceof CancelledError);
  // Mappings are drawn only from those given (the liberty's), and a mutation may change the mapping.
  const limited = fakeEvaluator();
  await searchRecipes(limited, { budget: 12, random: seededRandom(2), mappings: ['map', 'amap'] });
  assert.ok(limited.flows.flat().every((f) => f.mapping === 'map' || f.mapping === 'amap'));
  const random = seededRandom(9);
  const moved = Array.from({ length: 200 }, () => mutateFlow({ recipe: ['balance'], mapping: 'map' }, random, Object.fromEntries(TRANSFORMS.map((t) => [t, 1])) as Record<Transform, number>, ['map', 'amap']));
  assert.ok(moved.some((f) => f.mapping === 'amap') && moved.some((f) => f.mapping === 'map'));
});

test('the user\'s runs grow a knowledge base kept in the storage folder, merged over the shipped one', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-kb-'));
  const qor = (adp: number) => ({ area: adp, delayPs: 1, adp, ands: 10, levels: 3 });
  const result = { equivalent: true, recipe: ['balance', 'rewrite'], qor: qor(80), baseline: { resyn2: qor(100) }, runnersUp: [{ recipe: ['resub'], qor: qor(90) }], features: { ands: 1 } } as unknown as RecipeResult;
  const user = rememberRun(dir, emptyKnowledge(), 'workspace:m', result);
  assert.deepEqual(user.entries.map((e) => e.design), ['workspace:m']);
  assert.deepEqual(user.entries[0].recipes.map((r) => [r.recipe.join(';'), r.adpVsResyn2]), [['balance;rewrite', 0.8], ['resub', 0.9]]);
  assert.deepEqual(loadUserKnowledge(dir).entries.map((e) => e.design), ['workspace:m'], 'written and read back');
  const shipped = { version: 1 as const, entries: [{ design: 'workspace:m', features: {}, recipes: [] }, { design: 'adder', features: {}, recipes: [] }] };
  assert.deepEqual(mergeKnowledge(shipped, user).entries.map((e) => `${e.design}:${e.recipes.length}`), ['adder:0', 'workspace:m:2'], 'the user entry replaces the shipped one of its name');
  assert.equal(rememberRun(dir, user, 'workspace:n', { ...result, equivalent: false } as RecipeResult), user, 'an unproven run teaches nothing');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the search is anytime: a batch past its time limit or a spent deadline ends it with the best so far', async () => {
  // The second batch runs past its limit: the first batch's recipes are the answer.
  const fake = fakeEvaluator();
  let calls = 0;
  const timing = { evaluate: async (flows: readonly Flow[]) => (++calls === 2 ? Promise.reject(new TimeoutError('past the limit')) : fake.evaluate(flows)) };
  const outcome = await searchRecipes(timing, { budget: 20, random: seededRandom(3) });
  assert.equal(outcome.stopped, 'timeout');
  assert.equal(outcome.evaluations, fake.calls[0].length);
  assert.equal(outcome.ranked.length, fake.calls[0].length);
  assert.ok(fake.calls.length === 1);
  // A deadline already passed: no batch at all, and it says so.
  const late = await searchRecipes(fakeEvaluator(), { budget: 20, random: seededRandom(3), deadline: Date.now() - 1, initial: [{ recipe: [...RESYN2], mapping: DEFAULT_MAPPING, qor: { area: 1, delayPs: 1, adp: 1, ands: 1, levels: 1 } }] });
  assert.equal(late.stopped, 'deadline');
  assert.equal(late.evaluations, 1);
  assert.deepEqual(late.ranked.map((c) => c.recipe), [[...RESYN2]]);
  // Other failures still fail.
  await assert.rejects(searchRecipes({ evaluate: async () => Promise.reject(new Error('broken')) }, { budget: 4 }), /broken/);
});

test('the setting rtlens.recipes.saved offers exactly the transforms of the action set and the mappings', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8'));
  const sections = Array.isArray(manifest.contributes.configuration) ? manifest.contributes.configuration : [manifest.contributes.configuration];
  const saved = sections.map((c: { properties?: Record<string, { additionalProperties?: { items?: { enum?: string[] } } }> }) => c.properties?.['rtlens.recipes.saved']).find(Boolean);
  assert.deepEqual(saved?.additionalProperties?.items?.enum, [...TRANSFORMS, ...MAPPINGS]);
});

test('a large design draws the costly transforms less: cheaper moves first', async () => {
  assert.deepEqual(sizeScale(1500), {});
  const scale = sizeScale(20000);
  for (const t of COSTLY) assert.equal(scale[t], 0.1);
  assert.equal(sizeScale(1e9)[COSTLY[0]], 0.05, 'never quite zero');
  // With every transform but one scaled to nothing, the search draws only that one.
  const only = Object.fromEntries(TRANSFORMS.filter((t) => t !== 'rewrite').map((t) => [t, 0])) as Partial<Record<Transform, number>>;
  const fake = fakeEvaluator();
  await searchRecipes(fake, { budget: 6, random: seededRandom(5), scale: only });
  for (const recipe of fake.calls.flat()) assert.ok(recipe.every((t) => t === 'rewrite'), recipe.join('; '));
});

test('the whole design as one Yosys script: one abc call per module with a saved recipe, Yosys\'s default for the rest', async () => {
  const { snapshot, workspace } = await fixtureWorkspace(`//- /ws/h.v
module leaf #(parameter W = 8) (input [W-1:0] a, b, output [W-1:0] y);
  assign y = a + b;
endmodule
module other (input [7:0] a, output [7:0] y);
  assign y = ~a;
endmodule
module top (input [7:0] a, b, output [7:0] y, s);
  leaf u0 (.a(a), .b(b), .y(y));
  other u1 (.a(a), .y(s));
endmodule
`);
  const target = { kind: 'asic' as const, name: 'x', liberty: 'library (x) {}', libertyFile: 'x.lib', builtIn: false };
  const result = designScript(snapshot, 'top', target, { leaf: ['balance', 'amap'], other: ['no such step'], elsewhere: ['balance'] }, { root: '/ws' });
  workspace.dispose();
  assert.deepEqual(result.withRecipe, [{ module: 'leaf', flow: { recipe: ['balance'], mapping: 'amap' } }]);
  assert.deepEqual(result.skipped.map((s) => s.module), ['elsewhere', 'other']);
  const lines = result.script.split('\n').filter((l) => l && !l.startsWith('#'));
  assert.match(lines[0], /^read_verilog -sv +h\.v$/);
  assert.deepEqual(lines.slice(1), [
    'hierarchy -top top',
    'synth -top top -noabc',
    'dfflibmap -liberty x.lib',
    'abc -liberty x.lib -script +strash;balance;amap leaf $paramod*\\leaf\\*',
    'abc -liberty x.lib',
    'opt_clean',
    'stat -liberty x.lib',
  ]);
  assert.throws(() => designScript(snapshot, 'top', { kind: 'fpga', name: 'ice40' }, {}), /needs a cell library/);
});

test('VS Code settings files (comments, trailing commas) read as JSON', () => {
  const text = '{\n  // a comment\n  "rtlens.recipes.saved": { "m": ["balance", "a // not a comment", "b /* nor this */"], },\n  /* block */ "x": [1, 2,],\n}\n';
  assert.deepEqual(JSON.parse(withoutJsonComments(text)), { 'rtlens.recipes.saved': { m: ['balance', 'a // not a comment', 'b /* nor this */'] }, x: [1, 2] });
});
