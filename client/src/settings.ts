import * as vscode from 'vscode';

/**
 * The settings the server starts with (it reads them again itself, with files.exclude: server.ts
 * fetchSettings). Plain data: configuration values are proxies, which a worker's postMessage
 * (VS Code for the Web) cannot clone.
 */
export function initialSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration('rtlens');
  return plain({
    includeDirs: config.get('includeDirs'),
    defines: config.get('defines'),
    exclude: [
      ...(config.get<string[]>('exclude') ?? []),
      ...Object.entries(vscode.workspace.getConfiguration('files').get<Record<string, boolean>>('exclude') ?? {}).filter(([, on]) => on).map(([glob]) => glob),
    ],
    diagnostics: { implicitNets: config.get('diagnostics.implicitNets'), disabled: config.get('diagnostics.disabled') },
    ppa: config.get('ppa'),
    project: config.get('project'),
    search: { repositories: config.get('search.repositories') },
  });
}

function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
