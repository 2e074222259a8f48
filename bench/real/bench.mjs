// Part `real`: RTLens on a folder of real repositories (each immediate subfolder is one).
//
// Per repository:
//   - cold index as `rtlens index --json --workers 2` runs it (workers/indexer.ts), against a raw
//     single-thread web-tree-sitter parse of the same files (bench/rawparse.mjs), interleaved,
//     medians of --repeats runs;
//   - per file, RTLens's own work (preprocess, parse, extract, summary) against its raw parse,
//     Error diagnostics after the whole index, parse errors before and after preprocessing, and
//     the definition sample (bench/real/probe.mjs, one process per repository);
//   - the language server's VmRSS once it has indexed the repository (dist/server.js --stdio);
//   - the Verilator oracle (bench/real/oracle.mjs): which files Verilator accepts, and the
//     Error diagnostics RTLens raises on those (false errors; the target is none).
// Nothing machine-specific is kept: the folder comes from the command line, RTLENS_REAL_DIR,
// or ${TMPDIR:-/tmp}/rtlens-real when that exists.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BENCH_DIR, CPU_REPORT, DIST, RESULTS_DIR, cpuReport, hdlFiles, lastJson, median, procMemory, round, runNode } from '../lib.mjs';
import { startServer } from '../lsp.mjs';
import { oracle, verilatorVersion } from './oracle.mjs';

/** The corpus folder: the argument, else RTLENS_REAL_DIR, else ${TMPDIR:-/tmp}/rtlens-real; undefined when none exists. */
export function corpusDir(arg) {
  const candidates = arg ? [arg] : process.env.RTLENS_REAL_DIR ? [process.env.RTLENS_REAL_DIR] : [path.join(process.env.TMPDIR || '/tmp', 'rtlens-real')];
  for (const c of candidates) {
    try {
      if (fs.statSync(c).isDirectory()) return path.resolve(c);
    } catch {
      // not there
    }
  }
  return undefined;
}

/** Immediate subfolders of the corpus, sorted; `only` keeps the named ones. */
export function repositories(dir, only) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isDirectory() || (e.isSymbolicLink() && fs.statSync(path.join(dir, e.name), { throwIfNoEntry: false })?.isDirectory()))
    .map((e) => e.name)
    .filter((n) => !n.startsWith('.') && (!only || only.includes(n)))
    .sort();
}

function byCode(list, examples = 3) {
  const out = {};
  for (const e of list) {
    const slot = (out[e.code] ??= { count: 0, examples: [] });
    slot.count++;
    if (slot.examples.length < examples) slot.examples.push(`${e.file}:${e.line} ${e.message}`);
  }
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1].count - a[1].count));
}

async function indexAgainstRaw(repo, repeats, log) {
  const raw = [];
  const cold = [];
  for (let i = 0; i < repeats; i++) {
    const r = await runNode(['--require', CPU_REPORT, path.join(BENCH_DIR, 'rawparse.mjs'), repo, '--engine', 'web']);
    if (r.code !== 0) throw new Error(`rawparse failed: ${r.stderr.slice(-500)}`);
    raw.push({ ...lastJson(r.stdout), cpuMs: cpuReport(r.stderr)?.cpuMs });
    const c = await runNode(['--require', CPU_REPORT, DIST.bin, 'index', repo, '--json', '--workers', '2']);
    if (c.code !== 0) throw new Error(`rtlens index failed (${c.code}): ${c.stderr.slice(-500)}`);
    cold.push({ ...lastJson(c.stdout), cpuMs: cpuReport(c.stderr)?.cpuMs, maxRssMB: cpuReport(c.stderr)?.maxRssMB });
  }
  const rawMs = median(raw.map((r) => r.parseMs));
  const coldMs = median(cold.map((r) => r.ms));
  log(`[real]   cold index (--workers 2; ${cold[0].workers ?? '?'} worker threads started, 0 = parsed in the main thread) ${Math.round(coldMs)} ms vs raw parse ${Math.round(rawMs)} ms: ${round(coldMs / rawMs, 2)}x`);
  return {
    rawParseMs: round(rawMs, 0),
    rawRuns: raw.map((r) => round(r.parseMs, 0)),
    rawErrorFiles: raw[0].errorFiles,
    coldIndexMs: coldMs,
    coldRuns: cold.map((r) => r.ms),
    workersStarted: cold[0].workers,
    coldCpuMs: median(cold.map((r) => r.cpuMs)),
    rawCpuMs: median(raw.map((r) => r.cpuMs)),
    indexParseErrorFiles: cold[0].parseErrorFiles,
    ratio: round(coldMs / rawMs, 3),
  };
}

