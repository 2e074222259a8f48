import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { type IndexedParams, Notifications, Requests } from '../../protocol';
import { registerChat } from './chat';
import { registerFeatures } from './features';
import { registerPpa } from './ppa';
import { registerProject } from './project';
import { registerRecipes } from './recipes';
import { registerSearch } from './search';
import { registerSuggestions } from './suggestions';
import { registerTrust } from './trust';
import { registerViews } from './views';
import { registerWalkthrough } from './walkthrough';

/**
 * What the desktop entry (extension.ts) and the browser entry (browser.ts) register alike:
 * before the client starts, the views, the log and reindex commands and what follows a finished
 * index; after it, every feature module.
 */
export function registerBeforeStart(context: vscode.ExtensionContext, client: LanguageClient, log: { show(): void }, onIndexed: (stats: IndexedParams) => void): void {
  const hierarchy = registerViews(context, client);
  context.subscriptions.push(
    vscode.commands.registerCommand('rtlens.reindex', () => client.sendRequest(Requests.reindex)),
    vscode.commands.registerCommand('rtlens.showOutput', () => log.show()),
    vscode.commands.registerCommand('rtlens.showLogs', () => log.show()),
    client.onNotification(Notifications.indexed, (stats: IndexedParams) => {
      onIndexed(stats);
      hierarchy.refresh();
      // Hotspots shown before the index was complete used what had been read then (no header macros, no submodules).
      vscode.commands.executeCommand('rtlens.showHotspots').then(undefined, () => undefined);
    }),
  );
}

export function registerAfterStart(context: vscode.ExtensionContext, client: LanguageClient): void {
  registerTrust(context, client);
  registerFeatures(context, client);
  registerWalkthrough(context);
  registerProject(context, client);
  registerPpa(context, client);
  registerRecipes(context, client);
  registerSearch(context, client);
  registerChat(context, client);
  registerSuggestions(context, client);
}
