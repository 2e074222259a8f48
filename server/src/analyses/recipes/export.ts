import { collectSources, quote, readCommands, type SourceAccess, SynthesisError, type Target } from '../ppa';
import { flowCommands, inlineAbc, parseSavedFlow, type Flow } from './recipe';

/**
 * The whole design as one Yosys script on a cell library, with the saved recipes
 * (`rtlens.recipes.saved`) in it: the hierarchy is kept (`synth -noabc` without -flatten), each
 * module with a saved recipe gets its own `abc` call (its recipe and mapping), then one more
 * `abc -liberty` call maps the rest with Yosys's default (a module already mapped has no
 * generic gates left, so that call passes over it). A parameterized module is named
 * `$paramod\NAME\...` after `hierarchy`: the selection names both forms.
 */
export interface DesignScript {
  top: string;
  /** The Yosys script, one command per line, with comments. */
  script: string;
  /** Modules of the design that have a saved recipe, in the order their `abc` calls run. */
  withRecipe: { module: string; flow: Flow }[];
  /** Saved recipes that were not used: not in the design under `top`, or not a valid recipe. */
  skipped: { module: string; reason: string }[];
}

/** Module names under `top` (instances followed through the workspace). */
function modulesUnder(access: SourceAccess, top: string, from?: string): string[] {
  const seen = new Set<string>();
  const queue: { name: string; from?: string }[] = [{ name: top, from }];
  while (queue.length > 0 && seen.size < 5000) {
    const { name, from: asking } = queue.shift()!;
    if (seen.has(name)) continue;
    const ref = access.unit(name, asking);
    if (!ref) continue;
    seen.add(name);
    for (const instance of ref.unit.instances) queue.push({ name: instance.module, from: ref.path });
  }
  return [...seen];
}

export function designScript(
  access: SourceAccess,
  top: string,
  target: Target,
  saved: Record<string, unknown>,
  options: { defines?: Record<string, string>; root?: string; from?: string } = {},
): DesignScript {
  if (target.kind !== 'asic') throw new SynthesisError(`a synthesis script with recipes needs a cell library; '${target.name}' is an FPGA family`);
  const collected = collectSources(access, top, target, options.defines, options.root, options.from);
  if (!collected) throw new SynthesisError(`no module named '${top}' in the workspace`);
  if (collected.missing.length > 0) {
    throw new SynthesisError(`'${top}' instantiates ${collected.missing.map((m) => `'${m}'`).join(', ')}, which no workspace file defines: synthesis needs every submodule`);
  }
  const modules = modulesUnder(access, top, options.from);
  const withRecipe: DesignScript['withRecipe'] = [];
  const skipped: DesignScript['skipped'] = [];
  for (const [module, items] of Object.entries(saved).sort(([a], [b]) => a.localeCompare(b))) {
    const flow = Array.isArray(items) ? parseSavedFlow(items) : undefined;
    if (!modules.includes(module)) skipped.push({ module, reason: `not in the design under '${top}'` });
    else if (!flow) skipped.push({ module, reason: 'not a recipe of the action set (transforms, then optionally one mapping)' });
    else withRecipe.push({ module, flow });
  }
  const lib = target.libertyFile;
  const lines = [
    `# RTLens: '${top}' on ${lib}, with the recipes saved in rtlens.recipes.saved (${withRecipe.length} of ${modules.length} modules).`,
    '# The hierarchy is kept so that each module with a recipe gets its own abc call; the rest get Yosys\'s default.',
    ...readCommands(collected.job, 'verilog'),
    `hierarchy -top ${quote(top)}`,
    `synth -top ${quote(top)} -noabc`,
    `dfflibmap -liberty ${lib}`,
  ];
  for (const { module, flow } of withRecipe) {
    lines.push(`# ${module}: ${flow.recipe.join('; ') || '(no transforms)'}, mapped with ${flow.mapping}`);
    // A plain identifier needs no quotes, and Yosys reads the backslashes of the pattern as they are.
    const selection = /^[A-Za-z_][A-Za-z0-9_$]*$/.test(module) ? `${module} $paramod*\\${module}\\*` : quote(module);
    lines.push(`abc -liberty ${lib} -script ${inlineAbc(['strash', ...flowCommands(flow)])} ${selection}`);
  }
  lines.push('# Every other module: Yosys\'s default abc -liberty flow.', `abc -liberty ${lib}`, 'opt_clean', `stat -liberty ${lib}`);
  return { top, script: `${lines.join('\n')}\n`, withRecipe, skipped };
}
