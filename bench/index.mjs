// Part 2: indexing against raw parsing, and warm start against cold start.
//
// Baseline: raw single-thread web-tree-sitter parse of the same files (bench/rawparse.mjs, in
// its own process, grammar loaded through the project's loadGrammar). Measured: the CLI
// `rtlens index DIR --json --cache FILE` cold (no cache file) with the default worker count and
// with --workers 1, and warm (second run on the cache the cold run wrote). Each figure is the
// median of several runs; the CLI's own `ms` (indexing, after grammar load) is compared with
// the baseline's parse time, and the process wall times are reported beside them.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CPU_REPORT, DIST, WORK_DIR, cpuReport, lastJson, median, round, runNode, BENCH_DIR } from './lib.mjs';

export async function benchIndex({ workspace, repeats = 3, log = console.error }) {
  const cacheDir = path.join(WORK_DIR, 'cache');
  fs.mkdirSync(cacheDir, { recursive: true });

  const cli = async (label, extra, cacheFile, fresh) => {
    if (fresh) fs.rmSync(cacheFile, { force: true });
    const r = await runNode(['--require', CPU_REPORT, DIST.bin, 'index', workspace, '--json', '--cache', cacheFile, ...extra]);
    if (r.code !== 0) throw new Error(`rtlens index failed (${r.code}): ${r.stderr}`);
    const out = lastJson(r.stdout);
    const cpu = cpuReport(r.stderr);
    log(`[index] ${label}: ${out.ms} ms (process: wall ${Math.round(r.wallMs)} ms, cpu ${cpu?.cpuMs} ms, peak RSS ${cpu?.maxRssMB} MB; fromCache ${out.fromCache}/${out.files})`);
    return { ...out, wallMs: Math.round(r.wallMs), cpuMs: cpu?.cpuMs, maxRssMB: cpu?.maxRssMB };
  };

  // Baseline and measured runs are interleaved, so a machine that gets busier or quieter during
  // the run moves both sides alike.
  const cacheDefault = path.join(cacheDir, 'index-default.json');
  const cacheOne = path.join(cacheDir, 'index-w1.json');
  const raw = [];
  const coldDefault = [];
  const warm = [];
  const coldOne = [];
  for (let i = 0; i < repeats; i++) {
    const r = await runNode(['--require', CPU_REPORT, path.join(BENCH_DIR, 'rawparse.mjs'), workspace, '--engine', 'web']);
    if (r.code !== 0) throw new Error(`rawparse failed: ${r.stderr}`);
    raw.push({ ...lastJson(r.stdout), wallMs: Math.round(r.wallMs), cpuMs: cpuReport(r.stderr)?.cpuMs });
    log(`[index] raw web-tree-sitter parse #${i + 1}: ${Math.round(raw[i].parseMs)} ms (parse cpu ${Math.round(raw[i].parseCpuMs)} ms; process: wall ${raw[i].wallMs} ms, cpu ${raw[i].cpuMs} ms)`);
    coldDefault.push(await cli(`cold, default workers #${i + 1}`, [], cacheDefault, true));
    warm.push(await cli(`warm, default workers #${i + 1}`, [], cacheDefault, false));
    coldOne.push(await cli(`cold, --workers 1 #${i + 1}`, ['--workers', '1'], cacheOne, true));
  }

  const rawParse = median(raw.map((r) => r.parseMs));
  const rawWall = median(raw.map((r) => r.parseMs + r.loadMs + r.readMs));
  const m = (runs, key) => median(runs.map((r) => r[key]));
  const coldMs = m(coldDefault, 'ms');
  const warmMs = m(warm, 'ms');
  const oneMs = m(coldOne, 'ms');
  const sample = coldDefault[0];
  const cacheBytes = fs.statSync(cacheDefault).size;
  if (warm.some((w) => w.fromCache !== w.files)) log(`[index] warning: a warm run took only ${warm.map((w) => w.fromCache).join('/')} of ${sample.files} files from the cache`);

  return {
    workspace: { files: sample.files, lines: sample.lines, modules: sample.modules, parseErrorFiles: sample.parseErrorFiles, chars: raw[0].chars, cacheFileMB: round(cacheBytes / 1048576, 1) },
    machine: { cpus: os.cpus().length, defaultWorkers: Math.max(1, Math.min(4, os.cpus().length)) },
    baseline: { rawParseMs: round(rawParse, 0), rawParseCpuMs: round(median(raw.map((r) => r.parseCpuMs)), 0), processCpuMs: median(raw.map((r) => r.cpuMs)), processWallMs: median(raw.map((r) => r.wallMs)), rawParseRuns: raw.map((r) => round(r.parseMs, 0)), grammarLoadMs: round(median(raw.map((r) => r.loadMs)), 0), readMs: round(median(raw.map((r) => r.readMs)), 0), rawErrorFiles: raw[0].errorFiles, slowestFile: raw[0].slowestFile },
    coldDefaultWorkers: { ms: coldMs, runs: coldDefault.map((r) => r.ms), wallMs: m(coldDefault, 'wallMs'), cpuMs: m(coldDefault, 'cpuMs'), maxRssMB: m(coldDefault, 'maxRssMB') },
    coldOneWorker: { ms: oneMs, runs: coldOne.map((r) => r.ms), wallMs: m(coldOne, 'wallMs'), cpuMs: m(coldOne, 'cpuMs'), maxRssMB: m(coldOne, 'maxRssMB') },
    warm: { ms: warmMs, runs: warm.map((r) => r.ms), wallMs: m(warm, 'wallMs'), cpuMs: m(warm, 'cpuMs'), fromCache: warm[0].fromCache },
    ratios: {
      coldDefaultVsRawParse: round(coldMs / rawParse, 3),
      coldOneWorkerVsRawParse: round(oneMs / rawParse, 3),
      warmVsCold: round(warmMs / coldMs, 3),
      // Whole process, grammar load and Node start included, for reference.
      coldWallVsRawWall: round(m(coldDefault, 'wallMs') / rawWall, 3),
      // CPU time of whole processes (all threads; Node start and grammar load included on both
      // sides): insensitive to other work on the machine, which wall time is not.
      coldDefaultCpuVsRawCpu: round(m(coldDefault, 'cpuMs') / median(raw.map((r) => r.cpuMs)), 3),
      coldOneWorkerCpuVsRawCpu: round(m(coldOne, 'cpuMs') / median(raw.map((r) => r.cpuMs)), 3),
      warmCpuVsColdCpu: round(m(warm, 'cpuMs') / m(coldDefault, 'cpuMs'), 3),
    },
  };
}