async function serverRss(repo, name, log) {
  const { session, indexed, startupMs } = await startServer(repo, `real-${name}`);
  try {
    const mem = procMemory(session.process.pid);
    log(`[real]   language server: ${indexed?.files} files indexed in ${indexed?.ms} ms, RSS ${mem.rssMB} MB (peak ${mem.hwmMB} MB)`);
    return { rssMB: mem.rssMB, hwmMB: mem.hwmMB, indexMs: indexed?.ms, files: indexed?.files, startupToIndexedMs: Math.round(startupMs) };
  } finally {
    await session.stop();
  }
}

async function probe(repo, samples, seed) {
  const r = await runNode([path.join(BENCH_DIR, 'real/probe.mjs'), repo, '--samples', String(samples), '--seed', String(seed)], { timeoutMs: 600_000 });
  if (r.code !== 0) throw new Error(`probe failed (${r.code ?? r.signal}): ${r.stderr.slice(-800)}`);
  return lastJson(r.stdout);
}

/** Runs `step`, keeping its error as the result instead of losing the repository. */
async function guarded(label, log, step) {
  try {
    return await step();
  } catch (error) {
    log(`[real]   ${label} failed: ${error?.message ?? error}`);
    return { error: String(error?.message ?? error).slice(0, 500) };
  }
}

/**
 * The whole part. Returns { skipped } when there is no corpus, else { dir, repos: [...] } and
 * writes bench/results/real.json.
 */
