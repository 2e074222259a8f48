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
 * Technology mapping and timing after a recipe: the quality of result is stime's area x delay
 * of this mapping on the target's liberty. `map` (the first choice) traps in the
 * WebAssembly ABC ("unreachable") as soon as a liberty library is loaded, `amap` maps for area
 * only; Yosys's own liberty flow maps with `&dch -f; &nf` (structural choices, then the
 * mapper), so that is the mapping here. The same mapping follows every recipe, resyn2 included,
 * and it is exactly the mapping step of Yosys's default flow (YOSYS_DEFAULT_ABC), so the three
 * are compared on their AIG optimisation alone (see batch.ts).
 */
export const MAP_STEPS = ['&get -n', '&dch -f', '&nf', '&put'];
export const MAP_COMMANDS = [...MAP_STEPS, 'topo', 'stime'];

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

/** The recipe as an ABC script a user can paste into ABC (strash, the recipe, the mapping used for the QoR). */
export function abcScriptText(recipe: Recipe): string {
  return ['strash', ...recipeCommands(recipe), ...MAP_COMMANDS].join('; ');
}

/** Yosys's default flow as an ABC script, as run for its figures (its optimisation and mapping, then timing). */
export function defaultScriptText(): string {
  return [...YOSYS_DEFAULT_ABC, 'topo', 'stime'].join('; ');
}

/** The recipe as a Yosys command (after synth): ABC runs the recipe, then maps to the liberty. */
export function yosysScriptText(recipe: Recipe, libertyFile: string): string {
  return `abc -liberty ${libertyFile} -script ${inlineAbc(['strash', ...recipeCommands(recipe), ...MAP_STEPS])}`;
}
