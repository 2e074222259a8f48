import * as vscode from 'vscode';
// The web extension host is a web worker: Worker, Blob and URL are its globals.
declare const Worker: new (url: string) => { onmessage: ((e: { data: any }) => void) | null; onerror: ((e: { message: string }) => void) | null; postMessage(message: unknown, transfer?: unknown[]): void; terminate(): void };
import { LanguageClient } from 'vscode-languageclient/browser';
import { registerAfterStart, registerBeforeStart } from './common';
import { featureMiddleware } from './features';
import { createLog } from './logs';
import { initialSettings } from './settings';
import { registerWebYosys, WebYosys } from './webYosys';

/**
 * RTLens in VS Code for the Web (package.json `browser`), in the web worker extension host. The
 * language server is the desktop one (lsp/server.ts) over a web host (server/src/web/main.ts) in
 * a worker of its own; Yosys runs in another worker this client starts (webYosys.ts) when the
 * server asks. A web extension served by a VS Code server cannot start a Worker from its own URI
 * (microsoft/vscode#144235), so both workers start from blobs of their bundles, read through
 * `workspace.fs`; the server's first message carries the wasm files, the built-in liberty, the PPA
 * model, the recipe knowledge and the workspace's HDL files (read through `workspace.fs`, so any
 * file system VS Code has works). What needs Node (other search repositories, a
 * liberty or calibration file from settings, the command line) says so when asked for.
 */
// The files the server reads: HDL sources, and project files (filelists, FuseSoC cores, Bender
// manifests: rtlens.project), which it reads as it does on disk.
const SOURCES_GLOB = '**/{*.v,*.vh,*.vl,*.sv,*.svh,*.svi,*.f,*.vc,*.flist,*.core,Bender.yml}';
const SOURCE_NAME = /(?:\.(?:v|vh|vl|sv|svh|svi|f|vc|flist|core)|^Bender\.yml)$/;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);
const MAX_FILES = 20000;

let client: LanguageClient | undefined;
let yosys: WebYosys | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const started = Date.now();
  const read = (rel: string) => vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, ...rel.split('/')));
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  status.name = 'RTLens';
  status.text = '$(sync~spin) RTLens (web)';
  status.command = 'rtlens.showLogs';
  status.show();
  context.subscriptions.push(status);
  const { log, channel } = createLog();
  context.subscriptions.push(log);
  const [serverJs, runtime, grammar, liberty, model, knowledge] = await Promise.all([
    read('dist/webServer.js'),
    read('dist/tree-sitter.wasm'),
    read('dist/tree-sitter-systemverilog.wasm'),
    read('dist/data/rtlens_generic.lib'),
    read('dist/data/ppa-model.json'),
    read('dist/data/recipe-kb.json').then(
      (bytes) => bytes,
      () => undefined,
    ),
  ]);
  const uris = await listSources();
  const files = await Promise.all(uris.map(async (u) => ({ uri: u.toString(), text: decode(await vscode.workspace.fs.readFile(u)) })));
  const readMs = Date.now() - started;
  const worker = new Worker(URL.createObjectURL(new Blob([serverJs], { type: 'text/javascript' })));
  const runtimeBuffer = runtime.slice().buffer;
  const grammarBuffer = grammar.slice().buffer;
  await new Promise<void>((resolve, reject) => {
    worker.onmessage = (e) => {
      if (e.data?.type === 'rtlens-ready') resolve();
    };
    worker.onerror = (e) => reject(new Error(`RTLens web server: ${e.message}`));
    worker.postMessage(
      { type: 'rtlens-init', runtimeWasm: runtimeBuffer, grammarWasm: grammarBuffer, files, liberty: decode(liberty), model: JSON.parse(decode(model)), recipeKnowledge: knowledge ? JSON.parse(decode(knowledge)) : undefined },
      [runtimeBuffer, grammarBuffer],
    );
  });
  client = new LanguageClient(
    'rtlens',
    'RTLens',
    {
      outputChannel: channel,
      middleware: featureMiddleware(),
      // Any scheme: a workspace on the web is vscode-remote:, vscode-vfs: (github.dev) or file:.
      documentSelector: [{ language: 'verilog' }, { language: 'systemverilog' }],
      initializationOptions: { trusted: vscode.workspace.isTrusted, settings: initialSettings() },
      synchronize: { configurationSection: ['rtlens', 'files.exclude'] },
    },
    worker,
  );
  yosys = new WebYosys(read, (line) => log.info(line));
  registerWebYosys(client, yosys);
  registerBeforeStart(context, client, log, (stats) => {
    status.text = `$(check) RTLens (web): ${stats.files} ${stats.files === 1 ? 'file' : 'files'}`;
    status.tooltip = `RTLens in the browser: ${stats.files} HDL files (${stats.lines} lines) read in ${readMs} ms, indexed in ${stats.ms} ms; ready ${Date.now() - started} ms after activation`;
    log.info(`[rtlens-web] ${stats.files} files read in ${readMs} ms, indexed in ${stats.ms} ms, ready ${Date.now() - started} ms after activation`);
    console.log(`[rtlens-web] ready in ${Date.now() - started} ms with ${stats.files} files (read ${readMs} ms, index ${stats.ms} ms)`);
  });
  await client.start();
  registerAfterStart(context, client);
  watchFiles(context, client);
  // Any command of the manifest not registered here: a clear answer instead of "command not found".
  const registered = new Set(await vscode.commands.getCommands(true));
  for (const command of (context.extension.packageJSON?.contributes?.commands ?? []) as { command: string; title: string }[]) {
    if (registered.has(command.command)) continue;
    registered.add(command.command);
    context.subscriptions.push(vscode.commands.registerCommand(command.command, () => vscode.window.showInformationMessage(`${command.title}: not available in VS Code for the Web yet; the desktop extension has it.`)));
  }
}

