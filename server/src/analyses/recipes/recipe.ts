/**
 * A synthesis recipe: a sequence of ABC logic-optimisation transforms applied to an AIG. The
 * search works on the transforms below: ABC-RL's seven first (the knowledge base's recipes are
 * made of them), then more of ABC's deterministic optimisations: the DAG-aware rewriting family
 * with other cut sizes and levels (`rewrite -l`, `resub -K/-N`, `refactor -N`, `drw`, `drf`,
 * `irw`), combined scripts (`dc2`, `iresyn`), functional reduction (`fraig`) and the new-AIG
 * (&) package's `&syn2`, `&syn3`, `&dc2` and `&b` (each run as `&get -n; X; &put`). Each was
 * checked to run in the WebAssembly ABC and to keep the function (cec), and each improved
 * resyn2 on at least one of three small designs (a multiply-add, a compare-and-select, a
 * priority encoder) when put before it. Left out: `dch` and `&dch` (choices, not a smaller
 * AIG: the mapping step makes its own) and `&syn4`, `&b -d` (worse on all three). resyn2, the
 * usual baseline, is spelled out because the WebAssembly ABC does not define the alias.
 */
export const TRANSFORMS = [
  'balance',
  'rewrite',
  'rewrite -z',
  'refactor',
  'refactor -z',
  'resub',
  'resub -z',
  'rewrite -l',
  'resub -K 8',
  'resub -K 10 -N 2',
  'refactor -N 12',
  'drw',
  'drf',
  'irw',
  'dc2',
  'iresyn',
  'fraig',
  '&syn2',
  '&syn3',
  '&dc2',
  '&b',
] as const;
export type Transform = (typeof TRANSFORMS)[number];
export type Recipe = readonly Transform[];

/**
 * Transforms that cost several times the others on a large design (measured on a 24x24
 * multiplier, 5.9k AND nodes, each alone with the mapping: most took 0.5 to 1.3 s, these 2 to
 * 14 s: iresyn 13.6, irw 5.0, &syn2 4.2, fraig 4.0, &syn3 2.0).
 */
export const COSTLY: readonly Transform[] = ['iresyn', 'irw', '&syn2', 'fraig', '&syn3'];

/** AND nodes above which the costly transforms are drawn less, in proportion. */
export const COSTLY_ABOVE_ANDS = 2000;

/** Weight factors of the transforms for a design of `ands` AND nodes: cheaper moves first on large designs. */
export function sizeScale(ands: number): Partial<Record<Transform, number>> {
  if (!(ands > COSTLY_ABOVE_ANDS)) return {};
  const factor = Math.max(0.05, COSTLY_ABOVE_ANDS / ands);
  return Object.fromEntries(COSTLY.map((t) => [t, factor]));
}

/** ABC's resyn2 (abc.rc): `b; rw; rf; b; rw; rwz; b; rfz; rwz; b`. */
export const RESYN2: Recipe = ['balance', 'rewrite', 'refactor', 'balance', 'rewrite', 'rewrite -z', 'balance', 'refactor -z', 'rewrite -z', 'balance'];

export const MAX_RECIPE_LENGTH = 20;

/**
 * The mapping step is part of what the search chooses. Measured on eight of the bench designs
 * (resyn2, then each mapper; WebAssembly Yosys 0.69 dev), no mapper wins everywhere: on Debian's
 * OSU 0.18 um liberty `amap` gave a multiplier 0.69x the ADP of `map`, `dch -f; map` an
 * arbiter 0.69x, `map` followed by `buffer; upsize; dnsize` a decoder 0.40x and an ALU 0.72x;
 * on the built-in library `&dch -f; &nf` (Yosys's own mapping) and `dch -f; map` led.
 * `&synch2; &nf` (choices from `&synch2` instead of `&dch -f`) was added after measuring it on
 * the training sizes of the suite (never the bench's): after resyn2 it beat `&dch -f; &nf` on 11
 * of 13 designs on the built-in library and 10 of 13 on OSU 0.18 um. So a
 * mapping is one of seven mappers, each with or without gate sizing after it (`topo; buffer;
 * upsize; dnsize`, which also helped on the built-in library, where it only buffers; `buffer`
 * fails on a node `map` left without fanout unless `topo` runs first). Each mapping
 * starts from the library as read (see batch.ts: `map` replaces ABC's current gate library,
 * which changes what a later `&nf` or `amap` in the same session does).
 */
export const MAPPERS = ['&dch -f; &nf', '&nf', '&synch2; &nf', 'dch -f; map', 'map', 'map -a', 'amap'] as const;
export type Mapper = (typeof MAPPERS)[number];
export const SIZING = 'topo; buffer; upsize; dnsize';
export type Mapping = Mapper | `${Mapper}; ${typeof SIZING}`;
export const MAPPINGS: readonly Mapping[] = MAPPERS.flatMap((m): Mapping[] => [m, `${m}; ${SIZING}`]);
/** Yosys's own mapping step (the mapping of its default `abc -liberty` flow). */
export const DEFAULT_MAPPING: Mapping = '&dch -f; &nf';
/** The mapping of the baseline "resyn2 followed by map". */
export const MAP_MAPPING: Mapping = 'map';

