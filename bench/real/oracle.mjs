// The Verilator oracle: which files of a repository Verilator accepts, so that an Error
// diagnostic RTLens raises on such a file can be counted as a false error.
//
// Per file: `verilator --lint-only -Wno-fatal -Wno-lint -Wno-style --no-timing` with
//   -y DIR and +incdir+DIR for every folder of the repository holding HDL files (the file's own
//     folder first, then by closeness), and +incdir+ of the folder an `include "dir/x.svh" of
//     the files below names (where dir/x.svh is found),
//   -v FILE for every file declaring a module the file instantiates, transitively (the closest
//     declaration of each name; -y alone finds only modules in a file of their own name),
//   the files of every package those files refer to, in dependency order, before the file
//     (Verilator does not look packages up in -y folders),
//   before those, the files defining macros the file or those files use without defining or
//     including them (what a filelist would have given first),
//   --top-module the file's module when it declares exactly one; a file with no module (a
//     package) is linted beside an empty top of our own.
// When Verilator reports parameters without a value (a top module whose parameters have no
// default, legal for a module meant to be instantiated; other errors follow from those), the
// run is repeated once with -G of each such parameter set to 8, and that run decides.
// Headers (.vh, .svh, ...) are not linted: they are read through the files that include them.
// Verdicts are cached in bench/results/verilator-cache.json keyed by a hash of the Verilator
// version, the arguments and the text of every file given explicitly, so reruns are fast.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { RESULTS_DIR, WORK_DIR } from '../lib.mjs';
import { closureOf, closeness, scanRepository } from './scan.mjs';

const CACHE_FILE = path.join(RESULTS_DIR, 'verilator-cache.json');
const LINTED = new Set(['.v', '.sv']);
// Part of every cache key: bump when the way a verdict is reached changes.
const RULES = 2;

export function verilatorVersion() {
  try {
    const r = spawnSync('verilator', ['--version'], { encoding: 'utf8', timeout: 10_000 });
    return r.status === 0 ? r.stdout.trim() : undefined;
  } catch {
    return undefined;
  }
}

function loadCache(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
}

/** Writes the cache, merged with what another run may have written meanwhile. */
function saveCache(file, cache) {
  const merged = { ...loadCache(file), ...cache };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(merged));
  fs.renameSync(tmp, file);
}

const sha = (s) => createHash('sha256').update(s).digest('hex').slice(0, 32);

/** The order files are linted in: a fixed shuffle (by hash of the relative path), so a budget samples evenly. */
export function lintOrder(files, root) {
  return [...files].sort((a, b) => sha(path.relative(root, a)).localeCompare(sha(path.relative(root, b))));
}

/** The arguments linting `file` takes (see the header comment); undefined for files not linted. */
export function lintArgs(file, repo, folders, emptyTop) {
  if (!LINTED.has(path.extname(file))) return undefined;
  const scan = repo.scans.get(file);
  if (!scan) return undefined;
  const { packages, modules, macros, includeRoots } = closureOf(file, repo);
  const near = [...folders].sort((a, b) => closeness(file, b + '/x') - closeness(file, a + '/x') || a.localeCompare(b));
  const args = ['--lint-only', '-Wno-fatal', '-Wno-lint', '-Wno-style', '--no-timing'];
  for (const d of near) args.push('-y', d);
  for (const d of near) args.push(`+incdir+${d}`);
  for (const d of includeRoots) if (!folders.has(d)) args.push(`+incdir+${d}`);
  for (const m of modules) args.push('-v', m);
  const explicit = [...macros, ...packages.filter((p) => p !== file)];
  if (scan.modules.length === 1) args.push('--top-module', scan.modules[0]);
  else if (scan.modules.length === 0) {
    explicit.push(emptyTop);
    args.push('--top-module', EMPTY_TOP);
  }
  args.push(...explicit, file);
  return { args, explicit: [...explicit.filter((f) => f !== emptyTop), ...modules] };
}

const EMPTY_TOP = 'rtlens_oracle_empty_top';

function runVerilator(args, timeoutMs) {
  return new Promise((resolve) => {
    const started = performance.now();
    let child;
    try {
      child = spawn('verilator', args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    } catch (error) {
      resolve({ code: -1, stderr: String(error), ms: 0, timedOut: false });
      return;
    }
    let stderr = '';
    child.stderr.on('data', (d) => {
      if (stderr.length < 20_000) stderr += d;
    });
    let timedOut = false;
    // verilator is a shell wrapper around verilator_bin: kill the whole process group.
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: -1, stderr: String(error), ms: performance.now() - started, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, ms: performance.now() - started, timedOut });
    });
  });
}

