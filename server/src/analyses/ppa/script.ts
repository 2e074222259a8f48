import type { Target } from './target';

/**
 * The Yosys script for one module on one target. Sources are read into Yosys's virtual file
 * system under their workspace-relative paths; `include and `define are Yosys's own business
 * (include folders with -I, defines with -D), so what is synthesized is what Yosys reads.
 */
export interface SynthesisJob {
  top: string;
  /** Workspace-relative path -> text; the files that define the module and all it instantiates. */
  files: Record<string, string>;
  /** Which of `files` to read as Verilog (the rest are headers reached by `include). */
  read: string[];
  includeDirs: string[];
  defines: Record<string, string>;
  target: Target;
  /**
   * A saved synthesis recipe (`rtlens.recipes.saved`) for a cell library: its transforms and
   * mapping, and the ABC commands they run (the mapping included), which replace Yosys's
   * default optimisation and mapping. The recipes analysis makes the commands.
   */
  recipe?: { steps: string[]; commands: string[] };
}

/** The ABC script for liberty mapping: Yosys's default, then the timing and level report. */
const ABC_LIBERTY = ['strash', '&get -n', '&fraig -x', '&put', 'scorr', 'dc2', 'dretime', 'strash', '&get -n', '&dch -f', '&nf', '&put', 'topo', 'stime -p', 'print_stats'];
/** The same reports after a saved recipe's commands. */
const ABC_REPORTS = ['topo', 'stime -p', 'print_stats'];

/** The ABC script of a job on a cell library: Yosys's default, or the saved recipe and its mapping. */
export function libertyAbcScript(job: Pick<SynthesisJob, 'recipe'>): string[] {
  if (!job.recipe || job.recipe.commands.length === 0) return ABC_LIBERTY;
  // Commands without a mapper (a recipe saved before mappings were searched) get Yosys's own.
  const maps = job.recipe.commands.some((c) => /^(map|amap|&nf)\b/.test(c.trim()));
  return ['strash', ...job.recipe.commands, ...(maps ? [] : ['&get -n', '&dch -f', '&nf', '&put']), ...ABC_REPORTS];
}

/**
 * Combinational cells of each FPGA family: the longest path through them (flip-flops left out,
 * so feedback through a register is not a loop) is the logic-level figure.
 */
const FPGA_LOGIC: Record<string, string[]> = {
  ice40: ['SB_LUT4', 'SB_CARRY'],
  ecp5: ['LUT4', 'CCU2C', 'PFUMX', 'L6MUX21'],
  xilinx: ['LUT1', 'LUT2', 'LUT3', 'LUT4', 'LUT5', 'LUT6', 'CARRY4', 'CARRY8', 'MUXF7', 'MUXF8', 'MUXF9'],
  gowin: ['LUT1', 'LUT2', 'LUT3', 'LUT4', 'ALU', 'MUX2_LUT5', 'MUX2_LUT6', 'MUX2_LUT7', 'MUX2_LUT8'],
};

/** Quotes an argument for a Yosys command line. */
export function quote(text: string): string {
  return /^[A-Za-z0-9_./+-]+$/.test(text) ? text : `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * How Yosys reads the sources. `slang` (the default) is the slang SystemVerilog frontend: packages
 * imported in module headers, interfaces, structs and the rest of IEEE 1800 as simulators read
 * them, elaborated at the top's default parameters. `verilog` is Yosys's own reader, for the
 * Verilog that slang refuses and Yosys accepts (slang is the stricter of the two): the exact path
 * falls back to it when slang stops.
 */
export type Reader = 'slang' | 'verilog';

/** The commands that read a job's sources into Yosys. */
export function readCommands(job: Pick<SynthesisJob, 'top' | 'read' | 'includeDirs' | 'defines'>, reader: Reader, prefix = ''): string[] {
  const defines = Object.entries(job.defines).map(([name, value]) => (value === '' ? `-D${name}` : `-D${name}=${value}`));
  const path = (file: string) => quote(prefix ? `${prefix}/${file}` : file);
  const includes = job.includeDirs.map((d) => `-I${prefix ? `${prefix}/${d}` : d}`);
  if (reader === 'verilog') return job.read.map((file) => `read_verilog -sv ${[...includes, ...defines].map(quote).join(' ')} ${path(file)}`);
  // Yosys's reader defines SYNTHESIS by itself; slang does not. One thread: WebAssembly has no
  // threads here. Delays (`q <= #1 d`) mean nothing to synthesis. A name used above its
  // declaration is common in Verilog that simulators and Yosys accept. One compilation unit:
  // a macro one file defines is seen by the files read after it, as Yosys's reader sees it
  // (sources.ts reads a file defining macros that others use, without including it, first).
  const options = ['--threads', '1', '--single-unit', '--ignore-timing', '--allow-use-before-declare', '--top', job.top, '-DSYNTHESIS', ...includes, ...defines];
  return [`read_slang ${options.map(quote).join(' ')} ${job.read.map(path).join(' ')}`];
}

export function synthesisScript(job: SynthesisJob, reader: Reader = 'slang'): { args: string[]; files: Record<string, string> } {
  const top = quote(job.top);
  const commands = [...readCommands(job, reader), `hierarchy -top ${top}`];
  const files: Record<string, string> = { ...job.files };
  if (job.target.kind === 'asic') {
    files['rtlens_cells.lib'] = job.target.liberty;
    commands.push(
      `synth -flatten -top ${top}`,
      'dfflibmap -liberty rtlens_cells.lib',
      `abc -liberty rtlens_cells.lib -script +${libertyAbcScript(job).map((c) => c.replace(/ /g, ',')).join(';')}`,
      'opt_clean',
      'tee -q -o rtlens_stat.json stat -json -liberty rtlens_cells.lib',
    );
  } else {
    // Module figures, not a chip: no I/O buffers or clock buffers (Xilinx adds them by default).
    const options = job.target.name === 'xilinx' ? ' -flatten -noiopad -noclkbuf' : job.target.name === 'gowin' ? ' -noiopads' : '';
    commands.push(`synth_${job.target.name} -top ${top}${options}`, 'tee -q -o rtlens_stat.json stat -json', `tee -q -o rtlens_ltp.txt ltp w:* ${FPGA_LOGIC[job.target.name].map((t) => `t:${t}`).join(' ')}`);
  }
  return { args: ['-p', commands.join('; ')], files };
}
