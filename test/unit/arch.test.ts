import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * House rules from ARCHITECTURE.md, checked on every run: which layer may import which, and
 * which packages each layer may touch.
 */
const ROOT = path.resolve(__dirname, '../../..');
const SERVER = path.join(ROOT, 'server/src');

/** Layers in order; a layer may import itself and the layers before it. */
const ORDER = ['base', 'syntax', 'model', 'graph', 'workspace', 'analyses', 'ide', 'workers', 'lsp', 'cli'];
/** Adapters may import each other (the CLI starts the server; both use the worker host). */
const ADAPTERS = new Set(['workers', 'lsp', 'cli']);
const NODE_ONLY = /^(node:)?(fs|path|os|child_process|worker_threads|process|net|http)$/;

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

test('server layers import only downwards', () => {
  const violations: string[] = [];
  for (const file of files(SERVER)) {
    const layer = layerOf(file);
    assert.ok(ORDER.includes(layer), `unknown layer folder ${layer}`);
    for (const spec of imports(file)) {
      if (!spec.startsWith('.')) continue;
      const target = layerOf(path.resolve(path.dirname(file), spec));
      const allowed = ORDER.indexOf(target) <= ORDER.indexOf(layer) || (ADAPTERS.has(layer) && ADAPTERS.has(target));
      if (!allowed) violations.push(`${path.relative(ROOT, file)} (${layer}) imports ${spec} (${target})`);
    }
  }
  assert.deepEqual(violations, []);
});

test('only syntax knows tree-sitter; only adapters know LSP wiring and Node I/O', () => {
  const violations: string[] = [];
  for (const file of files(SERVER)) {
    const layer = layerOf(file);
    for (const spec of imports(file)) {
      const rel = path.relative(ROOT, file);
      if (spec === 'web-tree-sitter' && layer !== 'syntax') violations.push(`${rel} imports web-tree-sitter`);
      if ((spec.startsWith('vscode-languageserver/') || spec === 'vscode-languageserver' || spec === 'vscode') && !ADAPTERS.has(layer)) violations.push(`${rel} imports ${spec}`);
      if (spec === 'vscode-languageserver-types' && !['ide', ...ADAPTERS].includes(layer)) violations.push(`${rel} imports LSP types below ide`);
      if (NODE_ONLY.test(spec) && !ADAPTERS.has(layer)) violations.push(`${rel} imports Node-only ${spec}`);
    }
  }
  assert.deepEqual(violations, []);
});

test('the client never imports the server', () => {
  const violations = files(path.join(ROOT, 'client/src')).flatMap((file) => imports(file).filter((s) => s.includes('server/')).map((s) => `${file}: ${s}`));
  assert.deepEqual(violations, []);
});

test('one place converts offsets to LSP positions', () => {
  const offenders = files(SERVER).filter((f) => !f.endsWith('lineIndex.ts') && /lastIndexOf\('\\n'[^)]*\)[^;\n]*character|character:\s*\w+\s*-\s*\w*[Ss]tart/.test(fs.readFileSync(f, 'utf8')));
  assert.deepEqual(offenders.map((f) => path.relative(ROOT, f)), []);
});
