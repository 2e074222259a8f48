import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import type * as Protocol from '../../protocol';
import type * as Views from '../../server/src/ide/views';

/**
 * House rules from ARCHITECTURE.md, checked on every run: which layer may import which, and
 * which packages each layer may touch.
 */
const ROOT = path.resolve(__dirname, '../../..');
const SERVER = path.join(ROOT, 'server/src');

/** Layers in order; a layer may import itself and the layers before it. */
const ORDER = ['base', 'syntax', 'model', 'graph', 'workspace', 'analyses', 'ide', 'workers', 'lsp', 'web', 'cli'];
/** Adapters may import each other (the CLI starts the server; both use the worker host). */
const ADAPTERS = new Set(['workers', 'lsp', 'web', 'cli']);
/** Node's own modules (fs, path, worker_threads, ...), with or without the node: prefix. */
const NODE_BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));
const isNodeModule = (spec: string) => spec.startsWith('node:') || NODE_BUILTINS.has(spec.split('/')[0]);

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

function imports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)[^\S\n]*(?:import|export)[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)].map((m) => m[1] ?? m[2]);
}

function layerOf(file: string): string {
  return path.relative(SERVER, file).split(path.sep)[0];
}

/**
 * What an import of `spec` from a file of `layer` breaks, if anything. `target` is the folder
 * a relative import lands in: a layer of server/src, or the repository path ('protocol',
 * 'client/src', ...) when it leaves server/src.
 */
export function violation(layer: string, spec: string, target: string | undefined): string | undefined {
  const adapter = ADAPTERS.has(layer);
  if (spec.startsWith('.')) {
    if (target === undefined) return 'an import that resolves nowhere';
    if (!ORDER.includes(target)) {
      // Leaving server/src: only adapters may, and only to protocol/.
      return adapter && target === 'protocol' ? undefined : `leaves the core for ${target}`;
    }
    const allowed = ORDER.indexOf(target) <= ORDER.indexOf(layer) || (adapter && ADAPTERS.has(target));
    return allowed ? undefined : `imports upward (${target})`;
  }
  if (spec === 'web-tree-sitter' && layer !== 'syntax') return 'web-tree-sitter outside syntax';
  if (spec === 'vscode-languageserver-types') return ['ide', ...ADAPTERS].includes(layer) ? undefined : 'LSP types below ide';
  if (spec === 'vscode' || spec.startsWith('vscode-languageserver') || spec.startsWith('vscode-languageclient') || spec.startsWith('vscode-jsonrpc')) return adapter ? undefined : `${spec} outside the adapters`;
  if (isNodeModule(spec) && !adapter) return `Node's ${spec} outside the adapters`;
  return undefined;
}

/** The folder a relative import lands in: a layer under server/src, or its path from the repository root. */
function targetOf(file: string, spec: string): string {
  const resolved = path.resolve(path.dirname(file), spec);
  const fromServer = path.relative(SERVER, resolved);
  if (!fromServer.startsWith('..')) return fromServer.split(path.sep)[0];
  const fromRoot = path.relative(ROOT, resolved).split(path.sep);
  return fromRoot[0] === 'client' ? 'client/src' : fromRoot[0];
}

test('server layers import only downwards; the core leaves server/src for nothing (protocol/ and client/ included)', () => {
  const violations: string[] = [];
  for (const file of files(SERVER)) {
    const layer = layerOf(file);
    assert.ok(ORDER.includes(layer), `unknown layer folder ${layer}`);
    for (const spec of imports(file)) {
      const why = violation(layer, spec, spec.startsWith('.') ? targetOf(file, spec) : undefined);
      if (why) violations.push(`${path.relative(ROOT, file)} (${layer}) imports ${spec}: ${why}`);
    }
  }
  assert.deepEqual(violations, []);
});

test('the import rule flags what it must and lets through what it may', () => {
  // The core: no protocol/, client/, vscode, LSP wiring or Node modules; ide may use LSP's plain types.
  assert.ok(violation('ide', '../../../protocol', 'protocol'));
  assert.ok(violation('analyses', '../../../client/src/views', 'client/src'));
  assert.ok(violation('graph', 'vscode', undefined));
  assert.ok(violation('ide', 'vscode-languageserver/node', undefined));
  assert.ok(violation('ide', 'vscode-languageserver', undefined));
  assert.ok(violation('model', 'vscode-languageserver-types', undefined));
  assert.ok(violation('workspace', 'node:fs', undefined));
  assert.ok(violation('base', 'crypto', undefined));
  assert.ok(violation('syntax', 'node:worker_threads', undefined));
  assert.ok(violation('graph', '../analyses/ppa', 'analyses'));
  assert.ok(violation('model', 'web-tree-sitter', undefined));
  assert.equal(violation('ide', 'vscode-languageserver-types', undefined), undefined);
  assert.equal(violation('ide', '../workspace', 'workspace'), undefined);
  assert.equal(violation('syntax', 'web-tree-sitter', undefined), undefined);
  assert.equal(violation('analyses', 'minisearch', undefined), undefined);
  // The adapters: transport, Node and protocol/.
  assert.equal(violation('lsp', '../../../protocol', 'protocol'), undefined);
  assert.equal(violation('lsp', 'vscode-languageserver/node', undefined), undefined);
  assert.equal(violation('workers', 'node:worker_threads', undefined), undefined);
  assert.ok(violation('cli', '../../../client/src/extension', 'client/src'));
});

