// `npm test`: every test of the project, in stages, with one closing line of totals.
//   1. real Verilog written by others, fetched from Debian/npm by scripts/fetch-real-code.sh;
//   2. unit tests (test/unit, the real code among them), language-server tests over stdio
//      (test/lsp) and synthesis tests against Yosys itself (test/synth, slow; on a Node that runs
//      Yosys, see scripts/yosys-node.mjs), node:test;
//   3. ESLint over the sources (eslint.config.mjs: correctness rules and linear-time regular expressions),
//      one test: passed when clean, failed with its output otherwise;
//   4. the .vsix of `npm run package`, its content and size checked (scripts/check-package.mjs);
//   5. the VS Code integration suite and a browser scenario inside code-server (test/e2e/run.sh).
// RTLENS_SKIP_E2E=1 skips stage 5 (it installs chromium and code-server on first run).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { yosysNode } from './yosys-node.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let passed = 0;
let failed = 0;
const failures = [];

function run(label, command, args, options = {}) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 256 * 1024 * 1024, timeout: options.timeoutMs ?? 30 * 60 * 1000, env: { ...process.env, ...(options.env ?? {}) } });
  process.stdout.write(result.stdout ?? '');
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return { ...result, seconds };
}

function nodeTests(label, pattern, node = process.execPath) {
  // Test files by name: Node >= 22 reads --test arguments as globs, not folders.
  const files = pattern
    .filter((p) => existsSync(path.join(root, p)))
    .flatMap((dir) => readdirSync(path.join(root, dir), { recursive: true }).filter((f) => String(f).endsWith('.test.js')).map((f) => path.join(dir, String(f))))
    .sort();
  if (files.length === 0) return;
  const result = run(label, node, ['--test', '--test-reporter=tap', '--test-concurrency=2', ...files]);
  const pass = Number(/^# pass (\d+)/m.exec(result.stdout ?? '')?.[1] ?? 0);
  const fail = Number(/^# fail (\d+)/m.exec(result.stdout ?? '')?.[1] ?? 0);
  passed += pass;
  failed += fail;
  if (result.status !== 0 && fail === 0) {
    failed += 1;
    failures.push(`${label} exited with ${result.status ?? result.signal}`);
  } else if (fail > 0) failures.push(`${label}: ${fail} failed`);
  console.log(`--- ${label}: ${pass} passed, ${fail} failed in ${result.seconds} s`);
}

// Real Verilog written by others (Debian and npm packages), read by test/unit/realCode.test.ts.
if (existsSync(path.join(root, 'scripts/fetch-real-code.sh'))) {
  const fetch = run('fetch real Verilog', 'bash', ['scripts/fetch-real-code.sh']);
  if (fetch.status !== 0) {
    failed += 1;
    failures.push('scripts/fetch-real-code.sh failed');
  }
}

nodeTests('unit', ['out/test/unit']);
nodeTests('language server', ['out/test/lsp']);
// Real synthesis (Yosys + ABC in WebAssembly): slower, so a stage of its own.
// Yosys (with slang) needs WebAssembly GC: Node 22 or >= 24 (scripts/yosys-node.mjs installs 24 when needed).
nodeTests('synthesis (slow: Yosys in WebAssembly)', ['out/test/synth'], yosysNode());

// Lint: one test. ESLint exits 1 on errors (warnings alone pass), 2 when it could not run.
{
  const lint = run('lint', process.execPath, [path.join(root, 'node_modules/eslint/bin/eslint.js'), '--cache', '--cache-strategy', 'content', '--cache-location', 'node_modules/.cache/eslint/'], { timeoutMs: 5 * 60 * 1000 });
  if (lint.status === 0) {
    passed += 1;
    console.log(`--- lint: clean in ${lint.seconds} s`);
  } else {
    failed += 1;
    failures.push(`lint exited with ${lint.status ?? lint.signal}${lint.error ? ` (${lint.error.message})` : ''}`);
    console.log(`--- lint: failed in ${lint.seconds} s`);
  }
}

// The .vsix: `npm run package` (a production build, then vsce), its content checked by
// scripts/check-package.mjs: one test. Later stages build dist/ again for development.
{
  const pack = run('package', process.execPath, [path.join(root, 'scripts/check-package.mjs')], { timeoutMs: 10 * 60 * 1000 });
  if (pack.status === 0) passed += 1;
  else {
    failed += 1;
    failures.push(`package check exited with ${pack.status ?? pack.signal}`);
  }
  console.log(`--- package: exit ${pack.status} in ${pack.seconds} s`);
  const rebuild = run('build (development, after packaging)', 'npm', ['run', 'build', '--silent']);
  if (rebuild.status !== 0) failures.push('build after packaging failed');
}

if (process.env.RTLENS_SKIP_E2E === '1') {
  console.log('\n=== e2e skipped (RTLENS_SKIP_E2E=1)');
} else if (existsSync(path.join(root, 'test/e2e/run.sh'))) {
  const e2e = run('VS Code (code-server) suite and browser scenario', 'bash', ['test/e2e/run.sh'], { timeoutMs: 20 * 60 * 1000 });
  const out = e2e.stdout ?? '';
  const mochaPass = Number(/(?<!\d)(\d+) passing/.exec(out)?.[1] ?? 0);
  const mochaFail = Number(/(?<!\d)(\d+) failing/.exec(out)?.[1] ?? 0);
  passed += mochaPass;
  failed += mochaFail;
  if (e2e.status !== 0) {
    failures.push(`e2e exited with ${e2e.status ?? e2e.signal}`);
    if (mochaFail === 0) failed += 1;
  } else passed += 1; // the browser scenario
  console.log(`--- e2e: exit ${e2e.status} in ${e2e.seconds} s`);
}

if (failures.length > 0) console.log(`\nFailures:\n  ${failures.join('\n  ')}`);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
