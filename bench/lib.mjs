// Shared helpers of the benchmarks: paths, statistics, child processes, memory readings.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { runsYosys, yosysNode } from '../scripts/yosys-node.mjs';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(BENCH_DIR, '..');
export const WORK_DIR = path.join(BENCH_DIR, '.work');
export const RESULTS_DIR = path.join(BENCH_DIR, 'results');
export const require = createRequire(import.meta.url);

/** The compiled sources (npx tsc -p tsconfig.test.json) the benches load. */
export const OUT = {
  syntax: path.join(ROOT, 'out/server/src/syntax/index.js'),
  host: path.join(ROOT, 'out/server/src/workers/host.js'),
  indexer: path.join(ROOT, 'out/server/src/workers/indexer.js'),
  workspace: path.join(ROOT, 'out/server/src/workspace/index.js'),
  lspClient: path.join(ROOT, 'out/test/helpers/lspClient.js'),
};
export const DIST = {
  server: path.join(ROOT, 'dist/server.js'),
  cli: path.join(ROOT, 'dist/cli.js'),
  bin: path.join(ROOT, 'bin/rtlens.js'),
};

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

/** p50/p95/p99/mean/max of a list of milliseconds, rounded to 0.01 ms. */
export function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const r = (x) => Math.round(x * 100) / 100;
  return {
    n: sorted.length,
    p50: r(percentile(sorted, 50)),
    p95: r(percentile(sorted, 95)),
    p99: r(percentile(sorted, 99)),
    mean: r(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
    min: r(sorted[0] ?? NaN),
    max: r(sorted[sorted.length - 1] ?? NaN),
  };
}

export function median(values) {
  return percentile([...values].sort((a, b) => a - b), 50);
}

export const round = (x, digits = 2) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x);

/** Runs node with args, resolves { code, stdout, stderr, wallMs }. */
export function runNode(args, { cwd = ROOT, timeoutMs = 300_000, env } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, wallMs: performance.now() - started });
    });
  });
}

/** The @@cpu line bench/cpu-report.cjs printed on a child's stderr, if any. */
export function cpuReport(stderr) {
  const m = /^@@cpu (.*)$/m.exec(stderr);
  return m ? JSON.parse(m[1]) : undefined;
}

export const CPU_REPORT = path.join(BENCH_DIR, 'cpu-report.cjs');

/** Last JSON line of a child's stdout. */
export function lastJson(stdout) {
  const lines = stdout.trim().split('\n').filter((l) => l.trim().startsWith('{'));
  if (lines.length === 0) throw new Error(`no JSON in output: ${stdout.slice(-500)}`);
  return JSON.parse(lines[lines.length - 1]);
}

/** VmRSS / VmHWM of a process in MB, from /proc/<pid>/status. */
export function procMemory(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMB: round(kb('VmRSS') / 1024, 1), hwmMB: round(kb('VmHWM') / 1024, 1), threads: Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? NaN) };
  } catch {
    return { rssMB: NaN, hwmMB: NaN, threads: NaN };
  }
}

/** True when any file under dir (recursively, by extension) is newer than `than` (ms). */
function newestMtime(dir, exts) {
  let newest = 0;
  const walk = (d) => {
    let entries;
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (exts.some((x) => e.name.endsWith(x))) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  walk(dir);
  return newest;
}

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Makes sure dist/ (npm run build) and out/ (tsc -p tsconfig.test.json) exist and are not older
 * than the sources. Type errors in files other engineers are editing do not stop tsc emitting,
 * so only missing outputs are fatal.
 */
export function ensureBuilt(log = console.error) {
  // Yosys (slang) needs WebAssembly GC: on an older Node, the whole benchmark runs again on Node 24.
  if (!runsYosys()) {
    const node = yosysNode(log);
    log(`[bench] Node ${process.versions.node} cannot run Yosys: running again on ${node}`);
    const r = spawnSync(node, process.argv.slice(1), { stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }
  const sources = Math.max(newestMtime(path.join(ROOT, 'server/src'), ['.ts']), newestMtime(path.join(ROOT, 'test/helpers'), ['.ts']));
  const distTime = Math.min(mtime(DIST.server), mtime(DIST.cli), mtime(path.join(ROOT, 'dist/indexWorker.js')));
  if (distTime === 0 || distTime < newestMtime(path.join(ROOT, 'server/src'), ['.ts'])) {
    log('[bench] dist/ missing or older than server/src: npm run build');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('build failed');
  }
  const outTime = Math.min(...Object.values(OUT).map(mtime));
  if (outTime === 0 || outTime < sources) {
    log('[bench] out/ missing or older than sources: tsc -p tsconfig.test.json');
    const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.test.json'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) log(`[bench] tsc reported errors (outputs are still emitted):\n${(r.stdout + r.stderr).split('\n').slice(0, 10).join('\n')}`);
  }
  for (const f of [...Object.values(OUT), ...Object.values(DIST)]) if (!fs.existsSync(f)) throw new Error(`missing ${path.relative(ROOT, f)}`);
}

export function hdlFiles(dir) {
  const { findHdlFiles } = require(OUT.host);
  return findHdlFiles([dir]);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