export async function benchReal({ dir, only, samples = 200, seed = 1, repeats = 1, oracleBudgetS = 45, totalBudgetS = 600, oracleJobs = 1, lsp = true, useOracle = true, log = console.error } = {}) {
  const corpus = corpusDir(dir);
  const names = corpus ? repositories(corpus, only) : [];
  if (!corpus || names.length === 0) {
    const reason = corpus ? `no repository folders in ${corpus}` : 'no corpus (set RTLENS_REAL_DIR)';
    log(`[real] skipped: ${reason}`);
    return { skipped: reason };
  }
  const started = performance.now();
  const version = useOracle ? verilatorVersion() : undefined;
  if (useOracle && !version) log('[real] verilator not found: the oracle is skipped');
  log(`[real] ${names.length} repositories in ${corpus}${version ? `; oracle: ${version}` : ''}`);
  const repos = [];
  for (let k = 0; k < names.length; k++) {
    const name = names[k];
    const repo = path.join(corpus, name);
    const files = hdlFiles(repo);
    log(`[real] ${name}: ${files.length} files`);
    const repoStarted = performance.now();
    const r = { name, files: files.length };
    if (files.length === 0) {
      repos.push({ ...r, skipped: 'no HDL files' });
      continue;
    }
    r.index = await guarded('index', log, () => indexAgainstRaw(repo, repeats, log));
    const p = await guarded('probe', log, () => probe(repo, samples, seed));
    if (!p.error) {
      const perFile = p.perFile.map((f) => ({ ...f, ratio: f.rtlensMs / Math.max(f.rawMs, 0.001) }));
      const worst = [...perFile].sort((a, b) => b.ratio - a.ratio);
      r.lines = p.lines;
      r.perFile = {
        rtlensMs: round(p.rtlensTotalMs, 0),
        rawMs: round(p.rawTotalMs, 0),
        ratio: round(p.rtlensTotalMs / p.rawTotalMs, 3),
        worstRatio: round(worst[0]?.ratio, 2),
        over5x: perFile.filter((f) => f.ratio > 5).length,
        // Above 5x although the parser read less than twice the file's text: no expansion to explain it.
        over5xUnexpanded: perFile.filter((f) => f.ratio > 5 && f.expansion < 2).length,
        worst: worst.slice(0, 5).map((f) => ({ file: f.file, lines: f.lines, ratio: round(f.ratio, 2), rtlensMs: round(f.rtlensMs, 2), rawMs: round(f.rawMs, 2), expansion: round(f.expansion, 2) })),
      };
      r.parseErrors = { rawFiles: p.rawErrorFiles, afterPreprocessFiles: p.preErrorFiles, onlyAfter: perFile.filter((f) => f.preError && !f.rawError).map((f) => f.file).slice(0, 10) };
      r.errors = { total: p.errors.length, files: new Set(p.errors.map((e) => e.file)).size, byCode: byCode(p.errors) };
      r.definitions = p.definitions;
      r.crashed = p.crashed;
      log(`[real]   per file: RTLens ${r.perFile.ratio}x raw parse overall, worst ${r.perFile.worstRatio}x (${worst[0]?.file}), ${r.perFile.over5x} files above 5x (${r.perFile.over5xUnexpanded} of them expanded less than 2x); parse-error files ${p.rawErrorFiles} raw -> ${p.preErrorFiles} preprocessed; ${p.errors.length} Error diagnostics; definitions: instances ${p.definitions.instances.right}/${p.definitions.instances.sampled - p.definitions.instances.external}, uses ${p.definitions.uses.right}/${p.definitions.uses.sampled - p.definitions.uses.external}`);
      if (p.crashed.length) log(`[real]   ${p.crashed.length} crashes, first: ${p.crashed[0].file}: ${p.crashed[0].error}`);
    } else r.probe = p;
    if (lsp) r.server = await guarded('language server', log, () => serverRss(repo, name, log));
    if (version) {
      const elapsedS = (performance.now() - started) / 1000;
      // What is left of the total budget, shared by the repositories still to come.
      const budgetS = Math.max(5, Math.min(oracleBudgetS, (totalBudgetS - elapsedS) / (names.length - k)));
      const o = await guarded('oracle', log, () => oracle({ root: repo, files, version, budgetMs: budgetS * 1000, jobs: oracleJobs, log }));
      if (!o.error) {
        const clean = new Set(Object.entries(o.verdicts).filter(([, v]) => v.clean).map(([f]) => f));
        const falseErrors = p.error ? [] : p.errors.filter((e) => clean.has(e.file));
        r.oracle = {
          linted: o.linted,
          clean: o.clean,
          unchecked: o.unchecked,
          headersNotLinted: o.notLinted,
          verilatorMs: o.verilatorMs,
          falseErrors: { total: falseErrors.length, files: new Set(falseErrors.map((e) => e.file)).size, byCode: byCode(falseErrors) },
          notClean: Object.entries(o.verdicts).filter(([, v]) => !v.clean).slice(0, 5).map(([f, v]) => `${f}: ${v.error}`),
        };
        log(`[real]   false errors (on ${o.clean} Verilator-clean files): ${falseErrors.length}${falseErrors.length ? ` (${Object.entries(r.oracle.falseErrors.byCode).map(([c, v]) => `${c} ${v.count}`).join(', ')})` : ''}`);
      } else r.oracle = o;
    }
    r.seconds = Math.round((performance.now() - repoStarted) / 1000);
    log(`[real]   ${name} done in ${r.seconds} s`);
    repos.push(r);
  }
  const result = { dir: corpus, date: new Date().toISOString(), cpus: os.cpus().length, loadAvg: os.loadavg().map((x) => round(x, 2)), verilator: version, samples, repeats, seconds: Math.round((performance.now() - started) / 1000), repos };
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, 'real.json'), JSON.stringify(result, null, 1));
  return result;
}

