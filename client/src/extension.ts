import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { registerAfterStart, registerBeforeStart } from './common';
import { featureMiddleware } from './features';
import { createLog } from './logs';
import { initialSettings } from './settings';

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
  registerBeforeStart(context, client, log, (stats) => {
    status.text = `$(check) RTLens: ${stats.files} ${stats.files === 1 ? 'file' : 'files'}`;
    status.tooltip = `RTLens indexed ${stats.files} HDL files (${stats.lines} lines) in ${stats.ms} ms`;
  });
  context.subscriptions.push(status);
  await client.start();
  registerAfterStart(context, client);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