const NO_VALUE = 'Parameter without initial value is never given value';

/** The parameters a failed run complained have no value (other errors may follow from those). */
export function parametersWithoutValue(r) {
  if (r.code === 0 || r.timedOut) return undefined;
  const names = new Set();
  const lines = r.stderr.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!l.startsWith('%Error') || !l.includes(NO_VALUE)) continue;
    // Only the top's own parameters can be set from the command line; a submodule's follow
    // from the top's (`... In instance top.u_sub`).
    const at = /In instance (\S+)/.exec(lines[i + 1] ?? '');
    if (at && at[1].includes('.')) continue;
    const q = l.lastIndexOf("'", l.length - 2);
    if (q >= 0 && l.endsWith("'")) names.add(l.slice(q + 1, -1));
  }
  return names.size > 0 ? [...names] : undefined;
}

/** First %Error line of Verilator's output, shortened, for the report. */
function firstError(stderr, root) {
  const line = stderr.split('\n').find((l) => l.startsWith('%Error')) ?? stderr.split('\n')[0] ?? '';
  return line.split(root + '/').join('').slice(0, 200);
}

/**
 * Verdicts for the files of one repository: { file (relative) -> { clean, cached, ms, error } }.
 * Files are taken in lintOrder; once `budgetMs` of Verilator time is spent on uncached files,
 * the remaining uncached ones are left out (counted in `unchecked`).
 */
export async function oracle({ root, files, version, budgetMs = 60_000, timeoutMs = 20_000, jobs = 1, cacheFile = CACHE_FILE, log = console.error }) {
  const read = (f) => {
    try {
      return fs.readFileSync(f, 'utf8');
    } catch {
      return undefined;
    }
  };
  const repo = scanRepository(files, read);
  const folders = new Set(files.map((f) => path.dirname(f)));
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const emptyTop = path.join(WORK_DIR, `${EMPTY_TOP}.sv`);
  fs.writeFileSync(emptyTop, `module ${EMPTY_TOP};\nendmodule\n`);
  const cache = loadCache(cacheFile);
  const verdicts = {};
  let spent = 0;
  let unchecked = 0;
  let notLinted = 0;
  let newRuns = 0;
  const order = lintOrder(files, root);
  const work = [];
  for (const file of order) {
    const rel = path.relative(root, file);
    const a = lintArgs(file, repo, folders, emptyTop);
    if (!a) {
      notLinted++;
      continue;
    }
    const texts = [file, ...a.explicit].map((f) => `${f}\n${read(f) ?? ''}`).join('\n\0');
    const key = sha(`${RULES}\n${version}\n${a.args.join('\n')}\n${texts}`);
    const hit = cache[key];
    if (hit) verdicts[rel] = { ...hit, cached: true };
    else work.push({ file, rel, key, args: a.args });
  }
  let next = 0;
  const worker = async () => {
    while (next < work.length) {
      const item = work[next++];
      if (spent >= budgetMs) {
        unchecked++;
        continue;
      }
      let r = await runVerilator(item.args, timeoutMs);
      const unset = parametersWithoutValue(r);
      if (unset) {
        spent += r.ms;
        r = await runVerilator([...unset.map((n) => `-G${n}=8`), ...item.args], timeoutMs);
      }
      spent += r.ms;
      newRuns++;
      const verdict = { clean: r.code === 0 && !r.timedOut, ms: Math.round(r.ms), ...(r.timedOut ? { timedOut: true } : {}), ...(r.code !== 0 ? { error: r.timedOut ? `timed out after ${timeoutMs} ms` : firstError(r.stderr, root) } : {}) };
      verdicts[item.rel] = verdict;
      // Timeouts depend on the machine's load: not cached.
      if (!r.timedOut) cache[item.key] = verdict;
      // Saved as it goes, so an interrupted run keeps what it learnt.
      if (newRuns % 25 === 0) saveCache(cacheFile, cache);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
  if (newRuns > 0) saveCache(cacheFile, cache);
  const values = Object.values(verdicts);
  const clean = values.filter((v) => v.clean).length;
  log(`[real] oracle ${path.basename(root)}: ${values.length} files linted (${values.filter((v) => v.cached).length} cached, ${newRuns} run in ${Math.round(spent / 1000)} s), ${clean} clean, ${unchecked} left out by the budget, ${notLinted} headers not linted`);
  return { verdicts, linted: values.length, clean, unchecked, notLinted, newRuns, verilatorMs: Math.round(spent) };
}
