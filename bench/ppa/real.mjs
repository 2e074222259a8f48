#!/usr/bin/env node
// The fast PPA estimate against exact synthesis on real repositories (PPA issue, "ground truth
// from real code"):
//
//   node bench/ppa/real.mjs [DIR] [--repos a,b] [--targets generic,PATH.lib] [--per-repo 40]
//                           [--timeout 60] [--workers 2] [--write-model]
//
// DIR (else RTLENS_REAL_DIR, else ${TMPDIR:-/tmp}/rtlens-real) holds one repository per
// subfolder, as for bench/real. Per repository: the workspace is indexed as the editor indexes
// it, its modules with ports are sampled (sorted by file and name, every k-th, at most
// --per-repo), and each is synthesized exactly as `rtlens ppa --exact` does it (the sources
// RTLens collects for the module, default parameters, Yosys + ABC in WebAssembly), cached by
// content key in bench/.work/ppa-real-<target>.json so a second run synthesizes nothing that did
// not change. Two figures per cell-library target: the shipped model's error on each repository,
// and the leave-one-repository-out error (bench/ppa/loro.mjs: fitted on the other repositories'
// modules, measured on this one, then after calibrating on 10 of its modules), which is the error
// a new user's repository gets. `--write-model` fits the generic target's area and delay models
// on every repository here and writes them, with that error as their error bar, to
// server/data/ppa-model.json.
// Without a corpus it prints "skipped" and exits 0. Progress on stderr; the table on stdout;
// everything in bench/results/ppa-real.json.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusDir } from '../real/bench.mjs';
import { ensureBuilt, median, OUT, percentile, RESULTS_DIR, ROOT, WORK_DIR, require, round } from '../lib.mjs';
import { OUT_PPA, targetOf } from './lib.mjs';
import { fitFigure, leaveOneRepoOut, libertyLeaveOneRepoOut } from './loro.mjs';

function parseArgs(argv) {
  const opts = { targets: ['generic'], perRepo: 40, timeoutS: 60, workers: 2 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--repos') opts.only = argv[++i].split(',').filter(Boolean);
    else if (a === '--targets') opts.targets = argv[++i].split(',').filter(Boolean);
    else if (a === '--per-repo') opts.perRepo = Number(argv[++i]);
    else if (a === '--timeout') opts.timeoutS = Number(argv[++i]);
    else if (a === '--workers') opts.workers = Number(argv[++i]);
    else if (a === '--write-model') opts.writeModel = true;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else opts.dir = a;
  }
  return opts;
}

/** Modules worth synthesizing: with ports, outside folders that hold testbenches and models. */
function candidates(snapshot, repo) {
  const skip = /(^|\/)(tb|tbs|test|tests|testbench|testing|sim|bhv|formal|verif|dv|examples?)(\/|$)/i;
  return snapshot
    .allUnits()
    .filter((r) => r.unit.kind === 'module' && r.unit.ports.length > 0 && !skip.test(path.relative(repo, r.path)))
    .sort((a, b) => (a.path === b.path ? a.unit.name.localeCompare(b.unit.name) : a.path < b.path ? -1 : 1));
}

function sample(list, n) {
  if (list.length <= n) return list;
  return Array.from({ length: n }, (_, i) => list[Math.floor((i * list.length) / n)]);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const result = await benchPpaReal(opts);
  if (result.skipped) console.log(`skipped: ${result.skipped}`);
  else console.log(report(result));
}

/**
 * The measurement, for the command line and for `npm run bench` (part ppa-real, a small sample):
 * options as parseArgs makes them, plus `resultsFile` (default ppa-real.json) and `log`.
 */
