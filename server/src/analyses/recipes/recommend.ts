import { combineHashes, contentHash } from '../../base';
import { collectSources, type FeatureVector, moduleFeatures, quote, readCommands, type SourceAccess, SynthesisError, type SynthesisRunner, type Target, TimeoutError } from '../ppa';
import { type AigStats, checkLiberty, type LibertyCheck, type Qor, RecipeSession } from './batch';
import { designFeatures, emptyKnowledge, type KnowledgeBase, retrieve } from './knowledge';
import { abcScriptText, DEFAULT_MAPPING, defaultScriptText, type Flow, flowKey, MAP_MAPPING, type Mapping, MAPPINGS, RESYN2, recipeKey, SIZING, sizeScale, type Transform, yosysScriptText } from './recipe';
import { type Candidate, searchRecipes, seededRandom } from './search';

/**
 * "Recommend synthesis recipe" for one module: synthesize it once (Yosys, WebAssembly, through
 * the runner), measure the baselines (resyn2 and Yosys's default liberty script), retrieve
 * similar designs from the knowledge base, search within the budget, and prove the winners
 * equivalent to the original with ABC's cec before recommending one. The server, the command
 * line and the benchmarks all go through here.
 */
export interface RecipeContext {
  access: SourceAccess;
  target: Target;
  knowledge?: KnowledgeBase;
  defines?: Record<string, string>;
  /** The workspace folder: synthesis sees files by paths relative to it. */
  root?: string;
}

export interface RecipeProgress {
  phase: 'synthesis' | 'seeds' | 'evolve' | 'verify';
  evaluations: number;
  budget: number;
  bestAdp?: number;
  resyn2Adp?: number;
}

export interface RecipeOptions {
  /** Recipe evaluations in all, resyn2 included (default 20). */
  budget?: number;
  /** Limit of each Yosys run (default 60 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (progress: RecipeProgress) => void;
  /** Seed of the search; by default derived from the sources, so a design gets the same answer twice. */
  seed?: number;
  /** How many of the best candidates are checked with cec (default 3). */
  verify?: number;
  /** The file whose copy of the top is meant, when several files declare it. */
  from?: string;
  /**
   * Wall-clock time for the whole recommendation: no search batch starts after about three
   * quarters of it, so the checks still fit, and the answer is the best proven so far (partial).
   */
  timeBudgetMs?: number;
}

export interface RecipeResult {
  module: string;
  target: string;
  recipe: Transform[];
  /** The mapping after the recipe (one of recipe.ts MAPPINGS; Yosys's own when Yosys's default flow is recommended). */
  mapping: Mapping;
  qor: Qor;
  /**
   * The baselines on the same starting netlist: resyn2 with Yosys's mapping (`&dch -f; &nf`),
   * resyn2 followed by ABC's `map`, and Yosys's default `abc -liberty` flow.
   */
  baseline: { resyn2: Qor; resyn2Map?: Qor; yosysDefault?: Qor };
  evaluations: number;
  /** ABC's cec of the recommended recipe's mapped result against the original logic. */
  equivalent: boolean;
  ms: number;
  /** The AIG before any recipe. */
  aig: AigStats;
  /** Set for a design with registers: what was optimised. */
  note?: string;
  /** The search ended before its budget (time, or a run past its limit): the answer is the best proven so far. */
  partial?: string;
  registers: number;
  neighbours: { design: string; distance: number; similarity: number }[];
  /** Trust given to the knowledge base (0..1). */
  alpha: number;
  priorSeeds: number;
  yosysRuns: number;
  /**
   * What is recommended: a recipe the search found, resyn2, or Yosys's default `abc -liberty`
   * flow (then `recipe` is empty): never a script that measured worse than a baseline on the
   * same starting netlist. `verdict` says it in words.
   */
  recommended: 'search' | 'resyn2' | 'yosys-default';
  verdict: string;
  /** The full ABC script the recommended figures come from, as run (mapping and timing included). */
  script: string;
  /** The recommendation as an ABC script and as a Yosys command, to copy. */
  abcScript: string;
  yosysScript: string;
  /** The whole Yosys flow the figures come from (read, `synth -flatten -noabc`, the `abc` call, a report): run as given, it gets them. */
  yosysFlow: string;
  /** The mapper families the liberty was checked to support before the search (and those it does not, with why). */
  liberty: LibertyCheck;
  /** Features the retrieval used (for growing the knowledge base). */
  features: Record<string, number>;
  /** Other candidates measured, best first (top few), for the report. */
  runnersUp: { recipe: Transform[]; mapping: Mapping; qor: Qor }[];
}

