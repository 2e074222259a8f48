import * as vscode from 'vscode';
import { nonce } from './nonce';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import {
  type ContextPackParams,
  type ContextPackResult,
  type FindSimilarParams,
  Requests,
  type SearchGranularity,
  type SearchHitView,
  type SearchParams,
  type SearchResult,
} from '../../protocol';

/**
 * Semantic search in the editor: the Search view in the RTLens side bar (a webview), the
 * commands Search Design, Find Similar and Copy Context Pack. The server ranks and describes;
 * this file sends the query, shows what comes back and opens what the user picks.
 */

type Filter = 'all' | SearchGranularity;
type Range = SearchHitView['range'];

/** A hit as the view shows it: the server's hit plus its place as "rtl/fifo.v:12". */
interface HitRow extends SearchHitView {
  where: string;
}

/** Everything the view renders; kept here so that a hidden, moved or re-created view shows it again. */
interface ViewState {
  query: string;
  filter: Filter;
  /** Set when the results are not those of the query: "Similar to fifo (rtl/fifo.v:5)". */
  heading?: string;
  result?: Omit<SearchResult, 'hits'> & { hits: HitRow[] };
  error?: string;
  busy: boolean;
}

type FromView =
  | { type: 'ready'; query?: string; filter?: Filter }
  | { type: 'search'; query: string; filter: Filter }
  | { type: 'open'; uri: string; range: Range }
  | { type: 'context'; key: string }
  | { type: 'similar'; uri: string; position: Range['start']; label: string };

const FILTERS: readonly Filter[] = ['all', 'module', 'block', 'signal'];
const SIMILAR_K = 20;

export function registerSearch(context: vscode.ExtensionContext, client: LanguageClient): SearchView {
  const view = new SearchView(client);
  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(SearchView.id, view, { webviewOptions: { retainContextWhenHidden: true } }),
    view,
    vscode.commands.registerCommand('rtlens.search', async (arg?: string | { query?: string; granularity?: SearchGranularity }) => {
      let query = typeof arg === 'string' ? arg : arg?.query;
      // A script's query is for every granularity unless it names one; the palette's keeps the view's filter.
      const filter: Filter | undefined = query === undefined ? undefined : (typeof arg === 'object' && arg.granularity) || 'all';
      const fromPalette = query === undefined;
      if (query === undefined) {
        // From the palette: ask, then show the answer in the view; Escape just opens the view.
        query = await vscode.window.showInputBox({
          title: 'RTLens: Search Design',
          prompt: 'Describe a module, block or signal, or name it',
          placeHolder: 'e.g. module that synchronizes an asynchronous reset',
          value: view.query(),
        });
        if (query === undefined) {
          await view.reveal(false);
          return undefined;
        }
      }
      const running = view.search(query, filter, true);
      // The palette's user goes on in the view; a script's keeps the focus where it was.
      await view.reveal(!fromPalette);
      return running;
    }),
    vscode.commands.registerCommand('rtlens.findSimilar', async (arg?: unknown) => {
      const at = positionArgument(arg) ?? cursor();
      if (!at) {
        void vscode.window.showInformationMessage('RTLens: put the cursor on a module, block or signal to find similar ones.');
        return undefined;
      }
      const params: FindSimilarParams = { textDocument: { uri: at.uri }, position: at.position, k: SIMILAR_K };
      const running = view.similar(params, `Similar to ${at.label}`);
      await view.reveal(true);
      return running;
    }),
    vscode.commands.registerCommand('rtlens.copyContextPack', (arg?: unknown) => copyContextPack(client, arg)),
  );
  return view;
}

