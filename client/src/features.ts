import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient, Middleware } from 'vscode-languageclient';
import { FEATURES, type FeatureKey, neighbourMessage, otherHdlExtensions } from './coexist';

/**
 * Which of RTLens's editor features run (`rtlens.features.*`), for users with another Verilog
 * extension beside it: a feature switched off is never asked of the server (diagnostics are
 * dropped as they arrive), and switching it back on needs no reload.
 */
const enabled = (key: FeatureKey): boolean => vscode.workspace.getConfiguration('rtlens.features').get<boolean>(key, true);

export function featureMiddleware(): Middleware {
  return {
    handleDiagnostics: (uri, diagnostics, next) => next(uri, enabled('diagnostics') ? diagnostics : []),
    provideCompletionItem: (document, position, context, token, next) => (enabled('completion') ? next(document, position, context, token) : undefined),
    provideHover: (document, position, token, next) => (enabled('hover') ? next(document, position, token) : undefined),
    provideSignatureHelp: (document, position, context, token, next) => (enabled('signatureHelp') ? next(document, position, context, token) : undefined),
    provideDocumentSemanticTokens: (document, token, next) => (enabled('semanticHighlighting') ? next(document, token) : undefined),
    provideInlayHints: (document, range, token, next) => (enabled('inlayHints') ? next(document, range, token) : undefined),
    provideDefinition: (document, position, token, next) => (enabled('navigation') ? next(document, position, token) : undefined),
    provideReferences: (document, position, options, token, next) => (enabled('navigation') ? next(document, position, options, token) : undefined),
    provideDocumentHighlights: (document, position, token, next) => (enabled('navigation') ? next(document, position, token) : undefined),
    provideDocumentSymbols: (document, token, next) => (enabled('navigation') ? next(document, token) : undefined),
    provideWorkspaceSymbols: (query, token, next) => (enabled('navigation') ? next(query, token) : undefined),
  };
}

/** Lets the user pick the features RTLens provides (user settings: they follow the installed extensions). */
async function chooseFeatures(): Promise<FeatureKey[] | undefined> {
  const items = FEATURES.map((f) => ({ label: f.label, detail: f.detail, key: f.key, picked: enabled(f.key) }));
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, placeHolder: 'Features RTLens provides (the others are left to your other extensions)' });
  if (!picked) return undefined;
  const config = vscode.workspace.getConfiguration('rtlens.features');
  for (const f of FEATURES) {
    const on = picked.some((p) => p.key === f.key);
    if (on !== enabled(f.key)) await config.update(f.key, on, vscode.ConfigurationTarget.Global);
  }
  return picked.map((p) => p.key);
}

export function registerFeatures(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('rtlens.chooseFeatures', chooseFeatures),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // Switched off: what is shown goes now. Switched on: the server publishes again on the settings change.
      if (e.affectsConfiguration('rtlens.features.diagnostics') && !enabled('diagnostics')) client.diagnostics?.clear();
    }),
  );
  // Once per set of neighbours (a new one asks again): say so and offer the choice.
  const neighbours = otherHdlExtensions(vscode.extensions.all, context.extension.id);
  const key = 'rtlens.neighboursSeen';
  const seen = neighbours.map((n) => n.id).join(',');
  if (neighbours.length === 0 || context.globalState.get<string>(key) === seen) return;
  void context.globalState.update(key, seen);
  void vscode.window.showInformationMessage(neighbourMessage(neighbours), 'Choose Features', 'Keep All').then((choice) => {
    if (choice === 'Choose Features') void chooseFeatures();
  });
}
