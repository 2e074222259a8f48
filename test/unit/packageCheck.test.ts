import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The .vsix content check (scripts/check-package.mjs, run on the real package by `npm test`):
 * it names what is missing, what must not ship, and a package over 25 MB.
 */
const REPO = path.resolve(__dirname, '../../..');
// The project compiles tests to CommonJS, where import() becomes require(); keep a real import for the .mjs.
const dynamicImport = new Function('url', 'return import(url)') as (url: string) => Promise<any>;
const load = () => dynamicImport(pathToFileURL(path.join(REPO, 'scripts/check-package.mjs')).href);

const manifest = {
  main: './dist/client.js',
  icon: 'media/icon.png',
  bin: { rtlens: './bin/rtlens.js' },
  contributes: {
    languages: [{ id: 'verilog', configuration: './language-configuration.json' }],
    grammars: [{ path: './syntaxes/verilog.tmLanguage.json' }],
    walkthroughs: [{ steps: [{ media: { markdown: 'media/walkthrough/open.md' } }] }],
  },
};

const entry = (name: string) => ({ name, compressed: 10, size: 10, read: () => Buffer.alloc(0) });

test('a package with every required file and nothing else passes', async () => {
  const { packageProblems, requiredFiles } = await load();
  const files = [...requiredFiles(manifest)] as string[];
  assert.ok(files.includes('extension/media/walkthrough/open.md'));
  assert.ok(files.includes('extension/bin/rtlens.js'));
  assert.deepEqual(packageProblems([entry('extension.vsixmanifest'), entry('[Content_Types].xml'), ...files.map(entry)], manifest, 16e6), []);
});

test('missing files, source maps, sources and size are each named', async () => {
  const { packageProblems, requiredFiles } = await load();
  const files = ([...requiredFiles(manifest)] as string[]).filter((f) => f !== 'extension/media/icon.png');
  const problems: string[] = packageProblems([...files, 'extension/dist/server.js.map', 'extension/server/src/index.ts', 'extension/node_modules/x/index.js', 'extension/media/screenshots/search.png', 'extension/notes.txt'].map(entry), manifest, 26 * 1024 * 1024);
  assert.ok(problems.includes('missing: extension/media/icon.png'));
  assert.ok(problems.includes('should not ship: extension/dist/server.js.map'));
  assert.ok(problems.includes('should not ship: extension/server/src/index.ts'));
  assert.ok(problems.includes('should not ship: extension/node_modules/x/index.js'));
  assert.ok(problems.includes('should not ship: extension/media/screenshots/search.png'));
  assert.ok(problems.includes('unexpected: extension/notes.txt'));
  assert.ok(problems.some((p) => /over the 25 MB limit/.test(p)));
});
