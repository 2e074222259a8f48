import * as path from 'node:path';
import * as os from 'node:os';
import { URI } from 'vscode-uri';
import type { Connection } from 'vscode-languageserver/node';
import { type Diagnostic } from 'vscode-languageserver/node';
import { normalizePath, setBugLogger } from '../base';
import { fileProblems, inactiveRegions, toLspDiagnostic } from '../ide';
import type { Grammar } from '../syntax';
import { Snapshot, Workspace, type WorkspaceOptions } from '../workspace';
import { indexWorkspace, type IndexStats } from '../workers/indexer';
import { nodeFileSystem } from '../workers/host';
import { DEFAULT_PPA, PpaService, type PpaSettings } from './ppaService';
import { RecipeService } from './recipeService';
import { SuggestService } from './suggestService';
import { SearchIndex } from '../analyses/search';

export interface Settings {
  includeDirs: string[];
  defines: Record<string, string>;
  exclude: string[];
  diagnostics: { implicitNets: boolean; disabled: string[] };
  workers: number;
  ppa: PpaSettings;
}

export const DEFAULT_SETTINGS: Settings = {
  includeDirs: [],
  defines: {},
  exclude: ['**/node_modules/**', '**/.git/**'],
  diagnostics: { implicitNets: true, disabled: [] },
  workers: 0,
  ppa: DEFAULT_PPA,
};

/**
 * The server's state: the workspace, the open documents' versions, diagnostics scheduling,
 * and indexing. Handlers in server.ts are one line into the ide functions over snapshot().
 */
/** Problems that another file could resolve: published only once the workspace index is complete. */
const NEEDS_WHOLE_INDEX = new Set(['undefined-macro', 'unknown-module', 'include-not-found', 'undeclared-identifier', 'unknown-port', 'unknown-parameter', 'too-many-connections', 'missing-port']);

