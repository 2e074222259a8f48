import { BrowserMessageReader, BrowserMessageWriter, createConnection, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/browser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { memoryFileSystem } from '../base';
import { loadGrammar } from '../syntax';
import { Snapshot, Workspace } from '../workspace';
import * as ide from '../ide';
import { libertyTarget, type PpaModel } from '../analyses/ppa';

/**
 * The language server in a web worker, for VS Code for the Web. The client
 * (client/src/browser.ts) reads the workspace's HDL files, the two wasm files, the built-in
 * liberty and the PPA model through `vscode.workspace.fs` and posts them in a first message;
 * then LSP runs over the worker's messages. It serves what needs no Node, from the same ide/
 * functions as the Node server: definition, hover, outline, references, diagnostics, PPA
 * estimates on the built-in library. Not yet: file watching, project files, search, synthesis
 * (the Synthesize lens is left out here).
 */
interface InitMessage {
  type: 'rtlens-init';
  runtimeWasm: ArrayBuffer;
  grammarWasm: ArrayBuffer;
  files: { uri: string; text: string }[];
  liberty: string;
  model: PpaModel;
}

declare const self: any;

self.onmessage = async (event: { data: InitMessage }) => {
  if (event.data?.type !== 'rtlens-init') return;
  const init = event.data;
  const grammar = await loadGrammar({ runtimeWasm: 'tree-sitter.wasm', runtimeWasmBinary: new Uint8Array(init.runtimeWasm), grammarWasm: new Uint8Array(init.grammarWasm) });
  const uris = new Map<string, string>();
  const pathOf = (uri: string) => {
    const parsed = URI.parse(uri);
    const path = parsed.path;
    uris.set(path, uri);
    return path;
  };
  const uriOf = (path: string) => uris.get(path) ?? URI.from({ scheme: 'file', path }).toString();
  const texts = new Map<string, string>();
  for (const f of init.files) texts.set(pathOf(f.uri), f.text);
  const workspace = new Workspace(memoryFileSystem(texts), grammar, { roots: ['/'], includeDirs: [], defines: {} });
  workspace.addKnownPaths([...texts.keys()]);
  for (const path of texts.keys()) workspace.refreshFromDisk(path);
  const target = libertyTarget(init.liberty, 'rtlens_generic.lib', true);
  const view = (snapshot: Snapshot) => ({ ctx: { access: snapshot, target, model: init.model }, synthesis: () => undefined });

  const connection = createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self));
  const documents = new TextDocuments(TextDocument);
  const at = (p: { textDocument: { uri: string }; position: { line: number; character: number } }) => {
    const path = pathOf(p.textDocument.uri);
    const snapshot = new Snapshot(workspace);
    const offset = snapshot.lineIndex(path)?.offset(p.position) ?? 0;
    return { path, snapshot, offset };
  };
  const publish = (uri: string) => {
    const path = pathOf(uri);
    const snapshot = new Snapshot(workspace);
    const lineIndex = snapshot.lineIndex(path);
    if (!lineIndex) return;
    const diagnostics = ide.fileProblems(snapshot, path).map((problem) => ide.toLspDiagnostic(problem, lineIndex, uriOf, (q) => snapshot.lineIndex(q)));
    void connection.sendDiagnostics({ uri, diagnostics });
  };
  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Full,
      definitionProvider: true,
      hoverProvider: true,
      documentSymbolProvider: true,
      referencesProvider: true,
      codeLensProvider: { resolveProvider: false },
    },
    serverInfo: { name: 'rtlens (web)', version: '0.1.0' },
  }));
  documents.onDidOpen((e) => {
    workspace.openDocument(pathOf(e.document.uri), e.document.getText());
    publish(e.document.uri);
  });
  documents.onDidChangeContent((e) => {
    workspace.changeDocument(pathOf(e.document.uri), e.document.getText());
    publish(e.document.uri);
  });
  documents.onDidClose((e) => workspace.closeDocument(pathOf(e.document.uri)));
  connection.onDefinition((p) => {
    const { snapshot, path, offset } = at(p);
    return ide.definition(snapshot, path, offset, uriOf);
  });
  connection.onHover((p) => {
    const { snapshot, path, offset } = at(p);
    return ide.hover(snapshot, path, offset) ?? null;
  });
  connection.onDocumentSymbol((p) => ide.documentSymbols(new Snapshot(workspace), pathOf(p.textDocument.uri)));
  connection.onReferences((p) => {
    const { snapshot, path, offset } = at(p);
    const declaration = ide.declarationAt(snapshot, path, offset);
    if (!declaration) return [];
    return ide.references(snapshot, declaration).map((r) => ({ uri: uriOf(r.path), range: snapshot.lineIndex(r.path)!.range(r.span) }));
  });
  connection.onCodeLens((p) => {
    const snapshot = new Snapshot(workspace);
    return ide.ppaCodeLenses(snapshot, pathOf(p.textDocument.uri), view(snapshot), uriOf).filter((lens) => lens.command?.command !== 'rtlens.synthesize');
  });
  documents.listen(connection);
  connection.listen();
  self.postMessage({ type: 'rtlens-ready' });
};
