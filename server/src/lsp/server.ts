import {
  type Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type InitializeParams,
  type InitializeResult,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  DocumentHighlightKind,
  type TextDocumentPositionParams,
  type CancellationToken,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { isHdlFile, normalizePath } from '../base';
import { isProjectFile } from '../workspace';
import * as ide from '../ide';
import type { Grammar } from '../syntax';
import type { SessionHost } from './host';
import { guard } from './dispatch';
import { UNTRUSTED } from './ppaService';
import { type Settings, Session } from './session';
import { Notifications, Requests, type ContextPackParams, type ContextPackResult, type FindSimilarParams, type CheckSuggestionParams, type CheckSuggestionResult, type AuditAnswer, type AuditParams, type RecommendRecipeAnswer, type RecommendRecipeParams, type DesignScriptAnswer, type DesignScriptParams, type SearchParams, type SearchResult, type TrustParams, type AskParams, type AskResult } from '../../../protocol';

/**
 * The language server: a routing table from LSP requests to ide functions. State and
 * scheduling live in Session; logic lives in ide/.
 */
/** Where the server runs: nodeHost.ts with the Node grammar, or the web worker's (web/main.ts). */
export interface Platform {
  host: SessionHost;
  grammar(): Promise<Grammar>;
}

/** What a host can tell a running server beyond LSP: files changed that no watcher reports (the web). */
export interface RunningServer {
  filesChanged(changes: { uri: string; type: FileChangeType }[]): void;
}

export function startServer(connection: Connection, platform: Platform): RunningServer {
  const documents = new TextDocuments(TextDocument);
  let session: Session | undefined;
  let initParams: InitializeParams;
  const ready = (): Session => {
    if (!session) throw new ResponseError(-32002, 'RTLens is starting');
    return session;
  };
  const at = (params: TextDocumentPositionParams) => {
    const s = ready();
    const path = s.pathOf(params.textDocument.uri);
    const snapshot = s.snapshot();
    const lineIndex = snapshot.lineIndex(path);
    const offset = lineIndex ? lineIndex.offset(params.position) : 0;
    return { s, path, snapshot, offset };
  };

  connection.onInitialize(async (params): Promise<InitializeResult> => {
    initParams = params;
    // A host that maps URIs itself (the web: a folder's URIs by their path) maps the folders too.
    const rootOf = (uri: string) => platform.host.pathOf?.(uri) ?? normalizePath(URI.parse(uri).fsPath);
    const roots = (params.workspaceFolders ?? []).map((f) => rootOf(f.uri));
    if (roots.length === 0 && params.rootUri) roots.push(rootOf(params.rootUri));
    const options = (params.initializationOptions ?? {}) as { storagePath?: string; settings?: Partial<Settings>; trusted?: boolean };
    const grammar = await platform.grammar();
    session = new Session(connection, grammar, roots, options.storagePath, platform.host);
    session.applySettings(options.settings);
    session.ppa.trusted = options.trusted !== false;
    session.versionOf = (uri) => documents.get(uri)?.version;
    session.codeLensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    session.workDoneProgress = params.capabilities.window?.workDoneProgress === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        hoverProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        completionProvider: { triggerCharacters: ['.', '`', '$', '('], resolveProvider: true },
        signatureHelpProvider: { triggerCharacters: ['(', ','] },
        foldingRangeProvider: true,
        semanticTokensProvider: { legend: { tokenTypes: ide.TOKEN_TYPES, tokenModifiers: ide.TOKEN_MODIFIERS }, full: true },
        callHierarchyProvider: true,
        inlayHintProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: ['refactor.rewrite'] },
        workspace: { workspaceFolders: { supported: true } },
      },
      serverInfo: { name: 'rtlens', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    const s = ready();
    if (initParams.capabilities.workspace?.configuration) {
      const settings = await fetchSettings(connection).catch(() => undefined);
      if (settings) s.applySettings(settings);
    }
    if (initParams.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: ['rtlens', 'files.exclude'] });
    }
    if (initParams.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      const watchers = [{ globPattern: '**/*.{v,vh,vl,sv,svh,svi}' }, { globPattern: '**/*.{f,vc,flist,core}' }, { globPattern: '**/Bender.yml' }];
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
    }
    sendProject(s);
    await runIndex(s);
  });

  /** The project in use to the client (status bar) and its problems as diagnostics on the project file. */
  const sendProject = (s: Session) => {
    try {
      s.publishProjectDiagnostics();
      void connection.sendNotification(Notifications.project, s.projectStatus());
    } catch (error) {
      connection.console.error(`[rtlens] project status failed: ${String(error)}`);
    }
  };

  /** Asks the editor again for what other files feed (lenses, inlay hints, semantic tokens). */
  const refreshEditors = () => {
    const workspaceCaps = initParams.capabilities.workspace;
    if (workspaceCaps?.codeLens?.refreshSupport) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    if (workspaceCaps?.inlayHint?.refreshSupport) void connection.sendRequest('workspace/inlayHint/refresh').catch(() => undefined);
    if (workspaceCaps?.semanticTokens?.refreshSupport) void connection.sendRequest('workspace/semanticTokens/refresh').catch(() => undefined);
  };

  const runIndex = async (s: Session) => {
    const canProgress = initParams.capabilities.window?.workDoneProgress;
    const progress = canProgress ? await connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
    progress?.begin('RTLens: indexing', 0, 'finding HDL files', true);
    try {
      const stats = await s.index(
        (done, total, message) => progress?.report(total ? Math.round((done / total) * 100) : 0, message),
        () => progress?.token.isCancellationRequested ?? false,
      );
      connection.console.info(`[rtlens] indexed ${stats.files} files (${stats.lines} lines; ${stats.fromCache} from cache) in ${stats.ms} ms`);
      void connection.sendNotification('rtlens/indexed', stats);
      // What the editor asked for before the index was complete (a file opened at once) used only
      // what had been read then: a module's estimate without its submodules, widths without the
      // macros of headers. Asked again, it is answered over the whole workspace.
      refreshEditors();
    } catch (error) {
      connection.console.error(`[rtlens] indexing failed: ${String(error)}`);
    } finally {
      progress?.done();
    }
  };

  connection.onDidChangeConfiguration(async () => {
    const s = ready();
    const settings = await fetchSettings(connection).catch(() => undefined);
    const before = s.settings.project;
    const changed = settings ? s.applySettings(settings) : false;
    if (s.settings.project !== before) sendProject(s);
    if (changed) await runIndex(s);
    else s.scheduleAllOpen(0);
  });

  documents.onDidOpen((e) => {
    const s = ready();
    const path = s.pathOf(e.document.uri);
    s.workspace.openDocument(path, e.document.getText());
    s.documentChanged(path);
  });
  documents.onDidChangeContent((e) => {
    const s = ready();
    const path = s.pathOf(e.document.uri);
    s.workspace.changeDocument(path, e.document.getText());
    s.documentChanged(path);
  });
  documents.onDidClose((e) => {
    const s = ready();
    const path = s.pathOf(e.document.uri);
    s.workspace.closeDocument(path);
    s.clearDiagnostics(path);
    s.scheduleAllOpen(50);
  });

  const filesChanged = (changes: { uri: string; type: FileChangeType }[]) => {
    const s = ready();
    let projectChanged = false;
    let candidatesChanged = false;
    for (const change of changes) {
      const path = s.pathOf(change.uri);
      if (s.affectsProject(path)) projectChanged = true;
      if (change.type !== FileChangeType.Changed && isProjectFile(path)) {
        s.projectFilesChanged(path);
        candidatesChanged = true;
      }
      if (!isHdlFile(path)) continue;
      if (change.type === FileChangeType.Deleted) s.workspace.remove(path);
      else s.workspace.refreshFromDisk(path);
      for (const dependent of s.workspace.dependents(path)) s.workspace.refreshFromDisk(dependent);
    }
    if (projectChanged) {
      // The project file (or a filelist it reads) changed: read it again and re-index under it.
      s.readProject();
      s.workspace.setOptions(s.workspaceOptions());
      sendProject(s);
      void runIndex(s);
      return;
    }
    if (candidatesChanged) sendProject(s);
    s.scheduleAllOpen(0);
    // A file changed on disk changes what open files show of it: a submodule's figures, its ports.
    refreshEditors();
  };
  connection.onDidChangeWatchedFiles(guard(connection, 'watched files', undefined, ({ changes }) => filesChanged(changes)));

  connection.onDefinition(guard(connection, 'definition', [], (p) => {
    const { snapshot, path, offset, s } = at(p);
    return ide.definition(snapshot, path, offset, s.uriOf);
  }));
  connection.onReferences(guard(connection, 'references', [], (p) => {
    const { snapshot, path, offset, s } = at(p);
    const declaration = ide.declarationAt(snapshot, path, offset);
    if (!declaration) return [];
    return ide
      .references(snapshot, declaration)
      .filter((r) => p.context.includeDeclaration || !r.isDeclaration)
      .map((r) => ({ uri: s.uriOf(r.path), range: snapshot.lineIndex(r.path)!.range(r.span) }));
  }));
  connection.onDocumentHighlight(guard(connection, 'highlight', [], (p) => {
    const { snapshot, path, offset } = at(p);
    const lineIndex = snapshot.lineIndex(path)!;
    return ide.documentHighlights(snapshot, path, offset).map((r) => ({
      range: lineIndex.range(r.span),
      kind: r.kind === 'write' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
    }));
  }));
  connection.onHover(guard(connection, 'hover', null, (p) => {
    const { snapshot, path, offset, s } = at(p);
    const base = ide.hover(snapshot, path, offset);
    // On a module's own name: its PPA below the signature.
    const ppa = s.settings.ppa.codeLens ? ide.ppaHover(snapshot, path, offset, s.ppa.view(snapshot), s.uriOf) : undefined;
    if (!ppa) return base ?? null;
    if (!base) return ppa;
    const text = (h: typeof base) => (typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : String(h.contents));
    // The PPA headline first (a long signature pushed it out of view), then the signature, then the details.
    const figures = text(ppa);
    const cut = figures.indexOf('\n\n');
    const [headline, details] = cut < 0 ? [figures, ''] : [figures.slice(0, cut), figures.slice(cut + 2)];
    return { contents: { kind: 'markdown', value: `${headline}\n\n---\n\n${text(base)}${details ? `\n\n---\n\n${details}` : ''}` }, range: base.range };
  }));
  connection.onCodeLens(guard(connection, 'codeLens', [], (p) => {
    const s = ready();
    if (!s.settings.ppa.codeLens) return [];
    const snapshot = s.snapshot();
    return ide.ppaCodeLenses(snapshot, s.pathOf(p.textDocument.uri), s.ppa.view(snapshot), s.uriOf);
  }));
  // Workspace trust granted (or, from a client that can, withdrawn): synthesis follows it.
  connection.onNotification(Notifications.trust, (p: TrustParams) => {
    const s = ready();
    s.ppa.trusted = p?.trusted !== false;
    connection.console.info(`[rtlens] workspace ${s.ppa.trusted ? 'trusted: synthesis on' : 'not trusted: estimates only'}`);
  });
  documents.onDidSave((e) => {
    const s = ready();
    if (!s.settings.ppa.synthesizeOnSave || !s.ppa.trusted) return;
    const snapshot = s.snapshot();
    const saved = s.pathOf(e.document.uri);
    for (const unit of snapshot.summary(saved)?.units ?? []) if (unit.kind === 'module') s.ppa.synthesize(snapshot, unit.name, saved);
  });
  connection.onRequest('rtlens/synthesize', guard(connection, 'synthesize', { error: 'RTLens is starting' }, (p: { module: string; uri?: string; retry?: boolean }) => {
    const s = ready();
    return s.ppa.synthesize(s.snapshot(), p.module, p.uri ? s.pathOf(p.uri) : undefined, p.retry === true);
  }));
  connection.onRequest('rtlens/ppaReport', guard(connection, 'ppaReport', { target: '', targetError: undefined as string | undefined, rows: [] as ide.PpaRow[] }, (p: { uri?: string; module?: string }) => {
    const s = ready();
    const snapshot = s.snapshot();
    const rows = ide.ppaReport(snapshot, s.ppa.view(snapshot), { path: p?.uri ? s.pathOf(p.uri) : undefined, module: p?.module }, s.uriOf);
    return { target: s.ppa.target.name, targetError: s.ppa.targetError, rows };
  }));
  connection.onRequest('rtlens/ppaHotspots', guard(connection, 'ppaHotspots', { area: [], critical: [] } as ide.Hotspots, (p: { uri: string }) => {
    const s = ready();
    const snapshot = s.snapshot();
    return ide.ppaHotspots(snapshot, s.pathOf(p.uri), s.ppa.view(snapshot));
  }));
  connection.onRequest('rtlens/ppaTarget', guard(connection, 'ppaTarget', { target: '', kind: 'asic' as 'asic' | 'fpga', error: undefined as string | undefined, calibration: undefined as unknown }, () => {
    const s = ready();
    s.ppa.context(s.snapshot());
    const c = s.ppa.calibration;
    const calibration = c?.report ? { samples: c.report.used, unmatched: c.report.unmatched, errors: c.report.errors } : c?.error ? { error: c.error } : undefined;
    return { target: s.ppa.target.name, kind: s.ppa.target.kind, error: s.ppa.targetError, calibration };
  }));
  connection.onPrepareRename(guard(connection, 'prepareRename', null, (p) => {
    const { snapshot, path, offset } = at(p);
    const result = ide.prepareRename(snapshot, path, offset);
    if ('reason' in result) throw new ResponseError(LSPErrorCodes.RequestFailed, result.reason);
    return { range: snapshot.lineIndex(path)!.range(result.span), placeholder: result.name };
  }));
  connection.onRenameRequest(guard(connection, 'rename', null, (p) => {
    const { snapshot, path, offset, s } = at(p);
    const result = ide.rename(snapshot, path, offset, p.newName, s.uriOf);
    if (!result.ok) throw new ResponseError(LSPErrorCodes.RequestFailed, result.reason);
    return result.edit;
  }));
  connection.onDocumentSymbol(guard(connection, 'documentSymbol', [], (p) => {
    const s = ready();
    return ide.documentSymbols(s.snapshot(), s.pathOf(p.textDocument.uri));
  }));
  connection.onWorkspaceSymbol(guard(connection, 'workspaceSymbol', [], (p) => {
    const s = ready();
    return ide.workspaceSymbols(s.snapshot(), p.query, s.uriOf);
  }));
  connection.onCompletion(guard(connection, 'completion', { isIncomplete: false, items: [] }, (p) => {
    const { snapshot, path, offset } = at(p);
    return ide.completion(snapshot, path, offset);
  }));
  connection.onCompletionResolve(guard(connection, 'completionResolve', null as never, (item) => ide.resolveCompletion(ready().snapshot(), item)));
  connection.onSignatureHelp(guard(connection, 'signatureHelp', null, (p) => {
    const { snapshot, path, offset } = at(p);
    return ide.signatureHelp(snapshot, path, offset) ?? null;
  }));
  connection.onFoldingRanges(guard(connection, 'folding', [], (p) => {
    const s = ready();
    return ide.foldingRanges(s.snapshot(), s.pathOf(p.textDocument.uri));
  }));
  connection.languages.semanticTokens.on(guard(connection, 'semanticTokens', { data: [] }, (p) => {
    const s = ready();
    return ide.semanticTokens(s.snapshot(), s.pathOf(p.textDocument.uri));
  }));
  connection.languages.callHierarchy.onPrepare(guard(connection, 'callHierarchy', [], (p) => {
    const { snapshot, path, offset, s } = at(p);
    return ide.prepareCallHierarchy(snapshot, path, offset, s.uriOf);
  }));
  connection.languages.callHierarchy.onIncomingCalls(guard(connection, 'incomingCalls', [], (p) => {
    const s = ready();
    return ide.incomingCalls(s.snapshot(), p.item, s.uriOf);
  }));
  connection.languages.callHierarchy.onOutgoingCalls(guard(connection, 'outgoingCalls', [], (p) => {
    const s = ready();
    return ide.outgoingCalls(s.snapshot(), p.item, s.uriOf);
  }));
  connection.languages.inlayHint.on(guard(connection, 'inlayHint', [], (p) => {
    const s = ready();
    const path = s.pathOf(p.textDocument.uri);
    const snapshot = s.snapshot();
    const lineIndex = snapshot.lineIndex(path);
    if (!lineIndex) return [];
    return ide.inlayHints(snapshot, path, { start: lineIndex.offset(p.range.start), end: lineIndex.offset(p.range.end) });
  }));
  connection.onRequest(Requests.search, guard(connection, 'search', { hits: [], partial: true, message: 'RTLens is starting', ms: 0 } as SearchResult, (p: SearchParams) => {
    const s = ready();
    const snapshot = s.snapshot();
    const { index, partial, message } = s.searchIndex(snapshot);
    const view = ide.searchView(index, snapshot, p?.query ?? '', { k: p?.k, granularity: p?.granularity }, partial, s.uriOf);
    return withIndexMessage(view, message);
  }));
  connection.onRequest(Requests.findSimilar, guard(connection, 'findSimilar', { hits: [], partial: true, message: 'RTLens is starting', ms: 0 } as SearchResult, (p: FindSimilarParams) => {
    const { snapshot, path, offset, s } = at(p);
    const { index, partial } = s.searchIndex(snapshot);
    const view = ide.findSimilarView(index, snapshot, path, offset, p.k, s.uriOf);
    return { ...view, partial };
  }));
  connection.onRequest(Requests.askContext, guard(connection, 'askContext', { hits: [], partial: true, message: 'the search failed (see the RTLens server log)', context: [], prompt: '', clipped: false } as AskResult, (p: AskParams) => {
    const s = ready();
    const snapshot = s.snapshot();
    const { index, partial, message } = s.searchIndex(snapshot);
    const view = ide.askView(index, snapshot, p?.query ?? '', { k: p?.k, packs: p?.packs, maxChars: p?.maxChars }, partial, s.uriOf);
    return withIndexMessage(view, message);
  }));
  connection.onRequest(Requests.contextPack, guard(connection, 'contextPack', null as ContextPackResult | null, (p: ContextPackParams) => {
    const s = ready();
    const { index } = s.searchIndex(s.snapshot());
    const where = p?.textDocument && p.position ? at({ textDocument: p.textDocument, position: p.position }) : undefined;
    return ide.contextPackView(index, p?.key, where ? { path: where.path, offset: where.offset } : undefined);
  }));
  connection.onCodeAction(guard(connection, 'codeAction', [], (p) => {
    const s = ready();
    if (p.context.only && !p.context.only.some((k) => 'refactor.rewrite'.startsWith(k) || k.startsWith('refactor.rewrite'))) return [];
    const path = s.pathOf(p.textDocument.uri);
    const snapshot = s.snapshot();
    const lines = snapshot.lineIndex(path);
    const version = documents.get(p.textDocument.uri)?.version;
    if (!lines || version === undefined) return [];
    return s.suggestions.codeActions(snapshot, path, p.textDocument.uri, version, { start: lines.offset(p.range.start), end: lines.offset(p.range.end) });
  }));
  connection.onRequest(Requests.checkSuggestion, guard(connection, 'checkSuggestion', { id: '', gain: false, safe: false, offered: false, summary: 'the check failed (see the RTLens server log)', error: 'failed' } as CheckSuggestionResult, (p: CheckSuggestionParams, token: CancellationToken) => {
    const s = ready();
    if (!s.ppa.trusted) return { id: p.id, gain: false, safe: false, offered: false, summary: UNTRUSTED, error: UNTRUSTED };
    return s.suggestions.check(s.snapshot(), s.pathOf(p.uri), p, token);
  }));
  connection.onRequest(Requests.auditSuggestions, guard(connection, 'auditSuggestions', { target: '', rows: [], counts: { files: 0, lines: 0, found: 0, checked: 0, proven: 0, refuted: 0, unproven: 0, offered: 0, errors: 0, findMs: 0, checkMs: 0 }, error: 'the audit failed (see the RTLens server log)' } as AuditAnswer, async (p: AuditParams, token: CancellationToken) => {
    const s = ready();
    // Untrusted: what the detectors find, unchecked, and why.
    if (!s.ppa.trusted && p?.check !== false) return { ...(await s.suggestions.audit(s.snapshot(), s.uriOf, { ...p, check: false }, token)), error: UNTRUSTED };
    return s.suggestions.audit(s.snapshot(), s.uriOf, p, token);
  }));
  connection.onRequest(Requests.recommendRecipe, guard(connection, 'recommendRecipe', { error: 'the recipe search failed (see the RTLens server log)' } as RecommendRecipeAnswer, (p: RecommendRecipeParams, token: CancellationToken) => {
    const s = ready();
    if (!s.ppa.trusted) return { module: p?.module, error: UNTRUSTED };
    return s.recipes.recommend(s.snapshot(), p, token);
  }));
  connection.onRequest(Requests.designScript, guard(connection, 'designScript', { error: 'the design script failed (see the RTLens server log)' } as DesignScriptAnswer, (p: DesignScriptParams) => {
    const s = ready();
    return s.recipes.designScript(s.snapshot(), p);
  }));
  connection.onRequest('rtlens/trace', guard(connection, 'trace', { root: undefined, steps: [] }, (p: TextDocumentPositionParams & { direction: 'drivers' | 'loads'; depth?: number }) => {
    const { snapshot, path, offset, s } = at(p);
    return ide.traceView(snapshot, path, offset, p.direction, Math.min(Math.max(1, p.depth ?? 3), 20), s.uriOf);
  }));
  connection.onRequest('rtlens/hierarchy', guard(connection, 'hierarchy', { tops: [], roots: [] }, (p: { top?: string; uri?: string }) => {
    const s = ready();
    return ide.hierarchyView(s.snapshot(), p?.top, s.uriOf, p?.uri ? s.pathOf(p.uri) : undefined);
  }));
  connection.onRequest('rtlens/reindex', guard(connection, 'reindex', null, async () => {
    const s = ready();
    await runIndex(s);
    return null;
  }));
  connection.onRequest(Requests.projectStatus, guard(connection, 'projectStatus', { label: 'no project file', files: 0, absent: 0, includeDirs: 0, defines: 0, problems: 0, candidates: [] }, () => ready().projectStatus()));
  connection.onRequest('rtlens/status', guard(connection, 'status', null, () => {
    const s = ready();
    const snapshot = s.snapshot();
    return { files: snapshot.paths().length, units: snapshot.unitNames().length };
  }));

  documents.listen(connection);
  connection.listen();
  return { filesChanged: guard(connection, 'files changed', undefined, filesChanged) };
}

