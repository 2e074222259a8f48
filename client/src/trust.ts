import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { Notifications, type TrustParams } from '../../protocol';

/**
 * Workspace trust. In an untrusted folder RTLens runs in limited mode (package.json
 * `capabilities.untrustedWorkspaces`): navigation, diagnostics and estimates work, settings that
 * name files outside the workspace are taken from the user's settings only, and nothing is
 * synthesized: the commands that synthesize ask for trust first, and the server refuses
 * synthesis until the client says the folder is trusted.
 */
export function registerTrust(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void client.sendNotification(Notifications.trust, { trusted: true } satisfies TrustParams)));
}

/** True when the workspace is trusted; otherwise says why `what` needs trust and offers to manage it. */
export async function askForTrust(what: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  const choice = await vscode.window.showWarningMessage(`RTLens: ${what} runs Yosys on this folder's files, which needs a trusted workspace. Estimates, navigation and diagnostics work without it.`, manage);
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return vscode.workspace.isTrusted;
}
