import type { Connection } from 'vscode-languageserver';
import { basename } from '../base';
import { flowCommands, parseSavedFlow, savedItems } from '../analyses/recipes';
import { type Calibration, CalibrationError, type CalibrationReport, calibrateTo, CancelledError, helpfulCalibration, SELF_CALIBRATED, type Characterization, characterizationKey, characterize, collectSources, jobKey, parseSamples, type PpaContext, type PpaModel, type Sample, SynthesisCache, SynthesisError, type SynthesisRunner, synthesize, type Target, TimeoutError } from '../analyses/ppa';
import type { PpaView, SynthesisState } from '../ide';
import type { Snapshot } from '../workspace';
import type { PpaHost } from './host';

export interface PpaSettings {
  target: string;
  liberty: string;
  clockPeriodNs: number;
  synthesizeOnSave: boolean;
  workers: number;
  timeoutSeconds: number;
  codeLens: boolean;
  /** Results of the user's own flow (CSV, JSON or Yosys reports) the estimates are calibrated to. */
  calibrationFile: string;
}

export const DEFAULT_PPA: PpaSettings = { target: 'generic', liberty: '', clockPeriodNs: 10, synthesizeOnSave: true, workers: 1, timeoutSeconds: 60, codeLens: true, calibrationFile: '' };

/** What every synthesis request answers in an untrusted workspace. */
export const UNTRUSTED = 'RTLens synthesizes (Yosys + ABC) only in a trusted workspace: trust this folder (Manage Workspace Trust) to synthesize. Navigation, diagnostics and estimates work without it.';

/**
 * Background synthesis for the language server: one run per module at a time (a newer edit
 * cancels the older run), answers kept by the content key of the module's sources, and the
 * editor asked to refresh its code lenses when one lands. Requests never wait on Yosys.
 */
export class PpaService {
  private pool: (SynthesisRunner & { dispose(): Promise<void> }) | undefined;
  readonly cache = new SynthesisCache();
  /** Finished runs by content key: the result or the failure. */
  private readonly done = new Map<string, SynthesisState>();
  /** The run in flight per module: its key and how to cancel it. */
  private readonly running = new Map<string, { key: string; abort: AbortController }>();
  private readonly model: PpaModel;
  settings: PpaSettings = DEFAULT_PPA;
  target: Target;
  targetError: string | undefined;
  /** Why the configured target could not be used (targetError without the fallback), for recipes, which refuse to fall back. */
  targetProblem: string | undefined;
  /** `rtlens.recipes.saved`: module -> transforms, applied by exact synthesis on a cell library. */
  savedRecipes: Record<string, string[]> = {};

  constructor(
    private readonly connection: Connection,
    private readonly host: PpaHost,
    private readonly root: () => string | undefined,
    private readonly defines: () => Record<string, string>,
    private readonly canRefresh: () => boolean,
  ) {
    this.model = host.model();
    this.target = host.resolveTarget('generic', undefined);
  }

  apply(settings: Partial<PpaSettings> | undefined): void {
    const next = { ...DEFAULT_PPA, ...(settings ?? {}) };
    const targetChanged = next.target !== this.settings.target || next.liberty !== this.settings.liberty;
    const poolChanged = next.workers !== this.settings.workers;
    this.settings = next;
    if (targetChanged) {
      try {
        this.target = this.host.resolveTarget(next.target, next.liberty || undefined);
        this.targetError = undefined;
        this.targetProblem = undefined;
      } catch (error) {
        this.target = this.host.resolveTarget('generic', undefined);
        this.targetProblem = error instanceof Error ? error.message : String(error);
        this.targetError = `${this.targetProblem}; using the built-in generic library`;
        this.connection.window.showWarningMessage(`RTLens: ${this.targetError}`);
      }
    }
    if (poolChanged && this.pool) {
      void this.pool.dispose();
      this.pool = undefined;
    }
  }

  /** The calibration in force, made once per results file and target. */
  calibration: { key: string; report?: CalibrationReport; error?: string } | undefined;

  /** The user liberty's characterization (characterize.ts), by liberty content: done, running or failed. */
  private readonly libraries = new Map<string, { scale?: Characterization; error?: string }>();

