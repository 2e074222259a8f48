import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { type IndexedParams, Notifications, Requests } from '../../protocol';
import { registerChat } from './chat';
import { registerPpa } from './ppa';
import { registerProject } from './project';
import { registerRecipes } from './recipes';
import { registerSearch } from './search';
import { registerSuggestions } from './suggestions';
import { registerTrust } from './trust';
import { featureMiddleware, registerFeatures } from './features';
import { createLog } from './logs';
import { registerWalkthrough } from './walkthrough';
import { initialSettings } from './settings';
import { registerViews } from './views';

/**
 * The extension host side: start the language server, forward settings, and offer the few
 * commands that belong to the editor. Everything RTLens computes lives in the server.
 */
let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const { log, channel } = createLog();
  context.subscriptions.push(log);
  const clientOptions: LanguageClientOptions = {
    outputChannel: channel,
    // rtlens.features.*: the editor features the user keeps (beside another Verilog extension).
    middleware: featureMiddleware(),
    documentSelector: [
      { scheme: 'file', language: 'verilog' },
      { scheme: 'file', language: 'systemverilog' },
      { scheme: 'untitled', language: 'verilog' },
      { scheme: 'untitled', language: 'systemverilog' },
    ],
    initializationOptions: {
      // Untrusted folder: limited mode (trust.ts); the server synthesizes nothing until trust is granted.
      trusted: vscode.workspace.isTrusted,
      storagePath: context.storageUri?.fsPath ?? context.globalStorageUri.fsPath,
      settings: initialSettings(),
    },
    synchronize: { configurationSection: ['rtlens', 'files.exclude'] },
  };
  client = new LanguageClient('rtlens', 'RTLens', serverOptions, clientOptions);
  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  status.name = 'RTLens';
  status.text = '$(sync~spin) RTLens';
  status.tooltip = 'RTLens is indexing the workspace';
  status.command = 'rtlens.showOutput';
  status.show();
  const hierarchy = registerViews(context, client);
  context.subscriptions.push(
    status,
    vscode.commands.registerCommand('rtlens.reindex', () => client?.sendRequest(Requests.reindex)),
    vscode.commands.registerCommand('rtlens.showOutput', () => log.show()),
    vscode.commands.registerCommand('rtlens.showLogs', () => log.show()),
  );
  await client.start();
  registerTrust(context, client);
  registerFeatures(context, client);
  registerWalkthrough(context);
  registerProject(context, client);
  registerPpa(context, client);
  registerRecipes(context, client);
  registerSearch(context, client);
  registerChat(context, client);
  registerSuggestions(context, client);
  context.subscriptions.push(
    client.onNotification(Notifications.indexed, (stats: IndexedParams) => {
      status.text = `$(check) RTLens: ${stats.files} ${stats.files === 1 ? 'file' : 'files'}`;
      status.tooltip = `RTLens indexed ${stats.files} HDL files (${stats.lines} lines) in ${stats.ms} ms`;
      hierarchy.refresh();
      // Hotspots shown before the index was complete used what had been read then (no header macros, no submodules).
      vscode.commands.executeCommand('rtlens.showHotspots').then(undefined, () => undefined);
    }),
  );
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
