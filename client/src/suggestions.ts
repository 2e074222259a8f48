import * as vscode from 'vscode';
import { randomHex, nonce } from './nonce';
import { type BaseLanguageClient as LanguageClient, WorkDoneProgress } from 'vscode-languageclient';
import { type AuditAnswer, type CheckSuggestionResult, Requests, type SuggestionView } from '../../protocol';
import { askForTrust } from './trust';
import { auditHtml, countsLine, toMarkdown } from './auditReport';

/**
 * PPA-aware suggestions in the editor. The server offers them as code actions (the light bulb,
 * or "RTLens: Show PPA Suggestions"); choosing one runs `rtlens.suggestion.review`, which
 * 1. opens the diff of the file before and after the rewrite (nothing is edited yet),
 * 2. asks the server to check it (proof of equivalence and synthesis of both versions), in a
 *    cancellable progress notification,
 * 3. shows the result, and only when the server offers the rewrite (a synthesized gain, and a
 *    proof when it claims to keep behaviour) an Apply button; Apply edits the document if it
 *    is still the version the suggestion was made for. Never automatic.
 */
const PREVIEW_SCHEME = 'rtlens-suggestion';

/** Arguments a test may pass to skip the question: what to answer. */
interface ReviewOptions {
  answer?: 'Apply' | 'Discard';
}

export interface ReviewOutcome {
  check: CheckSuggestionResult;
  applied: boolean;
}

export function registerSuggestions(context: vscode.ExtensionContext, client: LanguageClient): void {
  const previews = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(
    changed,
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, { onDidChange: changed.event, provideTextDocumentContent: (uri) => previews.get(uri.toString()) ?? '' }),
    vscode.commands.registerCommand('rtlens.suggestion.review', async (view: SuggestionView, options?: ReviewOptions): Promise<ReviewOutcome | undefined> => {
      const uri = vscode.Uri.parse(view.uri);
      const document = await vscode.workspace.openTextDocument(uri);
      if (document.version !== view.version) {
        void vscode.window.showWarningMessage('RTLens: the file changed since this suggestion was made; ask for suggestions again.');
        return undefined;
      }
      const edits = view.edits.map((e) => new vscode.TextEdit(client.protocol2CodeConverter.asRange(e.range), e.newText));
      const preview = uri.with({ scheme: PREVIEW_SCHEME, query: view.id });
      previews.set(preview.toString(), rewritten(document, edits));
      changed.fire(preview);
      await vscode.commands.executeCommand('vscode.diff', uri, preview, `${view.module}: ${view.title} (preview)`, { preview: true, preserveFocus: true });
      if (!(await askForTrust('checking a suggestion'))) {
        await closePreview(preview);
        previews.delete(preview.toString());
        return undefined;
      }
      const check = await checkSuggestion(client, view);
      if (check.cancelled) {
        vscode.window.setStatusBarMessage('RTLens: suggestion check cancelled', 4000);
        return { check, applied: false };
      }
      if (!check.offered) {
        void vscode.window.showInformationMessage(`RTLens: ${view.title}. ${check.summary}`);
        return { check, applied: false };
      }
      const answer = options?.answer ?? (await vscode.window.showInformationMessage(`RTLens: ${view.title}. ${check.summary} Apply the change shown in the diff?`, 'Apply', 'Discard'));
      // Answered (or dismissed): the preview has done its job either way.
      await closePreview(preview);
      previews.delete(preview.toString());
      if (answer !== 'Apply') return { check, applied: false };
      if (document.isClosed || document.version !== view.version) {
        void vscode.window.showWarningMessage('RTLens: the file changed while the suggestion was checked; nothing was applied.');
        return { check, applied: false };
      }
      const edit = new vscode.WorkspaceEdit();
      edit.set(uri, edits);
      const applied = await vscode.workspace.applyEdit(edit);
      return { check, applied };
    }),
    vscode.commands.registerCommand('rtlens.findOpportunities', async (options?: { check?: boolean }): Promise<AuditAnswer | undefined> => {
      // Untrusted: the candidates are found, not checked (checking synthesizes).
      const check = options?.check !== false && (await askForTrust('checking the candidates'));
      const answer = await runAudit(client, check);
      if (!answer) return undefined;
      showAudit(context, client, answer);
      return answer;
    }),
    vscode.commands.registerCommand('rtlens.showSuggestions', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return undefined;
      const document = editor.document;
      const whole = new vscode.Range(0, 0, document.lineCount, 0);
      const actions = (await vscode.commands.executeCommand<vscode.CodeAction[] | undefined>('vscode.executeCodeActionProvider', document.uri, whole, vscode.CodeActionKind.RefactorRewrite.value)) ?? [];
      const ours = actions.filter((a) => a.title.startsWith('RTLens:') && a.command);
      if (ours.length === 0) {
        void vscode.window.showInformationMessage('RTLens: no PPA suggestion for this file on the current target.');
        return undefined;
      }
      const picked = await vscode.window.showQuickPick(
        ours.map((a) => ({ label: a.title.replace(/^RTLens: /, ''), action: a })),
        { placeHolder: 'PPA suggestion to review (diff, proof and synthesis before anything is applied)' },
      );
      if (!picked) return undefined;
      return vscode.commands.executeCommand(picked.action.command!.command, ...(picked.action.command!.arguments ?? []));
    }),
  );
}

