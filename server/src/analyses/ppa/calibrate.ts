import type { Calibration, Estimate } from './estimate';

/**
 * Calibration to the user's own target (after HELP: a device is known by its answers on a few
 * reference designs). From about ten real results of the user's flow, each estimated figure is
 * rescaled by the geometric mean of actual / estimated over those samples; the error before
 * and after is measured leave-one-out, so the gain reported is not the fit's own.
 */
export interface Sample {
  module: string;
  areaUm2?: number;
  delayNs?: number;
  cells?: number;
  luts?: number;
  logicLevels?: number;
}

export class CalibrationError extends Error {}

const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;
const ALIASES: Record<string, keyof Sample> = { module: 'module', name: 'module', area: 'areaUm2', areaum2: 'areaUm2', area_um2: 'areaUm2', delay: 'delayNs', delayns: 'delayNs', delay_ns: 'delayNs', cells: 'cells', luts: 'luts', levels: 'logicLevels', logiclevels: 'logicLevels', logic_levels: 'logicLevels' };

/**
 * Results of the user's flow, from a CSV (a header row naming module, area, delay, cells,
 * luts, levels), JSON (an array of such objects, or {module: {...}}), or Yosys/ABC reports
 * (`stat` per module: cells and chip area; `stime`: delay, given to the module of the report
 * around it). Delays in picoseconds (a column or an ABC line saying ps) become nanoseconds.
 */
export function parseSamples(text: string, fileName = ''): Sample[] {
  const trimmed = text.trim();
  if (fileName.endsWith('.json') || trimmed.startsWith('[') || trimmed.startsWith('{')) return fromJson(trimmed);
  if (/^=== .* ===$/m.test(text) || /Chip area for module/.test(text) || /Delay\s*=\s*[\d.]+\s*ps/.test(text)) return fromYosys(text);
  return fromCsv(text);
}

function normalise(raw: Record<string, unknown>): Sample | undefined {
  const out: Sample = { module: '' };
  for (const [key, value] of Object.entries(raw)) {
    const name = ALIASES[key.trim().toLowerCase().replace(/[\s()µ]/g, '')] ?? (/ps$/i.test(key.trim()) && /delay/i.test(key) ? 'delayPs' : undefined);
    if (!name) continue;
    if (name === 'module') out.module = String(value).trim();
    else if ((name as string) === 'delayPs') {
      const n = Number(value);
      if (Number.isFinite(n)) out.delayNs = n / 1000;
    } else {
      const n = typeof value === 'number' ? value : NUMBER.test(String(value).trim()) ? Number(value) : NaN;
      if (Number.isFinite(n)) (out as unknown as Record<string, number>)[name] = n;
    }
  }
  return out.module ? out : undefined;
}

function fromJson(text: string): Sample[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CalibrationError(`not valid JSON: ${(error as Error).message}`);
  }
  const list = Array.isArray(data) ? data : Object.entries(data as Record<string, unknown>).map(([module, v]) => ({ module, ...(v as object) }));
  return list.map((r) => normalise(r as Record<string, unknown>)).filter((s): s is Sample => s !== undefined);
}

function fromCsv(text: string): Sample[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  if (lines.length < 2) throw new CalibrationError('a CSV needs a header row and at least one result');
  const split = (line: string) => line.split(/[,;\t]/).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  const header = split(lines[0]);
  return lines
    .slice(1)
    .map((line) => normalise(Object.fromEntries(split(line).map((v, i) => [header[i] ?? `c${i}`, v]))))
    .filter((s): s is Sample => s !== undefined);
}

function fromYosys(text: string): Sample[] {
  const samples = new Map<string, Sample>();
  let current: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const header = /^=== (?:\\)?(\S+) ===$/.exec(line.trim());
    if (header) {
      current = header[1];
      if (!samples.has(current)) samples.set(current, { module: current });
      continue;
    }
    const area = /Chip area for module '\\?([^']+)':\s*([\d.]+)/.exec(line);
    if (area) {
      const s = samples.get(area[1]) ?? { module: area[1] };
      s.areaUm2 = Number(area[2]);
      samples.set(area[1], s);
      continue;
    }
    const cells = /Number of cells:\s+(\d+)/.exec(line);
    if (cells && current) samples.get(current)!.cells = Number(cells[1]);
    const delay = /Delay\s*=\s*([\d.]+)\s*ps/.exec(line);
    if (delay && current) samples.get(current)!.delayNs = Number(delay[1]) / 1000;
  }
  return [...samples.values()].filter((s) => s.areaUm2 !== undefined || s.delayNs !== undefined || s.cells !== undefined);
}

export interface CalibrationReport {
  calibration: Calibration;
  /** Samples matched to a module with an estimate. */
  used: number;
  unmatched: string[];
  /** Leave-one-out mean absolute percentage error per figure, before and after. */
  errors: Partial<Record<'areaUm2' | 'delayNs' | 'size' | 'logicLevels', { before: number; after: number; samples: number }>>;
}

export type Figure = 'areaUm2' | 'delayNs' | 'size' | 'logicLevels';