export async function benchPpaReal(opts) {
  opts = { targets: ['generic'], perRepo: 40, timeoutS: 60, workers: 2, ...opts };
  const corpus = corpusDir(opts.dir);
  if (!corpus) return { skipped: 'no corpus (set RTLENS_REAL_DIR)' };
  const log = opts.log ?? ((m) => process.stderr.write(m + '\n'));
  ensureBuilt(log);
  const ppa = require(OUT_PPA);
  const { loadNodeGrammar, nodeFileSystem, genericLiberty } = require(OUT.host);
  const { loadPpaModel } = require(path.join(ROOT, 'out/server/src/workers/ppaHost.js'));
  const { YosysPool } = require(path.join(ROOT, 'out/server/src/workers/synthesis.js'));
  const { indexWorkspace } = require(OUT.indexer);
  const { Workspace, Snapshot } = require(OUT.workspace);
  const model = loadPpaModel();
  const grammar = await loadNodeGrammar();
  const repos = fs
    .readdirSync(corpus, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && (!opts.only || opts.only.includes(e.name)))
    .map((e) => e.name)
    .sort();
  const pool = new YosysPool(opts.workers);
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const validation = model.targets.generic?.validation ?? {};
  const sourceOf = (key) => (validation[`${key}Source`] === 'real' ? 'fitted on real repositories' : 'fitted on bench/ppa/corpus.mjs');
  const result = { targets: {}, perRepo: opts.perRepo, model: model.provenance, fittedOn: { area: sourceOf('area'), delay: sourceOf('delay') } };
  let builtInModels;
  const failedBefore = new Set();
  let fitted;
  let libertyLoro;
  try {
    for (const targetName of opts.targets) {
      const target = targetOf(targetName, genericLiberty);
      const cacheFile = path.join(WORK_DIR, `ppa-real-v${ppa.FIGURES_VERSION}-${target.name}.json`);
      const cache = fs.existsSync(cacheFile) ? JSON.parse(fs.readFileSync(cacheFile, 'utf8')) : {};
      const rows = [];
      for (const repo of repos) {
        const dir = path.join(corpus, repo);
        const ws = new Workspace(nodeFileSystem, grammar, { roots: [dir], includeDirs: [], defines: {} });
        await indexWorkspace(ws, { inProcess: true });
        const snapshot = new Snapshot(ws);
        const all = candidates(snapshot, dir);
        // Modules the first target could not synthesize (read errors, time-outs) are not tried again on the next.
        const picked = sample(all, opts.perRepo).filter((r) => !failedBefore.has(`${repo}\u0000${r.path}\u0000${r.unit.name}`));
        const ctx = { access: snapshot, target, model };
        const entries = [];
        const started = performance.now();
        let ran = 0;
        const queue = [...picked];
        await Promise.all(
          Array.from({ length: opts.workers }, async () => {
            for (let ref = queue.shift(); ref; ref = queue.shift()) {
              const collected = ppa.collectSources(snapshot, ref.unit.name, target, {}, dir, ref.path);
              if (!collected) continue;
              const key = ppa.jobKey(collected.job);
              if (!cache[key]) {
                try {
                  const r = await ppa.synthesize(collected.job, pool, { timeoutMs: opts.timeoutS * 1000 });
                  cache[key] = { figures: r.figures, ms: r.ms };
                } catch (error) {
                  cache[key] = { error: String(error?.message ?? error).slice(0, 300) };
                }
                ran++;
                // Kept as it goes: an interrupted run loses nothing it synthesized.
                if (ran % 5 === 0) fs.writeFileSync(cacheFile, JSON.stringify(cache));
              }
              const t0 = performance.now();
              const est = ppa.estimateModule(ctx, ref.path, ref.unit);
              const estimateMs = performance.now() - t0;
              const { features, pathUnits, pathLevels, pathParts } = est.features;
              if (cache[key].error && targetName === opts.targets[0]) failedBefore.add(`${repo}\u0000${ref.path}\u0000${ref.unit.name}`);
              entries.push({ module: ref.unit.name, file: path.relative(dir, ref.path), exact: cache[key].figures, error: cache[key].error, estimate: est.estimate, estimateMs, features: { features, pathUnits, pathLevels, pathParts } });
            }
          }),
        );
        ws.dispose();
        fs.writeFileSync(cacheFile, JSON.stringify(cache));
        const ok = entries.filter((e) => e.exact && e.estimate && e.exact.areaUm2 > 0);
        const withDelay = ok.filter((e) => e.exact.delayNs > 0);
        const row = {
          repo,
          modules: all.length,
          sampled: picked.length,
          synthesized: ok.length,
          failed: entries.filter((e) => e.error).length,
          failures: entries.filter((e) => e.error).slice(0, 3).map((e) => `${e.file} ${e.module}: ${e.error.split('\n')[0].slice(0, 160)}`),
          areaMape: round(ppa.mape(ok.map((e) => e.estimate.areaUm2), ok.map((e) => e.exact.areaUm2)), 1),
          delayMape: round(ppa.mape(withDelay.map((e) => e.estimate.delayNs), withDelay.map((e) => e.exact.delayNs)), 1),
          medianAreaRatio: round(median(ok.map((e) => e.estimate.areaUm2 / e.exact.areaUm2)), 2),
          worstArea: ok
            .map((e) => ({ m: `${e.file} ${e.module}`, est: round(e.estimate.areaUm2, 1), exact: round(e.exact.areaUm2, 1), err: Math.abs(e.estimate.areaUm2 - e.exact.areaUm2) / e.exact.areaUm2 }))
            .sort((a, b) => b.err - a.err)
            .slice(0, 3)
            .map((w) => `${w.m} ${w.est} vs ${w.exact}`),
          estimateP95Ms: round(percentile(entries.map((e) => e.estimateMs).sort((a, b) => a - b), 95), 1),
          synthesisS: round((performance.now() - started) / 1000, 0),
          ran,
          entries,
        };
        rows.push(row);
        log(`[ppa-real] ${target.name} ${repo}: ${row.synthesized}/${row.sampled} synthesized (${row.failed} failed, ${ran} run now, ${row.synthesisS} s); area MAPE ${row.areaMape}%, delay MAPE ${row.delayMape}%, median estimate/exact area ${row.medianAreaRatio}`);
      }
      const ok = rows.flatMap((r) => r.entries).filter((e) => e.exact && e.estimate && e.exact.areaUm2 > 0);
      const withDelay = ok.filter((e) => e.exact.delayNs > 0);
      // Leave one repository out: fitted on the others' modules, measured on its own, then after
      // calibrating on 10 of its own (cell library targets: area and delay).
      const byRepo = Object.fromEntries(rows.map((r) => [r.repo, r.entries.filter((e) => e.exact && e.exact.areaUm2 > 0)]));
      // A user liberty: the built-in target's models (fitted without each repository) carried
      // into its units by characterization alone, the path a user's own liberty takes.
      let loro;
      if (target.kind === 'asic' && target.builtIn) {
        loro = leaveOneRepoOut(ppa, byRepo, { samples: 10 });
        builtInModels = loro.models;
        delete loro.models;
      } else if (target.kind === 'asic' && builtInModels) {
        const scale = await ppa.characterize(target, targetOf('generic', genericLiberty), pool, { timeoutMs: 120000 });
        loro = { ...libertyLeaveOneRepoOut(ppa, byRepo, builtInModels, scale, { samples: 10 }), characterization: scale };
      }
      result.targets[target.name] = {
        repos: rows,
        overall: {
          synthesized: ok.length,
          areaMape: round(ppa.mape(ok.map((e) => e.estimate.areaUm2), ok.map((e) => e.exact.areaUm2)), 1),
          delayMape: round(ppa.mape(withDelay.map((e) => e.estimate.delayNs), withDelay.map((e) => e.exact.delayNs)), 1),
        },
        loro,
      };
      if (target.kind === 'asic' && target.builtIn) fitted = { entries: Object.values(byRepo).flat(), loro, shipped: result.targets[target.name].overall };
      else if (target.kind === 'asic' && loro && !libertyLoro) libertyLoro = { name: target.name, loro };
    }
    if (opts.writeModel && fitted) writeModel(ppa, fitted.entries, fitted.loro, repos, libertyLoro, fitted.shipped);
  } finally {
    await pool.dispose();
  }
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, opts.resultsFile ?? 'ppa-real.json'), JSON.stringify(result, null, 1));
  return result;
}

