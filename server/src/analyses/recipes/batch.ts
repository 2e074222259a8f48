import { describeFailure, firstError, quote, readCommands, SynthesisError, type SynthesisJob, type SynthesisRunner } from '../ppa';
import { inlineAbc, MAP_COMMANDS, type Recipe, recipeCommands, YOSYS_DEFAULT_ABC } from './recipe';

/**
 * Many recipe evaluations in one Yosys run. What was measured in the WebAssembly Yosys 0.55
 * (@yowasp/yosys) while building this:
 * - One `abc -liberty LIB -script +...` call can evaluate any number of recipes: ABC's `backup`
 *   keeps the strashed original network in memory and `restore` brings it back after each
 *   recipe's mapping, so nothing is re-read and no file is touched between recipes. Markers
 *   are ABC `echo` lines (`ABC: RTLENS_RECIPE_3` in the Yosys log).
 * - `map` traps ("unreachable") once a liberty is loaded, and so does anything after a liberty
 *   ABC cannot use (the whole ABC log is then lost): mapping is `&get -n; &nf; &put`, and the
 *   liberty is first read by Yosys's own parser (`read_liberty -lib`), which reports a syntax
 *   error with its line instead of crashing.
 * - `cec` with no argument compares the current (mapped) network with the network ABC read
 *   (Yosys's input.blif): that read inside an inline script works, and it is the check that the
 *   recipe and the mapping kept the function. About 0.3 s on an 8x8 multiplier.
 * - `synth -flatten -noabc` leaves the logic as simple gates: every flow (recipes, resyn2,
 *   Yosys's default script) starts from the same netlist. Yosys's `abc` hands ABC only the
 *   combinational logic (flip-flop outputs are inputs, their inputs outputs), so for a
 *   sequential design the logic between registers is what is optimised.
 * - The first run writes the synthesized netlist (`write_rtlil`); later runs read it back, so
 *   parsing and synthesis are paid once. A small design costs about 0.1 s per recipe. The first
 *   run reads it back too before calling ABC: the same logic handed to ABC in another order
 *   maps differently (resyn2 measured on the netlist straight from `synth` and on the read-back
 *   netlist differed by up to 20% on one design, 1.6% in geomean), so the baselines of the first
 *   run and the recipes of later runs must start from the very same netlist.
 * - The common mapping (recipe.ts MAP_COMMANDS) is `&get -n; &dch -f; &nf; &put`, Yosys's own
 *   mapping step: Yosys's default flow is its optimisation (`&fraig -x; scorr; dc2; dretime;
 *   strash`) followed by exactly these commands, so with them the recommended recipe, resyn2 and
 *   the default flow differ only in how they optimise the AIG. (Mapping recipes with `&nf` alone
 *   gave the default flow choices the recipes did not get.) Measured on the knowledge-base
 *   designs with 20 evaluations: the choices lower every recipe's ADP (resyn2's by about 10%,
 *   the best found by about 7%), the ratio to resyn2 stays about the same (0.884x with `&nf`
 *   alone, 0.888x with `&dch -f`) and the one to the default flow drops (0.902x to 0.837x).
 */
export interface Qor {
  /** Cell area from stime, in the liberty's area unit (square micrometres for the built-in library). */
  area: number;
  /** The critical path in picoseconds, as stime prints it. */
  delayPs: number;
  /** area x delay. */
  adp: number;
  /** AND nodes and levels of the AIG after the recipe (before mapping). */
  ands: number;
  levels: number;
}

export interface AigStats {
  inputs: number;
  outputs: number;
  ands: number;
  levels: number;
}

export interface BatchEntry {
  qor?: Qor;
  /** From ABC's cec against the original, when asked for. */
  equivalent?: boolean;
}

export interface BatchResult {
  original?: AigStats;
  recipes: BatchEntry[];
  yosysDefault?: BatchEntry;
}

export const LIBERTY_FILE = 'rtlens_cells.lib';
export const NETLIST_FILE = 'rtlens_comb.il';
export const STAT_FILE = 'rtlens_recipe_stat.json';

