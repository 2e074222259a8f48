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
  validation: { designs: number; sizeMapePct: number; areaMapePct?: number; delayMapePct?: number; levelsMapePct: number; libertyAreaMapePct?: number; libertyDelayMapePct?: number };
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
  const size = adjust('size', predict(model.size, f));
  const ffs = f.features.ff + f.features.memory;
  const breakdown = [...f.contributions].sort((a, b) => weight(model, b) - weight(model, a)).slice(0, 12);
  return {
    module: f.module,
    target,
    ...(fpga ? { luts: Math.round(size) } : { cells: Math.round(size) }),
    ...(model.areaUm2 ? { areaUm2: round(adjust('areaUm2', predict(model.areaUm2, f)), 1) } : {}),
    ffs,
    logicLevels: Math.round(adjust('logicLevels', predict(model.logicLevels, f))),
    ...(model.delayNs ? { delayNs: round(adjust('delayNs', predict(model.delayNs, f)), 3) } : {}),
    errorPct: {
      area: Math.round(calibration?.errorPct?.area ?? (library ? model.validation.libertyAreaMapePct : undefined) ?? model.validation.areaMapePct ?? model.validation.sizeMapePct),
      delay: Math.round(calibration?.errorPct?.delay ?? (library ? model.validation.libertyDelayMapePct : undefined) ?? model.validation.delayMapePct ?? model.validation.levelsMapePct),
    },
    breakdown,
    calibrated: (calibration?.samples ?? 0) > 0,
    calibratedOn: calibration?.samples ?? 0,
  };
}

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
