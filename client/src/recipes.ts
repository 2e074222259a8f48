import * as vscode from 'vscode';
import { randomHex, nonce } from './nonce';
import { type BaseLanguageClient as LanguageClient, WorkDoneProgress } from 'vscode-languageclient';
import { type DesignScriptAnswer, type RecipeQorView, type RecommendRecipeAnswer, type RecommendRecipeParams, type RecommendRecipeResult, Requests } from '../../protocol';
import { askForTrust } from './trust';

/**
 * "RTLens: Recommend Synthesis Recipe": asks the server for the module at the cursor (or one
 * picked from the workspace's modules), shows the server's work-done progress in a cancellable
 * notification (cancel cancels the request), then opens the result view: the recommended
 * recipe against resyn2 and Yosys's default flow, whether ABC's cec proved it, the knowledge-base
 * designs that seeded the search, and buttons to copy the recipe or save it in the workspace
 * settings (`rtlens.recipes.saved`). The server searches and measures; this file only shows.
 */

/** Arguments a script or a test may pass: the module, the budget, whether to skip the view. */
interface RecipeCommandArgs {
  module?: string;
  budget?: number;
  show?: boolean;
}

type FromView = { type: 'copy'; what: 'abc' | 'yosys' } | { type: 'save' };

export function registerRecipes(context: vscode.ExtensionContext, client: LanguageClient): void {
  let panel: vscode.WebviewPanel | undefined;
  let shown: RecommendRecipeResult | undefined;

  const show = (result: RecommendRecipeResult) => {
    shown = result;
    if (!panel) {
      panel = vscode.window.createWebviewPanel('rtlens.recipe', 'RTLens Recipe', vscode.ViewColumn.Beside, { enableScripts: true, localResourceRoots: [] });
      panel.onDidDispose(() => (panel = undefined), undefined, context.subscriptions);
      panel.webview.onDidReceiveMessage((message: FromView) => (shown ? onMessage(shown, message) : undefined), undefined, context.subscriptions);
    }
    panel.title = `Recipe: ${result.module}`;
    panel.webview.html = recipeHtml(result, nonce());
    panel.reveal(undefined, true);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('rtlens.recommendRecipe', async (arg?: RecipeCommandArgs) => {
      const module = arg?.module ?? (await moduleAtCursor()) ?? (await pickModule());
      if (!module) return undefined;
      if (!(await askForTrust(`the recipe search for ${module}`))) return { module, error: 'the workspace is not trusted' };
      const answer = await recommend(client, { module, ...(arg?.budget ? { budget: arg.budget } : {}) });
      if ('error' in answer) {
        if (answer.cancelled) vscode.window.setStatusBarMessage(`RTLens: recipe search for ${module} cancelled`, 4000);
        else void vscode.window.showWarningMessage(`RTLens: ${answer.error}`);
        return answer;
      }
      if (arg?.show !== false) show(answer);
      return answer;
    }),
    // The whole design as one Yosys script with the saved recipes, opened as a new editor to save or run.
    vscode.commands.registerCommand('rtlens.exportDesignScript', async (arg?: { top?: string; show?: boolean }) => {
      const top = arg?.top ?? (await moduleAtCursor()) ?? (await pickModule());
      if (!top) return undefined;
      const answer = await client.sendRequest<DesignScriptAnswer>(Requests.designScript, { top });
      if ('error' in answer) {
        void vscode.window.showWarningMessage(`RTLens: ${answer.error}`);
        return answer;
      }
      if (arg?.show !== false) {
        const document = await vscode.workspace.openTextDocument({ content: answer.script, language: 'plaintext' });
        await vscode.window.showTextDocument(document, { preview: false });
        const left = answer.skipped.length ? `; left out: ${answer.skipped.map((s) => `${s.module} (${s.reason})`).join(', ')}` : '';
        void vscode.window.showInformationMessage(`RTLens: Yosys script for ${top} with ${answer.withRecipe.length} saved recipe${answer.withRecipe.length === 1 ? '' : 's'}${left}.`);
      }
      return answer;
    }),
  );
}