/** The ABC session of one batch: the original's statistics, each recipe with its mapping, optionally Yosys's default flow. */
export function batchCommands(recipes: readonly Recipe[], options: { cec?: boolean; yosysDefault?: boolean } = {}): string[] {
  const cec = options.cec ? ['cec'] : [];
  const out = ['strash', 'echo RTLENS_ORIGINAL', 'print_stats', 'backup'];
  recipes.forEach((recipe, i) => out.push(`echo RTLENS_RECIPE_${i}`, ...recipeCommands(recipe), 'print_stats', ...MAP_COMMANDS, ...cec, 'restore'));
  if (options.yosysDefault) {
    // The same commands as Yosys's script, with print_stats where the AIG is final (before the choice mapping).
    const split = YOSYS_DEFAULT_ABC.lastIndexOf('strash') + 1;
    out.push('echo RTLENS_DEFAULT', ...YOSYS_DEFAULT_ABC.slice(0, split), 'print_stats', ...YOSYS_DEFAULT_ABC.slice(split), 'topo', 'stime', ...cec, 'restore');
  }
  out.push('echo RTLENS_END');
  return out;
}

/** Yosys arguments of the first run: check the liberty, read and synthesize the module, save the netlist, run the batch. */
export function prepareArgs(job: SynthesisJob, abc: string[]): string[] {
  const reads = readCommands(job, 'verilog');
  const top = quote(job.top);
  const commands = [
    `read_liberty -lib ${LIBERTY_FILE}`,
    'design -reset',
    ...reads,
    `hierarchy -top ${top}`,
    `synth -flatten -noabc -top ${top}`,
    `tee -q -o ${STAT_FILE} stat -json`,
    `write_rtlil ${NETLIST_FILE}`,
    // Read back what later runs read: ABC's results depend on the order of the netlist it is
    // handed, so every flow of every run starts from exactly the same netlist.
    'design -reset',
    `read_rtlil ${NETLIST_FILE}`,
    `abc -liberty ${LIBERTY_FILE} -script ${inlineAbc(abc)}`,
  ];
  return ['-p', commands.join('; ')];
}

/** Yosys arguments of a later run: the saved netlist, the batch. */
export function batchArgs(abc: string[]): string[] {
  return ['-p', `read_rtlil ${NETLIST_FILE}; abc -liberty ${LIBERTY_FILE} -script ${inlineAbc(abc)}`];
}

const STATS = /i\/o\s*=\s*(\d+)\s*\/\s*(\d+)(?!\d).+?\band\s*=\s*(\d+)\s+lev\s*=\s*(\d+)/;
const STIME = /Area\s*=\s*([\d.]+)(?![\d.])[^\n]*?Delay\s*=\s*([\d.]+)\s*ps/;

function sectionEntry(text: string): BatchEntry {
  const stats = STATS.exec(text);
  const time = STIME.exec(text);
  const entry: BatchEntry = {};
  if (stats && time) {
    const area = Number(time[1]);
    const delayPs = Number(time[2]);
    entry.qor = { area, delayPs, adp: area * delayPs, ands: Number(stats[3]), levels: Number(stats[4]) };
  }
  if (/Networks are equivalent/.test(text)) entry.equivalent = true;
  else if (/NOT EQUIVALENT|are not equivalent|Miter computation has failed|UNDECIDED/i.test(text)) entry.equivalent = false;
  return entry;
}

/** Per-recipe results from a Yosys log, by the echo markers; a recipe whose section is missing or incomplete has no qor. */
export function parseBatchLog(log: string, count: number): BatchResult {
  const marker = /^ABC: RTLENS_(ORIGINAL|RECIPE_(\d+)|DEFAULT|END)[ \t]*$/gm;
  const marks = [...log.matchAll(marker)];
  const result: BatchResult = { recipes: Array.from({ length: count }, () => ({})) };
  marks.forEach((m, i) => {
    const body = log.slice(m.index! + m[0].length, i + 1 < marks.length ? marks[i + 1].index : log.length);
    if (m[1] === 'ORIGINAL') {
      const stats = STATS.exec(body);
      if (stats) result.original = { inputs: Number(stats[1]), outputs: Number(stats[2]), ands: Number(stats[3]), levels: Number(stats[4]) };
    } else if (m[2] !== undefined) {
      const index = Number(m[2]);
      if (index < count) result.recipes[index] = sectionEntry(body);
    } else if (m[1] === 'DEFAULT') result.yosysDefault = sectionEntry(body);
  });
  return result;
}