  /**
   * A user liberty's units against the built-in library's: characterized once per liberty
   * content, in the background on the Yosys workers; estimates are in the built-in library's
   * units until it lands, then the code lenses refresh.
   */
  private libraryScale(): Characterization | undefined {
    const target = this.target;
    if (target.kind !== 'asic' || target.builtIn) return undefined;
    const key = characterizationKey(target);
    const known = this.libraries.get(key);
    if (known) return known.scale;
    const entry: { scale?: Characterization; error?: string } = {};
    this.libraries.set(key, entry);
    void characterize(target, this.host.resolveTarget('generic', undefined), this.yosysPool(), { timeoutMs: this.settings.timeoutSeconds * 1000 }).then(
      (scale) => {
        entry.scale = scale;
        this.connection.console.log(`RTLens: ${target.libertyFile} characterized on ${scale.circuits} reference circuits: area x${scale.area.toFixed(3)}, delay x${scale.delay.toFixed(3)} of the built-in library's`);
        if (this.canRefresh()) void this.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
      },
      (error: unknown) => {
        entry.error = error instanceof Error ? error.message : String(error);
        this.connection.console.log(`RTLens: could not characterize ${target.libertyFile}: ${entry.error}; estimates stay in the built-in library's units`);
      },
    );
    return undefined;
  }

  context(snapshot: Snapshot): PpaContext {
    const ctx: PpaContext = { access: snapshot, target: this.target, model: this.model, root: this.root(), defines: this.defines(), library: this.libraryScale() };
    const file = this.settings.calibrationFile;
    if (!file) {
      this.calibration = undefined;
      const own = this.selfCalibration(ctx);
      if (own) ctx.calibration = own;
      return ctx;
    }
    const stamp = this.host.stamp(file);
    // Made again once a user liberty's characterization lands: the estimates it rescales changed.
    const key = `${file}|${stamp}|${this.target.name}|${ctx.library ? characterizationKey(this.target) : ''}`;
    if (this.calibration?.key !== key) {
      try {
        const text = stamp === 'missing' ? undefined : this.host.readText(file);
        if (text === undefined) throw new CalibrationError(`cannot read ${file}`);
        const report = calibrateTo(ctx, parseSamples(text, file));
        if (report.used === 0) throw new CalibrationError(`no result in ${basename(file)} names a module of the workspace`);
        this.calibration = { key, report };
      } catch (error) {
        this.calibration = { key, error: error instanceof Error ? error.message : String(error) };
        this.connection.window.showWarningMessage(`RTLens calibration: ${this.calibration.error}`);
      }
    }
    if (this.calibration.report) ctx.calibration = this.calibration.report.calibration;
    return ctx;
  }

  /** The workspace's own calibration: made again when the set of exact results changes. */
  private own: { key: string; calibration?: Calibration } | undefined;

  /**
   * Every exact result this server computed for the current target (on save, Synthesize,
   * reports) is a calibration sample for the others' estimates of the figures in
   * SELF_CALIBRATED, from three results on; the user's calibration file, when set, wins.
   */
  private selfCalibration(ctx: PpaContext): Calibration | undefined {
    // Measured to make estimates worse for every figure (SELF_CALIBRATED says why): nothing to do.
    if (SELF_CALIBRATED.length === 0) return undefined;
    const samples: Sample[] = [];
    const keys: string[] = [];
    for (const [runKey, state] of this.done) {
      const r = state.result;
      if (!r || r.target !== this.target.name) continue;
      keys.push(runKey);
      samples.push({ module: r.module, areaUm2: r.figures.areaUm2, delayNs: r.figures.delayNs || undefined, cells: r.figures.cells, luts: r.figures.luts, logicLevels: r.figures.logicLevels || undefined });
    }
    if (samples.length < 3) return undefined;
    // The results themselves (by content key), not their number: an edit synthesized again replaces one.
    const key = `${this.target.name}|${ctx.library ? 'lib' : ''}|${keys.sort().join(',')}`;
    if (this.own?.key !== key) {
      const report = calibrateTo(ctx, samples);
      this.own = { key, calibration: report.used >= 3 ? helpfulCalibration(report, SELF_CALIBRATED) : undefined };
    }
    return this.own.calibration;
  }

  view(snapshot: Snapshot): PpaView {
    const ctx = this.context(snapshot);
    return { ctx, clockPeriodNs: this.settings.clockPeriodNs, synthesis: (module, from) => this.state(snapshot, ctx, module, from) };
  }

