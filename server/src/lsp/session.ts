import { URI } from 'vscode-uri';
import type { Connection, Diagnostic } from 'vscode-languageserver';
import { basename, globToRegExp, joinPath, normalizePath, relativePath, setBugLogger } from '../base';
import { fileProblems, inactiveRegions, toLspDiagnostic } from '../ide';
import type { Grammar } from '../syntax';
import { findProjectFiles, isProjectFile, loadProject, type ProjectConfig, Snapshot, Workspace, type WorkspaceOptions, workspaceProject } from '../workspace';
import type { SessionHost } from './host';
import type { IndexStats } from '../workers/indexer';
import { DEFAULT_PPA, PpaService, type PpaSettings } from './ppaService';
import { RecipeService } from './recipeService';
import { SuggestService } from './suggestService';
import { repositoryName, SearchIndex } from '../analyses/search';
import type { ProjectStatus } from '../../../protocol';

export interface Settings {
  includeDirs: string[];
  defines: Record<string, string>;
  exclude: string[];
  diagnostics: { implicitNets: boolean; disabled: string[] };
  workers: number;
  ppa: PpaSettings;
  /** The project configuration file (relative to the first root, or absolute); '' for none. */
  project: string;
  /** Other checkouts (an IP library, another core) searched with the workspace (`rtlens.search.repositories`). */
  search: { repositories: string[] };
  /** Synthesis recipes saved from the recipe view, by module (`rtlens.recipes.saved`): exact synthesis applies them. */
  recipes: { saved: Record<string, string[]> };
}

export const DEFAULT_SETTINGS: Settings = {
  includeDirs: [],
  defines: {},
  exclude: ['**/node_modules/**', '**/.git/**'],
  diagnostics: { implicitNets: true, disabled: [] },
  workers: 0,
  ppa: DEFAULT_PPA,
  project: '',
  search: { repositories: [] },
  recipes: { saved: {} },
};