/** Flip-flops and latches in `stat -json` of the synthesized (unmapped) design. */
export function registerCount(statJson: string | undefined): number {
  if (!statJson) return 0;
  try {
    const parsed = JSON.parse(statJson) as { modules?: Record<string, { num_cells_by_type?: Record<string, number> }>; design?: { num_cells_by_type?: Record<string, number> } };
    const byType = parsed.design?.num_cells_by_type ?? Object.values(parsed.modules ?? {})[0]?.num_cells_by_type ?? {};
    return Object.entries(byType)
      .filter(([type]) => /DFF|DLATCH|\$mem/i.test(type))
      .reduce((a, [, n]) => a + n, 0);
  } catch {
    return 0;
  }
}

export interface SessionOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * One module's recipe evaluations: the first batch synthesizes and saves the netlist, later
 * batches reuse it. A failure becomes a SynthesisError in words.
 */
export class RecipeSession {
  private netlist?: string;
  /** Yosys runs so far. */
  runs = 0;
  registers = 0;
  original?: AigStats;

  constructor(
    private readonly job: SynthesisJob,
    private readonly liberty: { text: string; file: string },
    private readonly runner: SynthesisRunner,
    private readonly options: SessionOptions,
  ) {}

  async run(recipes: readonly Recipe[], flags: { cec?: boolean; yosysDefault?: boolean } = {}): Promise<BatchResult> {
    const abc = batchCommands(recipes, flags);
    const first = this.netlist === undefined;
    const files: Record<string, string> = first ? { ...this.job.files, [LIBERTY_FILE]: this.liberty.text } : { [NETLIST_FILE]: this.netlist!, [LIBERTY_FILE]: this.liberty.text };
    const args = first ? prepareArgs(this.job, abc) : batchArgs(abc);
    const result = await this.runner.run({ args, files, outputs: first ? [NETLIST_FILE, STAT_FILE] : [], timeoutMs: this.options.timeoutMs }, this.options.signal);
    this.runs++;
    const log = result.log;
    if (first) {
      // An error before the first Verilog read is the liberty's (Yosys's parser reads it first).
      const errorAt = log.search(/^ERROR:/m);
      const verilogAt = log.search(/Executing Verilog-2005 frontend/);
      if (errorAt >= 0 && (verilogAt < 0 || errorAt < verilogAt) && /Executing Liberty frontend/.test(log)) {
        throw new SynthesisError(`the liberty file ${this.liberty.file} does not parse: ${firstError(log) ?? 'Yosys could not read it'}`);
      }
      const netlist = result.outputs[NETLIST_FILE];
      if (!netlist) throw new SynthesisError(describeFailure(log, this.job.top));
      this.netlist = netlist;
      this.registers = registerCount(result.outputs[STAT_FILE]);
    }
    if (/Don't call ABC as there is nothing to map/.test(log)) throw new SynthesisError(`'${this.job.top}' has no combinational logic for ABC to optimise`);
    const parsed = parseBatchLog(log, recipes.length);
    if (!/^ABC: RTLENS_END/m.test(log)) {
      const error = firstError(log);
      throw new SynthesisError(
        /unreachable/.test(error ?? '')
          ? `ABC stopped while mapping to ${this.liberty.file} (the WebAssembly ABC traps on a liberty it cannot use: no usable combinational cells, or an unsupported construct)`
          : `ABC did not finish the recipe batch${error ? `: ${error}` : ''}`,
      );
    }
    this.original ??= parsed.original;
    return parsed;
  }
}
