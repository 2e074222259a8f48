import { CancelledError, TimeoutError } from '../ppa';
import type { Qor } from './batch';
import { mappingWeights, priorRecipes, type Retrieval, transformWeights } from './knowledge';
import { DEFAULT_MAPPING, type Flow, flowKey, type Mapping, MAPPINGS, MAX_RECIPE_LENGTH, type Transform, TRANSFORMS } from './recipe';

/**
 * The budgeted search: an evolutionary search over flows (a recipe of 1 to 20 transforms and
 * the mapping after it) whose every candidate is measured by real ABC. The first batch is
 * seeded with the retrieved designs' recipes (as many as the trust alpha allows), the baseline
 * recipe under mappings not measured yet (the mapper alone moved ADP by up to 2.5x on the bench
 * designs; "most of the gain is the mapper", issue 17), and exploration; later generations breed from the best found (tournament
 * selection, one-point crossover, mutations that replace, insert, delete or swap steps or
 * change the mapping, with transforms drawn from the prior mixed with uniform). Candidates go
 * to the evaluator a generation at a time, so a search of 20 evaluations is a few Yosys runs.
 */
export interface Candidate {
  recipe: Transform[];
  mapping: Mapping;
  qor: Qor;
}

export interface RecipeEvaluator {
  /** QoR of each flow (undefined where ABC gave none), in order. */
  evaluate(flows: readonly Flow[], signal?: AbortSignal): Promise<(Qor | undefined)[]>;
}

export interface SearchProgress {
  evaluations: number;
  budget: number;
  best?: Candidate;
  phase: 'seeds' | 'evolve';
}

export interface SearchOptions {
  /** Evaluations in all, those of `initial` included. */
  budget: number;
  /** Candidates already measured (resyn2 from the first run). */
  initial?: Candidate[];
  retrieval?: Retrieval;
  /** A random source in [0, 1): seeded, so the same design gives the same search. */
  random?: () => number;
  onProgress?: (progress: SearchProgress) => void;
  signal?: AbortSignal;
  /** Time (Date.now()) after which no new batch starts: the search is anytime, its answer the best so far. */
  deadline?: number;
  /** A factor on each transform's weight in new and mutated recipes (a large design draws the costly ones less). */
  scale?: Partial<Record<Transform, number>>;
  /** The mappings the target's liberty supports (all by default). */
  mappings?: readonly Mapping[];
}

export interface SearchOutcome {
  /** Every candidate measured, best (lowest ADP) first. */
  ranked: Candidate[];
  evaluations: number;
  /** Calls of the evaluator. */
  batches: number;
  /** Recipes of the first batch that came from the knowledge base. */
  priorSeeds: number;
  /** Why the search ended before its budget: the deadline passed, or a batch ran past its time limit. */
  stopped?: 'deadline' | 'timeout';
}

/** A small seeded generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.min(items.length - 1, Math.floor(random() * items.length))];
}

function pickWeighted(weights: Record<Transform, number>, random: () => number): Transform {
  const total = TRANSFORMS.reduce((a, t) => a + weights[t], 0);
  let r = random() * total;
  for (const t of TRANSFORMS) {
    r -= weights[t];
    if (r <= 0) return t;
  }
  return TRANSFORMS[TRANSFORMS.length - 1];
}

const UNIFORM = Object.fromEntries(TRANSFORMS.map((t) => [t, 1])) as Record<Transform, number>;

export function randomRecipe(random: () => number, weights: Record<Transform, number> = UNIFORM, minLength = 6): Transform[] {
  const length = minLength + Math.floor(random() * (MAX_RECIPE_LENGTH - minLength + 1));
  return Array.from({ length }, () => pickWeighted(weights, random));
}

/** One to three edits: replace, insert, delete or swap a step; the length stays within 1..20. */
export function mutate(recipe: readonly Transform[], random: () => number, weights: Record<Transform, number> = UNIFORM): Transform[] {
  const out = [...recipe];
  const edits = 1 + Math.floor(random() * 3);
  for (let e = 0; e < edits; e++) {
    const kind = Math.floor(random() * 4);
    const at = Math.floor(random() * Math.max(1, out.length));
    if (kind === 0 && out.length > 0) out[at] = pickWeighted(weights, random);
    else if (kind === 1 && out.length < MAX_RECIPE_LENGTH) out.splice(Math.floor(random() * (out.length + 1)), 0, pickWeighted(weights, random));
    else if (kind === 2 && out.length > 1) out.splice(at, 1);
    else if (out.length > 1) {
      const other = Math.floor(random() * out.length);
      [out[at], out[other]] = [out[other], out[at]];
    } else out.push(pickWeighted(weights, random));
  }
  return out.slice(0, MAX_RECIPE_LENGTH);
}

