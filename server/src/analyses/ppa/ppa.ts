import type { DesignUnit } from '../../model';
import { calibrate, type CalibrationReport, type Sample } from './calibrate';
import { type Calibration, type Estimate, estimate, type LibraryScale, type PpaModel, type TargetModel } from './estimate';
import { type SynthesisCache, type SynthesisResult, type SynthesisRunner, synthesize } from './exact';
import { moduleFeatures, type ModuleFeatures } from './features';
import { type Latency, moduleLatency, type PortLatency } from './latency';
import { SynthesisError } from './report';
import { collectSources, type SourceAccess } from './sources';
import type { Target } from './target';

/**
 * PPA of one module, the two ways: the estimate (milliseconds, from the graph) and the exact
 * figures (Yosys + ABC through a runner). The language server, the command line and the
 * benchmarks all go through here.
 */
export interface PpaContext {
  access: SourceAccess;
  target: Target;
  model: PpaModel;
  calibration?: Calibration;
  /** A user liberty's units against the built-in library's, once characterized (characterize.ts). */
  library?: LibraryScale;
  defines?: Record<string, string>;
  /** The workspace folder: synthesis sees files by paths relative to it. */
  root?: string;
}

/** The fitted model for a target: its own, or the generic library's for a liberty file not fitted. */
export function modelFor(model: PpaModel, target: Target): { name: string; model: TargetModel } | undefined {
  const name = target.kind === 'fpga' ? target.name : 'generic';
  const found = model.targets[name];
  return found ? { name, model: found } : undefined;
}

export interface ModuleEstimate {
  estimate?: Estimate;
  features: ModuleFeatures;
  latency?: Latency;
  /** Why there is no estimate (no model for this target). */
  reason?: string;
}

export function estimateModule(ctx: PpaContext, path: string, unit: DesignUnit): ModuleEstimate {
  // Submodules are read once per snapshot: a file's lenses, or a report over every module,
  // ask for a parent after (or before) its children.
  const memos = memosOf(ctx.access);
  const features = moduleFeatures(ctx.access, path, unit, undefined, memos.features);
  const latency = moduleLatency(ctx.access, path, unit, memos.latency);
  const fitted = modelFor(ctx.model, ctx.target);
  if (!fitted) return { features, latency, reason: `no estimate model for target '${ctx.target.name}'; synthesize for exact figures` };
  const library = ctx.target.kind === 'asic' && !ctx.target.builtIn ? ctx.library : undefined;
  return { estimate: estimate(features, ctx.target.name, fitted.model, ctx.target.kind === 'fpga', ctx.calibration, library), features, latency };
}

/** Features and latencies found through one snapshot (a request's view; a new one per request). */
const snapshotMemos = new WeakMap<object, { features: Map<string, ModuleFeatures>; latency: Map<DesignUnit, PortLatency> }>();

function memosOf(access: SourceAccess): { features: Map<string, ModuleFeatures>; latency: Map<DesignUnit, PortLatency> } {
  let memos = snapshotMemos.get(access);
  if (!memos) snapshotMemos.set(access, (memos = { features: new Map(), latency: new Map() }));
  return memos;
}

/**
 * Real synthesis of a module and everything it instantiates; a SynthesisError says what failed,
 * in words. `from`: the file whose copy of the module is meant (several files may declare it).
 */
export async function synthesizeModule(ctx: PpaContext, name: string, runner: SynthesisRunner, options: { cache?: SynthesisCache; timeoutMs?: number; signal?: AbortSignal; from?: string } = {}): Promise<SynthesisResult> {
  const collected = collectSources(ctx.access, name, ctx.target, ctx.defines, ctx.root, options.from);
  if (!collected) throw new SynthesisError(`no module named '${name}' in the workspace`);
  if (collected.missing.length > 0) {
    throw new SynthesisError(`'${name}' instantiates ${collected.missing.map((m) => `'${m}'`).join(', ')}, which no workspace file defines: synthesis needs every submodule`);
  }
  return synthesize(collected.job, runner, options);
}

/**
 * Calibration of the estimates to the user's results: each sample's module is estimated
 * (uncalibrated) in this workspace, the copy `from` sees first where several files declare it,
 * and compared with the user's figure.
 */
export function calibrateTo(ctx: PpaContext, samples: Sample[], from?: string): CalibrationReport {
  const plain = { ...ctx, calibration: undefined };
  return calibrate(samples, (module) => {
    const ref = ctx.access.unit(module, from);
    return ref ? estimateModule(plain, ref.path, ref.unit).estimate : undefined;
  });
}

/** Clock frequency a sequential module reaches: 1 / (critical path + register overhead), in MHz. */
export function fmaxMhz(delayNs: number | undefined, overheadNs: number | undefined): number | undefined {
  if (delayNs === undefined || overheadNs === undefined) return undefined;
  const period = delayNs + overheadNs;
  return period > 0 ? Math.round(1000 / period) : undefined;
}
