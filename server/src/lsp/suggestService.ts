import type { CancellationToken, CodeAction, Connection, WorkDoneProgressReporter } from 'vscode-languageserver';
import { CancelledError } from '../analyses/ppa';
import { type AuditRow, auditSuggestions, checkSuggestion, type Figures, findSuggestions, type SuggestContext, type SuggestionCheck } from '../analyses/suggest';
import type { Span } from '../base';
import { suggestionActions } from '../ide';
import type { Snapshot } from '../workspace';
import type { PpaService } from './ppaService';
import type { AuditAnswer, AuditParams, AuditRowView, CheckSuggestionParams, CheckSuggestionResult } from '../../../protocol';

const MAX_CHECKS = 256;

/**
 * PPA-aware suggestions for the language server: code actions from the estimate (cheap, on
 * every request), and the check a user asks for (proof + synthesis of both versions) on the
 * PPA service's Yosys workers, with work-done progress and cancellation. A check is kept by
 * suggestion id (which hashes the file text and the edits), so once it has run the code
 * action shows synthesized figures, or disappears when the check found no gain or no proof.
 */
export class SuggestService {
  private readonly checks = new Map<string, SuggestionCheck>();
  private readonly running = new Map<string, AbortController>();
  private readonly estimates = new Map<string, Figures | null>();

  constructor(
    private readonly connection: Connection,
    private readonly ppa: PpaService,
    private readonly canCreateProgress: () => boolean,
  ) {}

  context(snapshot: Snapshot): SuggestContext {
    return { ppa: this.ppa.context(snapshot), summarize: (path, text) => snapshot.summarizeText(path, text), estimates: this.estimates };
  }

  codeActions(snapshot: Snapshot, path: string, uri: string, version: number, span: Span): CodeAction[] {
    return suggestionActions(snapshot, this.context(snapshot), path, uri, version, span, (id) => this.checks.get(id));
  }

  async check(snapshot: Snapshot, path: string, params: CheckSuggestionParams | undefined, token?: CancellationToken): Promise<CheckSuggestionResult> {
    const id = typeof params?.id === 'string' ? params.id : '';
    const none = (error: string): CheckSuggestionResult => ({ id, gain: false, safe: false, offered: false, summary: error, error });
    const text = snapshot.text(path);
    if (!id || text === undefined) return none('no such suggestion');
    const ctx = this.context(snapshot);
    const suggestion = findSuggestions(ctx, path, text).find((s) => s.id === id);
    if (!suggestion) return none('the file changed since the suggestion was made; ask for suggestions again');
    const known = this.checks.get(id);
    if (known) return known;
    this.running.get(path)?.abort();
    const abort = new AbortController();
    this.running.set(path, abort);
    const progress = await this.progress(params?.workDoneToken);
    const cancelled = [token?.onCancellationRequested(() => abort.abort()), 'token' in progress ? progress.token.onCancellationRequested(() => abort.abort()) : undefined];
    if (token?.isCancellationRequested) abort.abort();
    progress.begin(`RTLens: ${suggestion.title}`, undefined, suggestion.preservesBehaviour ? 'proving equivalence and synthesizing before and after' : 'synthesizing before and after', true);
    try {
      const timeoutMs = this.ppa.settings.timeoutSeconds * 1000;
      const result = await checkSuggestion(ctx, suggestion, text, this.ppa.yosysPool(), { cache: this.ppa.cache, timeoutMs, proofTimeoutMs: Math.min(timeoutMs, 60_000), signal: abort.signal });
      if (!result.error) this.remember(result);
      return result;
    } catch (error) {
      if (error instanceof CancelledError || abort.signal.aborted) return { ...none('cancelled'), cancelled: true };
      this.connection.console.error(`[rtlens] suggestion check failed: ${error instanceof Error ? `${error.message}\n${error.stack}` : String(error)}`);
      return none(`the check failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      for (const d of cancelled) d?.dispose();
      progress.done();
      if (this.running.get(path) === abort) this.running.delete(path);
    }
  }

  /**
   * The workspace audit: every module file's suggestions, each checked on the Yosys workers one
   * at a time (the editor's own requests share the pool), with progress and cancellation; the
   * checks are kept, so the code actions in those files show the synthesized figures after.
   */
  async audit(snapshot: Snapshot, uriOf: (path: string) => string, params: AuditParams | undefined, token?: CancellationToken): Promise<AuditAnswer> {
    const ctx = this.context(snapshot);
    const paths = [...new Set(snapshot.allUnits().filter((r) => r.unit.kind === 'module').map((r) => r.path))].sort();
    const abort = new AbortController();
    const progress = await this.progress(params?.workDoneToken);
    const cancelled = [token?.onCancellationRequested(() => abort.abort()), 'token' in progress ? progress.token.onCancellationRequested(() => abort.abort()) : undefined];
    if (token?.isCancellationRequested) abort.abort();
    progress.begin('RTLens: finding PPA opportunities', 0, `${paths.length} files`, true);
    const view = (r: AuditRow): AuditRowView => ({
      uri: uriOf(r.suggestion.path),
      line: r.line - 1,
      module: r.suggestion.module,
      kind: r.suggestion.kind,
      title: r.suggestion.title,
      detail: r.suggestion.detail,
      preservesBehaviour: r.suggestion.preservesBehaviour,
      goal: r.suggestion.goal,
      areaUnit: r.suggestion.areaUnit,
      delayUnit: r.suggestion.delayUnit,
      estimate: r.suggestion.estimate,
      ...(r.check ? { check: r.check } : {}),
      ...(r.skipped ? { skipped: r.skipped } : {}),
    });
    try {
      const timeoutMs = this.ppa.settings.timeoutSeconds * 1000;
      const result = await auditSuggestions(ctx, paths, (p) => snapshot.text(p), params?.check === false ? undefined : this.ppa.yosysPool(), {
        check: params?.check !== false,
        maxChecks: MAX_CHECKS,
        timeoutMs,
        proofTimeoutMs: Math.min(timeoutMs, 60_000),
        cache: this.ppa.cache,
        signal: abort.signal,
        onProgress: (p) => {
          const share = p.phase === 'find' ? 0.1 * (p.done / Math.max(1, p.total)) : 0.1 + 0.9 * (p.done / Math.max(1, p.total));
          progress.report(Math.round(share * 100), p.phase === 'find' ? `reading ${p.done + 1}/${p.total} files` : `checking ${p.done + 1}/${p.total}: ${p.item ?? ''}`);
        },
        onChecked: (row) => {
          if (row.check && !row.check.error) this.remember(row.check);
        },
      });
      return { target: ctx.ppa.target.name, rows: result.rows.map(view), counts: result.counts, ...(result.cancelled ? { cancelled: true } : {}) };
    } finally {
      for (const d of cancelled) d?.dispose();
      progress.done();
    }
  }

  private remember(result: SuggestionCheck): void {
    this.checks.set(result.id, result);
    if (this.checks.size > MAX_CHECKS) this.checks.delete(this.checks.keys().next().value!);
  }

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