type Gene = { recipe: Transform[]; mapping: Mapping };

/** A flow's mutation: its recipe mutated, and one time in four (or when the recipe could not change) another mapping. */
export function mutateFlow(flow: Gene, random: () => number, weights: Record<Transform, number>, mappings: readonly Mapping[], draw?: (from: readonly Mapping[]) => Mapping): Gene {
  const other = mappings.filter((m) => m !== flow.mapping);
  const remap = other.length > 0 && random() < 0.25;
  const recipe = remap && random() < 0.5 ? [...flow.recipe] : mutate(flow.recipe, random, weights);
  return { recipe, mapping: remap ? (draw ? draw(other) : pick(other, random)) : flow.mapping };
}

/** One-point crossover: a head of one parent and a tail of the other, cut anywhere in each. */
export function crossover(a: readonly Transform[], b: readonly Transform[], random: () => number): Transform[] {
  const cutA = 1 + Math.floor(random() * a.length);
  const cutB = Math.floor(random() * b.length);
  const child = [...a.slice(0, cutA), ...b.slice(cutB)];
  return child.slice(0, MAX_RECIPE_LENGTH);
}

/** The best of three drawn at random (lower ADP wins). */
export function tournament(population: readonly Candidate[], random: () => number, size = 3): Candidate {
  let best = pick(population, random);
  for (let i = 1; i < size; i++) {
    const other = pick(population, random);
    if (other.qor.adp < best.qor.adp) best = other;
  }
  return best;
}

/** Sizes of the batches after the first: one generation when little is left, otherwise two or more of about 8. */
export function generationSizes(remaining: number): number[] {
  if (remaining <= 0) return [];
  const count = remaining <= 6 ? 1 : Math.max(2, Math.ceil(remaining / 8));
  const sizes = Array.from({ length: count }, (_, i) => Math.floor(remaining / count) + (i < remaining % count ? 1 : 0));
  return sizes.filter((s) => s > 0);
}

