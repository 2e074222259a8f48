// PPA-aware suggestions on the development repositories (issue 18): the workspace audit as a
// user runs it, `rtlens suggest REPO --check --json`, on every repository folder of the corpus
// (RTLENS_REAL_DIR, else ${TMPDIR:-/tmp}/rtlens-real, laid out by ../shared/real/lay-out.sh;
// skipped with a note when there is none, as in CI). For each target (the built-in library and,
// when scripts/fetch-real-code.sh fetched it, Debian's OSU 0.18 um liberty): candidates found,
// checked, proven, refuted, not proven, offered, per rewrite kind with the synthesized area and
// delay change of what was offered, and the audit's time per 10k lines (finding alone, and
// finding with every check).
//
//   node bench/suggest/real.mjs [--only Hazard3,biriscv] [--targets generic,osu018] [--timeout 60] [--budget S]
//
// In `npm run bench` (part suggest-real) the whole part gets 600 s and 30 s per synthesis: what
// did not fit is listed as not run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { corpusDir, repositories } from '../real/bench.mjs';
import { ROOT, median, round } from '../lib.mjs';

/** Yosys's SystemVerilog reader (slang) needs Node 24: the e2e setup installs it (scripts/yosys-node.mjs says where). */
function yosysNode() {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/yosys-node.mjs')], { encoding: 'utf8' });
  const found = r.status === 0 ? r.stdout.trim() : '';
  return found && fs.existsSync(found) ? found : process.execPath;
}

async function run(node, args, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(node, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function lineCount(dir) {
  let lines = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(v|sv|vh|svh)$/.test(e.name)) lines += fs.readFileSync(p, 'utf8').split('\n').length;
    }
  };
  walk(dir);
  return lines;
}

const TARGETS = {
  generic: [],
  osu018: ['--liberty', path.join(ROOT, 'test/real/.cache/liberty/osu018_stdcells.lib')],
};

export async function benchSuggestReal({ dir, only, targets = ['generic', 'osu018'], timeoutS = 60, budgetS = Infinity, log = console.error } = {}) {
  const started = performance.now();
  const left = () => budgetS * 1000 - (performance.now() - started);
  const corpus = corpusDir(dir);
  const repos = corpus ? repositories(corpus, only).map((name) => ({ name, dir: path.join(corpus, name) })) : [];
  if (repos.length === 0) return { skipped: corpus ? `no repository folders in ${corpus}` : 'no corpus (set RTLENS_REAL_DIR)' };
  const node = yosysNode();
  const usable = targets.filter((t) => t === 'generic' || fs.existsSync(TARGETS[t][1]));
  const cli = path.join(ROOT, 'bin/rtlens.js');
  const out = { corpus, targets: usable, repos: [] };
  for (const repo of repos) {
    const lines = lineCount(repo.dir);
    const entry = { name: repo.name, lines, targets: {} };
    // Finding alone (no synthesis): the editor's audit before its checks.
    const t0 = performance.now();
    const found = await run(node, [cli, 'suggest', repo.dir, '--json'], 600_000);
    entry.findMs = Math.round(performance.now() - t0);
    if (found.code !== 0) {
      entry.error = found.stderr.slice(-500);
      out.repos.push(entry);
      continue;
    }
    entry.found = JSON.parse(found.stdout).length;
    out.repos.push(entry);
  }
  // Each target over every repository before the next target: a spent budget leaves whole targets, not whole repositories, out.
  for (const target of usable) {
    for (const entry of out.repos) {
      if (entry.error) continue;
      const repo = repos.find((r) => r.name === entry.name);
      if (left() <= 0) {
        entry.targets[target] = { skipped: `the bench's time budget (${budgetS} s) was spent` };
        continue;
      }
      const t1 = performance.now();
      const checked = await run(node, [cli, 'suggest', repo.dir, '--check', '--json', '--timeout', String(timeoutS), ...TARGETS[target]], Math.min(3_600_000, left()));
      const ms = Math.round(performance.now() - t1);
      if (checked.code !== 0) {
        entry.targets[target] = { error: checked.code === null ? `stopped: the bench's time budget (${budgetS} s) was spent` : checked.stderr.slice(-500), ms };
        continue;
      }
      const rows = JSON.parse(checked.stdout);
      entry.targets[target] = {
        ms,
        rows: rows.map((r) => ({
          file: r.file,
          line: r.line,
          module: r.module,
          kind: r.kind,
          title: r.title,
          proof: r.check?.proof?.status,
          offered: r.check?.offered === true,
          error: r.check?.error,
          area: r.check?.before?.area && r.check?.after?.area !== undefined ? round((r.check.after.area - r.check.before.area) / r.check.before.area, 4) : undefined,
          delay: r.check?.before?.delay && r.check?.after?.delay !== undefined ? round((r.check.after.delay - r.check.before.delay) / r.check.before.delay, 4) : undefined,
          estimatedGain: r.estimate.gain,
        })),
      };
      const t = entry.targets[target];
      log(`[suggest-real] ${repo.name} on ${target}: ${rows.length} candidates, ${t.rows.filter((r) => r.offered).length} offered, ${t.rows.filter((r) => r.proof === 'refuted').length} refuted, ${(ms / 1000).toFixed(0)} s`);
    }
  }
  out.summary = summarize(out);
  return out;
}