/**
 * The workspace's HDL and project files: found by VS Code's file search in folders a VS Code server serves.
 * Any other file system (a virtual workspace: a GitHub repository on vscode.dev, another
 * extension's) may have no search provider, and then findFiles waits for one that never comes:
 * there the folders are walked through workspace.fs (bounded in depth and count).
 */
const SEARCHED_SCHEMES = new Set(['file', 'vscode-remote']);

async function listSources(): Promise<vscode.Uri[]> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.every((f) => SEARCHED_SCHEMES.has(f.uri.scheme))) {
    const found = await vscode.workspace.findFiles(SOURCES_GLOB, '**/{node_modules,.git}/**', MAX_FILES).then(
      (uris) => uris,
      () => undefined,
    );
    if (found) return found;
  }
  const out: vscode.Uri[] = [];
  for (const folder of folders) await walk(folder.uri, 0, out);
  return out;
}

async function walk(dir: vscode.Uri, depth: number, out: vscode.Uri[]): Promise<void> {
  if (depth > 32 || out.length >= MAX_FILES) return;
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(dir);
  } catch {
    return;
  }
  for (const [name, type] of entries) {
    if (out.length >= MAX_FILES) return;
    const uri = vscode.Uri.joinPath(dir, name);
    if (type & vscode.FileType.Directory) {
      if (!SKIPPED_FOLDERS.has(name)) await walk(uri, depth + 1, out);
    } else if (type & vscode.FileType.File && SOURCE_NAME.test(name)) out.push(uri);
  }
}

/**
 * The server reads files from the copy it was given: changes on the file system (another
 * editor, a git checkout, a file created in the explorer) are read here and sent to it.
 */
function watchFiles(context: vscode.ExtensionContext, lc: LanguageClient): void {
  const watcher = vscode.workspace.createFileSystemWatcher(SOURCES_GLOB);
  const changed = async (uri: vscode.Uri) => {
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      await lc.sendNotification('rtlens/web/files', { changed: [{ uri: uri.toString(), text }], deleted: [] });
    } catch {
      // Gone again before it could be read: the delete event follows.
    }
  };
  context.subscriptions.push(
    watcher,
    watcher.onDidCreate(changed),
    watcher.onDidChange(changed),
    watcher.onDidDelete((uri) => lc.sendNotification('rtlens/web/files', { changed: [], deleted: [uri.toString()] })),
  );
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  yosys?.dispose();
}