/** A repository beyond the workspace, searched from its pack (indexed once in a workspace of its own, then let go). */
interface SearchRepositoryEntry {
  name: string;
  indexed: boolean;
  problem?: string;
}

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
  /** `rtlens.search.repositories`, by absolute folder. */
  private readonly searchRepositories = new Map<string, SearchRepositoryEntry>();
  private pendingDiagnostics = new Set<string>();
  private diagnosticsTimer: ReturnType<typeof setTimeout> | undefined;
  private othersTimer: ReturnType<typeof setTimeout> | undefined;
  /** The project configuration read from `settings.project`, if any. */
  project: ProjectConfig | undefined;
  /** Why the configured project could not be used (no such file), if so. */
  private projectError: string | undefined;
  private candidates: string[] | undefined;
  /** Files that got project diagnostics, to clear them when the project changes. */
  private projectDiagnosticPaths: string[] = [];

  constructor(
    readonly connection: Connection,
    private readonly grammar: Grammar,
    readonly roots: string[],
    readonly storagePath: string | undefined,
    /** Where the server runs: Node (nodeHost.ts) or a browser's web worker (web/main.ts). */
    readonly host: SessionHost,
  ) {
    setBugLogger((m) => connection.console.error(m));
    this.workspace = new Workspace(host.fileSystem, grammar, this.workspaceOptions());
    this.search.workspaceName = basename(this.roots[0] ?? '') || 'workspace';
    this.ppa = new PpaService(connection, host.ppa, () => this.roots[0], () => this.settings.defines, () => this.codeLensRefresh);
    this.recipes = new RecipeService(connection, this.ppa, host.recipes, () => this.roots[0], () => this.settings.defines, () => this.workDoneProgress, () => this.indexed, () => this.storagePath);
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
  searchIndex(snapshot: Snapshot): { index: SearchIndex; partial: boolean; message?: string } {
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
    const waiting = [...this.searchRepositories.values()].filter((r) => !r.indexed && !r.problem).map((r) => r.name);
    // What a partial answer is missing, in words the Search view shows (it asks again until complete).
    const message = waiting.length
      ? `Still indexing ${waiting.join(', ')}: results cover the files read so far.`
      : !this.indexed
        ? 'The workspace is still being indexed: results cover the files read so far.'
        : pending > 0
          ? `${pending} file${pending === 1 ? '' : 's'} still to read for search: results cover the others so far.`
          : undefined;
    return { index: this.search, partial: pending > 0 || !this.indexed || waiting.length > 0, message };
  }

  /**
   * Brings the other search repositories in line with the setting: new folders are opened in the
   * background, each from its pack in the extension's storage when its files are as they were
   * (a repository opened before loads in seconds), else indexed and packed; removed ones leave
   * the index, and an opening still running for one is cancelled.
   */
  syncSearchRepositories(): void {
    const wanted = new Map<string, string>();
    for (const given of Array.isArray(this.settings.search.repositories) ? this.settings.search.repositories : []) {
      if (typeof given !== 'string' || !given.trim()) continue;
      const root = joinPath(this.roots[0] ?? '/', normalizePath(given.trim()));
      if (!this.roots.includes(root)) wanted.set(root, given);
    }
    for (const [root, r] of this.searchRepositories) {
      if (wanted.has(root)) continue;
      this.searchRepositories.delete(root);
      this.search.detach(r.name);
    }
    const names = new Set([basename(this.roots[0] ?? '') || 'workspace', ...[...this.searchRepositories.values()].map((r) => r.name)]);
    for (const [root, given] of wanted) {
      if (this.searchRepositories.has(root)) continue;
      const name = repositoryName(root, names);
      names.add(name);
      const entry: SearchRepositoryEntry = { name, indexed: false };
      this.searchRepositories.set(root, entry);
      if (!this.host.isFolder(root)) {
        entry.problem = `rtlens.search.repositories: no folder ${given}`;
        this.connection.console.warn(`[rtlens] ${entry.problem}`);
        continue;
      }
      const started = performance.now();
      const cancelled = () => this.searchRepositories.get(root) !== entry;
      this.host
        .openSearchRepository(root, { name, storagePath: this.storagePath, grammar: this.grammar, exclude: this.settings.exclude, isCancelled: cancelled })
        .then((opened) => {
          if (cancelled() || !opened) return;
          this.search.attach(opened.pack);
          entry.indexed = true;
          this.connection.console.info(`[rtlens] search repository ${name} (${root}): ${opened.files} files ${opened.fromPack ? 'from its pack' : 'indexed and packed'} in ${Math.round(performance.now() - started)} ms`);
        })
        .catch((error) => {
          if (cancelled()) return;
          entry.problem = `cannot index ${given}: ${String(error)}`;
          this.connection.console.error(`[rtlens] search repository ${entry.problem}`);
        });
    }
  }

  workspaceOptions(): WorkspaceOptions {
    return { roots: this.roots, includeDirs: this.settings.includeDirs, defines: this.settings.defines, project: this.project ? workspaceProject(this.project) : undefined };
  }

  applySettings(settings: Partial<Settings> | undefined): boolean {
    const next: Settings = { ...DEFAULT_SETTINGS, ...(settings ?? {}), diagnostics: { ...DEFAULT_SETTINGS.diagnostics, ...(settings?.diagnostics ?? {}) }, ppa: { ...DEFAULT_PPA, ...(settings?.ppa ?? {}) }, search: { ...DEFAULT_SETTINGS.search, ...(settings?.search ?? {}) }, recipes: { ...DEFAULT_SETTINGS.recipes, ...(settings?.recipes ?? {}) } };
    if (typeof next.project !== 'string') next.project = '';
    this.ppa.apply(next.ppa);
    this.ppa.savedRecipes = next.recipes && typeof next.recipes.saved === 'object' && next.recipes.saved ? next.recipes.saved : {};
    const projectChanged = next.project !== this.settings.project;
    const contextChanged = projectChanged || JSON.stringify([next.includeDirs, next.defines, next.exclude ?? []]) !== JSON.stringify([this.settings.includeDirs, this.settings.defines, this.settings.exclude ?? []]);
    this.settings = next;
    this.workspace.diagnostics = next.diagnostics;
    if (projectChanged) this.readProject();
    if (contextChanged) this.workspace.setOptions(this.workspaceOptions());
    this.syncSearchRepositories();
    return contextChanged;
  }

  /** The configured project file, absolute; undefined for none. */
  projectPath(): string | undefined {
    const setting = this.settings.project.trim();
    if (!setting) return undefined;
    return joinPath(this.roots[0] ?? '/', normalizePath(setting));
  }

  /**
   * (Re)reads the configured project file. A file that is missing or does not parse leaves the
   * workspace served as without a project, with one message in the log and the status.
   */
  readProject(): void {
    const file = this.projectPath();
    this.project = undefined;
    this.projectError = undefined;
    if (!file) return;
    if (!this.host.exists(file)) {
      this.projectError = `project file not found: ${this.settings.project}`;
      this.connection.console.warn(`[rtlens] ${this.projectError}; the workspace is read without one`);
      return;
    }
    try {
      this.project = loadProject(this.host.fileSystem, file, { root: this.roots[0] ?? '/', env: this.host.env, cores: this.projectCandidates().filter((c) => c.endsWith('.core')), manifests: this.projectCandidates().filter((c) => c.endsWith('/Bender.yml')), folderExists: (p) => this.host.isFolder(p) });
    } catch (error) {
      this.projectError = `cannot read ${basename(file)}: ${String(error)}`;
      this.connection.console.error(`[rtlens] ${this.projectError}`);
      return;
    }
    const status = this.projectStatus();
    const summary = `${status.files} files${status.absent ? ` (${status.absent} absent)` : ''}, ${status.includeDirs} include folders, ${status.defines} macros${status.top ? `, top ${status.top}` : ''}`;
    if (status.problems) this.connection.console.warn(`[rtlens] project ${status.label}: ${summary}; ${status.message}`);
    else this.connection.console.info(`[rtlens] project ${status.label}: ${summary}`);
  }

  /** Whether a file change touches the project configuration (the project file or a file it reads). */
  affectsProject(p: string): boolean {
    return p === this.projectPath() || (this.project?.sources.includes(p) ?? false);
  }

  /** Forgets the candidate list (a project-like file was created or deleted). */
  projectFilesChanged(p: string): void {
    if (isProjectFile(p)) this.candidates = undefined;
  }

  projectStatus(): ProjectStatus {
    // Dependencies checked out by Bender are read through their users, not offered as projects.
    const candidates = this.projectCandidates().filter((c) => !c.includes('/.bender/'));
    const project = this.project;
    if (!project) {
      const path = this.projectPath();
      return { path, label: 'no project file', files: 0, absent: 0, includeDirs: 0, defines: 0, problems: this.projectError ? 1 : 0, message: this.projectError, candidates };
    }
    const absent = project.files.filter((f) => !this.host.exists(f)).length;
    const problems = project.problems.length;
    const first = project.problems[0];
    const where = first ? `${relativePath(this.roots[0] ?? '/', first.path)}${first.line ? `:${first.line}` : ''}` : '';
    const message = first ? `${problems === 1 ? '1 problem' : `${problems} problems`}, the first at ${where}: ${first.message}` : undefined;
    return {
      path: project.path,
      label: basename(project.path),
      kind: project.kind,
      files: project.files.length,
      absent,
      includeDirs: project.includeDirs.length,
      defines: Object.keys(project.defines).length,
      top: project.top,
      problems,
      message,
      candidates,
    };
  }

  /** Publishes the project's problems as diagnostics on the files they are in, clearing the previous ones. */
  publishProjectDiagnostics(): void {
    const byPath = new Map<string, Diagnostic[]>();
    for (const problem of this.project?.problems ?? []) {
      const line = Math.max(0, problem.line - 1);
      const list = byPath.get(problem.path) ?? [];
      list.push({ range: { start: { line, character: 0 }, end: { line, character: 1000 } }, severity: 2, source: 'rtlens', code: 'project', message: problem.message });
      byPath.set(problem.path, list);
    }
    for (const p of this.projectDiagnosticPaths) if (!byPath.has(p)) void this.connection.sendDiagnostics({ uri: this.uriOf(p), diagnostics: [] });
    for (const [p, diagnostics] of byPath) void this.connection.sendDiagnostics({ uri: this.uriOf(p), diagnostics });
    this.projectDiagnosticPaths = [...byPath.keys()];
  }

  /** Project files under the roots (a bounded walk, excluded folders skipped), found once and kept. */
  projectCandidates(): string[] {
    if (this.candidates) return this.candidates;
    const patterns = (this.settings.exclude ?? []).map(globToRegExp);
    this.candidates = findProjectFiles(this.roots, (dir) => this.host.listFolder(dir), (p) => patterns.some((re) => re.test(p) || re.test(p + '/')));
    return this.candidates;
  }


  /** Documents that are not files (untitled:, vscode-notebook-cell:) get a path of their own; this maps it back. */
  private readonly nonFileUris = new Map<string, string>();

  /** The editor's version of an open document, so a client can match diagnostics to an edit. */
  versionOf: (uri: string) => number | undefined = () => undefined;

  pathOf(uri: string): string {
    const own = this.host.pathOf?.(uri);
    if (own !== undefined) return own;
    const parsed = URI.parse(uri);
    if (parsed.scheme === 'file') return normalizePath(parsed.fsPath);
    const path = `/.${parsed.scheme}/${encodeURIComponent(parsed.path + (parsed.query ? `?${parsed.query}` : ''))}`;
    this.nonFileUris.set(path, uri);
    return path;
  }

  uriOf = (p: string): string => this.nonFileUris.get(p) ?? this.host.uriOf?.(p) ?? URI.file(p).toString();

  async index(progress?: (done: number, total: number, message: string) => void, isCancelled?: () => boolean): Promise<IndexStats> {
    const run = this.host.index(this.workspace, {
      exclude: this.settings.exclude,
      storagePath: this.storagePath,
      workers: this.settings.workers || Math.max(1, Math.min(4, this.host.cores)),
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
