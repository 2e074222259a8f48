import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { Notifications, type PpaHotspotsResult, type PpaReportResult, Requests } from '../../protocol';
import { reportHtml, toCsv } from './ppaReport';
import { ReusedPanel } from './reportPanel';
import { askForTrust } from './trust';

/**
 * PPA in the editor: the status-bar item with the current target, "Synthesize" for a module,
 * and the report view (ppaReport.ts: a bar chart and a table of every module that sorts and
 * filters, exported to JSON or CSV). The figures come from the server; this file only shows them.
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
  let last: PpaReportResult | undefined;
  /** Modules the user asked to synthesize whose run has not landed yet. */
  const requested = new Set<string>();
  /** The whole failure, with Retry and the log. */
  const synthesisFailed = async (arg: { module: string; uri?: string; error: string }) => {
    const choice = await vscode.window.showErrorMessage(`RTLens: synthesis of ${arg.module} failed: ${arg.error}`, 'Retry', 'Show Logs');
    if (choice === 'Retry') return vscode.commands.executeCommand('rtlens.synthesize', { module: arg.module, uri: arg.uri, retry: true });
    if (choice === 'Show Logs') return vscode.commands.executeCommand('rtlens.showLogs');
    return undefined;
  };
  let lastScope: { scope: { module?: string; uri?: string }; title: string } | undefined;

  const moduleAtCursor = (): string | undefined => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return undefined;
    const text = editor.document.getText(new vscode.Range(new vscode.Position(0, 0), editor.selection.active));
    const all = [...text.matchAll(/\bmodule\s+(?:automatic\s+|static\s+)?([A-Za-z_][A-Za-z0-9_$]*)/g)];
    return all[all.length - 1]?.[1];
  };

  // One panel, its handlers registered once (reportPanel.ts): a refresh replaces the page only.
  const panel = new ReusedPanel<{ export?: 'json' | 'csv'; open?: { uri: string; line: number } }, vscode.WebviewPanel>(
    () => vscode.window.createWebviewPanel('rtlens.ppa', 'RTLens PPA', vscode.ViewColumn.Beside, { enableScripts: true }),
    async (message) => {
      if (message.open) {
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(message.open.uri));
        await vscode.window.showTextDocument(doc, { selection: new vscode.Range(message.open.line, 0, message.open.line, 0), viewColumn: vscode.ViewColumn.One });
      }
      if (message.export && last) await exportReport(last, message.export);
    },
  );
  const show = (result: PpaReportResult, title: string) => {
    last = result;
    panel.show(`PPA: ${title}`, (csp) => reportHtml(result, title, csp));
  };

  const report = async (scope: { module?: string; uri?: string }, title: string) => {
    lastScope = { scope, title };
    const result = await client.sendRequest<PpaReportResult>(Requests.ppaReport, scope);
    show(result, title);
    return result;
  };

  // Hotspots: lines that carry much of a module's area get a faint tint of their own colour
  // (rtlens.hotspotBackground: not the selection's or a search match's) and, after the code,
  // their share and what it is; the estimated critical path gets a mark in the overview ruler
  // and the gutter side.
  const areaDecoration = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('rtlens.hotspotBackground'),
    isWholeLine: true,
    overviewRulerColor: new vscode.ThemeColor('rtlens.hotspotBackground'),
    overviewRulerLane: vscode.OverviewRulerLane.Center,
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 2em', fontStyle: 'italic' },
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
      spots.area.map((a) => ({ range: range(a.range), hoverMessage: `RTLens: about ${a.sharePct}% of the module's estimated area (${a.label})`, renderOptions: { after: { contentText: hotspotText(a.sharePct, a.label) } } })),
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
    vscode.commands.registerCommand('rtlens.synthesize', async (arg?: { module?: string; uri?: string; retry?: boolean }) => {
      const module = arg?.module ?? moduleAtCursor();
      if (!module) return vscode.window.showInformationMessage('RTLens: put the cursor in a module to synthesize it.');
      if (!(await askForTrust(`synthesizing ${module}`))) return { error: 'the workspace is not trusted' };
      // The file's own copy of the module (several files may declare one name).
      const uri = arg?.uri ?? vscode.window.activeTextEditor?.document.uri.toString();
      const state = await client.sendRequest<{ running?: boolean; error?: string; result?: unknown }>(Requests.synthesize, { module, uri, ...(arg?.retry ? { retry: true } : {}) });
      if (state.error) void synthesisFailed({ module, uri, error: state.error });
      else if (state.running) {
        // Asked for: a failure that lands later is said in a notification, not only in the lens.
        requested.add(module);
        vscode.window.setStatusBarMessage(`$(sync~spin) RTLens: synthesizing ${module}…`, 4000);
      }
      return state;
    }),
    vscode.commands.registerCommand('rtlens.synthesisFailed', (arg: { module: string; uri?: string; error: string }) => synthesisFailed(arg)),
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
    // A background synthesis landed: an open report shows the synthesized figures; one the user asked for that failed says why.
    client.onNotification(Notifications.synthesized, (p: { module: string; error?: string }) => {
      if (panel.open && lastScope) void report(lastScope.scope, lastScope.title);
      if (p?.module && requested.delete(p.module) && p.error) void synthesisFailed({ module: p.module, error: p.error });
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

/** The text after a hotspot line: its share of the module's estimated area and what carries it. */
export function hotspotText(sharePct: number, label: string): string {
  const what = label.length > 60 ? `${label.slice(0, 57)}…` : label;
  return `≈${sharePct}% of the module's area: ${what}`;
}
