import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Notifications, type PpaHotspotsResult, type PpaReportResult, type PpaRowView, Requests } from '../../protocol';

/**
 * PPA in the editor: the status-bar item with the current target, "Synthesize" for a module,
 * and the report view (a table and a bar chart of area and delay per module, exported to JSON
 * or CSV). The figures come from the server; this file only shows them.
 */
const TARGETS = ['generic', 'ice40', 'ecp5', 'xilinx', 'gowin'];

export function registerPpa(context: vscode.ExtensionContext, client: LanguageClient): void {
  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 50);
  status.name = 'RTLens PPA target';
  status.command = 'rtlens.chooseTarget';
  const refreshStatus = async () => {
    const config = vscode.workspace.getConfiguration('rtlens.ppa');
    const liberty = config.get<string>('liberty');
    const target = await client
      .sendRequest<{ target: string; error?: string; calibration?: { samples?: number; error?: string; errors?: Record<string, { before: number; after: number }> } }>(Requests.ppaTarget)
      .catch(() => undefined);
    const c = target?.calibration;
    const area = c?.errors?.areaUm2 ?? c?.errors?.size;
    status.text = `$(dashboard) ${target?.target ?? (liberty ? 'liberty' : (config.get<string>('target') ?? 'generic'))}${c?.samples ? ' (calibrated)' : ''}`;
    const calibrated = c?.samples ? `; calibrated to ${c.samples} of your results${area ? ` (area error ${area.before}% -> ${area.after}%, leave-one-out)` : ''}` : c?.error ? `; calibration failed: ${c.error}` : '';
    status.tooltip = target?.error ? `RTLens PPA: ${target.error}` : `RTLens PPA target${liberty ? `: ${liberty}` : ''}${calibrated}; click to change`;
    status.show();
  };
  let panel: vscode.WebviewPanel | undefined;
  let last: PpaReportResult | undefined;
  let lastScope: { scope: { module?: string; uri?: string }; title: string } | undefined;

  const moduleAtCursor = (): string | undefined => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return undefined;
    const text = editor.document.getText(new vscode.Range(new vscode.Position(0, 0), editor.selection.active));
    const all = [...text.matchAll(/\bmodule\s+(?:automatic\s+|static\s+)?([A-Za-z_][A-Za-z0-9_$]*)/g)];
    return all[all.length - 1]?.[1];
  };

  const show = (result: PpaReportResult, title: string) => {
    last = result;
    panel ??= vscode.window.createWebviewPanel('rtlens.ppa', 'RTLens PPA', vscode.ViewColumn.Beside, { enableScripts: true });
    panel.onDidDispose(() => (panel = undefined));
    panel.title = `PPA: ${title}`;
    panel.webview.html = reportHtml(result, title, panel.webview.cspSource);
    panel.webview.onDidReceiveMessage(async (message: { export?: 'json' | 'csv'; open?: { uri: string; line: number } }) => {
      if (message.open) {
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(message.open.uri));
        await vscode.window.showTextDocument(doc, { selection: new vscode.Range(message.open.line, 0, message.open.line, 0), viewColumn: vscode.ViewColumn.One });
      }
      if (message.export && last) await exportReport(last, message.export);
    });
    panel.reveal(undefined, true);
  };

  const report = async (scope: { module?: string; uri?: string }, title: string) => {
    lastScope = { scope, title };
    const result = await client.sendRequest<PpaReportResult>(Requests.ppaReport, scope);
    show(result, title);
    return result;
  };

  // Hotspots: lines that carry much of a module's area get a tint and their share; the
  // estimated critical path gets a mark in the overview ruler and the gutter side.
  const areaDecoration = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('editor.wordHighlightBackground'),
    isWholeLine: true,
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 2em' },
  });
  const criticalDecoration = vscode.window.createTextEditorDecorationType({
    borderWidth: '0 0 0 3px',
    borderStyle: 'solid',
    borderColor: new vscode.ThemeColor('editorWarning.foreground'),
    overviewRulerColor: new vscode.ThemeColor('editorWarning.foreground'),
    overviewRulerLane: vscode.OverviewRulerLane.Right,
    isWholeLine: true,
  });
  let hotspotTimer: NodeJS.Timeout | undefined;
  const showHotspots = async (editor: vscode.TextEditor | undefined) => {
    if (!editor || !['verilog', 'systemverilog'].includes(editor.document.languageId)) return undefined;
    if (!vscode.workspace.getConfiguration('rtlens.ppa').get<boolean>('hotspots', true)) {
      editor.setDecorations(areaDecoration, []);
      editor.setDecorations(criticalDecoration, []);
      return undefined;
    }
    const spots = await client.sendRequest<PpaHotspotsResult>(Requests.ppaHotspots, { uri: editor.document.uri.toString() }).catch(() => undefined);
    if (!spots) return undefined;
    const range = (r: PpaHotspotsResult['area'][number]['range']) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
    editor.setDecorations(
      areaDecoration,
      spots.area.map((a) => ({ range: range(a.range), hoverMessage: `RTLens: about ${a.sharePct}% of the module's estimated area (${a.label})`, renderOptions: { after: { contentText: `≈${a.sharePct}% area` } } })),
    );
    editor.setDecorations(criticalDecoration, spots.critical.map((c) => ({ range: range(c.range), hoverMessage: `RTLens: on the estimated critical path of ${c.module}` })));
    return spots;
  };
  const scheduleHotspots = () => {
    if (hotspotTimer) clearTimeout(hotspotTimer);
    hotspotTimer = setTimeout(() => void showHotspots(vscode.window.activeTextEditor), 400);
  };

  context.subscriptions.push(
    status,
    areaDecoration,
    criticalDecoration,
    vscode.window.onDidChangeActiveTextEditor(() => scheduleHotspots()),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === vscode.window.activeTextEditor?.document) scheduleHotspots();
    }),
    vscode.commands.registerCommand('rtlens.showHotspots', (uri?: string) => showHotspots(uri ? vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri) : vscode.window.activeTextEditor)),
    vscode.commands.registerCommand('rtlens.synthesize', async (arg?: { module?: string; uri?: string }) => {
      const module = arg?.module ?? moduleAtCursor();
      if (!module) return vscode.window.showInformationMessage('RTLens: put the cursor in a module to synthesize it.');
      // The file's own copy of the module (several files may declare one name).
      const uri = arg?.uri ?? vscode.window.activeTextEditor?.document.uri.toString();
      const state = await client.sendRequest<{ running?: boolean; error?: string; result?: unknown }>(Requests.synthesize, { module, uri });
      if (state.error) void vscode.window.showWarningMessage(`RTLens: ${state.error}`);
      else if (state.running) vscode.window.setStatusBarMessage(`$(sync~spin) RTLens: synthesizing ${module}…`, 4000);
      return state;
    }),
    vscode.commands.registerCommand('rtlens.ppaReport', (arg?: { module?: string }) => {
      const module = arg?.module ?? moduleAtCursor();
      return report(module ? { module } : {}, module ?? 'workspace');
    }),
    vscode.commands.registerCommand('rtlens.estimatePpa', async (scope?: 'module' | 'file' | 'workspace') => {
      const editor = vscode.window.activeTextEditor;
      const picked =
        scope ??
        (await vscode.window.showQuickPick(
          [
            { label: 'Module at the cursor', value: 'module' as const },
            { label: 'This file', value: 'file' as const },
            { label: 'Whole workspace', value: 'workspace' as const },
          ],
          { placeHolder: 'Estimate PPA for' },
        ))?.value;
      if (!picked) return undefined;
      if (picked === 'module') {
        const module = moduleAtCursor();
        return module ? report({ module }, module) : vscode.window.showInformationMessage('RTLens: put the cursor in a module.');
      }
      if (picked === 'file' && editor) return report({ uri: editor.document.uri.toString() }, vscode.workspace.asRelativePath(editor.document.uri));
      return report({}, 'workspace');
    }),
    vscode.commands.registerCommand('rtlens.chooseTarget', async () => {
      const items = [...TARGETS.map((t) => ({ label: t, description: t === 'generic' ? 'built-in cell library' : 'FPGA family' })), { label: 'Liberty file…', description: 'your own cell library' }];
      const picked = await vscode.window.showQuickPick(items, { placeHolder: 'PPA target' });
      if (!picked) return;
      const config = vscode.workspace.getConfiguration('rtlens.ppa');
      if (picked.label === 'Liberty file…') {
        const file = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { Liberty: ['lib'] } });
        if (!file?.[0]) return;
        await config.update('liberty', file[0].fsPath, vscode.ConfigurationTarget.Workspace);
      } else {
        await config.update('liberty', undefined, vscode.ConfigurationTarget.Workspace);
        await config.update('target', picked.label, vscode.ConfigurationTarget.Workspace);
      }
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('rtlens.ppa')) {
        setTimeout(() => void refreshStatus(), 300);
        scheduleHotspots();
      }
    }),
    // A background synthesis landed: an open report shows the synthesized figures.
    client.onNotification(Notifications.synthesized, () => {
      if (panel && lastScope) void report(lastScope.scope, lastScope.title);
    }),
  );
  void refreshStatus();
  scheduleHotspots();
}