export async function searchRecipes(evaluator: RecipeEvaluator, options: SearchOptions): Promise<SearchOutcome> {
  const random = options.random ?? seededRandom(1);
  const retrieval = options.retrieval ?? { neighbours: [], alpha: 0 };
  const prior = transformWeights(retrieval);
  const weights = Object.fromEntries(TRANSFORMS.map((t) => [t, prior[t] * (options.scale?.[t] ?? 1)])) as Record<Transform, number>;
  const mappings = options.mappings && options.mappings.length > 0 ? options.mappings : MAPPINGS;
  const baseMapping = mappings.includes(DEFAULT_MAPPING) ? DEFAULT_MAPPING : mappings[0];
  const measured = new Map<string, Candidate>();
  const tried = new Set<string>();
  for (const c of options.initial ?? []) {
    measured.set(flowKey(c), c);
    tried.add(flowKey(c));
  }
  let evaluations = tried.size;
  let batches = 0;
  const best = () => [...measured.values()].sort((a, b) => a.qor.adp - b.qor.adp)[0];
  const report = (phase: SearchProgress['phase']) => options.onProgress?.({ evaluations, budget: options.budget, best: best(), phase });

  let stopped: SearchOutcome['stopped'];
  const run = async (flows: Gene[], phase: SearchProgress['phase']) => {
    if (options.signal?.aborted) throw new CancelledError('cancelled');
    if (flows.length === 0 || stopped) return;
    if (options.deadline !== undefined && Date.now() > options.deadline) {
      stopped = 'deadline';
      return;
    }
    for (const f of flows) tried.add(flowKey(f));
    let qors: (Qor | undefined)[];
    try {
      qors = await evaluator.evaluate(flows, options.signal);
    } catch (error) {
      // A batch past its time limit ends the search with what was measured before it.
      if (!(error instanceof TimeoutError)) throw error;
      stopped = 'timeout';
      return;
    }
    batches++;
    evaluations += flows.length;
    flows.forEach((flow, i) => {
      const qor = qors[i];
      if (qor && Number.isFinite(qor.adp)) measured.set(flowKey(flow), { recipe: flow.recipe, mapping: flow.mapping, qor });
    });
    report(phase);
  };
  // Mappings drawn as the neighbours' scripts used them (uniform without a trusted prior).
  const mapWeights = mappingWeights(retrieval, mappings);
  const drawMapping = (from: readonly Mapping[]): Mapping => {
    const total = from.reduce((a, m) => a + (mapWeights.get(m) ?? 0), 0);
    let r = random() * total;
    for (const m of from) {
      r -= mapWeights.get(m) ?? 0;
      if (r <= 0) return m;
    }
    return from[from.length - 1];
  };
  const randomMapping = () => drawMapping(mappings);
  /** A flow not tried yet, from `make`, or a random one after 50 repeats. */
  const fresh = (make: () => Gene): Gene | undefined => {
    for (let attempt = 0; attempt < 60; attempt++) {
      const flow = attempt < 50 ? make() : { recipe: randomRecipe(random, weights, 1), mapping: randomMapping() };
      if (flow.recipe.length > 0 && !tried.has(flowKey(flow))) return flow;
    }
    return undefined;
  };

  // First batch: about half the budget: the prior's share set by alpha, then the best initial
  // recipe under mappings not measured yet (the mapper moves ADP most), two random flows at least.
  let remaining = options.budget - evaluations;
  const firstSize = Math.min(remaining, Math.max(1, Math.ceil(remaining / 2)));
  const priorList = priorRecipes(retrieval);
  const priorCount = Math.min(priorList.length, Math.round(retrieval.alpha * firstSize) || (priorList.length > 0 && retrieval.alpha > 0.05 ? 1 : 0));
  const seeds: Gene[] = [];
  const seedKeys = new Set<string>();
  const addSeed = (flow: Gene | undefined) => {
    if (!flow || tried.has(flowKey(flow)) || seedKeys.has(flowKey(flow))) return false;
    seedKeys.add(flowKey(flow));
    seeds.push(flow);
    return true;
  };
  let priorSeeds = 0;
  for (const p of priorList) {
    if (priorSeeds >= priorCount) break;
    if (addSeed({ recipe: [...p.recipe], mapping: p.mapping && mappings.includes(p.mapping) ? p.mapping : baseMapping })) priorSeeds++;
  }
  const start = best();
  if (start) {
    const untried = mappings.filter((m) => !tried.has(flowKey({ recipe: start.recipe, mapping: m })));
    const want = Math.min(untried.length, Math.max(1, firstSize - seeds.length - 2));
    for (let i = 0; i < want && untried.length > 0; i++) {
      const mapping = drawMapping(untried);
      untried.splice(untried.indexOf(mapping), 1);
      addSeed({ recipe: [...start.recipe], mapping });
    }
  }
  for (let guard = 0; seeds.length < firstSize && guard < 200; guard++) addSeed({ recipe: randomRecipe(random, weights), mapping: random() < 0.5 ? baseMapping : randomMapping() });
  await run(seeds, 'seeds');

  remaining = options.budget - evaluations;
  for (const size of generationSizes(remaining)) {
    if (stopped) break;
    const population = [...measured.values()];
    const children: Gene[] = [];
    for (let i = 0; i < size; i++) {
      const child = fresh(() => {
        if (population.length === 0) return { recipe: randomRecipe(random, weights), mapping: randomMapping() };
        const a = tournament(population, random);
        if (random() < 0.5 && population.length > 1) {
          const b = tournament(population, random);
          const crossed = { recipe: crossover(a.recipe, b.recipe, random), mapping: random() < 0.5 ? a.mapping : b.mapping };
          return random() < 0.5 ? mutateFlow(crossed, random, weights, mappings, drawMapping) : crossed;
        }
        return mutateFlow(a, random, weights, mappings, drawMapping);
      });
      if (!child) break;
      tried.add(flowKey(child));
      children.push(child);
    }
    for (const c of children) tried.delete(flowKey(c));
    await run(children, 'evolve');
  }
  return { ranked: [...measured.values()].sort((a, b) => a.qor.adp - b.qor.adp), evaluations, batches, priorSeeds, ...(stopped ? { stopped } : {}) };
}