/** The Search view: a webview that posts queries and picks, and renders `ViewState`. */
export class SearchView implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly id = 'rtlens.search';
  private view: vscode.WebviewView | undefined;
  private state: ViewState = { query: '', filter: 'all', busy: false };
  private pending: vscode.CancellationTokenSource | undefined;
  private generation = 0;

  constructor(private readonly client: LanguageClient) {}

  query(): string {
    return this.state.query;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = { enableScripts: true, localResourceRoots: [] };
    view.webview.html = searchHtml(nonce());
    view.webview.onDidReceiveMessage((message: FromView) => void this.receive(message).catch((error) => this.client.outputChannel.appendLine(`RTLens search view: ${errorText(error)}`)));
    view.onDidDispose(() => {
      if (this.view === view) this.view = undefined;
    });
  }

  /** Shows the view; `preserveFocus` leaves the keyboard where it is (the editor, for Find Similar). */
  async reveal(preserveFocus: boolean): Promise<void> {
    if (this.view) this.view.show(preserveFocus);
    else await vscode.commands.executeCommand(`${SearchView.id}.focus`);
    if (!preserveFocus) void this.view?.webview.postMessage({ type: 'focus' });
  }

  /** `filter` defaults to the view's; `setInput` puts the query into the view's box (a command's query). */
  search(query: string, filter: Filter | undefined, setInput: boolean): Promise<SearchResult | undefined> {
    const chosen = filter ?? this.state.filter;
    const params: SearchParams = { query, ...(chosen !== 'all' ? { granularity: chosen } : {}) };
    return this.run({ query, filter: chosen, heading: undefined }, setInput, (token) => this.client.sendRequest<SearchResult | null>(Requests.search, params, token));
  }

  similar(params: FindSimilarParams, heading: string): Promise<SearchResult | undefined> {
    // The box empties: what is shown is no longer the answer to the query in it (the heading says what it is).
    return this.run({ heading, query: '' }, true, (token) => this.client.sendRequest<SearchResult | null>(Requests.findSimilar, params, token));
  }

  dispose(): void {
    this.pending?.cancel();
    this.pending?.dispose();
  }

  /**
   * Runs one request; a newer one cancels it, and only the newest answer is shown. A partial
   * answer (the index still being built) is asked again every 1.5 s until it is complete, so
   * the view completes itself (`refreshes` counts the repeats, at most 400: 10 minutes).
   */
  private async run(next: Partial<ViewState>, setInput: boolean, request: (token: vscode.CancellationToken) => Promise<SearchResult | null>, refreshes = 0): Promise<SearchResult | undefined> {
    this.pending?.cancel();
    this.pending?.dispose();
    const source = new vscode.CancellationTokenSource();
    this.pending = source;
    const generation = ++this.generation;
    if (refreshes === 0) this.update({ ...next, busy: true, error: undefined }, setInput);
    try {
      const result = await request(source.token);
      if (generation !== this.generation) return result ?? undefined;
      if (!result) this.update({ busy: false, result: undefined, error: 'The language server gave no answer (see "RTLens: Show Logs").' });
      else this.update({ busy: false, result: { ...result, hits: result.hits.map(toRow) } });
      if (result?.partial && refreshes < 400) {
        setTimeout(() => {
          if (generation === this.generation) void this.run({}, false, request, refreshes + 1);
        }, 1500);
      }
      return result ?? undefined;
    } catch (error) {
      if (generation === this.generation) this.update({ busy: false, result: undefined, error: `Search failed: ${errorText(error)}` });
      return undefined;
    } finally {
      if (this.pending === source) this.pending = undefined;
      source.dispose();
    }
  }

  private update(change: Partial<ViewState>, setInput = false): void {
    this.state = { ...this.state, ...change };
    void this.view?.webview.postMessage({ type: 'state', state: this.state, setInput });
  }

  private async receive(message: FromView): Promise<void> {
    switch (message.type) {
      case 'ready':
        // A new webview (first show, or re-created): it gets what the last one showed, or, if
        // the extension has nothing yet, its own remembered query is run again.
        if (!this.state.result && !this.state.error && message.query) await this.search(message.query, validFilter(message.filter), false);
        else this.update({}, true);
        return;
      case 'search':
        await this.search(String(message.query ?? ''), validFilter(message.filter), false);
        return;
      case 'open':
        await openRange(message.uri, message.range).catch((error) => this.update({ error: `Could not open ${message.uri}: ${errorText(error)}` }));
        return;
      case 'context':
        await vscode.commands.executeCommand('rtlens.copyContextPack', message.key);
        return;
      case 'similar':
        await vscode.commands.executeCommand('rtlens.findSimilar', { uri: message.uri, position: message.position, label: message.label });
        return;
    }
  }
}

function validFilter(filter: unknown): Filter {
  return FILTERS.includes(filter as Filter) ? (filter as Filter) : 'all';
}

function toRow(hit: SearchHitView): HitRow {
  let where = hit.uri;
  try {
    where = vscode.workspace.asRelativePath(vscode.Uri.parse(hit.uri), false);
  } catch {
    // Keep the raw URI: the view still shows something to click.
  }
  if (hit.repository) {
    // Outside the workspace the path is absolute: from the repository's folder on, after its name.
    const at = where.lastIndexOf(`/${hit.repository}/`);
    where = `${hit.repository}: ${at >= 0 ? where.slice(at + hit.repository.length + 2) : where}`;
  }
  return { ...hit, where: `${where}:${hit.range.start.line + 1}` };
}

function toRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

/** Opens a hit: a one-line range is selected, a longer one (a whole module) gets the cursor at its start. */
async function openRange(uri: string, range: Range): Promise<void> {
  const target = toRange(range);
  const selection = target.isSingleLine ? target : new vscode.Range(target.start, target.start);
  const editor = await vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection, preview: true });
  editor.revealRange(new vscode.Range(target.start, target.start), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

interface At {
  uri: string;
  position: { line: number; character: number };
  label: string;
}

/** `{uri, position, label?}` from the view or a script; anything else (the editor menu's Uri) means the cursor. */
function positionArgument(arg: unknown): At | undefined {
  if (typeof arg !== 'object' || arg === null || arg instanceof vscode.Uri) return undefined;
  const { uri, position, label } = arg as Partial<At>;
  if (typeof uri !== 'string' || typeof position?.line !== 'number' || typeof position.character !== 'number') return undefined;
  return { uri, position: { line: position.line, character: position.character }, label: label ?? `${vscode.workspace.asRelativePath(vscode.Uri.parse(uri), false)}:${position.line + 1}` };
}

function cursor(): At | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const { document } = editor;
  const position = editor.selection.active;
  const word = document.getWordRangeAtPosition(position, /[A-Za-z_][A-Za-z0-9_$]*/);
  const where = `${vscode.workspace.asRelativePath(document.uri, false)}:${position.line + 1}`;
  return {
    uri: document.uri.toString(),
    position: { line: position.line, character: position.character },
    label: word ? `${document.getText(word)} (${where})` : where,
  };
}

/**
 * Copy Context Pack: for a hit's key (a string or `{key}`, from the view) or the cursor. Copies
 * the Markdown and offers to open it; `{key, open: true}` opens it at once. Returns the pack.
 */
async function copyContextPack(client: LanguageClient, arg: unknown): Promise<ContextPackResult | undefined> {
  const key = typeof arg === 'string' ? arg : typeof arg === 'object' && arg !== null && typeof (arg as { key?: unknown }).key === 'string' ? (arg as { key: string }).key : undefined;
  const open = typeof arg === 'object' && arg !== null && (arg as { open?: unknown }).open === true;
  let params: ContextPackParams;
  if (key !== undefined) params = { key };
  else {
    const at = cursor();
    if (!at) {
      void vscode.window.showInformationMessage('RTLens: put the cursor on a module, block or signal to build its context pack.');
      return undefined;
    }
    params = { textDocument: { uri: at.uri }, position: at.position };
  }
  let pack: ContextPackResult | null;
  try {
    pack = await client.sendRequest<ContextPackResult | null>(Requests.contextPack, params);
  } catch (error) {
    void vscode.window.showErrorMessage(`RTLens: the context pack failed: ${errorText(error)}`);
    return undefined;
  }
  if (!pack?.markdown) {
    void vscode.window.showInformationMessage('RTLens: there is no module, block or signal here to build a context pack from.');
    return pack ?? undefined;
  }
  if (open) {
    await openMarkdown(pack);
    return pack;
  }
  let copied = true;
  try {
    await vscode.env.clipboard.writeText(pack.markdown);
  } catch {
    // A browser may refuse the clipboard (code-server without a secure context): offer the document instead.
    copied = false;
  }
  const shown = pack;
  void vscode.window
    .showInformationMessage(copied ? `RTLens: context pack for ${pack.title} copied to the clipboard.` : `RTLens: the clipboard is not available; open the context pack for ${pack.title} as Markdown instead.`, 'Open as Markdown')
    .then((choice) => (choice ? openMarkdown(shown) : undefined));
  return pack;
}

async function openMarkdown(pack: ContextPackResult): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: pack.markdown });
  await vscode.window.showTextDocument(document, { preview: false });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The view's page. Its script renders the state the extension posts and posts back queries
 * (debounced while typing, at once on Enter) and picks. Theme colours come only from VS Code's
 * CSS variables; nothing is loaded from outside (CSP: nonce only).
 */