async function exportReport(result: PpaReportResult, format: 'json' | 'csv'): Promise<void> {
  const target = await vscode.window.showSaveDialog({ filters: format === 'json' ? { JSON: ['json'] } : { CSV: ['csv'] }, saveLabel: 'Export PPA' });
  if (!target) return;
  const text = format === 'json' ? JSON.stringify(result, null, 2) : toCsv(result.rows);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  void vscode.window.showInformationMessage(`RTLens: PPA report written to ${vscode.workspace.asRelativePath(target)}`);
}

const COLUMNS: (keyof PpaRowView)[] = ['module', 'kind', 'cells', 'luts', 'areaUm2', 'ffs', 'logicLevels', 'delayNs', 'latencyCycles', 'fmaxMhz', 'errorPct', 'delayErrorPct', 'error'];

export function toCsv(rows: PpaRowView[]): string {
  const cell = (v: unknown) => (v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function reportHtml(result: PpaReportResult, title: string, csp: string): string {
  const rows = [...result.rows].sort((a, b) => (b.areaUm2 ?? b.luts ?? b.cells ?? 0) - (a.areaUm2 ?? a.luts ?? a.cells ?? 0));
  const size = (r: PpaRowView) => r.areaUm2 ?? r.luts ?? r.cells ?? 0;
  const maxSize = Math.max(1, ...rows.map(size));
  const maxDelay = Math.max(1e-9, ...rows.map((r) => r.delayNs ?? r.logicLevels ?? 0));
  const sizeName = rows.some((r) => r.areaUm2 !== undefined) ? 'area (µm²)' : rows.some((r) => r.luts !== undefined) ? 'LUTs' : 'cells';
  const delayName = rows.some((r) => r.delayNs !== undefined) ? 'delay (ns)' : 'logic levels';
  const chartRows = rows.slice(0, 30);
  const barHeight = 18;
  const chart = `<svg width="640" height="${chartRows.length * barHeight + 24}" role="img" aria-label="area and delay per module">
  <text x="160" y="12" class="legend">${sizeName}</text><text x="420" y="12" class="legend">${delayName}</text>
  ${chartRows
    .map((r, i) => {
      const y = 20 + i * barHeight;
      const w1 = (size(r) / maxSize) * 240;
      const w2 = ((r.delayNs ?? r.logicLevels ?? 0) / maxDelay) * 200;
      return `<text x="150" y="${y + 12}" text-anchor="end">${escape(r.module)}</text><rect x="160" y="${y}" width="${w1.toFixed(1)}" height="${barHeight - 4}" class="area ${r.kind}"/><rect x="420" y="${y}" width="${w2.toFixed(1)}" height="${barHeight - 4}" class="delay ${r.kind}"/>`;
    })
    .join('\n  ')}
</svg>`;
  const fmt = (v: number | undefined, digits = 1) => (v === undefined ? '' : Number.isInteger(v) ? String(v) : v.toFixed(digits));
  const table = rows
    .map(
      (r) => `<tr><td><a href="#" data-uri="${escape(r.uri)}" data-line="${r.line}">${escape(r.module)}</a></td><td>${r.kind === 'synthesized' ? 'synthesized' : `estimate ±${r.errorPct ?? '?'}%`}</td><td>${fmt(r.luts ?? r.cells, 0)}</td><td>${fmt(r.areaUm2)}</td><td>${fmt(r.ffs, 0)}</td><td>${fmt(r.logicLevels, 0)}</td><td>${fmt(r.delayNs, 3)}</td><td>${fmt(r.latencyCycles, 0)}</td><td>${fmt(r.fmaxMhz, 0)}</td><td class="error">${escape(r.error ?? '')}</td></tr>`,
    )
    .join('\n');
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${csp} 'unsafe-inline'; script-src 'unsafe-inline';">
<style>
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); }
table { border-collapse: collapse; margin-top: 1em; } td, th { padding: 2px 8px; text-align: right; border-bottom: 1px solid var(--vscode-panel-border); }
td:first-child, th:first-child, td:nth-child(2), th:nth-child(2), td.error { text-align: left; }
svg text { fill: var(--vscode-foreground); font-size: 11px; } .legend { font-weight: bold; }
rect.area { fill: var(--vscode-charts-blue); } rect.delay { fill: var(--vscode-charts-orange); } rect.estimate { opacity: 0.6; }
button { margin-right: 0.5em; }
</style></head><body>
<h2>PPA: ${escape(title)} <small>(target ${escape(result.target)})</small></h2>
${result.targetError ? `<p class="error">${escape(result.targetError)}</p>` : ''}
<p><button id="json">Export JSON</button><button id="csv">Export CSV</button> ${rows.length} module${rows.length === 1 ? '' : 's'}; faded bars are estimates.</p>
${chart}
<table><thead><tr><th>module</th><th>kind</th><th>cells/LUTs</th><th>area µm²</th><th>FFs</th><th>levels</th><th>delay ns</th><th>latency</th><th>fmax MHz</th><th>note</th></tr></thead>
<tbody>${table}</tbody></table>
<script>
const vscode = acquireVsCodeApi();
document.getElementById('json').onclick = () => vscode.postMessage({ export: 'json' });
document.getElementById('csv').onclick = () => vscode.postMessage({ export: 'csv' });
for (const a of document.querySelectorAll('a[data-uri]')) a.onclick = (e) => { e.preventDefault(); vscode.postMessage({ open: { uri: a.dataset.uri, line: Number(a.dataset.line) } }); };
</script></body></html>`;
}
