import { FEATURES, type FeatureVector } from '../ppa';
import type { AigStats } from './batch';
import { isMapping, isTransform, type Mapping, recipeKey, type Transform, TRANSFORMS } from './recipe';

/**
 * The recipe knowledge base (ABC-RL's retrieval): designs described by features of their HDL
 * graph and their AIG, each with the best recipes a larger search found for it. A new design
 * retrieves its nearest designs; how near the nearest one is decides how much the search
 * trusts their recipes (alpha) against plain exploration.
 */
export interface KnowledgeRecipe {
  recipe: string[];
  /** The mapping after the recipe (recipe.ts MAPPINGS); absent in entries from before mappings were searched (Yosys's own then). */
  mapping?: string;
  /** ADP of this recipe over resyn2's on that design (below 1 is better). */
  adpVsResyn2: number;
}

export interface KnowledgeEntry {
  design: string;
  features: Record<string, number>;
  recipes: KnowledgeRecipe[];
}

export interface KnowledgeBase {
  version: 1;
  /** How it was made (script, target, budget); informational. */
  provenance?: Record<string, unknown>;
  entries: KnowledgeEntry[];
}

export function emptyKnowledge(): KnowledgeBase {
  return { version: 1, entries: [] };
}

/** Operator kinds that make up the combinational logic (registers and memories are not optimised by a recipe). */
const LOGIC_KINDS = FEATURES.filter((f) => f !== 'ff' && f !== 'memory');

/**
 * The features of a design: the size and shape of its AIG (log scale, so a 2x larger design is
 * one step away whatever its size) and, when the HDL graph is available, the share of each
 * operator kind in its logic (what the design is made of: multipliers, adders, muxes ...).
 */
export function designFeatures(aig: AigStats, graph?: FeatureVector): Record<string, number> {
  const out: Record<string, number> = {
    aigAnds: Math.log2(1 + aig.ands),
    aigLevels: Math.log2(1 + aig.levels),
    aigInputs: Math.log2(1 + aig.inputs),
    aigOutputs: Math.log2(1 + aig.outputs),
    // Deep and narrow (arithmetic chains) or shallow and wide (muxes, decoders).
    aigDepthRatio: aig.levels / Math.max(1, Math.log2(2 + aig.ands)),
  };
  if (graph) {
    const total = LOGIC_KINDS.reduce((a, k) => a + (graph[k] ?? 0), 0);
    if (total > 0) for (const k of LOGIC_KINDS) out[`share_${k}`] = (graph[k] ?? 0) / total;
  }
  return out;
}

export interface Neighbour {
  design: string;
  distance: number;
  /** 1 for the same features, 0.5 at the knowledge base's typical nearest-neighbour distance. */
  similarity: number;
  recipes: KnowledgeRecipe[];
}

export interface Retrieval {
  neighbours: Neighbour[];
  /** Trust in the prior, from the nearest neighbour's similarity (0 with an empty knowledge base). */
  alpha: number;
}

/** Per-feature mean and spread over the knowledge base, for z-scores. */
function spreads(entries: KnowledgeEntry[]): Map<string, { mean: number; std: number }> {
  const names = new Set(entries.flatMap((e) => Object.keys(e.features)));
  const out = new Map<string, { mean: number; std: number }>();
  for (const name of names) {
    const values = entries.map((e) => e.features[name]).filter((v): v is number => v !== undefined);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, values.length);
    out.set(name, { mean, std: Math.sqrt(variance) > 1e-9 ? Math.sqrt(variance) : 1 });
  }
  return out;
}

/** Root-mean-square difference of z-scores over the features both sides have. */
function distance(a: Record<string, number>, b: Record<string, number>, scale: Map<string, { mean: number; std: number }>): number {
  let sum = 0;
  let n = 0;
  for (const [name, s] of scale) {
    if (a[name] === undefined || b[name] === undefined) continue;
    sum += ((a[name] - b[name]) / s.std) ** 2;
    n++;
  }
  return n === 0 ? Infinity : Math.sqrt(sum / n);
}

/** The typical distance from an entry to its nearest other entry (median): the unit of similarity. */
function typicalDistance(entries: KnowledgeEntry[], scale: Map<string, { mean: number; std: number }>): number {
  if (entries.length < 2) return 1;
  const nearest = entries.map((e, i) => Math.min(...entries.filter((_, j) => j !== i).map((o) => distance(e.features, o.features, scale)))).sort((a, b) => a - b);
  const median = nearest[Math.floor(nearest.length / 2)];
  return Number.isFinite(median) && median > 1e-6 ? median : 1;
}

