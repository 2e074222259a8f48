import * as vscode from 'vscode';
// The web extension host is a web worker: Worker, Blob and URL are its globals.
declare const Worker: new (url: string) => { onmessage: ((e: { data: any }) => void) | null; onerror: ((e: { message: string }) => void) | null; postMessage(message: unknown, transfer?: unknown[]): void };
import { LanguageClient } from 'vscode-languageclient/browser';

/**
 * RTLens in VS Code for the Web (package.json `browser`), in the web worker extension host.
 * What runs here: navigation, hover, outline, references, diagnostics and PPA estimates, from
 * a language server in a worker of its own (server/src/web/main.ts). A web extension served by
 * a VS Code server cannot start a Worker from its own URI (microsoft/vscode#144235), so the
 * server's bundle is read through `workspace.fs` and started from a blob; the two wasm files,
 * the built-in liberty and the PPA model go to it in a first message, with the workspace's HDL
 * files (read through `workspace.fs`, so any file system VS Code has works). What does not run
 * here yet (synthesis, search, recipes, suggestions, the views) says so when asked for.
 */
let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const started = Date.now();
  const read = (rel: string) => vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, ...rel.split('/')));
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  status.name = 'RTLens';
  status.text = '$(sync~spin) RTLens (web)';
  status.show();
  context.subscriptions.push(status);
  const [serverJs, runtime, grammar, liberty, model] = await Promise.all([read('dist/webServer.js'), read('dist/tree-sitter.wasm'), read('dist/tree-sitter-systemverilog.wasm'), read('dist/data/rtlens_generic.lib'), read('dist/data/ppa-model.json')]);
  const uris = await vscode.workspace.findFiles('**/*.{v,vh,vl,sv,svh,svi}', '**/{node_modules,.git}/**', 5000);
  const files = await Promise.all(uris.map(async (u) => ({ uri: u.toString(), text: decode(await vscode.workspace.fs.readFile(u)) })));
  const worker = new Worker(URL.createObjectURL(new Blob([serverJs], { type: 'text/javascript' })));
  const runtimeBuffer = runtime.slice().buffer;
  const grammarBuffer = grammar.slice().buffer;
  await new Promise<void>((resolve, reject) => {
    worker.onmessage = (e) => {
      if (e.data?.type === 'rtlens-ready') resolve();
    };
    worker.onerror = (e) => reject(new Error(`RTLens web server: ${e.message}`));
    worker.postMessage({ type: 'rtlens-init', runtimeWasm: runtimeBuffer, grammarWasm: grammarBuffer, files, liberty: decode(liberty), model: JSON.parse(decode(model)) }, [runtimeBuffer, grammarBuffer]);
  });
  client = new LanguageClient('rtlens', 'RTLens', { documentSelector: [{ language: 'verilog' }, { language: 'systemverilog' }] }, worker);
  await client.start();
  // Every other command of the manifest: a clear answer instead of "command not found".
  const own = new Set<string>();
  for (const command of (context.extension.packageJSON?.contributes?.commands ?? []) as { command: string; title: string }[]) {
    if (own.has(command.command)) continue;
    own.add(command.command);
    context.subscriptions.push(vscode.commands.registerCommand(command.command, () => vscode.window.showInformationMessage(`${command.title}: not available in VS Code for the Web yet. Here RTLens navigates, lints and estimates PPA; the desktop extension does the rest.`)));
  }
  status.text = `$(check) RTLens (web): ${files.length} ${files.length === 1 ? 'file' : 'files'}`;
  status.tooltip = `RTLens in the browser: ${files.length} HDL files read, ready in ${Date.now() - started} ms`;
  console.log(`[rtlens-web] ready in ${Date.now() - started} ms with ${files.length} files`);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