/** The mappings a liberty supports, from the families its check passed. */
export function usableMappings(check: LibertyCheck): Mapping[] {
  const family = (m: Mapping) => (m.includes('&nf') ? '&nf' : m.includes('amap') ? 'amap' : 'map');
  return MAPPINGS.filter((m) => check.usable.includes(family(m)) && (!m.includes(SIZING) || check.usable.includes('sizing')));
}

export const DEFAULT_BUDGET = 20;
/** The least time a run proving the answer gets, even with the time budget spent. */
const PROOF_FLOOR_MS = 10_000;

export async function recommendRecipe(ctx: RecipeContext, top: string, runner: SynthesisRunner, options: RecipeOptions = {}): Promise<RecipeResult> {
  const started = Date.now();
  const target = ctx.target;
  if (target.kind !== 'asic') throw new SynthesisError(`recipes are measured on a cell library (area x delay from ABC's stime); '${target.name}' is an FPGA family: use the built-in library or a liberty file`);
  const budget = Math.max(1, Math.floor(options.budget ?? DEFAULT_BUDGET));
  const collected = collectSources(ctx.access, top, target, ctx.defines, ctx.root, options.from);
  if (!collected) throw new SynthesisError(`no module named '${top}' in the workspace`);
  if (collected.missing.length > 0) {
    throw new SynthesisError(`'${top}' instantiates ${collected.missing.map((m) => `'${m}'`).join(', ')}, which no workspace file defines: synthesis needs every submodule`);
  }
  const progress = (p: RecipeProgress) => options.onProgress?.(p);
  progress({ phase: 'synthesis', evaluations: 0, budget });
  const liberty = { text: target.liberty, file: target.libertyFile };
  const sessionOptions = { timeoutMs: options.timeoutMs ?? 60000, signal: options.signal };
  const libertyCheck = await checkLiberty(liberty, runner, sessionOptions, contentHash(target.liberty));
  const mappings = usableMappings(libertyCheck);
  if (mappings.length === 0) {
    throw new SynthesisError(`ABC cannot map to ${target.libertyFile}: ${libertyCheck.unusable.map((u) => `${u.family}: ${u.reason}`).join('; ')}`);
  }
  const session = new RecipeSession(collected.job, liberty, runner, sessionOptions);
  /**
   * Within a time budget, no run may outlast what is left of it, except that a proof of the
   * answer always gets PROOF_FLOOR_MS (an unproven answer is worth little); a comparison run
   * that would start with less than that left is not started.
   */
  const left = (): number => (options.timeBudgetMs === undefined ? Infinity : started + options.timeBudgetMs - Date.now());
  const runLimit = (): { timeoutMs?: number } =>
    options.timeBudgetMs === undefined ? {} : { timeoutMs: Math.max(PROOF_FLOOR_MS, Math.min(sessionOptions.timeoutMs, left())) };
  const withDefault = libertyCheck.usable.includes('&nf');
  const resyn2Flow: Flow = { recipe: RESYN2, mapping: mappings.includes(DEFAULT_MAPPING) ? DEFAULT_MAPPING : mappings[0] };
  const baselines: Flow[] = [resyn2Flow, ...(mappings.includes(MAP_MAPPING) && resyn2Flow.mapping !== MAP_MAPPING ? [{ recipe: RESYN2, mapping: MAP_MAPPING }] : [])];

  // Run 1: synthesis, the original AIG and resyn2 with Yosys's mapping: the cheapest answer first.
  const first = await session.run([resyn2Flow]);
  const resyn2 = first.recipes[0].qor;
  const aig = first.original;
  if (!resyn2 || !aig) throw new SynthesisError(`ABC gave no area and delay for '${top}' on ${target.libertyFile}`);
  // Run 2: the other baselines (resyn2 followed by map, Yosys's default flow). On a large design
  // they may not fit in a run's time limit (Yosys's default runs &fraig -x, slow on multipliers):
  // the search goes on without them, and the answer says so.
  const notes: string[] = [];
  let resyn2Map: Qor | undefined;
  let yosysDefault: Qor | undefined;
  if ((baselines.length > 1 || withDefault) && left() < PROOF_FLOOR_MS) {
    notes.push("resyn2 + map and Yosys's default flow were not run: the time budget was spent");
  } else if (baselines.length > 1 || withDefault) {
    try {
      const second = await session.run(baselines.slice(1), { yosysDefault: withDefault, ...runLimit() });
      resyn2Map = baselines.length > 1 ? second.recipes[0].qor : undefined;
      yosysDefault = second.yosysDefault?.qor;
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
      notes.push("resyn2 + map and Yosys's default flow did not finish within a run's time limit: they are not compared");
    }
  }
  const initial: Candidate[] = [{ recipe: [...RESYN2], mapping: resyn2Flow.mapping, qor: resyn2 }, ...(resyn2Map ? [{ recipe: [...RESYN2], mapping: MAP_MAPPING, qor: resyn2Map }] : [])];
  progress({ phase: 'seeds', evaluations: initial.length, budget, bestAdp: Math.min(resyn2.adp, resyn2Map?.adp ?? Infinity), resyn2Adp: resyn2.adp });

  let graph: FeatureVector | undefined;
  const ref = ctx.access.unit(top, options.from);
  try {
    graph = ref ? moduleFeatures(ctx.access, ref.path, ref.unit).features : undefined;
  } catch {
    graph = undefined; // The AIG features alone still retrieve.
  }
  const features = designFeatures(aig, graph);
  const retrieval = retrieve(ctx.knowledge ?? emptyKnowledge(), features, 3);
  const seedText = combineHashes([top, ...Object.keys(collected.job.files).sort().map((f) => contentHash(collected.job.files[f]))]);
  const random = seededRandom(options.seed ?? parseInt(seedText.slice(0, 8), 16));

  const outcome = await searchRecipes(
    {
      // An ABC command that fails on one flow (it stops the whole script) costs that flow only:
      // the batch is measured again one flow at a time.
      evaluate: async (flows) => {
        try {
          return (await session.run(flows)).recipes.map((e) => e.qor);
        } catch (error) {
          if (!(error instanceof SynthesisError) || flows.length === 1) {
            if (error instanceof SynthesisError) return [undefined];
            throw error;
          }
          const out: (Qor | undefined)[] = [];
          for (const flow of flows) {
            try {
              out.push((await session.run([flow])).recipes[0].qor);
            } catch (inner) {
              if (!(inner instanceof SynthesisError)) throw inner;
              out.push(undefined);
            }
          }
          return out;
        }
      },
    },
    {
      budget: Math.max(budget, initial.length),
      initial,
      retrieval,
      random,
      signal: options.signal,
      mappings,
      ...(options.timeBudgetMs !== undefined ? { deadline: started + 0.75 * options.timeBudgetMs } : {}),
      scale: sizeScale(aig.ands),
      onProgress: (p) => progress({ phase: p.phase, evaluations: p.evaluations, budget, bestAdp: p.best?.qor.adp, resyn2Adp: resyn2.adp }),
    },
  );

  // The last run: cec of the best few (and the resyn2 baselines, the fallback) against the original.
  progress({ phase: 'verify', evaluations: outcome.evaluations, budget, bestAdp: outcome.ranked[0]?.qor.adp, resyn2Adp: resyn2.adp });
  const verifyCount = Math.max(1, options.verify ?? 3);
  const toVerify: Flow[] = outcome.ranked.slice(0, verifyCount).map((c) => ({ recipe: c.recipe, mapping: c.mapping }));
  for (const b of baselines) if ((b === resyn2Flow || resyn2Map) && !toVerify.some((f) => flowKey(f) === flowKey(b))) toVerify.push(b);
  // Yosys's default flow is checked in the same run: when nothing beats it, it is the answer.
  // When proving them all does not fit in the time left, the best alone is proven; when even
  // that does not, nothing is recommended as proven and the answer says so.
  let checked: Awaited<ReturnType<typeof session.run>> = { recipes: toVerify.map(() => ({})) };
  try {
    checked = await session.run(toVerify, { cec: true, yosysDefault: withDefault && yosysDefault !== undefined, ...runLimit() });
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    try {
      // Proving the best alone gets a run of its own when that run is smaller than the one that
      // timed out and time is left for it: past the budget, the answer's proof gets one floor only.
      const provedDefault = withDefault && yosysDefault !== undefined;
      if ((toVerify.length === 1 && !provedDefault) || left() < PROOF_FLOOR_MS) throw error;
      const alone = await session.run(toVerify.slice(0, 1), { cec: true, ...runLimit() });
      checked = { recipes: toVerify.map((_, i) => (i === 0 ? alone.recipes[0] : {})) };
      notes.push('only the best script could be proven within the time left');
    } catch (inner) {
      if (!(inner instanceof TimeoutError)) throw inner;
      notes.push('the equivalence check did not finish within the time left: nothing is proven');
    }
  }
  const proven: Candidate[] = [];
  toVerify.forEach((flow, i) => {
    const entry = checked.recipes[i];
    if (entry.equivalent === true && entry.qor) proven.push({ recipe: [...flow.recipe], mapping: flow.mapping, qor: entry.qor });
  });
  proven.sort((a, b) => a.qor.adp - b.qor.adp);
  const best = proven[0];
  const defaultChecked = checked.yosysDefault?.equivalent === true ? checked.yosysDefault.qor : undefined;
  const useDefault = defaultChecked !== undefined && (!best || defaultChecked.adp < best.qor.adp);
  const chosen: Flow = useDefault ? { recipe: [], mapping: DEFAULT_MAPPING } : best ? best : resyn2Flow;
  const recipe: Transform[] = [...chosen.recipe];
  const qor = useDefault ? defaultChecked : best ? best.qor : resyn2;
  const recommended: RecipeResult['recommended'] = useDefault ? 'yosys-default' : best && recipeKey(best.recipe) !== recipeKey(RESYN2) ? 'search' : 'resyn2';
  const times = (q: Qor | undefined, name: string) => (q && q.adp > 0 ? `${(qor.adp / q.adp).toFixed(3)}x ${name}` : undefined);
  const against = [times(resyn2, 'resyn2'), times(resyn2Map, 'resyn2 + map'), times(yosysDefault, "Yosys's default flow")].filter(Boolean).join(', ');
  const verdict =
    recommended === 'search'
      ? `a recipe found by the search, mapped with ${chosen.mapping}: ADP ${against}`
      : recommended === 'resyn2'
        ? `no recipe found beat resyn2 on this module: resyn2 mapped with ${chosen.mapping} is recommended (ADP ${against})`
        : `no recipe found beat Yosys's default abc -liberty flow on this module (the best, ${best ? `ADP ${(best.qor.adp / qor.adp).toFixed(3)}x it` : 'none proven'}): keep Yosys's default`;
  const registers = session.registers;
  const abcLine = useDefault ? `abc -liberty ${target.libertyFile}` : yosysScriptText(chosen, target.libertyFile);
  const quotedTop = quote(top);
  const yosysFlow = [...readCommands(collected.job, session.reader), `hierarchy -top ${quotedTop}`, `synth -flatten -noabc -top ${quotedTop}`, abcLine, `stat -liberty ${target.libertyFile}`].join('\n');
  return {
    module: top,
    target: target.name,
    recipe,
    mapping: chosen.mapping,
    qor,
    baseline: { resyn2, ...(resyn2Map ? { resyn2Map } : {}), ...(yosysDefault ? { yosysDefault } : {}) },
    evaluations: outcome.evaluations,
    ...(outcome.stopped || notes.length > 0
      ? { partial: [...(outcome.stopped ? [`the search stopped after ${outcome.evaluations} of ${budget} evaluations (${outcome.stopped === 'deadline' ? 'its time budget was spent' : 'a run passed its time limit'}): the answer is the best proven so far`] : []), ...notes].join('; ') }
      : {}),
    equivalent: useDefault || !!best,
    ms: Date.now() - started,
    aig,
    ...(registers > 0 ? { note: `'${top}' has ${registers} flip-flop${registers === 1 ? '' : 's'}: the recipe optimises the combinational logic between registers (flip-flop outputs are its inputs, their inputs its outputs)` } : {}),
    registers,
    neighbours: retrieval.neighbours.map((n) => ({ design: n.design, distance: round(n.distance, 3), similarity: round(n.similarity, 3) })),
    alpha: round(retrieval.alpha, 3),
    priorSeeds: outcome.priorSeeds,
    yosysRuns: session.runs,
    recommended,
    verdict,
    script: useDefault ? defaultScriptText() : abcScriptText(chosen),
    abcScript: useDefault ? defaultScriptText() : abcScriptText(chosen),
    yosysScript: abcLine,
    yosysFlow,
    liberty: libertyCheck,
    features,
    runnersUp: outcome.ranked.filter((c) => flowKey(c) !== flowKey(chosen)).slice(0, 4).map((c) => ({ recipe: c.recipe, mapping: c.mapping, qor: c.qor })),
  };
}

function round(x: number, digits: number): number {
  return Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x;
}