  /** `from`: the file whose copy of the module is meant (several files may declare one name). */
  private keyOf(snapshot: Snapshot, ctx: PpaContext, module: string, from?: string): { key: string; job: NonNullable<ReturnType<typeof collectSources>> } | undefined {
    const collected = collectSources(snapshot, module, ctx.target, ctx.defines, ctx.root, from);
    if (!collected) return undefined;
    // A saved recipe replaces Yosys's default ABC optimisation (a cell library only; an invalid one is ignored).
    const saved = this.savedRecipes[module];
    const flow = ctx.target.kind === 'asic' && Array.isArray(saved) ? parseSavedFlow(saved) : undefined;
    if (flow) collected.job.recipe = { steps: savedItems(flow), commands: flowCommands(flow) };
    return { key: jobKey(collected.job), job: collected };
  }

  private state(snapshot: Snapshot, ctx: PpaContext, module: string, from?: string): SynthesisState | undefined {
    const keyed = this.keyOf(snapshot, ctx, module, from);
    if (!keyed) return undefined;
    const finished = this.done.get(keyed.key);
    if (finished) return finished;
    const inFlight = this.running.get(runKey(module, snapshot.unit(module, from)?.path));
    return inFlight?.key === keyed.key ? { running: true } : undefined;
  }

  /**
   * Whether the workspace is trusted (VS Code's workspace trust; other clients and the CLI:
   * trusted). In an untrusted folder nothing is synthesized: estimates only.
   */
  trusted = true;

  /** Starts (or keeps) a background run for the module's current sources. */
  synthesize(snapshot: Snapshot, module: string, from?: string, retry = false): SynthesisState {
    if (!this.trusted) return { error: UNTRUSTED };
    const ctx = this.context(snapshot);
    const keyed = this.keyOf(snapshot, ctx, module, from);
    const running = runKey(module, snapshot.unit(module, from)?.path);
    if (!keyed) return { error: `no module named '${module}'` };
    const { key, job } = keyed;
    // A failure stays until the sources change, unless the user asks again (Retry).
    if (retry && this.done.get(key)?.error) this.done.delete(key);
    const finished = this.done.get(key);
    if (finished) return finished;
    const current = this.running.get(running);
    if (current?.key === key) return { running: true };
    current?.abort.abort();
    if (job.missing.length > 0) {
      const state = { error: `'${module}' instantiates ${job.missing.map((m) => `'${m}'`).join(', ')}, which no workspace file defines: synthesis needs every submodule` };
      this.done.set(key, state);
      return state;
    }
    const abort = new AbortController();
    this.running.set(running, { key, abort });
    void synthesize(job.job, this.yosysPool(), { cache: this.cache, timeoutMs: this.settings.timeoutSeconds * 1000, signal: abort.signal })
      .then(
        (result) => this.done.set(key, { result }),
        (error: unknown) => {
          // A cancelled run was replaced by a newer one: nothing to show.
          if (error instanceof SynthesisError || error instanceof TimeoutError) this.done.set(key, { error: error.message });
          else if (!(error instanceof CancelledError)) this.done.set(key, { error: `synthesis failed: ${String(error instanceof Error ? error.message : error)}` });
        },
      )
      .finally(() => {
        if (this.running.get(running)?.key === key) this.running.delete(running);
        while (this.done.size > 500) this.done.delete(this.done.keys().next().value!);
        if (this.canRefresh()) void this.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
        const error = this.done.get(key)?.error;
        void this.connection.sendNotification('rtlens/synthesized', { module, key, ...(error ? { error } : {}) });
      });
    return { running: true };
  }

  /** The server's Yosys workers (rtlens.ppa.workers of them), shared with recipe recommendation. */
  yosysPool(): SynthesisRunner {
    if (!this.trusted) throw new Error(UNTRUSTED);
    this.pool ??= this.host.runner(Math.max(1, this.settings.workers));
    return this.pool;
  }

  async dispose(): Promise<void> {
    for (const r of this.running.values()) r.abort.abort();
    await this.pool?.dispose();
  }
}

/** A newer run of a module replaces the older one of the same copy (by the file declaring it). */
function runKey(module: string, declaredIn: string | undefined): string {
  return `${declaredIn ?? ''}\u0000${module}`;
}