/** The k nearest designs, with similarities and the trust (alpha) the search gives their recipes. */
export function retrieve(kb: KnowledgeBase, features: Record<string, number>, k = 3): Retrieval {
  const entries = kb.entries.filter((e) => e.recipes.length > 0);
  if (entries.length === 0) return { neighbours: [], alpha: 0 };
  const scale = spreads(entries);
  const unit = typicalDistance(entries, scale);
  const neighbours = entries
    .map((e) => {
      const d = distance(features, e.features, scale);
      return { design: e.design, distance: d, similarity: Number.isFinite(d) ? Math.exp(-Math.LN2 * (d / unit) ** 2) : 0, recipes: e.recipes };
    })
    .sort((a, b) => a.distance - b.distance)
    .slice(0, k);
  return { neighbours, alpha: neighbours[0]?.similarity ?? 0 };
}

/** The neighbours' whole scripts (recipe and mapping), best first by similarity x rank, without repeats; each with the weight it got. */
export function priorRecipes(retrieval: Retrieval): { recipe: Transform[]; mapping?: Mapping; weight: number }[] {
  const scored: { recipe: Transform[]; mapping?: Mapping; weight: number }[] = [];
  for (const n of retrieval.neighbours) {
    n.recipes.forEach((r, rank) => {
      if (!r.recipe.every(isTransform)) return;
      // A recipe that beat resyn2 by more counts more; rank breaks ties within a design.
      const gain = Math.max(0.05, 1.05 - r.adpVsResyn2);
      scored.push({ recipe: r.recipe as Transform[], ...(r.mapping && isMapping(r.mapping) ? { mapping: r.mapping } : {}), weight: (n.similarity * gain) / (rank + 1) });
    });
  }
  scored.sort((a, b) => b.weight - a.weight);
  const seen = new Set<string>();
  return scored.filter((s) => {
    const key = `${recipeKey(s.recipe)} | ${s.mapping ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * How likely the search is to pick each transform when it mutates or explores: the
 * neighbours' recipes' transform frequencies, mixed with uniform by alpha (a far neighbour
 * leaves the choice nearly uniform).
 */
export function transformWeights(retrieval: Retrieval): Record<Transform, number> {
  const counts = Object.fromEntries(TRANSFORMS.map((t) => [t, 0])) as Record<Transform, number>;
  let total = 0;
  for (const n of retrieval.neighbours) {
    for (const r of n.recipes) {
      for (const step of r.recipe) {
        if (!isTransform(step)) continue;
        counts[step] += n.similarity;
        total += n.similarity;
      }
    }
  }
  const alpha = total > 0 ? retrieval.alpha : 0;
  return Object.fromEntries(TRANSFORMS.map((t) => [t, (1 - alpha) / TRANSFORMS.length + (total > 0 ? (alpha * counts[t]) / total : 0)])) as Record<Transform, number>;
}

/**
 * How likely the search is to try each mapping: the mappings of the neighbours' scripts
 * (weighted by similarity), mixed with uniform by alpha, over the mappings the liberty supports.
 */
export function mappingWeights(retrieval: Retrieval, mappings: readonly Mapping[]): Map<Mapping, number> {
  const counts = new Map<Mapping, number>(mappings.map((m) => [m, 0]));
  let total = 0;
  for (const n of retrieval.neighbours) {
    for (const r of n.recipes) {
      if (!r.mapping || !counts.has(r.mapping as Mapping)) continue;
      counts.set(r.mapping as Mapping, counts.get(r.mapping as Mapping)! + n.similarity);
      total += n.similarity;
    }
  }
  const alpha = total > 0 ? retrieval.alpha : 0;
  return new Map(mappings.map((m) => [m, (1 - alpha) / mappings.length + (total > 0 ? (alpha * counts.get(m)!) / total : 0)]));
}

/** The knowledge base with one more design (a user's own run): replaces an entry of the same name, keeps the best recipes. */
export function addToKnowledge(kb: KnowledgeBase, entry: KnowledgeEntry, keep = 3): KnowledgeBase {
  const recipes = [...entry.recipes].sort((a, b) => a.adpVsResyn2 - b.adpVsResyn2).slice(0, keep);
  return { ...kb, entries: [...kb.entries.filter((e) => e.design !== entry.design), { ...entry, recipes }] };
}

export function isKnowledgeBase(value: unknown): value is KnowledgeBase {
  const kb = value as KnowledgeBase;
  return !!kb && kb.version === 1 && Array.isArray(kb.entries);
}

/** The shipped base and the user's runs together; a user entry replaces a shipped one of the same name. */
export function mergeKnowledge(shipped: KnowledgeBase, user: KnowledgeBase): KnowledgeBase {
  const mine = new Set(user.entries.map((e) => e.design));
  return { ...shipped, entries: [...shipped.entries.filter((e) => !mine.has(e.design)), ...user.entries] };
}
