// `npm run package`'s .vsix holds exactly what the extension needs, and stays under 25 MB.
//   node scripts/check-package.mjs [file.vsix]
// Without an argument it runs `npm run package` first (a production build, then vsce). Checks:
//   - every file the manifest names (main, the icon, grammars, language configuration, view and
//     walkthrough media) and every runtime file (server, workers, CLI, both wasm grammars, Yosys,
//     the data files) is in it;
//   - nothing else is: no source maps, sources, tests, node_modules, benchmarks, fixtures, the
//     README's screenshots (the Marketplace shows them from the repository);
//   - the whole file is under 25 MB (the Marketplace takes more; users download it).
// Prints the listing's size by folder and exits 1 on the first list of problems.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LIMIT = 25 * 1024 * 1024;

/** The entries of a zip file (central directory): name, compressed and full size, and a reader. */
export function zipEntries(buffer) {
  let end = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 65535); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('not a zip file (no end of central directory)');
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry ${n}`);
    const method = buffer.readUInt16LE(at + 10);
    const compressed = buffer.readUInt32LE(at + 20);
    const size = buffer.readUInt32LE(at + 24);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    const read = () => {
      const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
      const data = buffer.subarray(start, start + compressed);
      return method === 0 ? data : inflateRawSync(data);
    };
    entries.push({ name, compressed, size, read });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** What must be in the package: the runtime files, and every file the manifest points at. */
export function requiredFiles(manifest) {
  const files = new Set([
    'extension/package.json',
    'extension/readme.md',
    'extension/changelog.md',
    'extension/LICENSE.txt',
    'extension/dist/client.js',
    'extension/dist/browserClient.js',
    'extension/dist/webServer.js',
    'extension/dist/webYosys.js',
    'extension/dist/server.js',
    'extension/dist/indexWorker.js',
    'extension/dist/synthWorker.js',
    'extension/dist/cli.js',
    'extension/dist/tree-sitter.wasm',
    'extension/dist/tree-sitter-systemverilog.wasm',
    'extension/dist/yosys/bundle.js',
    'extension/dist/yosys/yosys.core.wasm',
    'extension/dist/data/rtlens_generic.lib',
    'extension/dist/data/ppa-model.json',
    'extension/dist/data/recipe-kb.json',
    'extension/dist/sample/rtl/top.v',
  ]);
  const add = (file) => file && files.add(`extension/${path.posix.normalize(file.replace(/^\.\//, ''))}`);
  add(manifest.main);
  add(manifest.browser);
  add(manifest.icon);
  for (const bin of Object.values(manifest.bin ?? {})) add(bin);
  const c = manifest.contributes ?? {};
  for (const l of c.languages ?? []) add(l.configuration);
  for (const g of c.grammars ?? []) add(g.path);
  for (const container of Object.values(c.viewsContainers ?? {})) for (const v of container) add(v.icon);
  for (const views of Object.values(c.views ?? {})) for (const v of views) if (v.icon && !v.icon.startsWith('$(')) add(v.icon);
  for (const w of c.walkthroughs ?? []) {
    for (const step of w.steps ?? []) {
      const media = step.media ?? {};
      add(media.markdown);
      add(typeof media.image === 'string' ? media.image : media.image?.dark);
      add(media.svg);
    }
  }
  for (const command of c.commands ?? []) if (typeof command.icon === 'string' && !command.icon.startsWith('$(')) add(command.icon);
  return files;
}

/** Names that must never ship. */
const FORBIDDEN = [/\.map$/, /\.ts$/, /(^|\/)node_modules\//, /^extension\/(test|bench|server|client|protocol|scripts|grammars|out|docs|test-fixtures|test-results)\//, /^extension\/media\/screenshots\//, /\.vsix$/, /(^|\/)\.[^/]+$/];

/** Problems with a package's entries, given the manifest it was built from ([] when it is right). */
export function packageProblems(entries, manifest, bytes) {
  const names = new Set(entries.map((e) => e.name));
  const problems = [];
  for (const file of requiredFiles(manifest)) if (!names.has(file)) problems.push(`missing: ${file}`);
  for (const name of names) if (FORBIDDEN.some((re) => re.test(name))) problems.push(`should not ship: ${name}`);
  const allowed = [/^extension\.vsixmanifest$/, /^\[Content_Types\]\.xml$/, /^extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt|language-configuration\.json)$/, /^extension\/(dist|media|syntaxes|bin)\//];
  for (const name of names) if (!allowed.some((re) => re.test(name))) problems.push(`unexpected: ${name}`);
  if (bytes >= LIMIT) problems.push(`${(bytes / 1048576).toFixed(1)} MB: over the 25 MB limit`);
  return problems;
}

function main() {
  let file = process.argv[2];
  if (!file) {
    file = path.join(root, 'rtlens.vsix');
    const run = spawnSync('npm', ['run', 'package'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (run.status !== 0) {
      console.log(run.stdout.slice(-3000), run.stderr.slice(-3000));
      console.log('package check: `npm run package` failed');
      process.exit(1);
    }
  }
  if (!existsSync(file)) {
    console.log(`package check: ${file} does not exist`);
    process.exit(1);
  }
  const buffer = readFileSync(file);
  const entries = zipEntries(buffer);
  const packaged = JSON.parse(entries.find((e) => e.name === 'extension/package.json')?.read().toString('utf8') ?? '{}');
  const problems = packageProblems(entries, packaged, statSync(file).size);
  const byFolder = new Map();
  for (const e of entries) {
    const parts = e.name.split('/');
    const folder = parts.slice(0, Math.min(3, parts.length - 1)).join('/') || '(top)';
    byFolder.set(folder, (byFolder.get(folder) ?? 0) + e.compressed);
  }
  for (const [folder, size] of [...byFolder].sort((a, b) => b[1] - a[1])) console.log(`  ${(size / 1048576).toFixed(2).padStart(7)} MB  ${folder}`);
  console.log(`package check: ${path.basename(file)}, ${entries.length} files, ${(buffer.length / 1048576).toFixed(2)} MB (limit 25 MB)`);
  if (problems.length > 0) {
    console.log(`package check failed:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log('package check: passed');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