function summarize(out) {
  const perTarget = {};
  for (const target of out.targets) {
    const rows = out.repos.flatMap((r) => (r.targets[target]?.rows ?? []).map((x) => ({ ...x, repo: r.name })));
    const byKind = {};
    for (const r of rows) {
      const k = (byKind[r.kind] ??= { found: 0, checked: 0, proven: 0, refuted: 0, notProven: 0, offered: 0, failed: 0, offeredArea: [], offeredDelay: [], repos: new Set() });
      k.found++;
      if (r.proof !== undefined || r.area !== undefined || r.error) k.checked++;
      if (r.error) k.failed++;
      if (r.proof === 'proven') k.proven++;
      else if (r.proof === 'refuted') k.refuted++;
      else if (r.proof) k.notProven++;
      if (r.offered) {
        k.offered++;
        k.repos.add(r.repo);
        if (r.area !== undefined) k.offeredArea.push(r.area);
        if (r.delay !== undefined) k.offeredDelay.push(r.delay);
      }
    }
    for (const k of Object.values(byKind)) {
      const sorted = [...k.offeredArea].sort((a, b) => a - b);
      k.offeredAreaChange = sorted.length ? { min: sorted[0], median: round(median(sorted), 4), max: sorted[sorted.length - 1] } : undefined;
      k.offeredDelayMedian = k.offeredDelay.length ? round(median(k.offeredDelay), 4) : undefined;
      k.offeredIn = [...k.repos];
      delete k.offeredArea;
      delete k.offeredDelay;
      delete k.repos;
    }
    const done = out.repos.filter((r) => r.targets[target]?.rows);
    const lines = done.reduce((a, r) => a + r.lines, 0);
    const checkMs = done.reduce((a, r) => a + (r.targets[target]?.ms ?? 0), 0);
    perTarget[target] = {
      repos: done.map((r) => r.name),
      notRun: out.repos.filter((r) => !r.targets[target]?.rows).map((r) => `${r.name}: ${r.targets[target]?.skipped ?? r.targets[target]?.error ?? r.error ?? 'not run'}`),
      found: rows.length,
      checked: rows.filter((r) => r.proof !== undefined || r.area !== undefined || r.error).length,
      proven: rows.filter((r) => r.proof === 'proven').length,
      refuted: rows.filter((r) => r.proof === 'refuted').length,
      notProven: rows.filter((r) => r.proof && r.proof !== 'proven' && r.proof !== 'refuted').length,
      offered: rows.filter((r) => r.offered).length,
      offeredRefutedOrUndecided: rows.filter((r) => r.offered && r.proof !== undefined && r.proof !== 'proven').length,
      kindsOffered: Object.entries(byKind).filter(([, k]) => k.offered > 0).map(([name]) => name),
      secondsPer10kLinesWithChecks: round(checkMs / 1000 / Math.max(1, lines / 10_000), 1),
      byKind,
      offeredExamples: rows.filter((r) => r.offered).map((r) => `${r.repo}/${r.file}:${r.line} ${r.module}: ${r.title} (area ${r.area !== undefined ? `${round(r.area * 100, 1)}%` : '?'}, delay ${r.delay !== undefined ? `${round(r.delay * 100, 1)}%` : '?'}, ${r.proof ?? 'changes behaviour'})`),
    };
  }
  const lines = out.repos.reduce((a, r) => a + r.lines, 0);
  const findMs = out.repos.reduce((a, r) => a + (r.findMs ?? 0), 0);
  return { repos: out.repos.map((r) => r.name), lines, findSecondsPer10kLines: round(findMs / 1000 / Math.max(1, lines / 10_000), 2), perTarget };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const arg = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const result = await benchSuggestReal({
    only: arg('--only')?.split(','),
    targets: arg('--targets')?.split(',') ?? ['generic', 'osu018'],
    timeoutS: Number(arg('--timeout') ?? 60),
    budgetS: Number(arg('--budget') ?? Infinity),
    log: (m) => process.stderr.write(`${m}\n`),
  });
  console.log(JSON.stringify(result, null, 2));
}