function searchHtml(nonce: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>RTLens Search</title>
<style nonce="${nonce}">
html, body { margin: 0; padding: 0; }
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); font-weight: var(--vscode-font-weight); color: var(--vscode-foreground); background: transparent; padding: 6px 8px 8px 8px; }
button { font-family: inherit; font-size: inherit; cursor: pointer; }
:focus { outline: none; }
:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
#query { box-sizing: border-box; width: 100%; padding: 4px 6px; color: var(--vscode-input-foreground); background: var(--vscode-input-background); border: 1px solid var(--vscode-input-border, transparent); border-radius: 2px; font-family: inherit; font-size: inherit; }
#query::placeholder { color: var(--vscode-input-placeholderForeground); }
#query:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
#filters { display: flex; flex-wrap: wrap; gap: 4px; margin: 6px 0; }
#filters button { padding: 1px 8px; border-radius: 2px; color: var(--vscode-foreground); background: transparent; border: 1px solid var(--vscode-button-secondaryBackground, var(--vscode-input-border, transparent)); }
#filters button:hover { background: var(--vscode-toolbar-hoverBackground, var(--vscode-list-hoverBackground)); }
#filters button[aria-pressed="true"] { color: var(--vscode-inputOption-activeForeground, var(--vscode-foreground)); background: var(--vscode-inputOption-activeBackground, var(--vscode-list-activeSelectionBackground)); border-color: var(--vscode-inputOption-activeBorder, var(--vscode-focusBorder)); }
#heading { font-weight: bold; margin: 4px 0; overflow-wrap: anywhere; }
#status { color: var(--vscode-descriptionForeground); font-size: 0.92em; margin: 2px 0 4px 0; overflow-wrap: anywhere; }
#status .partial { color: var(--vscode-editorWarning-foreground, var(--vscode-foreground)); font-weight: bold; }
#message { color: var(--vscode-descriptionForeground); margin: 2px 0 4px 0; overflow-wrap: anywhere; }
#error { color: var(--vscode-errorForeground); margin: 4px 0; overflow-wrap: anywhere; }
[hidden] { display: none !important; }
#results { list-style: none; margin: 0; padding: 0; }
#results[aria-busy="true"] { opacity: 0.6; }
.hit { padding: 4px 6px; margin: 0 -6px; border-radius: 2px; cursor: pointer; border: 1px solid transparent; }
.hit:hover { background: var(--vscode-list-hoverBackground); color: var(--vscode-list-hoverForeground, inherit); }
.hit.active { background: var(--vscode-list-inactiveSelectionBackground); color: var(--vscode-list-inactiveSelectionForeground, inherit); }
.hit:focus { background: var(--vscode-list-activeSelectionBackground); color: var(--vscode-list-activeSelectionForeground, inherit); border-color: var(--vscode-list-focusOutline, var(--vscode-focusBorder)); outline: none; }
.head { display: flex; align-items: baseline; gap: 6px; min-width: 0; }
.badge { flex: none; font-size: 0.8em; padding: 0 5px; border-radius: 8px; color: var(--vscode-badge-foreground); background: var(--vscode-badge-background); text-transform: lowercase; }
.label { font-weight: bold; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; min-width: 0; }
.where { margin-left: auto; flex: none; color: var(--vscode-descriptionForeground); font-size: 0.9em; }
.summary { margin: 2px 0; overflow-wrap: anywhere; }
.snippet { margin: 2px 0; padding: 2px 4px; overflow: hidden; white-space: pre; font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size, 0.9em); color: var(--vscode-editor-foreground, inherit); background: var(--vscode-textCodeBlock-background, var(--vscode-editor-background)); border-radius: 2px; }
.actions { display: flex; gap: 4px; }
.actions button { padding: 0 6px; font-size: 0.9em; color: var(--vscode-button-secondaryForeground, var(--vscode-foreground)); background: var(--vscode-button-secondaryBackground, transparent); border: 1px solid transparent; border-radius: 2px; }
.actions button:hover { background: var(--vscode-button-secondaryHoverBackground, var(--vscode-list-hoverBackground)); }
</style></head>
<body>
<input id="query" type="text" role="searchbox" aria-label="Search the design" aria-controls="results" placeholder="Search modules, blocks, signals" spellcheck="false" autocomplete="off">
<div id="filters" role="group" aria-label="Granularity">
  <button type="button" data-filter="all" aria-pressed="true">All</button>
  <button type="button" data-filter="module" aria-pressed="false">Modules</button>
  <button type="button" data-filter="block" aria-pressed="false">Blocks</button>
  <button type="button" data-filter="signal" aria-pressed="false">Signals</button>
