import type { Target } from './target';

/**
 * Figures of one synthesis run, read from what Yosys and ABC print: `stat -json` for cells and
 * area, ABC's `stime -p` for the critical path (delay, start and end point) and `print_stats`
 * for logic levels on a cell library; `ltp` over the combinational cells on an FPGA.
 */
export interface SynthesisFigures {
  cells: number;
  cellsByType: Record<string, number>;
  /** Square micrometres (cell library targets). */
  areaUm2?: number;
  /** State elements: flip-flops and latches. */
  ffs: number;
  /** Of those, latches (cell library targets). */
  latches?: number;
  /** LUT equivalents (FPGA targets): see FPGA_LUT. */
  luts?: number;
  brams?: number;
  dsps?: number;
  logicLevels: number;
  /** The critical combinational path in nanoseconds (cell library targets). */
  delayNs?: number;
  /** Where the critical path starts and ends, as Yosys names them (public names only). */
  startPoint?: string;
  endPoint?: string;
  /**
   * Cells the target could not map, by type (a dual-clock memory with no RAM macro in a cell
   * library stays a Yosys $mem cell): the area and delay leave them out.
   */
  unmapped?: Record<string, number>;
  /** Which frontend read the sources (exact runs): slang, or Yosys's own where slang stopped. */
  reader?: 'slang' | 'verilog';
}

export class SynthesisError extends Error {}

const FPGA_FF = /^(SB_DFF\w*|TRELLIS_FF|FD[CEPRS]\w*|DFF\w*)$/;
/**
 * LUT equivalents per family: logic cells that hold a LUT count as one, or as two where the
 * cell is two LUTs with their carry logic (ECP5's CCU2C); Gowin's ALU is a LUT with carry.
 */
const FPGA_LUT: Record<string, Record<string, number>> = {
  ice40: { SB_LUT4: 1 },
  ecp5: { LUT4: 1, CCU2C: 2 },
  xilinx: { LUT1: 1, LUT2: 1, LUT3: 1, LUT4: 1, LUT5: 1, LUT6: 1 },
  gowin: { LUT1: 1, LUT2: 1, LUT3: 1, LUT4: 1, ALU: 1 },
};

/** Bumped when the figures read from a run change meaning: caches of figures key on it. */
export const FIGURES_VERSION = 3;
const FPGA_BRAM = /^(SB_RAM40_4K\w*|DP16KD|PDPW16KD|RAMB(18|36)\w*|SP|SPX9|SDP|SDPX9|DP|DPX9|DPB|DPX9B|SDPB|SDPX9B|pROM|pROMX9)$/;
const FPGA_DSP = /^(SB_MAC16|MULT18X18D|MULT9X9D|ALU54B|ALU24B|DSP48\w*|MULT9X9|MULT18X18|MULT36X36|MULTALU\w*|MULTADDALU\w*)$/;