const pad = (s, n) => String(s).padEnd(n);

/** The per-repository table and the diagnostics by code, as text. */
export function realReport(result) {
  if (result.skipped) return `real: skipped: ${result.skipped}`;
  const head = ['repository', 'files', 'lines', 'index/raw', 'worst file', '>5x', 'err raw->pre', 'Errors', 'def inst', 'def uses', 'RSS MB', 'clean', 'false err'];
  const rows = result.repos.map((r) => {
    const d = r.definitions;
    const frac = (x) => (x ? `${x.right}/${x.sampled - x.external}` : '-');
    return [
      r.name,
      r.files,
      r.lines ?? '-',
      r.index?.ratio !== undefined ? `${r.index.ratio}x` : 'failed',
      r.perFile ? `${r.perFile.worstRatio}x` : '-',
      r.perFile?.over5x ?? '-',
      r.parseErrors ? `${r.parseErrors.rawFiles}->${r.parseErrors.afterPreprocessFiles}` : '-',
      r.errors?.total ?? '-',
      frac(d?.instances),
      frac(d?.uses),
      r.server?.rssMB ?? '-',
      r.oracle && !r.oracle.error ? `${r.oracle.clean}/${r.oracle.linted}${r.oracle.unchecked ? `+${r.oracle.unchecked}?` : ''}` : '-',
      r.oracle?.falseErrors?.total ?? '-',
    ].map(String);
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const lines = [head.map((h, i) => pad(h, widths[i])).join('  '), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((row) => row.map((c, i) => pad(c, widths[i])).join('  '))];
  lines.push('', 'index/raw: cold `rtlens index --workers 2` / raw single-thread parse (target <= 1.4x); worst file: RTLens time / raw parse of one file (target <= 5x);');
  lines.push('def: definitions checked right / sampled (names declared in the repository); clean: Verilator-clean / linted files (+N not linted: budget);');
  lines.push('false err: Error diagnostics on Verilator-clean files (target 0); RSS: language server after indexing (target <= 400 MB).');
  for (const r of result.repos) {
    if (!r.perFile && !r.errors) continue;
    lines.push('', `${r.name}:`);
    if (r.perFile) lines.push(`  worst files: ${r.perFile.worst.map((w) => `${w.file} ${w.ratio}x (${w.rtlensMs} / ${w.rawMs} ms, text expanded ${w.expansion}x)`).join('; ')}`);
    if (r.perFile) lines.push(`  files above 5x: ${r.perFile.over5x}, of which expanded less than 2x: ${r.perFile.over5xUnexpanded}`);
    for (const [code, v] of Object.entries(r.errors?.byCode ?? {})) lines.push(`  error ${code}: ${v.count}; e.g. ${v.examples.join(' | ')}`);
    for (const [code, v] of Object.entries(r.oracle?.falseErrors?.byCode ?? {})) lines.push(`  FALSE error ${code}: ${v.count}; e.g. ${v.examples.join(' | ')}`);
    for (const kind of ['instances', 'uses']) for (const e of r.definitions?.[kind]?.examples ?? []) lines.push(`  definition miss (${kind}): ${e}`);
    if (r.crashed?.length) lines.push(`  CRASHED: ${r.crashed.map((c) => `${c.file}: ${c.error}`).join(' | ')}`);
  }
  if (result.repos.some((r) => r.oracle?.unchecked)) lines.push('', 'Some files were not linted within the oracle budget (sampled in a fixed order); verdicts are cached, so the next run covers more.');
  return lines.join('\n');
}