/**
 * What the workspace's own results calibrate: nothing. Measured on real repositories
 * (bench/ppa/real.mjs, 303 modules of eight, each repository left out of the fit, calibrated on
 * the first 10 of its synthesized modules and measured on the rest): rescaling area on them
 * raised area MAPE from 43.4% to 162% (a scale, or a power law, taken from ten modules does not
 * carry to the others: the estimate's errors are the module's own, not the repository's), and
 * rescaling delay raised its error too. An earlier measurement on 226 modules had area helped
 * (63.5% -> 55.2%); on the larger sample it did not hold. A user's calibration file, whose
 * results the user chose, still rescales every figure; the workspace's exact results replace the
 * estimate of the module they are for.
 */
export const SELF_CALIBRATED: readonly Figure[] = [];

function actualOf(s: Sample, figure: Figure): number | undefined {
  if (figure === 'size') return s.luts ?? s.cells;
  return s[figure];
}

function estimatedOf(e: Estimate, figure: Figure): number | undefined {
  if (figure === 'size') return e.luts ?? e.cells;
  return e[figure];
}

/** Geometric mean of ratios: a scale that is right on average in the relative sense. */
function scale(pairs: [number, number][]): number {
  if (pairs.length === 0) return 1;
  return Math.exp(pairs.reduce((sum, [estimated, actual]) => sum + Math.log(actual / estimated), 0) / pairs.length);
}

/**
 * actual = k * estimate^p, fitted in log space: a target whose costs grow faster or slower with
 * size than the reference's (a slower library stretches long paths more than short ones).
 */
function power(pairs: [number, number][]): { k: number; p: number } {
  const xs = pairs.map(([e]) => Math.log(e));
  const ys = pairs.map(([, a]) => Math.log(a));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  if (sxx < 1e-9) return { k: scale(pairs), p: 1 };
  const p = Math.min(2, Math.max(0.5, xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / sxx));
  return { k: Math.exp(my - p * mx), p };
}

export function calibrate(samples: Sample[], estimateOf: (module: string) => Estimate | undefined): CalibrationReport {
  const matched: { sample: Sample; estimate: Estimate }[] = [];
  const unmatched: string[] = [];
  for (const sample of samples) {
    const estimate = estimateOf(sample.module);
    if (estimate) matched.push({ sample, estimate });
    else unmatched.push(sample.module);
  }
  const calibration: Calibration = { size: 1, areaUm2: 1, delayNs: 1, logicLevels: 1, samples: matched.length };
  const errors: CalibrationReport['errors'] = {};
  for (const figure of ['areaUm2', 'delayNs', 'size', 'logicLevels'] as Figure[]) {
    const pairs = matched
      .map(({ sample, estimate }) => [estimatedOf(estimate, figure), actualOf(sample, figure)] as const)
      .filter((p): p is [number, number] => p[0] !== undefined && p[1] !== undefined && p[0] > 0 && p[1] > 0)
      .map(([e, a]) => [e, a] as [number, number]);
    if (pairs.length === 0) continue;
    calibration[figure] = scale(pairs);
    if (pairs.length >= 2) {
      // Leave-one-out: each sample predicted from the others, for a scale alone and, with five
      // samples or more, for a power law; the better of the two is kept, and its error reported.
      let before = 0;
      let scaled = 0;
      let powered = 0;
      pairs.forEach(([e, a], i) => {
        const others = pairs.filter((_, j) => j !== i);
        const k = scale(others);
        const law = power(others);
        before += Math.abs(e - a) / a;
        scaled += Math.abs(e * k - a) / a;
        powered += Math.abs(law.k * e ** law.p - a) / a;
      });
      const usePower = pairs.length >= 5 && powered < scaled;
      if (usePower) {
        const law = power(pairs);
        calibration[figure] = law.k;
        (calibration.powers ??= {})[figure] = law.p;
      }
      const after = usePower ? powered : scaled;
      errors[figure] = { before: Math.round((1000 * before) / pairs.length) / 10, after: Math.round((1000 * after) / pairs.length) / 10, samples: pairs.length };
    }
  }
  const area = errors.areaUm2 ?? errors.size;
  const delay = errors.delayNs ?? errors.logicLevels;
  if (area || delay) calibration.errorPct = { area: area?.after, delay: delay?.after };
  return { calibration, used: matched.length, unmatched, errors };
}

/**
 * The calibration restricted to the figures it helps: a figure whose leave-one-out error is not
 * lower after calibration keeps the model's own estimate (on real code a handful of results can
 * disagree more with each other than with the model). For the workspace's own results, which
 * nobody chose to be representative.
 */
export function helpfulCalibration(report: CalibrationReport, figures: readonly Figure[] = ['areaUm2', 'delayNs', 'size', 'logicLevels']): Calibration | undefined {
  const c: Calibration = { ...report.calibration, powers: { ...report.calibration.powers } };
  const errorPct: { area?: number; delay?: number } = {};
  let kept = 0;
  for (const figure of ['areaUm2', 'delayNs', 'size', 'logicLevels'] as Figure[]) {
    const e = report.errors[figure];
    if (e && e.after < e.before && figures.includes(figure)) {
      kept++;
      if (figure === 'areaUm2' || (figure === 'size' && errorPct.area === undefined)) errorPct.area = e.after;
      if (figure === 'delayNs' || (figure === 'logicLevels' && errorPct.delay === undefined)) errorPct.delay = e.after;
      continue;
    }
    c[figure] = 1;
    delete c.powers![figure];
  }
  if (kept === 0) return undefined;
  c.errorPct = errorPct.area !== undefined || errorPct.delay !== undefined ? errorPct : undefined;
  return c;
}
