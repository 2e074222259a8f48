import { CancelledError, TimeoutError } from '../ppa';
import type { Qor } from './batch';
import { priorRecipes, type Retrieval, transformWeights } from './knowledge';
import { MAX_RECIPE_LENGTH, type Recipe, recipeKey, type Transform, TRANSFORMS } from './recipe';

/**
 * The budgeted search: an evolutionary search over recipes (length 1 to 20) whose every
 * candidate is measured by real ABC. The first batch is seeded with the retrieved designs'
 * recipes (as many as the trust alpha allows) and exploration; later generations breed from
 * the best found (tournament selection, one-point crossover, mutations that replace, insert,
 * delete or swap steps, with transforms drawn from the prior mixed with uniform). Candidates go
 * to the evaluator a generation at a time, so a search of 20 evaluations is a few Yosys runs.
 */
export interface Candidate {
  recipe: Transform[];
  qor: Qor;
}

export interface RecipeEvaluator {
  /** QoR of each recipe (undefined where ABC gave none), in order. */
  evaluate(recipes: readonly Recipe[], signal?: AbortSignal): Promise<(Qor | undefined)[]>;
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
  const measured = new Map<string, Candidate>();
  const tried = new Set<string>();
  for (const c of options.initial ?? []) {
    measured.set(recipeKey(c.recipe), c);
    tried.add(recipeKey(c.recipe));
  }
  let evaluations = tried.size;
  let batches = 0;
  const best = () => [...measured.values()].sort((a, b) => a.qor.adp - b.qor.adp)[0];
  const report = (phase: SearchProgress['phase']) => options.onProgress?.({ evaluations, budget: options.budget, best: best(), phase });

  let stopped: SearchOutcome['stopped'];
  const run = async (recipes: Transform[][], phase: SearchProgress['phase']) => {
    if (options.signal?.aborted) throw new CancelledError('cancelled');
    if (recipes.length === 0 || stopped) return;
    if (options.deadline !== undefined && Date.now() > options.deadline) {
      stopped = 'deadline';
      return;
    }
    for (const r of recipes) tried.add(recipeKey(r));
    let qors: (Qor | undefined)[];
    try {
      qors = await evaluator.evaluate(recipes, options.signal);
    } catch (error) {
      // A batch past its time limit ends the search with what was measured before it.
      if (!(error instanceof TimeoutError)) throw error;
      stopped = 'timeout';
      return;
    }
    batches++;
    evaluations += recipes.length;
    recipes.forEach((recipe, i) => {
      const qor = qors[i];
      if (qor && Number.isFinite(qor.adp)) measured.set(recipeKey(recipe), { recipe, qor });
    });
    report(phase);
  };
  /** A recipe not tried yet, from `make`, or a random one after 50 repeats. */
  const fresh = (make: () => Transform[]): Transform[] | undefined => {
    for (let attempt = 0; attempt < 60; attempt++) {
      const recipe = attempt < 50 ? make() : randomRecipe(random, weights, 1);
      if (recipe.length > 0 && !tried.has(recipeKey(recipe))) return recipe;
    }
    return undefined;
  };

  // First batch: about half the budget, the prior's share of it set by alpha.
  let remaining = options.budget - evaluations;
  const firstSize = Math.min(remaining, Math.max(1, Math.ceil(remaining / 2)));
  const priorList = priorRecipes(retrieval);
  const priorCount = Math.min(priorList.length, Math.round(retrieval.alpha * firstSize) || (priorList.length > 0 && retrieval.alpha > 0.05 ? 1 : 0));
  const seeds: Transform[][] = [];
  const seedKeys = new Set<string>();
  const addSeed = (recipe: Transform[] | undefined) => {
    if (!recipe || tried.has(recipeKey(recipe)) || seedKeys.has(recipeKey(recipe))) return false;
    seedKeys.add(recipeKey(recipe));
    seeds.push(recipe);
    return true;
  };
  let priorSeeds = 0;
  for (const p of priorList) {
    if (priorSeeds >= priorCount) break;
    if (addSeed([...p.recipe])) priorSeeds++;
  }
  for (let guard = 0; seeds.length < firstSize && guard < 200; guard++) addSeed(randomRecipe(random, weights));
  await run(seeds, 'seeds');

  remaining = options.budget - evaluations;
  for (const size of generationSizes(remaining)) {
    if (stopped) break;
    const population = [...measured.values()];
    const children: Transform[][] = [];
    for (let i = 0; i < size; i++) {
      const child = fresh(() => {
        if (population.length === 0) return randomRecipe(random, weights);
        const a = tournament(population, random).recipe;
        if (random() < 0.5 && population.length > 1) {
          const b = tournament(population, random).recipe;
          const crossed = crossover(a, b, random);
          return random() < 0.5 ? mutate(crossed, random, weights) : crossed;
        }
        return mutate(a, random, weights);
      });
      if (!child) break;
      tried.add(recipeKey(child));
      children.push(child);
    }
    for (const c of children) tried.delete(recipeKey(c));
    await run(children, 'evolve');
  }
  return { ranked: [...measured.values()].sort((a, b) => a.qor.adp - b.qor.adp), evaluations, batches, priorSeeds, ...(stopped ? { stopped } : {}) };
}