/** A is B: each assignable to the other. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

test('protocol/ mirrors the shapes ide/views.ts answers with, exactly', () => {
  // Compile-time: a mirror that drifts from its original fails to compile this file.
  const same: [
    Same<Protocol.TraceViewNode, Views.TraceViewNode>,
    Same<Protocol.TraceResult, Views.TraceResult>,
    Same<Protocol.HierarchyViewNode, Views.HierarchyViewNode>,
    Same<Protocol.HierarchyResult, Views.HierarchyResult>,
    Same<Protocol.PpaRowView, Views.PpaRowView>,
    Same<Protocol.PpaHotspotsResult, Views.PpaHotspotsResult>,
    Same<Protocol.SearchGranularity, Views.SearchGranularity>,
    Same<Protocol.SearchHitView, Views.SearchHitView>,
    Same<Protocol.SearchResult, Views.SearchResult>,
    Same<Protocol.ContextPackResult, Views.ContextPackResult>,
    Same<Protocol.AskResult, Views.AskResult>,
    Same<Protocol.SuggestionFiguresView, Views.SuggestionFiguresView>,
    Same<Protocol.SuggestionView, Views.SuggestionView>,
  ] = [true, true, true, true, true, true, true, true, true, true, true, true, true];
  assert.ok(same.every(Boolean));
  // Run-time: every shape views.ts declares has its mirror (a new view must be added to both, and above).
  const declared = (file: string) => new Set([...fs.readFileSync(file, 'utf8').matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]));
  const views = declared(path.join(SERVER, 'ide/views.ts'));
  const protocol = declared(path.join(ROOT, 'protocol/index.ts'));
  assert.equal(views.size, same.length);
  assert.deepEqual([...views].filter((v) => !protocol.has(v)), []);
});

test('RTLens stays off the save path: no will-save participant in the client, none asked of the server', () => {
  // "Aborted onWillSaveTextDocument-event after 1750ms" names a participant that took too long;
  // RTLens has none (saving triggers background synthesis in the server, after the save).
  const participants = files(path.join(ROOT, 'client/src')).filter((f) => /onWillSave|willSaveWaitUntil/.test(fs.readFileSync(f, 'utf8')));
  assert.deepEqual(participants, []);
  const server = fs.readFileSync(path.join(SERVER, 'lsp/server.ts'), 'utf8');
  assert.doesNotMatch(server, /willSave/);
  assert.match(server, /textDocumentSync: \{ openClose: true, change: TextDocumentSyncKind\.Incremental, save: \{ includeText: false \} \}/);
});

test('the client never imports the server', () => {
  const violations = files(path.join(ROOT, 'client/src')).flatMap((file) => imports(file).filter((s) => s.includes('server/')).map((s) => `${file}: ${s}`));
  assert.deepEqual(violations, []);
});

test('one place converts offsets to LSP positions', () => {
  const offenders = files(SERVER).filter((f) => !f.endsWith('lineIndex.ts') && /lastIndexOf\('\\n'[^)]*\)[^;\n]*character|character:\s*\w+\s*-\s*\w*[Ss]tart/.test(fs.readFileSync(f, 'utf8')));
  assert.deepEqual(offenders.map((f) => path.relative(ROOT, f)), []);
});

test('the language server\'s routing and state run in a browser too: no Node in lsp/ but its Node host and entry', () => {
  // web/main.ts runs lsp/server.ts in a web worker; Node belongs in nodeHost.ts, main.ts and workers/.
  const nodeOnly = new Set(['main.ts', 'nodeHost.ts']);
  const violations: string[] = [];
  for (const file of files(path.join(SERVER, 'lsp'))) {
    if (nodeOnly.has(path.basename(file))) continue;
    const text = fs.readFileSync(file, 'utf8');
    // Value imports only: a type import is erased from the bundle.
    for (const m of text.matchAll(/^import (?!type\b)[^'"\n]*from '([^']+)'/gm)) {
      const spec = m[1];
      if (isNodeModule(spec) || spec === 'vscode-languageserver/node' || spec.startsWith('../workers/')) violations.push(`${path.relative(ROOT, file)} imports ${spec}`);
    }
  }
  assert.deepEqual(violations, []);
});
