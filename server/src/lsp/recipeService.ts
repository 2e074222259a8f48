import type { CancellationToken, Connection, WorkDoneProgressReporter } from 'vscode-languageserver';
import { CancelledError, SynthesisError, TimeoutError } from '../analyses/ppa';
import { designScript, type KnowledgeBase, type Qor, type RecipeProgress, recommendRecipe } from '../analyses/recipes';
import type { Snapshot } from '../workspace';
import { mergeKnowledge } from '../analyses/recipes';
import type { RecipeHost } from './host';
import type { PpaService } from './ppaService';
import type { DesignScriptAnswer, DesignScriptParams, RecipeQorView, RecommendRecipeAnswer, RecommendRecipeParams } from '../../../protocol';

const MAX_BUDGET = 200;

/**
 * "Recommend synthesis recipe" for the language server. The search runs Yosys and ABC on the
 * PPA service's worker threads (so the server's main thread only schedules), measures QoR on
 * the current target's liberty (built-in or rtlens.ppa.liberty), reports LSP work-done progress
 * and stops when the request is cancelled. A newer request for the same module cancels the
 * older one. Every failure is an answer with a message, never an exception to the client.
 */
export class RecipeService {
  private knowledge: KnowledgeBase | undefined;
  private shipped: KnowledgeBase | undefined;
  private user: KnowledgeBase | undefined;
  /** The run in flight per module, to cancel when a newer one for the same module starts. */
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly connection: Connection,
    private readonly ppa: PpaService,
    private readonly host: RecipeHost,
    private readonly root: () => string | undefined,
    private readonly defines: () => Record<string, string>,
    /** Whether the client takes server-created work-done progress (window.workDoneProgress). */
    private readonly canCreateProgress: () => boolean,
    /** Whether the workspace index is complete (an unknown module may only be unread yet). */
    private readonly indexed: () => boolean,
    /** The extension's storage folder, where the user's own runs grow the knowledge base. */
    private readonly storage: () => string | undefined = () => undefined,
  ) {}

  /** The design under `top` as one Yosys script with the saved recipes (no synthesis: the script is text). */
  designScript(snapshot: Snapshot, params: DesignScriptParams | undefined): DesignScriptAnswer {
    const top = typeof params?.top === 'string' ? params.top.trim() : '';
    if (!top) return { error: 'name the top module of the design' };
    if (!snapshot.unit(top)) return { top, error: this.indexed() ? `no module named '${top}' in the workspace` : `no module named '${top}' indexed yet (RTLens is still indexing the workspace)` };
    if (this.ppa.targetProblem) return { top, error: `the target in the settings cannot be used: ${this.ppa.targetProblem} (rtlens.ppa.liberty, rtlens.ppa.target)` };
    const ctx = this.ppa.context(snapshot);
    try {
      const result = designScript(snapshot, top, ctx.target, this.ppa.savedRecipes, { defines: ctx.defines, root: ctx.root });
      return { top, script: result.script, withRecipe: result.withRecipe.map((w) => ({ module: w.module, recipe: [...w.flow.recipe], mapping: w.flow.mapping })), skipped: result.skipped };
    } catch (error) {
      if (error instanceof SynthesisError) return { top, error: `${top}: ${error.message}` };
      throw error;
    }
  }

  async recommend(snapshot: Snapshot, params: RecommendRecipeParams | undefined, token?: CancellationToken): Promise<RecommendRecipeAnswer> {
    const module = typeof params?.module === 'string' ? params.module.trim() : '';
    if (!module) return { error: 'name a module to recommend a recipe for' };
    const budget = Math.min(MAX_BUDGET, Math.max(1, Math.floor(Number(params?.budget) || 20)));
    if (!snapshot.unit(module)) {
      return { module, error: this.indexed() ? `no module named '${module}' in the workspace` : `no module named '${module}' indexed yet (RTLens is still indexing the workspace)` };
    }
    if (this.ppa.targetProblem) return { module, error: `the target in the settings cannot be used: ${this.ppa.targetProblem} (rtlens.ppa.liberty, rtlens.ppa.target)` };

    this.running.get(module)?.abort();
    const abort = new AbortController();
    this.running.set(module, abort);
    const progress = await this.progress(params?.workDoneToken);
    const cancelled = [token?.onCancellationRequested(() => abort.abort()), 'token' in progress ? progress.token.onCancellationRequested(() => abort.abort()) : undefined];
    if (token?.isCancellationRequested) abort.abort();
    progress.begin(`RTLens: recipe for ${module}`, 0, 'synthesizing', true);
    try {
      this.shipped ??= this.host.shipped();
      this.user ??= this.host.user(this.storage());
      this.knowledge ??= mergeKnowledge(this.shipped, this.user);
      const result = await recommendRecipe(
        { access: snapshot, target: this.ppa.target, knowledge: this.knowledge, root: this.root(), defines: this.defines() },
        module,
        this.ppa.yosysPool(),
        { budget, timeoutMs: this.ppa.settings.timeoutSeconds * 1000, signal: abort.signal, onProgress: (p) => progress.report(percentage(p), progressMessage(p)) },
      );
      // The run grows the user's knowledge base, so the next search of a similar design starts from it.
      this.user = this.host.remember(this.storage(), this.user, `workspace:${result.module}`, result);
      this.knowledge = mergeKnowledge(this.shipped, this.user);
      return {
        module: result.module,
        target: result.target,
        recipe: [...result.recipe],
        mapping: result.mapping,
        qor: view(result.qor),
        baseline: {
          resyn2: view(result.baseline.resyn2),
          ...(result.baseline.resyn2Map ? { resyn2Map: view(result.baseline.resyn2Map) } : {}),
          ...(result.baseline.yosysDefault ? { yosysDefault: view(result.baseline.yosysDefault) } : {}),
        },
        evaluations: result.evaluations,
        equivalent: result.equivalent,
        ms: result.ms,
        aig: result.aig,
        ...(result.note ? { note: result.note } : {}),
        ...(result.partial ? { partial: result.partial } : {}),
        registers: result.registers,
        neighbours: result.neighbours,
        alpha: result.alpha,
        yosysRuns: result.yosysRuns,
        recommended: result.recommended,
        verdict: result.verdict,
        script: result.script,
        abcScript: result.abcScript,
        yosysScript: result.yosysScript,
        yosysFlow: result.yosysFlow,
        liberty: result.liberty,
      };
    } catch (error) {
      if (error instanceof CancelledError || abort.signal.aborted) return { module, error: 'cancelled', cancelled: true };
      if (error instanceof TimeoutError) return { module, error: `${module}: ${error.message} (the limit of one run is rtlens.ppa.timeoutSeconds)` };
      if (error instanceof SynthesisError) return { module, error: `${module}: ${error.message}` };
      this.connection.console.error(`[rtlens] recipe for ${module} failed: ${error instanceof Error ? `${error.message}\n${error.stack}` : String(error)}`);
      return { module, error: `${module}: the recipe search failed: ${error instanceof Error ? error.message : String(error)}` };
    } finally {
      for (const d of cancelled) d?.dispose();
      progress.done();
      if (this.running.get(module) === abort) this.running.delete(module);
    }
  }

  /** The client's progress when it sent a token, else one the server creates (or none). */
  private async progress(token: string | number | undefined): Promise<WorkDoneProgressReporter | (WorkDoneProgressReporter & { token: CancellationToken })> {
    if (token !== undefined) return this.connection.window.attachWorkDoneProgress(token);
    if (this.canCreateProgress()) {
      const created = await this.connection.window.createWorkDoneProgress().catch(() => undefined);
      if (created) return created;
    }
    return this.connection.window.attachWorkDoneProgress(undefined);
  }

  dispose(): void {
    for (const abort of this.running.values()) abort.abort();
  }
}

function view(q: Qor): RecipeQorView {
  return { area: q.area, delayPs: q.delayPs, adp: Math.round(q.adp * 100) / 100, ands: q.ands, levels: q.levels };
}

function percentage(p: RecipeProgress): number {
  if (p.phase === 'synthesis') return 0;
  if (p.phase === 'verify') return 95;
  return Math.min(90, Math.round((p.evaluations / Math.max(1, p.budget)) * 90));
}

function progressMessage(p: RecipeProgress): string {
  const best = p.bestAdp && p.resyn2Adp ? ` · best ADP ${(p.bestAdp / p.resyn2Adp).toFixed(2)}x resyn2` : '';
  switch (p.phase) {
    case 'synthesis':
      return "synthesizing; measuring resyn2 and Yosys's default flow";
    case 'seeds':
      return `recipes of similar designs: ${p.evaluations} of ${p.budget} evaluations${best}`;
    case 'evolve':
      return `searching: ${p.evaluations} of ${p.budget} evaluations${best}`;
    case 'verify':
      return `proving the best recipes equivalent (ABC cec)${best}`;
  }
}