/** The request with a cancellable progress notification fed by the server's work-done progress. */
async function recommend(client: LanguageClient, params: RecommendRecipeParams): Promise<RecommendRecipeAnswer> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `RTLens: recipe for ${params.module}`, cancellable: true }, async (progress, token) => {
    const workDoneToken = `rtlens-recipe-${randomHex(8)}`;
    let reported = 0;
    const listening = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
      if (value.kind === 'end') return;
      const percentage = value.percentage ?? reported;
      progress.report({ message: value.message, increment: Math.max(0, percentage - reported) });
      reported = Math.max(reported, percentage);
    });
    try {
      return await client.sendRequest<RecommendRecipeAnswer>(Requests.recommendRecipe, { ...params, workDoneToken }, token);
    } catch (error) {
      // The server answers its own failures; this is the connection's (server gone, cancelled before sending).
      return token.isCancellationRequested ? { module: params.module, error: 'cancelled', cancelled: true } : { module: params.module, error: error instanceof Error ? error.message : String(error) };
    } finally {
      listening.dispose();
    }
  });
}

/** The module whose text holds the cursor, from the server's outline. */
async function moduleAtCursor(): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !['verilog', 'systemverilog'].includes(editor.document.languageId)) return undefined;
  const symbols = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>('vscode.executeDocumentSymbolProvider', editor.document.uri);
  const cursor = editor.selection.active;
  const found = (symbols ?? []).find((s) => s.kind === vscode.SymbolKind.Module && ('range' in s ? s.range : s.location.range).contains(cursor));
  return found?.name;
}