/**
 * `--write-model`: per figure (area, delay) of the generic target, the better of the model
 * shipped now, if it was fitted on our own corpus (every repository here is then left out of
 * its fit, so its error on them is held-out), and a model fitted on every repository's modules
 * (its error: leave one repository out). The chosen one's error on real repositories becomes
 * the error bar the editor shows; cells and logic levels keep their fit. Written to
 * server/data/ppa-model.json.
 */
function writeModel(ppa, entries, loro, repos, liberty, shipped) {
  const file = path.join(ROOT, 'server/data/ppa-model.json');
  const model = JSON.parse(fs.readFileSync(file, 'utf8'));
  const generic = model.targets.generic;
  const validation = { ...generic.validation };
  const chosen = {};
  for (const [figure, key, measured] of [['areaUm2', 'area', shipped.areaMape], ['delayNs', 'delay', shipped.delayMape]]) {
    const fromCorpus = (validation[`${key}Source`] ?? 'corpus') === 'corpus';
    const fittedError = loro.overall[`${key}Mape`];
    if (fromCorpus && measured <= fittedError) {
      validation[`${key}MapePct`] = measured;
      chosen[key] = `fitted on bench/ppa/corpus.mjs, measured on ${shipped.synthesized} real modules of ${repos.join(', ')} (none fitted on)`;
    } else {
      generic[figure] = fitFigure(ppa, entries, figure);
      validation[`${key}MapePct`] = fittedError;
      validation[`${key}Source`] = 'real';
      validation[`${key}Source`] = 'real';
      chosen[key] = `fitted on ${entries.length} real modules of ${repos.join(', ')}, measured leaving one repository out`;
    }
  }
  // The error bar by the module's size class, where area and delay were fitted here.
  if (validation.areaSource === 'real' && validation.delaySource === 'real') validation.bySize = loro.overall.bySize;
  else delete validation.bySize;
  generic.validation = {
    ...validation,
    areaDelay: `area ${chosen.area}; delay ${chosen.delay}`,
    // A user liberty carried by characterization alone: measured on the first liberty of the run.
    ...(liberty ? { libertyAreaMapePct: liberty.loro.overall.areaMape, libertyDelayMapePct: liberty.loro.overall.delayMape, liberty: `${liberty.name}, ${liberty.loro.overall.modules} modules` } : {}),
  };
  model.provenance = { ...model.provenance, areaDelay: 'bench/ppa/real.mjs --write-model', areaDelayYosys: '@yowasp/yosys ' + JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/@yowasp/yosys/package.json'), 'utf8')).version, areaDelayFitted: new Date().toISOString().slice(0, 10) };
  fs.writeFileSync(file, JSON.stringify(model, null, 1) + '\n');
  process.stderr.write(`[ppa-real] wrote ${path.relative(ROOT, file)}: ${generic.validation.areaDelay}\n`);
}

export function report(result) {
  const lines = [];
  for (const [name, t] of Object.entries(result.targets)) {
    const sources = result.fittedOn ? `area ${result.fittedOn.area}, delay ${result.fittedOn.delay}` : 'fitted on bench/ppa/corpus.mjs';
    lines.push(`target ${name}: the shipped model (${sources}; a figure fitted on these repositories is not held out in this table: the leave-one-repository-out table is)`);
    lines.push('repository        modules  sampled  synthesized  failed  area MAPE  delay MAPE  est/exact area (median)  estimate p95 ms');
    for (const r of t.repos) {
      lines.push(`${r.repo.padEnd(18)}${String(r.modules).padEnd(9)}${String(r.sampled).padEnd(9)}${String(r.synthesized).padEnd(13)}${String(r.failed).padEnd(8)}${`${r.areaMape}%`.padEnd(11)}${`${r.delayMape}%`.padEnd(12)}${String(r.medianAreaRatio).padEnd(25)}${r.estimateP95Ms}`);
    }
    lines.push(`all: ${t.overall.synthesized} modules, area MAPE ${t.overall.areaMape}%, delay MAPE ${t.overall.delayMape}%`);
    if (t.loro) {
      lines.push(
        t.loro.characterization
          ? `a user liberty with no samples: the built-in library's model fitted without each repository, carried by characterization (area x${round(t.loro.characterization.area, 3)}, delay x${round(t.loro.characterization.delay, 3)}); then calibrated on the repository's first 10 modules, measured on the rest:`
          : `leave one repository out (fitted on the other repositories, measured on this one; then calibrated on its first 10 modules, measured on the rest):`,
      );
      lines.push('repository        modules  area MAPE  delay MAPE  | after 10: area  delay  (on N)');
      for (const [repo, r] of Object.entries(t.loro.repos)) lines.push(`${repo.padEnd(18)}${String(r.modules).padEnd(9)}${`${r.areaMape}%`.padEnd(11)}${`${r.delayMape}%`.padEnd(12)}| ${`${r.areaMapeAfter ?? '-'}%`.padEnd(15)}${`${r.delayMapeAfter ?? '-'}%`.padEnd(7)}(${r.measuredOn})`);
      lines.push(`all (LORO): ${t.loro.overall.modules} modules, area MAPE ${t.loro.overall.areaMape}%, delay MAPE ${t.loro.overall.delayMape}%; after 10 samples: area ${t.loro.overall.areaMapeAfter}%, delay ${t.loro.overall.delayMapeAfter}% (area on the same modules uncalibrated: ${t.loro.overall.areaMapeRestUncalibrated}%)`);
      if (t.loro.overall.bySize?.length) lines.push(`  by estimated area: ${t.loro.overall.bySize.map((c) => `${c.upTo === null ? 'larger' : `<= ${c.upTo} um2`}: ${c.modules} modules, area ${c.area}%, delay ${c.delay}%`).join('; ')}`);
    }
    for (const r of t.repos) {
      if (r.worstArea.length) lines.push(`  ${r.repo} worst area: ${r.worstArea.join('; ')}`);
      if (r.failures.length) lines.push(`  ${r.repo} failures: ${r.failures.join(' | ')}`);
    }
  }
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    process.stderr.write((error?.stack ?? String(error)) + '\n');
    process.exitCode = 1;
  });
}