</div>
<div id="heading" hidden></div>
<div id="status" role="status" aria-live="polite"></div>
<div id="message" hidden></div>
<div id="error" role="alert" hidden></div>
<ul id="results" role="list" aria-label="Search results"></ul>
<script nonce="${nonce}">${VIEW_SCRIPT}</script>
</body></html>`;
}

// The view's script, plain browser JavaScript (no template literals inside: it lives in one).
const VIEW_SCRIPT = `
(function () {
  'use strict';
  var vscode = acquireVsCodeApi();
  var input = document.getElementById('query');
  var list = document.getElementById('results');
  var statusLine = document.getElementById('status');
  var messageLine = document.getElementById('message');
  var errorLine = document.getElementById('error');
  var heading = document.getElementById('heading');
  var filterButtons = Array.prototype.slice.call(document.querySelectorAll('#filters button'));
  var DEBOUNCE_MS = 200;
  var state = vscode.getState() || { query: '', filter: 'all', busy: false };
  var active = 0;
  var timer;

  function post(message) { vscode.postMessage(message); }
  function save() { vscode.setState(state); }

  function search(now) {
    clearTimeout(timer);
    var send = function () {
      post({ type: 'search', query: input.value, filter: state.filter });
      // Busy at once, not when the extension's answer to this says so: the list is stale from now.
      state.busy = true;
      render();
    };
    if (now) send(); else timer = setTimeout(send, DEBOUNCE_MS);
  }

  function label(hit) {
    if (hit.granularity === 'signal') return hit.module + '.' + (hit.signal || '');
    if (hit.granularity === 'block') return hit.module + ' \\u00b7 ' + (hit.block || 'block') + (hit.signal ? ' \\u2192 ' + hit.signal : '');
    return hit.module;
  }

  function visibleHits() {
    var hits = (state.result && state.result.hits) || [];
    // Find Similar has no filter of its own: the view narrows what it shows.
    return state.filter === 'all' ? hits : hits.filter(function (h) { return h.granularity === state.filter; });
  }

  function rows() { return Array.prototype.slice.call(list.querySelectorAll('.hit')); }

  function setActive(index, focus) {
    var all = rows();
    if (all.length === 0) return;
    active = Math.max(0, Math.min(index, all.length - 1));
    all.forEach(function (row, i) {
      var on = i === active;
      row.tabIndex = on ? 0 : -1;
      row.classList.toggle('active', on);
      row.querySelectorAll('button').forEach(function (b) { b.tabIndex = on ? 0 : -1; });
    });
    if (focus) { all[active].focus(); all[active].scrollIntoView({ block: 'nearest' }); }
  }

  function open(hit) { post({ type: 'open', uri: hit.uri, range: hit.range }); }

  function element(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function snippetText(snippet) {
    var lines = String(snippet).split('\\n');
    return lines.slice(0, 4).join('\\n') + (lines.length > 4 ? '\\n\\u2026' : '');
  }

  function renderFilters() {
    filterButtons.forEach(function (b) { b.setAttribute('aria-pressed', String(b.dataset.filter === state.filter)); });
  }

  function render() {
    renderFilters();
    heading.hidden = !state.heading;
    heading.textContent = state.heading || '';
    errorLine.hidden = !state.error;
    errorLine.textContent = state.error || '';
    var result = state.result;
    var hits = visibleHits();
    statusLine.textContent = '';
    if (state.busy) statusLine.textContent = 'Searching\\u2026';
    else if (result) {
      var total = (result.hits || []).length;
      var text = hits.length + (hits.length === 1 ? ' result' : ' results');
      if (hits.length !== total) text += ' of ' + total;
      if (typeof result.ms === 'number') text += ' \\u00b7 ' + Math.round(result.ms) + ' ms';
      var understood = result.understood;
      if (understood && (understood.granularity || (understood.identifiers && understood.identifiers.length))) {
        var parts = [];
        if (understood.granularity) parts.push(understood.granularity + 's');
        if (understood.identifiers && understood.identifiers.length) parts.push('names ' + understood.identifiers.join(', '));
        text += ' \\u00b7 looking for ' + parts.join(', ');
      }
      statusLine.appendChild(document.createTextNode(text));
      if (result.partial) {
        statusLine.appendChild(document.createTextNode(' \\u00b7 '));
        statusLine.appendChild(element('span', 'partial', 'partial: index still building, updating\\u2026'));
      }
    }
    messageLine.hidden = !(result && result.message);
    messageLine.textContent = (result && result.message) || '';
    list.setAttribute('aria-busy', String(!!state.busy));
    list.textContent = '';
    hits.forEach(function (hit, index) {
      var row = element('li', 'hit');
      row.setAttribute('role', 'listitem');
      row.tabIndex = -1;
      row.dataset.index = String(index);
      var name = label(hit);
      row.setAttribute('aria-label', hit.granularity + ' ' + name + ': ' + hit.summary + ', ' + hit.where);
      row.title = hit.summary + '\\n' + hit.where + ' \\u00b7 score ' + (typeof hit.score === 'number' ? hit.score.toFixed(3) : '');
      var head = element('div', 'head');
      head.appendChild(element('span', 'badge ' + hit.granularity, hit.granularity));
      head.appendChild(element('span', 'label', name));
      head.appendChild(element('span', 'where', hit.where));
      row.appendChild(head);
      row.appendChild(element('div', 'summary', hit.summary));
      if (hit.snippet) {
        var pre = element('pre', 'snippet');
        pre.appendChild(element('code', '', snippetText(hit.snippet)));
        pre.setAttribute('aria-hidden', 'true');
        row.appendChild(pre);
      }
      var actions = element('div', 'actions');
      var context = element('button', 'context', 'Context');
      context.type = 'button';
      context.title = 'Copy the context pack (item, drivers and loads, ports, parents) as Markdown';
      context.setAttribute('aria-label', 'Copy context pack of ' + name);
      context.addEventListener('click', function (e) { e.stopPropagation(); post({ type: 'context', key: hit.key }); });
      var similar = element('button', 'similar', 'Similar');
      similar.type = 'button';
      similar.title = 'Find items like this one';
      similar.setAttribute('aria-label', 'Find items similar to ' + name);
      similar.addEventListener('click', function (e) { e.stopPropagation(); post({ type: 'similar', uri: hit.uri, position: hit.range.start, label: name }); });
      actions.appendChild(context);
      actions.appendChild(similar);
      row.appendChild(actions);
      row.addEventListener('click', function () { setActive(index, false); open(hit); });
      row.addEventListener('focus', function () { if (active !== index) setActive(index, false); });
      list.appendChild(row);
    });
    setActive(Math.min(active, Math.max(0, hits.length - 1)), false);
  }

  input.addEventListener('input', function () {
    state.query = input.value;
    state.heading = undefined;
    active = 0;
    save();
    search(false);
  });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter') { e.preventDefault(); active = 0; search(true); }
    else if (e.key === 'ArrowDown' && rows().length > 0) { e.preventDefault(); setActive(0, true); }
  });
  filterButtons.forEach(function (button) {
    button.addEventListener('click', function () {
      state.filter = button.dataset.filter;
      active = 0;
      save();
      render();
      // A search asks the server again with the granularity; similar results are narrowed here.
      if (!state.heading && input.value.trim() !== '') search(true);
    });
  });
  list.addEventListener('keydown', function (e) {
    var onRow = e.target && e.target.classList && e.target.classList.contains('hit');
    var count = rows().length;
    if (e.key === 'ArrowDown') { e.preventDefault(); setActive(active + 1, true); }
    else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (active === 0) input.focus(); else setActive(active - 1, true);
    }
    else if (e.key === 'Home') { e.preventDefault(); setActive(0, true); }
    else if (e.key === 'End') { e.preventDefault(); setActive(count - 1, true); }
    else if (e.key === 'Escape') { e.preventDefault(); input.focus(); }
    else if ((e.key === 'Enter' || e.key === ' ') && onRow) {
      e.preventDefault();
      var hit = visibleHits()[active];
      if (hit) open(hit);
    }
  });

  window.addEventListener('message', function (event) {
    var message = event.data || {};
    if (message.type === 'state') {
      var previous = state;
      state = message.state;
      if (message.setInput) input.value = state.query || '';
      if (state.query !== previous.query || state.heading !== previous.heading) active = 0;
      save();
      render();
    } else if (message.type === 'focus') {
      input.focus();
    }
  });
  // When the view gets focus from outside (its command, Ctrl+0 and friends), the query box takes it.
  window.addEventListener('focus', function () { if (document.activeElement === document.body || !document.activeElement) input.focus(); });

  input.value = state.query || '';
  render();
  post({ type: 'ready', query: state.query, filter: state.filter });
})();
`;
