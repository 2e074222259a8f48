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
import { HierarchyProvider, TraceProvider } from './views';

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
      settings: {
        includeDirs: config.get('includeDirs'),
        defines: config.get('defines'),
        // The server adds files.exclude itself, on every read of the settings (server.ts fetchSettings).
        exclude: [
          ...(config.get<string[]>('exclude') ?? []),
          ...Object.entries(vscode.workspace.getConfiguration('files').get<Record<string, boolean>>('exclude') ?? {}).filter(([, on]) => on).map(([glob]) => glob),
        ],
        diagnostics: { implicitNets: config.get('diagnostics.implicitNets'), disabled: config.get('diagnostics.disabled') },
        ppa: config.get('ppa'),
        project: config.get('project'),
        search: { repositories: config.get('search.repositories') },
      },
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
  const hierarchy = new HierarchyProvider(client);
  const traces = new TraceProvider(client);
  const traceView = vscode.window.createTreeView('rtlens.trace', { treeDataProvider: traces });
  const trace = async (direction: 'drivers' | 'loads') => {
    const result = await traces.trace(direction);
    if (result?.root) await vscode.commands.executeCommand('rtlens.trace.focus');
    return result;
  };
  context.subscriptions.push(
    status,
    traceView,
    vscode.window.registerTreeDataProvider('rtlens.hierarchy', hierarchy),
    vscode.commands.registerCommand('rtlens.reindex', () => client?.sendRequest(Requests.reindex)),
    vscode.commands.registerCommand('rtlens.showOutput', () => log.show()),
    vscode.commands.registerCommand('rtlens.showLogs', () => log.show()),
    vscode.commands.registerCommand('rtlens.traceDrivers', () => trace('drivers')),
    vscode.commands.registerCommand('rtlens.traceLoads', () => trace('loads')),
    vscode.commands.registerCommand('rtlens.refreshHierarchy', () => {
      hierarchy.refresh();
      // The roots, for scripts and tests; the view fetches its own.
      return hierarchy.getChildren();
    }),
    vscode.commands.registerCommand('rtlens.chooseTop', async () => {
      const picked = await vscode.window.showQuickPick(['(all tops)', ...hierarchy.tops()], { placeHolder: 'Top module of the design hierarchy' });
      if (picked === undefined) return;
      // Persisted in the workspace settings, so the choice survives a reload.
      await vscode.workspace.getConfiguration('rtlens').update('top', picked === '(all tops)' ? undefined : picked, vscode.ConfigurationTarget.Workspace);
      hierarchy.refresh();
    }),
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (doc.languageId === 'verilog' || doc.languageId === 'systemverilog') hierarchy.refresh();
    }),
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
    }),
  );
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