export class Session {
  readonly workspace: Workspace;
  readonly ppa: PpaService;
  readonly recipes: RecipeService;
  readonly suggestions: SuggestService;
  settings: Settings = DEFAULT_SETTINGS;
  /** Whether the client lets the server ask for fresh code lenses (workspace/codeLens/refresh). */
  codeLensRefresh = false;
  /** Whether the client shows progress the server creates (window/workDoneProgress/create). */
  workDoneProgress = false;
  indexing: Promise<IndexStats> | undefined;
  /** Whether the last workspace index finished (search answers are partial until then). */
  indexed = false;
  /** Built on the first search, then brought up to date on each one. */
  private readonly search = new SearchIndex();
  private searchCatchingUp = false;
  private pendingDiagnostics = new Set<string>();
  private diagnosticsTimer: NodeJS.Timeout | undefined;
  private othersTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly connection: Connection,
    grammar: Grammar,
    readonly roots: string[],
    readonly storagePath: string | undefined,
  ) {
    setBugLogger((m) => connection.console.error(m));
    this.workspace = new Workspace(nodeFileSystem, grammar, this.workspaceOptions());
    this.ppa = new PpaService(connection, () => this.roots[0], () => this.settings.defines, () => this.codeLensRefresh);
    this.recipes = new RecipeService(connection, this.ppa, () => this.roots[0], () => this.settings.defines, () => this.workDoneProgress, () => this.indexed, () => this.storagePath);
    this.suggestions = new SuggestService(connection, this.ppa, () => this.workDoneProgress);
  }

  snapshot(): Snapshot {
    return new Snapshot(this.workspace);
  }

  /**
   * The search index, brought up to date for a request: at most 40 ms of work now, the rest in
   * slices on later ticks (the first build of a large workspace takes seconds). `partial` says
   * whether the answer can miss files: workspace indexing or the search index still catching up.
   */
  searchIndex(snapshot: Snapshot): { index: SearchIndex; partial: boolean } {
    const { pending } = this.search.update(snapshot, 40);
    if (pending > 0 && !this.searchCatchingUp) {
      this.searchCatchingUp = true;
      const step = () => {
        const left = this.search.update(this.snapshot(), 40).pending;
        if (left > 0) setTimeout(step, 5);
        else this.searchCatchingUp = false;
      };
      setTimeout(step, 5);
    }
    return { index: this.search, partial: pending > 0 || !this.indexed };
  }

  workspaceOptions(): WorkspaceOptions {
    return { roots: this.roots, includeDirs: this.settings.includeDirs, defines: this.settings.defines };
  }

  applySettings(settings: Partial<Settings> | undefined): boolean {
    const next: Settings = { ...DEFAULT_SETTINGS, ...(settings ?? {}), diagnostics: { ...DEFAULT_SETTINGS.diagnostics, ...(settings?.diagnostics ?? {}) }, ppa: { ...DEFAULT_PPA, ...(settings?.ppa ?? {}) } };
    this.ppa.apply(next.ppa);
    const contextChanged = JSON.stringify([next.includeDirs, next.defines]) !== JSON.stringify([this.settings.includeDirs, this.settings.defines]);
    this.settings = next;
    this.workspace.diagnostics = next.diagnostics;
    if (contextChanged) this.workspace.setOptions(this.workspaceOptions());
    return contextChanged;
  }

  /** Documents that are not files (untitled:, vscode-notebook-cell:) get a path of their own; this maps it back. */
  private readonly nonFileUris = new Map<string, string>();

  /** The editor's version of an open document, so a client can match diagnostics to an edit. */
  versionOf: (uri: string) => number | undefined = () => undefined;

  pathOf(uri: string): string {
    const parsed = URI.parse(uri);
    if (parsed.scheme === 'file') return normalizePath(parsed.fsPath);
    const path = `/.${parsed.scheme}/${encodeURIComponent(parsed.path + (parsed.query ? `?${parsed.query}` : ''))}`;
    this.nonFileUris.set(path, uri);
    return path;
  }

  uriOf = (p: string): string => this.nonFileUris.get(p) ?? URI.file(p).toString();

  cacheFile(): string | undefined {
    const base = this.storagePath ?? path.join(os.tmpdir(), 'rtlens-cache');
    const key = this.roots.join('|').replace(/[^A-Za-z0-9]+/g, '_').slice(-80);
    return path.join(base, `index-${key}.json`);
  }

  async index(progress?: (done: number, total: number, message: string) => void, isCancelled?: () => boolean): Promise<IndexStats> {
    const run = indexWorkspace(this.workspace, {
      exclude: this.settings.exclude,
      cacheFile: this.cacheFile(),
      workers: this.settings.workers || Math.max(1, Math.min(4, os.cpus().length)),
      onProgress: progress,
      isCancelled,
    });
    this.indexing = run;
    this.indexed = false;
    const stats = await run;
    this.indexed = true;
    this.scheduleAllOpen(0);
    return stats;
  }

  /** Diagnostics for a changed document at once (next tick), for the other open ones a little later. */
  documentChanged(p: string): void {
    this.pendingDiagnostics.add(p);
    if (!this.diagnosticsTimer) this.diagnosticsTimer = setTimeout(() => this.flushDiagnostics(), 0);
    this.scheduleAllOpen(400);
  }

  scheduleAllOpen(delayMs: number): void {
    if (this.othersTimer) clearTimeout(this.othersTimer);
    this.othersTimer = setTimeout(() => {
      this.othersTimer = undefined;
      for (const p of this.workspace.paths()) if (this.workspace.entry(p)?.open) this.pendingDiagnostics.add(p);
      this.flushDiagnostics();
    }, delayMs);
  }

  private flushDiagnostics(): void {
    this.diagnosticsTimer = undefined;
    const paths = [...this.pendingDiagnostics];
    this.pendingDiagnostics.clear();
    const snapshot = this.snapshot();
    for (const p of paths) {
      try {
        if (!this.workspace.entry(p)?.open) continue;
        const uri = this.uriOf(p);
        void this.connection.sendDiagnostics({ uri, version: this.versionOf(uri), diagnostics: this.diagnosticsFor(snapshot, p) });
      } catch (error) {
        this.connection.console.error(`[rtlens] diagnostics for ${p} failed: ${String(error)}`);
      }
    }
  }

  diagnosticsFor(snapshot: Snapshot, p: string): Diagnostic[] {
    const lineIndex = snapshot.lineIndex(p);
    if (!lineIndex) return [];
    // Until the index is complete, what another file could define is not known to be missing.
    const problems = [...fileProblems(snapshot, p).filter((q) => this.indexed || !NEEDS_WHOLE_INDEX.has(q.code)), ...inactiveRegions(snapshot, p)];
    return problems.map((problem) => toLspDiagnostic(problem, lineIndex, this.uriOf, (q) => snapshot.lineIndex(q)));
  }

  clearDiagnostics(p: string): void {
    void this.connection.sendDiagnostics({ uri: this.uriOf(p), diagnostics: [] });
  }
}