/** The sequential cells of a liberty file (cells with an ff or latch group). */
export function sequentialCells(liberty: string): Set<string> {
  return cellsWith(liberty, /\b(ff|latch|ff_bank|latch_bank)\s*\(/);
}

/** The latch cells of a liberty file (cells with a latch group). */
export function latchCells(liberty: string): Set<string> {
  return cellsWith(liberty, /\b(latch|latch_bank)\s*\(/);
}

function cellsWith(liberty: string, group: RegExp): Set<string> {
  const out = new Set<string>();
  const cell = /\bcell\s*\(\s*"?([A-Za-z0-9_$]+)"?\s*\)/g;
  const starts = [...liberty.matchAll(cell)];
  starts.forEach((m, i) => {
    const body = liberty.slice(m.index!, i + 1 < starts.length ? starts[i + 1].index : liberty.length);
    if (group.test(body)) out.add(m[1]);
  });
  return out;
}

/**
 * Where the cell holding a liberty file's first `ff` group begins: the last well-formed cell
 * header (`cell (name) {`) before that group. One scan; a header's closing parenthesis is
 * looked for once, so runs of unclosed headers stay linear.
 */
export function firstFlipFlopCell(liberty: string): number | undefined {
  const ff = /\bff\s*\(/.exec(liberty);
  if (!ff) return undefined;
  const brace = /\s*\{/y;
  let close = -1;
  let headerEnd = -1;
  let found: number | undefined;
  for (const m of liberty.matchAll(/\bcell\s*\(/g)) {
    if (m.index > ff.index) break;
    if (close < m.index + m[0].length) {
      close = liberty.indexOf(')', m.index + m[0].length);
      if (close < 0) break; // no later cell closes its name either
      brace.lastIndex = close + 1;
      headerEnd = brace.exec(liberty) ? brace.lastIndex : -1;
    }
    if (headerEnd >= 0 && headerEnd <= ff.index) found = m.index;
  }
  return found;
}

/** Clock-to-output plus setup of the first flip-flop of a liberty file, in its time unit: the register overhead of a cycle. */
export function registerOverhead(liberty: string): number | undefined {
  const ff = firstFlipFlopCell(liberty);
  if (ff === undefined) return undefined;
  const body = liberty.slice(ff, ff + 20000);
  const first = (kind: RegExp) => {
    const m = kind.exec(body);
    if (!m) return undefined;
    const values = /values\s*\(\s*"\s*([-\d.eE+]+)/.exec(body.slice(m.index));
    return values ? Number(values[1]) : undefined;
  };
  const clockToQ = first(/timing_type\s*:\s*"?rising_edge/);
  const setup = first(/timing_type\s*:\s*"?setup_rising/);
  return clockToQ === undefined ? undefined : clockToQ + (setup ?? 0);
}

interface StatJson {
  modules?: Record<string, { num_cells?: number; area?: number; num_cells_by_type?: Record<string, number> }>;
  design?: { num_cells?: number; area?: number; num_cells_by_type?: Record<string, number> };
}

export function readFigures(target: Target, top: string, log: string, stat: string | undefined, ltp: string | undefined): SynthesisFigures {
  if (!stat) throw new SynthesisError(firstError(log) ?? 'Yosys stopped before its statistics');
  let parsed: StatJson;
  try {
    parsed = JSON.parse(stat) as StatJson;
  } catch {
    throw new SynthesisError('could not read the statistics Yosys wrote');
  }
  const module = parsed.modules?.[`\\${top}`] ?? parsed.design;
  // $scopeinfo cells record where hierarchy was flattened; they are no logic.
  const byType = Object.fromEntries(Object.entries(module?.num_cells_by_type ?? {}).filter(([type]) => type !== '$scopeinfo'));
  const scopes = module?.num_cells_by_type?.['$scopeinfo'] ?? 0;
  const cells = module?.num_cells !== undefined ? module.num_cells - scopes : Object.values(byType).reduce((a, b) => a + b, 0);
  if (target.kind === 'asic') {
    const sequential = sequentialCells(target.liberty);
    const ffs = Object.entries(byType).filter(([type]) => sequential.has(type) || /^\$_(S?DFF|DLATCH)/.test(type)).reduce((a, [, n]) => a + n, 0);
    const latchTypes = latchCells(target.liberty);
    const latches = Object.entries(byType).filter(([type]) => latchTypes.has(type) || /^\$_DLATCH/.test(type)).reduce((a, [, n]) => a + n, 0);
    const stime = /Delay\s*=\s*([\d.]+)\s*ps/.exec(log);
    // The first `lev =` after print_stats (one search, where /print_stats[^]*?lev.../ searches again from each print_stats).
    const stats = log.indexOf('print_stats');
    const levels = (stats >= 0 ? /lev\s*=\s*(\d+)/.exec(log.slice(stats)) : null) ?? /\blev\s*=\s*(\d+)/.exec(log);
    const start = /Start-point\s*=\s*\S+\s*\((\\[^)]+)\)/.exec(log);
    const end = /End-point\s*=\s*\S+\s*\((\\[^)]+)\)/.exec(log);
    const unmapped = Object.fromEntries(Object.entries(byType).filter(([type]) => type.startsWith('$') && !/^\$_(S?DFF|DLATCH)/.test(type)));
    return {
      ...(Object.keys(unmapped).length > 0 ? { unmapped } : {}),
      cells,
      cellsByType: byType,
      areaUm2: module?.area ?? 0,
      ffs,
      latches,
      logicLevels: levels ? Number(levels[1]) : 0,
      delayNs: stime ? Number(stime[1]) / 1000 : 0,
      startPoint: start ? publicName(start[1]) : undefined,
      endPoint: end ? publicName(end[1]) : undefined,
    };
  }
  const sum = (re: RegExp) => Object.entries(byType).filter(([type]) => re.test(type)).reduce((a, [, n]) => a + n, 0);
  const length = ltp ? /length=(-?\d+)/.exec(ltp) : null;
  return {
    cells,
    cellsByType: byType,
    ffs: sum(FPGA_FF),
    luts: Object.entries(byType).reduce((a, [type, n]) => a + n * (FPGA_LUT[target.name]?.[type] ?? 0), 0),
    brams: sum(FPGA_BRAM),
    dsps: sum(FPGA_DSP),
    logicLevels: length ? Math.max(0, Number(length[1])) : 0,
  };
}

/** `\a [1]` -> `a[1]`; Yosys-made names ($auto$..., $abc$...) -> undefined. */
function publicName(name: string): string | undefined {
  if (!name.startsWith('\\')) return undefined;
  return name.slice(1).replace(/(?<!\s)\s+\[/, '[');
}

/** The first ERROR line of a Yosys log, without the prefix. */
export function firstError(log: string): string | undefined {
  const m = /^(?:\S+?:\d+:\s*)?ERROR:\s*(\S.*)$/m.exec(log);
  return m?.[1].trim();
}
