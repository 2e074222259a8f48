import { describeFailure, firstError, quote, readCommands, type Reader, SynthesisError, type SynthesisJob, type SynthesisRunner } from '../ppa';
import { type Flow, inlineAbc, mappingCommands, recipeCommands, YOSYS_DEFAULT_ABC } from './recipe';

/**
 * Many recipe evaluations in one Yosys run. What was measured in the WebAssembly Yosys
 * (@yowasp/yosys 0.55 first, 0.69 dev since) while building this:
 * - One `abc -liberty LIB -script +...` call can evaluate any number of recipes: ABC's `backup`
 *   keeps the strashed original network in memory and `restore` brings it back after each
 *   recipe's mapping, so nothing is re-read and no file is touched between recipes. Markers
 *   are ABC `echo` lines (`ABC: RTLENS_RECIPE_3` in the Yosys log).
 * - With Yosys 0.55, `map` trapped ("unreachable") on the built-in liberty; with 0.69 dev,
 *   `map`, `map -a`, `amap`, `&nf` and gate sizing all map the built-in library and OSU 0.18 um.
 *   A liberty one mapper cannot use still stops ABC (and the whole ABC log is lost), so every
 *   liberty is first checked with each mapper family on a small probe (checkLiberty below), and
 *   the search uses the mappers that passed. The liberty is also read by Yosys's own parser
 *   first (`read_liberty -lib`), which reports a syntax error with its line instead of crashing.
 * - An ABC command that fails (`buffer` on a node `map` left without fanout: "The command has
 *   failed") ends the ABC script too: recommend.ts measures such a batch again flow by flow.
 * - `cec` with no argument compares the current (mapped) network with the network ABC read
 *   (Yosys's input.blif): that read inside an inline script works, and it is the check that the
 *   recipe and the mapping kept the function. About 0.3 s on an 8x8 multiplier.
 * - `synth -flatten -noabc` leaves the logic as simple gates: every flow (recipes, resyn2,
 *   Yosys's default script) starts from the same netlist. Yosys's `abc` hands ABC only the
 *   combinational logic (flip-flop outputs are inputs, their inputs outputs), so for a
 *   sequential design the logic between registers is what is optimised.
 * - Every run reads the sources and runs `synth -flatten -noabc` again, as the Yosys script
 *   given to the user does: ABC's results depend on the order of the netlist it is handed (the
 *   same logic written out and read back as RTLIL mapped up to 20% differently on one design,
 *   1.6% in geomean), so the figures are those of the user's own flow, not of a copy.
 * - Each flow starts with `read_lib -w` of the liberty: `map` replaces ABC's current gate
 *   library with one it derives, and a later `&nf` or `amap` in the same session then maps
 *   differently (a multiplier on OSU 0.18 um: `&nf` 35.5k after `map`, 29.9k fresh). Read
 *   again, every flow measures what it measures alone, as in the user's `abc -liberty` run.
 * - The mapping is part of each flow (recipe.ts MAPPINGS); Yosys's default flow is its
 *   optimisation (`&fraig -x; scorr; dc2; dretime; strash`) followed by `&dch -f; &nf`.
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
export const STAT_FILE = 'rtlens_recipe_stat.json';

const READ_LIB = `read_lib -w ${LIBERTY_FILE}`;

/** The ABC session of one batch: the original's statistics, each flow, optionally Yosys's default flow. */
export function batchCommands(flows: readonly Flow[], options: { cec?: boolean; yosysDefault?: boolean } = {}): string[] {
  const cec = options.cec ? ['cec'] : [];
  const out = ['strash', 'echo RTLENS_ORIGINAL', 'print_stats', 'backup'];
  flows.forEach((flow, i) =>
    out.push(`echo RTLENS_RECIPE_${i}`, READ_LIB, ...recipeCommands(flow.recipe), 'print_stats', ...mappingCommands(flow.mapping), 'topo', 'stime', ...cec, 'restore'),
  );
  if (options.yosysDefault) {
    // The same commands as Yosys's script, with print_stats where the AIG is final (before the choice mapping).
    const split = YOSYS_DEFAULT_ABC.lastIndexOf('strash') + 1;
    out.push('echo RTLENS_DEFAULT', READ_LIB, ...YOSYS_DEFAULT_ABC.slice(0, split), 'print_stats', ...YOSYS_DEFAULT_ABC.slice(split), 'topo', 'stime', ...cec, 'restore');
  }
  out.push('echo RTLENS_END');
  return out;
}