/** A quick pick of the workspace's modules (the server's workspace symbols). */
async function pickModule(): Promise<string | undefined> {
  const symbols = (await vscode.commands.executeCommand<vscode.SymbolInformation[] | undefined>('vscode.executeWorkspaceSymbolProvider', '')) ?? [];
  const modules = new Map<string, vscode.SymbolInformation>();
  for (const s of symbols) if (s.kind === vscode.SymbolKind.Module && /\.(s?v|vh|svh|vl|svi)$/i.test(s.location.uri.path) && !modules.has(s.name)) modules.set(s.name, s);
  if (modules.size === 0) {
    void vscode.window.showInformationMessage('RTLens: no module in the workspace to recommend a recipe for.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    [...modules.values()].sort((a, b) => a.name.localeCompare(b.name)).map((s) => ({ label: s.name, description: vscode.workspace.asRelativePath(s.location.uri) })),
    { placeHolder: 'Module to recommend a synthesis recipe for', matchOnDescription: true },
  );
  return picked?.label;
}

async function onMessage(result: RecommendRecipeResult, message: FromView): Promise<void> {
  if (message.type === 'copy') {
    const text = message.what === 'abc' ? result.abcScript : result.yosysScript;
    const what = message.what === 'abc' ? 'ABC script' : 'Yosys command';
    try {
      await vscode.env.clipboard.writeText(text);
      void vscode.window.showInformationMessage(`RTLens: the recipe for ${result.module} copied as an ${what}.`);
    } catch {
      // A browser may refuse the clipboard (code-server without a secure context): show the text instead.
      const document = await vscode.workspace.openTextDocument({ content: `${text}\n` });
      await vscode.window.showTextDocument(document, { preview: false });
    }
  } else if (message.type === 'save') {
    const config = vscode.workspace.getConfiguration('rtlens.recipes');
    // The transforms, then the mapping unless it is Yosys's own (what the server's parseSavedFlow reads).
    const items = [...result.recipe, ...(result.mapping && result.mapping !== '&dch -f; &nf' ? [result.mapping] : [])];
    const saved = { ...(config.get<Record<string, string[]>>('saved') ?? {}), [result.module]: items };
    await config.update('saved', saved, vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
    void vscode.window.showInformationMessage(`RTLens: the recipe for ${result.module} saved in rtlens.recipes.saved.`);
  }
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function number(value: number, digits: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** recommended / baseline, marked better (< 1) or worse (> 1). */
function ratio(mine: number, theirs: number): string {
  if (!(theirs > 0)) return '<td>–</td>';
  const r = mine / theirs;
  const kind = r < 0.995 ? 'better' : r > 1.005 ? 'worse' : 'same';
  return `<td class="${kind}">${r.toFixed(2)}×</td>`;
}

const FIGURES: { key: keyof RecipeQorView; label: string; digits: number }[] = [
  { key: 'area', label: 'area', digits: 2 },
  { key: 'delayPs', label: 'delay (ps)', digits: 1 },
  { key: 'adp', label: 'ADP (area × delay)', digits: 0 },
  { key: 'ands', label: 'AND nodes', digits: 0 },
  { key: 'levels', label: 'levels', digits: 0 },
];

/**
 * The result view: theme colours only through VS Code's CSS variables, nothing loaded from
 * outside (CSP: nonce only). The page holds no data the buttons need: they name an action and
 * the extension acts on the result it showed.
 */
function recipeHtml(result: RecommendRecipeResult, nonce: string): string {
  const rows: { flow: string; label: string; qor?: RecipeQorView }[] = [
    { flow: 'recommended', label: 'recommended recipe', qor: result.qor },
    { flow: 'resyn2', label: 'resyn2', qor: result.baseline.resyn2 },
    { flow: 'resyn2-map', label: 'resyn2 + map', qor: result.baseline.resyn2Map },
    { flow: 'yosys-default', label: "Yosys's default (abc -liberty)", qor: result.baseline.yosysDefault },
  ];
  const figureRows = rows
    .map((r) => `<tr data-flow="${r.flow}"><th scope="row">${escape(r.label)}</th>${FIGURES.map((f) => `<td>${r.qor ? number(r.qor[f.key], f.digits) : '–'}</td>`).join('')}</tr>`)
    .join('\n');
  const ratioRows = rows
    .slice(1)
    .filter((r) => r.qor)
    .map((r) => `<tr data-flow="ratio-${r.flow}" class="ratio"><th scope="row">recommended ÷ ${escape(r.label)}</th>${FIGURES.map((f) => ratio(result.qor[f.key], r.qor![f.key])).join('')}</tr>`)
    .join('\n');
  const adpVs = (q: RecipeQorView | undefined, name: string) => (q && q.adp > 0 ? `${(result.qor.adp / q.adp).toFixed(2)}× ${name}` : undefined);
  const headline = [adpVs(result.baseline.resyn2, 'resyn2'), adpVs(result.baseline.resyn2Map, 'resyn2 + map'), adpVs(result.baseline.yosysDefault, "Yosys's default")].filter(Boolean).join(' · ');
  const equivalence = result.equivalent
    ? `<p id="equivalence" class="ok" role="status">✓ proven equivalent (ABC cec) to the synthesized logic</p>`
    : `<p id="equivalence" class="warning" role="alert">⚠ not proven equivalent: no candidate passed ABC's cec, so the figures are resyn2's. Check any recipe before you use it.</p>`;
  const neighbours = result.neighbours.length
    ? `<ul id="neighbours">${result.neighbours.map((n) => `<li><code>${escape(n.design)}</code> <span class="dim">similarity ${n.similarity.toFixed(2)}, distance ${n.distance.toFixed(3)}</span></li>`).join('')}</ul>
<p class="dim">Trust in their recipes: ${Math.round(result.alpha * 100)}%${result.alpha < 0.2 ? ' (this design is far from every known one: the search relied on its own evaluations)' : ''}.</p>`
    : '<p class="dim">The knowledge base is empty: the search started from resyn2 alone.</p>';
  const seconds = (result.ms / 1000).toFixed(1);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>RTLens recipe: ${escape(result.module)}</title>
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 16px 16px 16px; }
h2 { font-weight: 600; margin-bottom: 4px; } h3 { font-weight: 600; margin: 18px 0 6px 0; }
.dim { color: var(--vscode-descriptionForeground); }
code, pre { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size, 0.95em); }
table { border-collapse: collapse; margin-top: 8px; }
th, td { padding: 3px 10px; text-align: right; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent)); }
th[scope="row"], thead th:first-child { text-align: left; font-weight: normal; }
thead th { font-weight: 600; }
tr[data-flow="recommended"] th, tr[data-flow="recommended"] td { font-weight: 600; }
tr.ratio { color: var(--vscode-descriptionForeground); }
td.better { color: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); }
td.worse { color: var(--vscode-errorForeground); }
.ok { color: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); font-weight: 600; }
.warning { color: var(--vscode-editorWarning-foreground, var(--vscode-errorForeground)); font-weight: 600; }
.note { padding: 4px 8px; border-left: 3px solid var(--vscode-editorInfo-foreground, var(--vscode-focusBorder)); background: var(--vscode-textBlockQuote-background, transparent); }
ol#recipe { margin: 4px 0; padding-left: 2.2em; column-width: 11em; column-gap: 2em; max-width: 56em; } ol#recipe li { margin: 1px 0; break-inside: avoid; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; padding: 6px 8px; background: var(--vscode-textCodeBlock-background, var(--vscode-editor-background)); border-radius: 2px; }
#actions { display: flex; flex-wrap: wrap; gap: 6px; margin: 10px 0; }
button { font-family: inherit; font-size: inherit; cursor: pointer; padding: 4px 10px; border: 1px solid var(--vscode-button-border, transparent); border-radius: 2px; color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
button:hover { background: var(--vscode-button-hoverBackground); }
button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
button.secondary:hover { background: var(--vscode-button-secondaryHoverBackground); }
button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
</style></head>
<body>
<h2>Synthesis recipe for <code>${escape(result.module)}</code></h2>
<p class="dim" id="summary">Target: ${escape(result.target)} · ${result.evaluations} recipe evaluations in ${result.yosysRuns} Yosys runs · ${seconds} s${headline ? ` · ADP ${escape(headline)}` : ''}</p>
${equivalence}
${result.note ? `<p class="note" id="note">${escape(result.note)}</p>` : ''}
${result.partial ? `<p class="note" id="partial">${escape(result.partial)}</p>` : ''}
<table id="qor" aria-label="Quality of result against the baselines">
<thead><tr><th>flow</th>${FIGURES.map((f) => `<th>${escape(f.label)}</th>`).join('')}</tr></thead>
<tbody>
${figureRows}
${ratioRows}
</tbody></table>
<p class="dim">Area and delay from ABC's <code>stime</code> after each flow's mapping to ${escape(result.target)}; AND nodes and levels of the AIG after the recipe (before: ${result.aig.ands} ANDs, ${result.aig.levels} levels, ${result.aig.inputs} inputs, ${result.aig.outputs} outputs).</p>
<p id="verdict">${escape(result.verdict)}</p>
${result.recommended === 'yosys-default' ? `<h3>Recommended: Yosys's default flow</h3>` : `<h3>Recipe (${result.recipe.length} steps)</h3>
<ol id="recipe">${result.recipe.map((step) => `<li><code>${escape(step)}</code></li>`).join('')}</ol>
<p id="mapping">Mapping: <code>${escape(result.mapping ?? '&dch -f; &nf')}</code></p>`}
<div id="actions">
<button type="button" id="copy-abc">Copy as ABC script</button>
<button type="button" id="copy-yosys" class="secondary">Copy as Yosys script</button>
${result.recommended === 'yosys-default' ? '' : '<button type="button" id="save" class="secondary">Save in workspace settings</button>'}
</div>
<pre id="abc-script" aria-label="ABC script">${escape(result.abcScript)}</pre>
<h3>Nearest designs in the knowledge base</h3>
${neighbours}
<script nonce="${nonce}">
(function () {
  var vscode = acquireVsCodeApi();
  document.getElementById('copy-abc').addEventListener('click', function () { vscode.postMessage({ type: 'copy', what: 'abc' }); });
  document.getElementById('copy-yosys').addEventListener('click', function () { vscode.postMessage({ type: 'copy', what: 'yosys' }); });
  var save = document.getElementById('save');
  if (save) save.addEventListener('click', function () { vscode.postMessage({ type: 'save' }); });
})();
</script>
</body></html>`;
}
