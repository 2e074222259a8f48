import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { type HierarchyResult, type HierarchyViewNode, Requests, type TraceResult, type TraceViewNode } from '../../protocol';

/**
 * Two tree views in the explorer, rendering what the server computes: the design hierarchy
 * (tops -> instances -> ...) and the last driver/load trace. Clicking a row opens its source.
 */
function toLocation(client: LanguageClient, location: { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }): vscode.Location {
  return client.protocol2CodeConverter.asLocation(location as never);
}

function openCommand(client: LanguageClient, location: TraceViewNode['location'] | undefined): vscode.Command | undefined {
  if (!location) return undefined;
  const target = toLocation(client, location);
  return { command: 'vscode.open', title: 'Open', arguments: [target.uri, { selection: target.range }] };
}

export class HierarchyProvider implements vscode.TreeDataProvider<HierarchyViewNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private result: HierarchyResult | undefined;

  constructor(private readonly client: LanguageClient) {}

  refresh(): void {
    this.result = undefined;
    this.changed.fire();
  }

  tops(): string[] {
    return this.result?.tops ?? [];
  }

  async getChildren(node?: HierarchyViewNode): Promise<HierarchyViewNode[]> {
    if (node) return node.children;
    const top = vscode.workspace.getConfiguration('rtlens').get<string>('top') || undefined;
    // The file being edited picks its own copy of a module that several files declare.
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    this.result = await this.client.sendRequest<HierarchyResult>(Requests.hierarchy, { top, uri });
    return this.result.roots;
  }

  getTreeItem(node: HierarchyViewNode): vscode.TreeItem {
    const isTop = !node.location;
    const item = new vscode.TreeItem(isTop ? node.module : node.name, node.children.length > 0 ? (isTop ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed) : vscode.TreeItemCollapsibleState.None);
    item.description = isTop ? 'top' : `${node.module}${node.recursive ? ' (recursive)' : ''}${node.unresolved ? ' (not found)' : ''}`;
    const params = Object.entries(node.params ?? {}).map(([name, value]) => `${name}=${value}`).join(', ');
    if (params) item.description = `${item.description} · ${params}`;
    if (node.notUnrolled) item.description = `${item.description} · loop not unrolled`;
    item.tooltip = `${node.moduleLocation ? `${node.module} — ${vscode.Uri.parse(node.moduleLocation.uri).fsPath}` : node.module}${params ? `\n${params}` : ''}${node.notUnrolled ? `\n${node.notUnrolled}` : ''}`;
    item.iconPath = new vscode.ThemeIcon(isTop ? 'circuit-board' : node.unresolved ? 'warning' : 'symbol-class');
    item.command = openCommand(this.client, node.location ?? node.moduleLocation);
    item.contextValue = isTop ? 'rtlensTop' : 'rtlensInstance';
    return item;
  }
}

type TraceRow = { kind: 'root'; label: string; direction: string } | { kind: 'step'; step: TraceViewNode };

export class TraceProvider implements vscode.TreeDataProvider<TraceRow> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private rows: TraceRow[] = [];

  constructor(private readonly client: LanguageClient) {}

  async trace(direction: 'drivers' | 'loads'): Promise<TraceResult | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return undefined;
    const depth = vscode.workspace.getConfiguration('rtlens').get<number>('trace.depth') ?? 3;
    const result = await this.client.sendRequest<TraceResult>(Requests.trace, {
      textDocument: { uri: editor.document.uri.toString() },
      position: { line: editor.selection.active.line, character: editor.selection.active.character },
      direction,
      depth,
    });
    if (!result.root) {
      void vscode.window.showInformationMessage('RTLens: place the cursor on a signal or port to trace it.');
      return result;
    }
    this.rows = [{ kind: 'root', label: `${result.root.module}.${result.root.signal}`, direction }, ...result.steps.map((step) => ({ kind: 'step' as const, step }))];
    this.changed.fire();
    return result;
  }

  getChildren(row?: TraceRow): TraceRow[] {
    return row ? [] : this.rows;
  }

  getTreeItem(row: TraceRow): vscode.TreeItem {
    if (row.kind === 'root') {
      const item = new vscode.TreeItem(`${row.direction === 'drivers' ? 'Drivers' : 'Loads'} of ${row.label}`);
      item.iconPath = new vscode.ThemeIcon(row.direction === 'drivers' ? 'arrow-left' : 'arrow-right');
      return item;
    }
    const { step } = row;
    // Inside an instance the row names it by path (u1/u_add.q); in the traced module, by module.
    const item = new vscode.TreeItem(`${'  '.repeat(step.depth - 1)}${step.instance && !step.instance.startsWith('..') ? step.instance : step.module}.${step.signal}`);
    item.description = `${step.kind} · ${vscode.workspace.asRelativePath(vscode.Uri.parse(step.via.uri))}:${step.via.range.start.line + 1}`;
    item.tooltip = `${step.module}.${step.signal}${step.instance ? ` in instance path ${step.instance}` : ''}: reached through a ${step.kind} at depth ${step.depth}; click to open the ${step.kind === 'port' || step.kind === 'instance' ? 'connection' : 'assignment'}`;
    item.iconPath = new vscode.ThemeIcon(step.kind === 'port' || step.kind === 'instance' ? 'plug' : 'symbol-variable');
    item.command = openCommand(this.client, step.via);
    return item;
  }
}

/** The Design Hierarchy and Signal Trace views and their commands (desktop and web alike). */
export function registerViews(context: vscode.ExtensionContext, client: LanguageClient): HierarchyProvider {
  const hierarchy = new HierarchyProvider(client);
  const traces = new TraceProvider(client);
  const traceView = vscode.window.createTreeView('rtlens.trace', { treeDataProvider: traces });
  const trace = async (direction: 'drivers' | 'loads') => {
    const result = await traces.trace(direction);
    if (result?.root) await vscode.commands.executeCommand('rtlens.trace.focus');
    return result;
  };
  context.subscriptions.push(
    traceView,
    vscode.window.registerTreeDataProvider('rtlens.hierarchy', hierarchy),
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
  return hierarchy;
}