/** Yosys arguments of a run: check the liberty, read and synthesize the module (its statistics on the first run), run the batch. */
export function batchArgs(job: SynthesisJob, abc: string[], first = true, reader: Reader = 'verilog'): string[] {
  const reads = readCommands(job, reader);
  const top = quote(job.top);
  const commands = [
    `read_liberty -lib ${LIBERTY_FILE}`,
    'design -reset',
    ...reads,
    `hierarchy -top ${top}`,
    `synth -flatten -noabc -top ${top}`,
    ...(first ? [`tee -q -o ${STAT_FILE} stat -json`] : []),
    `abc -liberty ${LIBERTY_FILE} -script ${inlineAbc(abc)}`,
  ];
  return ['-p', commands.join('; ')];
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
 * One module's flow evaluations, a Yosys run per batch (each synthesizes the sources again, see
 * above). A failure becomes a SynthesisError in words.
 */
export class RecipeSession {
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

  /**
   * How Yosys reads the sources: slang (SystemVerilog as simulators read it) unless the first run
   * shows that only Yosys's own reader takes them, as the exact PPA path decides.
   */
  reader: Reader = 'slang';

  /** `timeoutMs` overrides the session's limit for this run (a time budget nearly spent). */
  async run(flows: readonly Flow[], flags: { cec?: boolean; yosysDefault?: boolean; timeoutMs?: number } = {}): Promise<BatchResult> {
    const abc = batchCommands(flows, flags);
    const first = this.runs === 0;
    const files: Record<string, string> = { ...this.job.files, [LIBERTY_FILE]: this.liberty.text };
    const attempt = () => this.runner.run({ args: batchArgs(this.job, abc, first, this.reader), files, outputs: first ? [STAT_FILE] : [], timeoutMs: flags.timeoutMs ?? this.options.timeoutMs }, this.options.signal);
    let result = await attempt();
    if (first && !/Executing ABC pass/.test(result.log) && !libertyFailed(result.log)) {
      // Slang is the stricter reader: Verilog it refuses, Yosys's own reader may take. When both
      // stop, the message is slang's (it names the file, line and construct).
      const slang = result;
      this.reader = 'verilog';
      result = await attempt();
      if (!/Executing ABC pass/.test(result.log) && !libertyFailed(result.log)) {
        this.reader = 'slang';
        result = slang;
      }
    }
    this.runs++;
    const log = result.log;
    // An error before the first source read is the liberty's (Yosys's parser reads it first).
    if (libertyFailed(log)) throw new SynthesisError(`the liberty file ${this.liberty.file} does not parse: ${firstError(log) ?? 'Yosys could not read it'}`);
    if (first) this.registers = registerCount(result.outputs[STAT_FILE]);
    if (/Don't call ABC as there is nothing to map/.test(log)) throw new SynthesisError(`'${this.job.top}' has no combinational logic for ABC to optimise`);
    // Reading or synthesizing the sources failed: ABC never started.
    if (!/Executing ABC pass/.test(log)) throw new SynthesisError(describeFailure(log, this.job.top));
    const parsed = parseBatchLog(log, flows.length);
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

/** Whether Yosys stopped on the liberty (an error before the first source was read). */
function libertyFailed(log: string): boolean {
  const errorAt = log.search(/ERROR:/);
  const readAt = log.search(/Executing (Verilog-2005 frontend|SLANG)/i);
  return errorAt >= 0 && (readAt < 0 || errorAt < readAt) && /Executing Liberty frontend/.test(log);
}

/** A few gates of every common kind (xor, mux, and-or, a constant, a wire straight through): what any mapper must place. */
const PROBE_DESIGN = `module rtlens_probe (input [3:0] a, b, input s, output [3:0] y, output z, output one, output thru);
  assign y = s ? a ^ b : a & ~b;
  assign z = (a[0] | b[1]) & (a[2] ^ s);
  assign one = 1'b1;
  assign thru = a[3];
endmodule
`;

/** The mapper families a liberty is checked with: Yosys's mapper (`&nf`), ABC's `map` and `amap`, and gate sizing. */
const PROBES: { family: string; mappings: string[] }[] = [
  { family: '&nf', mappings: ['&get -n', '&nf', '&put'] },
  { family: 'map', mappings: ['map'] },
  { family: 'amap', mappings: ['amap'] },
  { family: 'sizing', mappings: ['map', 'topo', 'buffer', 'upsize', 'dnsize'] },
];

export interface LibertyCheck {
  /** Mapper families that mapped the probe and kept its function. */
  usable: string[];
  /** Families that did not, with what went wrong. */
  unusable: { family: string; reason: string }[];
}

const checkedLiberties = new Map<string, LibertyCheck>();

/**
 * Checks a liberty before a search: a small probe design mapped by each mapper family and
 * checked with cec. All families go in one run; when that run does not finish (the WebAssembly
 * ABC traps on a library one mapper cannot use, and the whole log is lost), each family is
 * tried alone, so the search uses only the mappers the library supports. Kept per library text.
 */
export async function checkLiberty(liberty: { text: string; file: string }, runner: SynthesisRunner, options: SessionOptions, key: string): Promise<LibertyCheck> {
  const known = checkedLiberties.get(key);
  if (known) return known;
  const job: SynthesisJob = { top: 'rtlens_probe', files: { 'rtlens_probe.v': PROBE_DESIGN }, read: ['rtlens_probe.v'], includeDirs: [], defines: {}, target: { kind: 'asic', name: 'probe', liberty: liberty.text, libertyFile: liberty.file, builtIn: false } };
  const attempt = async (probes: typeof PROBES): Promise<Map<string, string | undefined> | string> => {
    const abc = ['strash', 'backup'];
    probes.forEach((p, i) => abc.push(`echo RTLENS_RECIPE_${i}`, READ_LIB, 'print_stats', ...p.mappings, 'topo', 'stime', 'cec', 'restore'));
    abc.push('echo RTLENS_END');
    const result = await runner.run({ args: batchArgs(job, abc, false), files: { ...job.files, [LIBERTY_FILE]: liberty.text }, outputs: [], timeoutMs: options.timeoutMs }, options.signal);
    if (libertyFailed(result.log)) {
      throw new SynthesisError(`the liberty file ${liberty.file} does not parse: ${firstError(result.log) ?? 'Yosys could not read it'}`);
    }
    if (!/^ABC: RTLENS_END/m.test(result.log)) return firstError(result.log) ?? 'ABC stopped';
    const parsed = parseBatchLog(result.log, probes.length);
    return new Map(probes.map((p, i) => [p.family, parsed.recipes[i].qor && parsed.recipes[i].equivalent ? undefined : 'no mapped result equal to the original']));
  };
  const outcome = new Map<string, string | undefined>();
  const all = await attempt(PROBES);
  if (typeof all !== 'string') for (const [family, reason] of all) outcome.set(family, reason);
  else {
    for (const probe of PROBES) {
      const alone = await attempt([probe]);
      outcome.set(probe.family, typeof alone === 'string' ? `ABC stopped (${alone})` : alone.get(probe.family));
    }
  }
  const check: LibertyCheck = {
    usable: PROBES.filter((p) => outcome.get(p.family) === undefined).map((p) => p.family),
    unusable: PROBES.flatMap((p) => {
      const reason = outcome.get(p.family);
      return reason === undefined ? [] : [{ family: p.family, reason }];
    }),
  };
  checkedLiberties.set(key, check);
  return check;
}
