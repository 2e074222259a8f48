import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';

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
  const config = vscode.workspace.getConfiguration('rtlens');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'verilog' },
      { scheme: 'file', language: 'systemverilog' },
      { scheme: 'untitled', language: 'verilog' },
      { scheme: 'untitled', language: 'systemverilog' },
    ],
    initializationOptions: {
      storagePath: context.storageUri?.fsPath ?? context.globalStorageUri.fsPath,
      settings: {
        includeDirs: config.get('includeDirs'),
        defines: config.get('defines'),
        exclude: [...(config.get<string[]>('exclude') ?? []), ...Object.keys(vscode.workspace.getConfiguration('files').get<Record<string, boolean>>('exclude') ?? {})],
        diagnostics: { implicitNets: config.get('diagnostics.implicitNets') },
      },
    },
    synchronize: { configurationSection: 'rtlens' },
  };
  client = new LanguageClient('rtlens', 'RTLens', serverOptions, clientOptions);
  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  status.name = 'RTLens';
  status.text = '$(sync~spin) RTLens';
  status.tooltip = 'RTLens is indexing the workspace';
  status.command = 'rtlens.showOutput';
  status.show();
  context.subscriptions.push(
    status,
    vscode.commands.registerCommand('rtlens.reindex', () => client?.sendRequest('rtlens/reindex')),
    vscode.commands.registerCommand('rtlens.showOutput', () => client?.outputChannel.show()),
  );
  await client.start();
  context.subscriptions.push(
    client.onNotification('rtlens/indexed', (stats: { files: number; lines: number; ms: number }) => {
      status.text = `$(check) RTLens: ${stats.files} files`;
      status.tooltip = `RTLens indexed ${stats.files} HDL files (${stats.lines} lines) in ${stats.ms} ms`;
    }),
  );
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