export function isMapping(text: string): text is Mapping {
  return (MAPPINGS as readonly string[]).includes(text);
}

/** The ABC commands of a mapping: new-AIG (&) commands run between one `&get -n` and `&put`. */
export function mappingCommands(mapping: Mapping): string[] {
  const steps = mapping.split(';').map((s) => s.trim());
  const out: string[] = [];
  let inGia = false;
  for (const step of steps) {
    if (step.startsWith('&') && !inGia) {
      out.push('&get -n');
      inGia = true;
    } else if (!step.startsWith('&') && inGia) {
      out.push('&put');
      inGia = false;
    }
    out.push(step);
  }
  if (inGia) out.push('&put');
  return out;
}

/** A recipe and the mapping after it: what one evaluation measures. */
export interface Flow {
  recipe: Recipe;
  mapping: Mapping;
}

/** The identity of a flow, for deduplication and caches. */
export function flowKey(flow: Flow): string {
  return `${recipeKey(flow.recipe)} | ${flow.mapping}`;
}

/** The ABC commands of a flow from the strashed network: the recipe, the mapping, then timing. */
export function flowCommands(flow: Flow): string[] {
  return [...recipeCommands(flow.recipe), ...mappingCommands(flow.mapping)];
}

/** Yosys's default `abc -liberty` script (abc.cc, ABC_COMMAND_LIB without -D), run inside the same ABC session as a baseline. */
export const YOSYS_DEFAULT_ABC = ['strash', '&get -n', '&fraig -x', '&put', 'scorr', 'dc2', 'dretime', 'strash', '&get -n', '&dch -f', '&nf', '&put'];

export function isTransform(step: string): step is Transform {
  return (TRANSFORMS as readonly string[]).includes(step);
}

/** The ABC commands of a transform: a new-AIG (&) command runs between `&get -n` and `&put`. */
export function stepCommands(step: Transform): string[] {
  return step.startsWith('&') ? ['&get -n', step, '&put'] : [step];
}

/** The ABC commands of a recipe. */
export function recipeCommands(recipe: Recipe): string[] {
  return recipe.flatMap(stepCommands);
}

/** A recipe from user text (`balance; rewrite -z; ...`), or undefined if a step is not one of the transforms. */
export function parseRecipe(text: string): Transform[] | undefined {
  const steps = text
    .split(/[;\n]/)
    .map((s) => s.trim().replace(/\s+/g, ' '))
    .filter((s) => s !== '');
  if (steps.length === 0 || steps.length > MAX_RECIPE_LENGTH || !steps.every(isTransform)) return undefined;
  return steps as Transform[];
}

/** The identity of a recipe, for deduplication and caches. */
export function recipeKey(recipe: Recipe): string {
  return recipe.join('; ');
}

/**
 * ABC commands as one inline `abc -script +...` argument: commands separated by `;`, spaces
 * inside a command written as commas (Yosys turns them back). Inline because ABC reading a
 * script file inside the WebAssembly build crashes on file reads.
 */
export function inlineAbc(commands: readonly string[]): string {
  return `+${commands.map((c) => c.trim().replace(/\s+/g, ',')).join(';')}`;
}

/** A flow as an ABC script a user can paste into ABC after reading the liberty (strash, the recipe, the mapping, timing). */
export function abcScriptText(flow: Flow): string {
  return ['strash', ...flowCommands(flow), 'topo', 'stime'].join('; ');
}

/** Yosys's default flow as an ABC script, as run for its figures (its optimisation and mapping, then timing). */
export function defaultScriptText(): string {
  return [...YOSYS_DEFAULT_ABC, 'topo', 'stime'].join('; ');
}

/** A flow as a Yosys command (after `synth -flatten -noabc`): ABC runs the recipe and the mapping on the liberty. */
export function yosysScriptText(flow: Flow, libertyFile: string): string {
  return `abc -liberty ${libertyFile} -script ${inlineAbc(['strash', ...flowCommands(flow)])}`;
}

/**
 * A saved recipe (`rtlens.recipes.saved`: transforms, then optionally one mapping as its last
 * item) as a flow; undefined when an item is neither, or the list is empty or too long.
 */
export function parseSavedFlow(items: readonly unknown[]): Flow | undefined {
  const texts = items.filter((s): s is string => typeof s === 'string').map((s) => s.trim().replace(/\s+/g, ' '));
  if (texts.length !== items.length || texts.length === 0) return undefined;
  const last = texts[texts.length - 1];
  const mapping = isMapping(last) ? last : DEFAULT_MAPPING;
  const steps = isMapping(last) ? texts.slice(0, -1) : texts;
  if (steps.length === 0) return isMapping(last) ? { recipe: [], mapping } : undefined;
  const recipe = parseRecipe(steps.join(';'));
  return recipe ? { recipe, mapping } : undefined;
}

/** A flow as the items `rtlens.recipes.saved` keeps: the transforms, and the mapping unless it is Yosys's own. */
export function savedItems(flow: Flow): string[] {
  return [...flow.recipe, ...(flow.mapping === DEFAULT_MAPPING ? [] : [flow.mapping])];
}