/**
 * The settings as the client has them now: the `rtlens` section, and the editor's own
 * `files.exclude` globs (switched on) added to `rtlens.exclude`, on every read, not only at start.
 */
/**
 * A partial answer says what is still being read (the session knows: files left, other
 * repositories), in place of the index's generic "still being built"; other messages stay.
 */
function withIndexMessage<T extends { hits: unknown[]; partial: boolean; message?: string }>(view: T, message: string | undefined): T {
  if (!message || !view.partial) return view;
  const generic = !view.message || /still being built/.test(view.message);
  return { ...view, message: generic ? message : `${message} ${view.message}` };
}

async function fetchSettings(connection: Connection): Promise<Partial<Settings>> {
  const [raw, filesExclude] = await connection.workspace.getConfiguration([{ section: 'rtlens' }, { section: 'files.exclude' }]);
  const value = (raw ?? {}) as Record<string, unknown>;
  const editorExcludes = filesExclude && typeof filesExclude === 'object' ? Object.entries(filesExclude as Record<string, unknown>).filter(([, on]) => on === true).map(([glob]) => glob) : [];
  const diagnostics = (value.diagnostics ?? {}) as Record<string, unknown>;
  const ppa = (value.ppa ?? {}) as Record<string, unknown>;
  const search = (value.search ?? {}) as Record<string, unknown>;
  const recipes = (value.recipes ?? {}) as Record<string, unknown>;
  return {
    includeDirs: Array.isArray(value.includeDirs) ? (value.includeDirs as string[]) : [],
    defines: typeof value.defines === 'object' && value.defines ? (value.defines as Record<string, string>) : {},
    exclude: Array.isArray(value.exclude) || editorExcludes.length > 0 ? [...new Set([...(Array.isArray(value.exclude) ? (value.exclude as string[]) : []), ...editorExcludes])] : undefined,
    diagnostics: {
      implicitNets: diagnostics.implicitNets !== false,
      disabled: Array.isArray(diagnostics.disabled) ? (diagnostics.disabled as string[]) : [],
    },
    ppa: {
      target: typeof ppa.target === 'string' ? ppa.target : 'generic',
      liberty: typeof ppa.liberty === 'string' ? ppa.liberty : '',
      clockPeriodNs: typeof ppa.clockPeriodNs === 'number' && ppa.clockPeriodNs > 0 ? ppa.clockPeriodNs : 10,
      synthesizeOnSave: ppa.synthesizeOnSave !== false,
      workers: typeof ppa.workers === 'number' && ppa.workers >= 1 ? Math.min(4, Math.floor(ppa.workers)) : 1,
      timeoutSeconds: typeof ppa.timeoutSeconds === 'number' && ppa.timeoutSeconds > 0 ? ppa.timeoutSeconds : 60,
      codeLens: ppa.codeLens !== false,
      calibrationFile: typeof ppa.calibrationFile === 'string' ? ppa.calibrationFile : '',
    },
    project: typeof value.project === 'string' ? value.project : '',
    search: { repositories: Array.isArray(search.repositories) ? (search.repositories as unknown[]).filter((r): r is string => typeof r === 'string') : [] },
    recipes: { saved: typeof recipes.saved === 'object' && recipes.saved !== null && !Array.isArray(recipes.saved) ? (recipes.saved as Record<string, string[]>) : {} },
  } as Partial<Settings>;
}