/** The document's text with the edits applied (they do not overlap). */
function rewritten(document: vscode.TextDocument, edits: vscode.TextEdit[]): string {
  let text = document.getText();
  const sorted = edits.map((e) => ({ start: document.offsetAt(e.range.start), end: document.offsetAt(e.range.end), newText: e.newText })).sort((a, b) => b.start - a.start);
  for (const e of sorted) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

async function checkSuggestion(client: LanguageClient, view: SuggestionView): Promise<CheckSuggestionResult> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `RTLens: checking "${view.title}"`, cancellable: true }, async (progress, token) => {
    const workDoneToken = `rtlens-suggestion-${randomHex(8)}`;
    const listening = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
      if (value.kind !== 'end' && value.message) progress.report({ message: value.message });
    });
    try {
      return await client.sendRequest<CheckSuggestionResult>(Requests.checkSuggestion, { uri: view.uri, id: view.id, workDoneToken }, token);
    } catch (error) {
      const message = token.isCancellationRequested ? 'cancelled' : error instanceof Error ? error.message : String(error);
      return { id: view.id, gain: false, safe: false, offered: false, summary: message, error: message, cancelled: token.isCancellationRequested };
    } finally {
      listening.dispose();
    }
  });
}

/** Closes the diff tabs that show a suggestion's preview (the user's own editors stay). */
async function closePreview(preview: vscode.Uri): Promise<void> {
  const key = preview.toString();
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === key);
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
}

/**
 * The server makes the progress notification itself (cancellable: its cancel reaches the audit
 * through the progress token), so a cancelled audit still answers with what it had checked.
 */
async function runAudit(client: LanguageClient, check: boolean): Promise<AuditAnswer | undefined> {
  try {
    const answer = await client.sendRequest<AuditAnswer>(Requests.auditSuggestions, { check });
    if (answer.error) void vscode.window.showErrorMessage(`RTLens: ${answer.error}`);
    return answer;
  } catch (error) {
    void vscode.window.showErrorMessage(`RTLens: the audit failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

let auditPanel: { panel: vscode.WebviewPanel; answer: AuditAnswer } | undefined;

/** The report in one panel, reused: its message handler is registered once, when the panel is made. */
function showAudit(context: vscode.ExtensionContext, client: LanguageClient, answer: AuditAnswer): void {
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
  if (!auditPanel) {
    const panel = vscode.window.createWebviewPanel('rtlens.audit', 'RTLens: PPA Opportunities', vscode.ViewColumn.Active, { enableScripts: true });
    auditPanel = { panel, answer };
    panel.onDidDispose(() => (auditPanel = undefined), undefined, context.subscriptions);
    panel.webview.onDidReceiveMessage(
      async (message: { type: string; row?: number }) => {
        const current = auditPanel?.answer;
        if (!current) return;
        if (message.type === 'open' && message.row !== undefined && current.rows[message.row]) {
          const row = current.rows[message.row];
          const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(row.uri));
          const at = new vscode.Position(row.line, 0);
          await vscode.window.showTextDocument(document, { selection: new vscode.Range(at, at), viewColumn: vscode.ViewColumn.Beside });
        } else if (message.type === 'export') {
          const target = await vscode.window.showSaveDialog({ filters: { Markdown: ['md'] }, saveLabel: 'Export', defaultUri: vscode.workspace.workspaceFolders?.[0] ? vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, 'ppa-opportunities.md') : undefined });
          if (target) await vscode.workspace.fs.writeFile(target, Buffer.from(toMarkdown(current, folders), 'utf8'));
        } else if (message.type === 'refresh') {
          await vscode.commands.executeCommand('rtlens.findOpportunities');
        }
      },
      undefined,
      context.subscriptions,
    );
  }
  auditPanel.answer = answer;
  auditPanel.panel.webview.html = auditHtml(answer, folders, nonce(), auditPanel.panel.webview.cspSource);
  auditPanel.panel.reveal(undefined, true);
  vscode.window.setStatusBarMessage(`RTLens: ${countsLine(answer)}`, 8000);
}
