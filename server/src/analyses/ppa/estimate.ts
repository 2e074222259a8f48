import { type Contribution, type Feature, FEATURES, type ModuleFeatures } from './features';

/**
 * The fast estimate: linear models over a module's operator features, fitted against real
 * synthesis for one target (scripts/fit-ppa.mjs writes server/data/ppa-model.json), with the
 * error measured on designs the fit never saw. Calibration rescales a model to the user's own
 * results.
 */
export interface LinearModel {
  intercept: number;
  /** By feature, pathUnits, pathLevels, or `path.<class>` (the critical path's delay units of one operator class). */
  coefficients: Record<string, number>;
}

export interface TargetModel {
  /** Cells (ASIC) or LUTs (FPGA). */
  size: LinearModel;
  areaUm2?: LinearModel;
  delayNs?: LinearModel;
  logicLevels: LinearModel;
  /**
   * Mean absolute percentage error on held-out designs, per figure; `liberty*`: the error on a
   * user's cell library carried by characterization alone (no user samples).
   */
  validation: {
    designs: number;
    sizeMapePct: number;
    areaMapePct?: number;
    delayMapePct?: number;
    levelsMapePct: number;
    libertyAreaMapePct?: number;
    libertyDelayMapePct?: number;
    /** The same error by size class of the estimated area (up to `upTo` um2, null: any larger), where it was measured. */
    bySize?: { upTo: number | null; modules: number; area: number; delay: number }[];
  };
}

export interface PpaModel {
  /** How the model was made: corpus, seed, counts, Yosys version. */
  provenance: Record<string, string | number>;
  targets: Record<string, TargetModel>;
}

export interface Estimate {
  module: string;
  target: string;
  cells?: number;
  luts?: number;
  areaUm2?: number;
  ffs: number;
  logicLevels: number;
  delayNs?: number;
  /** The error bar: the held-out MAPE of area (or size) and delay (or levels), in percent. */
  errorPct: { area: number; delay: number };
  /** The biggest contributors, largest first. */
  breakdown: Contribution[];
  calibrated: boolean;
  /** How many results the calibration in force rests on (0: none). */
  calibratedOn: number;
}

export function predict(model: LinearModel, f: ModuleFeatures): number {
  let y = model.intercept;
  for (const [name, c] of Object.entries(model.coefficients)) {
    const x = name === 'pathUnits' ? f.pathUnits : name === 'pathLevels' ? f.pathLevels : name.startsWith('path.') ? (f.pathParts[name.slice(5)] ?? 0) : f.features[name as Feature];
    y += (c ?? 0) * x;
  }
  return Math.max(0, y);
}

/** Calibration factors per figure (1 when not calibrated). */
export interface Calibration {
  size: number;
  areaUm2: number;
  delayNs: number;
  logicLevels: number;
  samples: number;
  /** The leave-one-out error after calibration, in percent, which replaces the model's error bar. */
  errorPct?: { area?: number; delay?: number };
  /** Exponents where a power law fitted better than a scale: figure = factor * estimate^power. */
  powers?: Partial<Record<'size' | 'areaUm2' | 'delayNs' | 'logicLevels', number>>;
}

/** A user cell library's units relative to the built-in library's (see characterize.ts). */
export interface LibraryScale {
  area: number;
  delay: number;
}

export function estimate(f: ModuleFeatures, target: string, model: TargetModel, fpga: boolean, calibration?: Calibration, library?: LibraryScale): Estimate {
  const k = calibration ?? { size: 1, areaUm2: 1, delayNs: 1, logicLevels: 1, samples: 0 };
  const units = { size: 1, areaUm2: library?.area ?? 1, delayNs: library?.delay ?? 1, logicLevels: 1 };
  const adjust = (figure: 'size' | 'areaUm2' | 'delayNs' | 'logicLevels', value: number) => k[figure] * (units[figure] * value) ** (k.powers?.[figure] ?? 1);
  // A netlist's gates are priced as gates: a two-input gate of the built-in library (1.0 um2,
  // between its NAND2 at 0.8 and AND2 at 1.06; a cell each); a 4-input LUT takes about three.
  const gates = f.gates ?? 0;
  const size = adjust('size', predict(model.size, f) + gates * (fpga ? 1 / 3 : 1));
  const ffs = f.features.ff + f.features.memory;
  const breakdown = [...f.contributions].sort((a, b) => weight(model, b) - weight(model, a)).slice(0, 12);
  const rawArea = model.areaUm2 ? predict(model.areaUm2, f) + gates * GATE_UM2 : undefined;
  // The module's own size class, where the error was measured by class (built-in units).
  const sizeClass = rawArea !== undefined ? model.validation.bySize?.find((c) => c.upTo === null || rawArea <= c.upTo) : undefined;
  return {
    module: f.module,
    target,
    ...(fpga ? { luts: Math.round(size) } : { cells: Math.round(size) }),
    ...(rawArea !== undefined ? { areaUm2: round(adjust('areaUm2', rawArea), 1) } : {}),
    ffs,
    logicLevels: Math.round(adjust('logicLevels', predict(model.logicLevels, f))),
    ...(model.delayNs ? { delayNs: round(adjust('delayNs', predict(model.delayNs, f)), 3) } : {}),
    errorPct: {
      area: Math.round(calibration?.errorPct?.area ?? (library ? model.validation.libertyAreaMapePct : sizeClass?.area) ?? model.validation.areaMapePct ?? model.validation.sizeMapePct),
      delay: Math.round(calibration?.errorPct?.delay ?? (library ? model.validation.libertyDelayMapePct : sizeClass?.delay) ?? model.validation.delayMapePct ?? model.validation.levelsMapePct),
    },
    breakdown,
    calibrated: (calibration?.samples ?? 0) > 0,
    calibratedOn: calibration?.samples ?? 0,
  };
}

/** A two-input gate of the built-in library, in its square micrometres. */
const GATE_UM2 = 1.0;

/** How much a contribution weighs in the area (or size) model. */
export function weight(model: TargetModel, c: Contribution): number {
  if (c.feature === 'instance') return c.amount * 0.5;
  const m = model.areaUm2 ?? model.size;
  return c.amount * (m.coefficients[c.feature] ?? 0);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export const MODEL_FEATURES: readonly (Feature | 'pathUnits' | 'pathLevels')[] = [...FEATURES];
