import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { URI } from 'vscode-uri';

/**
 * Drives the bundled language server (dist/server.js) over stdio, as an editor would.
 */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

export interface LspSession {
  connection: MessageConnection;
  process: ChildProcess;
  notifications: { method: string; params: unknown }[];
  diagnostics: Map<string, unknown[]>;
  waitFor(method: string, predicate?: (params: any) => boolean, timeoutMs?: number): Promise<any>;
  stop(): Promise<void>;
}

export async function startLsp(workspaceDir: string, settings: Record<string, unknown> = {}, storagePath?: string, sections: Record<string, unknown> = {}, init: Record<string, unknown> = {}): Promise<LspSession> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const notifications: { method: string; params: unknown }[] = [];
  const diagnostics = new Map<string, unknown[]>();
  const waiters: { method: string; predicate: (p: any) => boolean; resolve: (p: any) => void }[] = [];
  connection.onNotification((method: string, params: any) => {
    notifications.push({ method, params });
    if (method === 'textDocument/publishDiagnostics') diagnostics.set(params.uri, params.diagnostics);
    for (const w of [...waiters]) {
      if (w.method === method && w.predicate(params)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(params);
      }
    }
  });
  // The rtlens section is `settings`; another section (files.exclude) is read from `sections`, which a test may change.
  connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map((item) => (item.section === 'rtlens' || item.section === undefined ? settings : (sections[item.section] ?? null))));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  // Refresh requests from the server, recorded with the notifications so a test can wait for one.
  for (const method of ['workspace/codeLens/refresh', 'workspace/inlayHint/refresh']) {
    connection.onRequest(method, () => {
      // An object of its own (not null): readers keep notifications' params in WeakSets (bench/lsp.mjs).
      const params = {};
      notifications.push({ method, params });
      for (const w of [...waiters]) {
        if (w.method === method) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(params);
        }
      }
      return null;
    });
  }
  connection.listen();
  const waitFor = (method: string, predicate: (p: any) => boolean = () => true, timeoutMs = 20000) => {
    const seen = notifications.find((n) => n.method === method && predicate(n.params));
    if (seen) return Promise.resolve(seen.params);
    return new Promise<any>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${method}\n${stderr.slice(-2000)}`)), timeoutMs);
      waiters.push({ method, predicate, resolve: (p) => { clearTimeout(timer); resolve(p); } });
    });
  };
  const indexed = waitFor('rtlens/indexed', () => true, 60000);
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: URI.file(workspaceDir).toString(),
    workspaceFolders: [{ uri: URI.file(workspaceDir).toString(), name: 'ws' }],
    capabilities: { workspace: { configuration: true, codeLens: { refreshSupport: true }, inlayHint: { refreshSupport: true } }, window: { workDoneProgress: true }, textDocument: { hover: { contentFormat: ['markdown'] } } },
    initializationOptions: { storagePath, settings, ...init },
  });
  await connection.sendNotification('initialized', {});
  await indexed;
  return {
    connection,
    process: child,
    notifications,
    diagnostics,
    waitFor,
    async stop() {
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await connection.sendNotification('exit');
      } catch {
        // already gone
      }
      connection.dispose();
      child.kill();
    },
  };
}

export function uri(p: string): string {
  return URI.file(p).toString();
}
