#!/usr/bin/env node
// RTLens benchmarks. `npm run bench` builds, then runs every part:
//
//   node bench/run.mjs [--only generate,index,lsp,memory,native,...,real] [--seed 1] [--lines 200000]
//                      [--repeats 3] [--positions 200] [--files 20] [--edits 100] [--strict]
//
// Parts `real` and `ppa-real` run bench/real and bench/ppa/real.mjs (a sample of 12 modules per
// repository) on the folders of RTLENS_REAL_DIR (else ${TMPDIR:-/tmp}/rtlens-real) and are
// skipped, with a note, when there is no such folder.
//
// Every figure is compared with a baseline measured in the same run (raw parse time, the
// round trip of a trivial request, the RSS of a server on an empty folder), and printed with
// its target. Full results go to bench/results/latest.json; the figures as JSON and a table go
// to stdout, progress to stderr. Exit code 0 unless a part crashes (or, with --strict, a target
// is missed): this is a measurement, not a test.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { defaultWorkspaceDir, ensureWorkspace } from './generate.mjs';
import { BENCH_DIR, RESULTS_DIR, ROOT, WORK_DIR, ensureBuilt, round, runNode } from './lib.mjs';

const PARTS = ['generate', 'index', 'lsp', 'memory', 'native', 'graph', 'ppa', 'search', 'recipes', 'suggest', 'real', 'ppa-real', 'search-real', 'search-scale', 'suggest-real', 'activation', 'web-start'];

function parseArgs(argv) {
  const opts = { only: PARTS, seed: 1, lines: 200_000, repeats: 3, positions: 200, files: 20, edits: 100, strict: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const eq = a.indexOf('=');
      return eq > 0 ? a.slice(eq + 1) : argv[++i];
    };
    const name = a.split('=')[0];
    if (name === '--only') opts.only = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (name === '--strict') opts.strict = true;
    else if (['--seed', '--lines', '--repeats', '--positions', '--files', '--edits'].includes(name)) opts[name.slice(2)] = Number(value());
    else if (name === '--help' || name === '-h') {
      console.log('usage: node bench/run.mjs [--only ' + PARTS.join(',') + '] [--seed N] [--lines N] [--repeats N] [--positions N] [--files N] [--edits N] [--strict]');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  for (const p of opts.only) if (!PARTS.includes(p)) throw new Error(`unknown part '${p}' (parts: ${PARTS.join(', ')})`);
  return opts;
}

const log = (m) => process.stderr.write(m + '\n');

function gitInfo() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'server', 'client', 'scripts'], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').filter(Boolean).length;
    return { head, dirtyFiles: dirty };
  } catch {
    return {};
  }
}

/** One row of the summary: a measured figure, its baseline, ratio and target. */
function figure(part, name, { measured, unit, baseline, baselineName, ratio, target, targetOn = 'ratio', note }) {
  let pass;
  if (target !== undefined) {
    const value = targetOn === 'ratio' ? ratio : measured;
    pass = Number.isFinite(value) ? value <= target : false;
  }
  return { part, name, measured: round(measured, 2), unit, baseline: baseline === undefined ? undefined : round(baseline, 2), baselineName, ratio: ratio === undefined ? undefined : round(ratio, 3), target: target === undefined ? undefined : `<= ${target}${targetOn === 'ratio' ? 'x' : ` ${unit}`}`, pass, note };
}

function figuresOf(results) {
  const f = [];
  const ix = results.index;
  if (ix && !ix.error) {
    f.push(figure('index', 'cold index, default workers vs raw parse', { measured: ix.coldDefaultWorkers.ms, unit: 'ms', baseline: ix.baseline.rawParseMs, baselineName: 'raw web-tree-sitter parse, 1 thread', ratio: ix.ratios.coldDefaultVsRawParse, target: 1.4, note: `${ix.machine.defaultWorkers} workers` }));
    f.push(figure('index', 'cold index, --workers 1 vs raw parse', { measured: ix.coldOneWorker.ms, unit: 'ms', baseline: ix.baseline.rawParseMs, baselineName: 'raw web-tree-sitter parse, 1 thread', ratio: ix.ratios.coldOneWorkerVsRawParse, target: 1.4 }));
    f.push(figure('index', 'warm start vs cold', { measured: ix.warm.ms, unit: 'ms', baseline: ix.coldDefaultWorkers.ms, baselineName: 'cold index, default workers', ratio: ix.ratios.warmVsCold, target: 0.15 }));
  }
  const l = results.lsp;
  if (l && !l.error) {
    const base = l.baseline.p50;
    const bn = 'rtlens/status round trip p50';
    for (const m of ['definition', 'hover', 'references', 'completion']) {
      for (const p of ['p50', 'p95', 'p99']) {
        const target = p === 'p95' && m !== 'completion' ? 20 : undefined;
        f.push(figure('lsp', `${m} ${p}`, { measured: l[m][p], unit: 'ms', baseline: base, baselineName: bn, ratio: l[m][p] / base, target, targetOn: 'measured', note: p === 'p50' ? `n=${l[m].n}${m === 'completion' ? `, ~${l.completion.meanItems} items, ~${l.completion.meanKB} KB per answer` : ''}` : undefined }));
      }
    }
    for (const p of ['p50', 'p95', 'p99']) {
      f.push(figure('lsp', `edit-to-diagnostics ${p}`, { measured: l.editToDiagnostics[p], unit: 'ms', baseline: base, baselineName: bn, ratio: l.editToDiagnostics[p] / base, target: p === 'p95' ? 50 : undefined, targetOn: 'measured', note: p === 'p50' ? `n=${l.editToDiagnostics.n} on ${l.editToDiagnostics.file} (${l.editToDiagnostics.fileLines} lines)` : undefined }));
    }
  }
  const mem = results.memory;
  if (mem && !mem.error) {
    f.push(figure('memory', 'server RSS after cold index', { measured: mem.afterColdIndex.rssMB, unit: 'MB', baseline: mem.baseline.rssMB, baselineName: 'RSS after initialize, empty folder', ratio: mem.ratios.coldRssVsEmpty, target: 400, targetOn: 'measured', note: `peak ${mem.afterColdIndex.hwmMB} MB; 2 s later ${mem.afterColdIndex.rssAfter2sMB} MB` }));
    f.push(figure('memory', 'server warm start vs cold (rtlens/indexed ms)', { measured: mem.afterWarmStart.indexMs, unit: 'ms', baseline: mem.afterColdIndex.indexMs, baselineName: 'server cold index, same run', ratio: mem.afterWarmStart.indexMs / mem.afterColdIndex.indexMs, note: 'informational, one run each' }));
    f.push(figure('memory', 'server RSS after warm start', { measured: mem.afterWarmStart.rssMB, unit: 'MB', baseline: mem.baseline.rssMB, baselineName: 'RSS after initialize, empty folder', ratio: mem.ratios.warmRssVsEmpty, target: 400, targetOn: 'measured' }));
  }
  if (l && !l.error) f.push(figure('memory', 'server RSS after requests and edits', { measured: l.server.rssAfterQueriesMB, unit: 'MB', baseline: mem && !mem.error ? mem.baseline.rssMB : undefined, baselineName: 'RSS after initialize, empty folder', ratio: mem && !mem.error ? l.server.rssAfterQueriesMB / mem.baseline.rssMB : undefined, note: `after index ${l.server.rssAfterIndexMB} MB, after the requests ${l.server.rssAfterRequestsMB} MB, after the edits ${l.server.rssAfterQueriesMB} MB, peak ${l.server.hwmMB} MB (informational)` }));
  const n = results.native;
  if (n) {
    if (n.skipped) f.push({ part: 'native', name: 'native tree-sitter vs web-tree-sitter', note: `skipped: ${n.reason}` });
    else if (!n.error) f.push(figure('native', 'native tree-sitter parse vs web-tree-sitter', { measured: n.native.parseMs, unit: 'ms', baseline: n.web.parseMs, baselineName: 'web-tree-sitter parse, same files, same run', ratio: n.ratios.nativeVsWeb, note: 'informational' }));
  }
  const g = results.graph;
  if (g && !g.error) {
    f.push(figure('graph', 'graph build vs in-process index', { measured: g.buildMs, unit: 'ms', baseline: g.indexMs, baselineName: 'in-process index, same run', ratio: g.ratios.buildVsIndex, target: 0.5, note: `${g.modules} modules, ${g.edges} driver edges` }));
    f.push(figure('graph', 'trace query p95 (depth 3)', { measured: g.trace.p95, unit: 'ms', target: 10, targetOn: 'measured', note: `n=${g.trace.n}, p50 ${g.trace.p50} ms` }));
    f.push(figure('graph', 'one-line edit to updated graph p95', { measured: g.edit.p95, unit: 'ms', target: 20, targetOn: 'measured', note: `n=${g.edit.n} on ${g.edit.file}, p50 ${g.edit.p50} ms` }));
  }
  const p = results.ppa;
  if (p && !p.error) {
    const g = p.accuracy.generic;
    if (g && !g.skipped) {
      const note = `${g.designs} held-out designs, synthesized in the same run (${g.synthesized} new)`;
      f.push(figure('ppa', 'estimate vs synthesis, area MAPE (generic lib)', { measured: g.areaMape, unit: '%', target: 10, targetOn: 'measured', note }));
      f.push(figure('ppa', 'estimate vs synthesis, delay MAPE (generic lib)', { measured: g.delayMape, unit: '%', target: 20, targetOn: 'measured', note: `cells MAPE ${g.cellsMape}%, logic levels MAPE ${g.levelsMape}%` }));
      f.push(figure('ppa', 'exact synthesis per design p50 (generic lib)', { measured: g.synthesisPerDesignMs.p50, unit: 'ms', note: `p95 ${g.synthesisPerDesignMs.p95} ms (informational)` }));
    }
    const i = p.accuracy.ice40;
    if (i && !i.skipped) f.push(figure('ppa', 'estimate vs synthesis, ice40 LUTs MAPE', { measured: i.lutsMape, unit: '%', note: `logic levels MAPE ${i.levelsMape}% (informational)` }));
    const c = p.calibration;
    if (c && !c.skipped && !c.error) {
      f.push(figure('ppa', 'calibrated area MAPE vs uncalibrated (osu018)', { measured: c.area.after, unit: '%', baseline: c.area.before, baselineName: 'uncalibrated estimate, same designs', ratio: c.area.after / c.area.before, target: 0.5, note: `${c.samples} results of the user's library, ${c.heldOut} held-out designs; x${c.scale.area}${c.powers?.areaUm2 ? ` * estimate^${round(c.powers.areaUm2, 2)}` : ''}` }));
      f.push(figure('ppa', 'calibrated delay MAPE vs uncalibrated (osu018)', { measured: c.delay.after, unit: '%', baseline: c.delay.before, baselineName: 'uncalibrated estimate, same designs', ratio: c.delay.after / c.delay.before, target: 0.5, note: `x${c.scale.delay}${c.powers?.delayNs ? ` * estimate^${round(c.powers.delayNs, 2)}` : ''}` }));
    } else if (c?.skipped) f.push({ part: 'ppa', name: 'calibration', note: `skipped: ${c.skipped}` });
    for (const nl of Object.values(p.netlists ?? {})) {
      f.push(figure('ppa', `estimate of a ${nl.gates}-gate netlist, first`, { measured: nl.coldMs, unit: 'ms', baseline: nl.graphMs, baselineName: 'building its graph once, same run', ratio: nl.coldMs / Math.max(0.001, nl.graphMs), target: 20, targetOn: 'measured', note: `${nl.warmMs} ms in a later snapshot (kept per module); ${nl.logic} logic units, ${nl.areaUm2} um2 estimated` }));
    }
    f.push(figure('ppa', 'estimate per module p95', { measured: p.estimate.p95, unit: 'ms', baseline: p.graphBaseline.p95, baselineName: 'module graph build p95, same modules', ratio: p.estimate.p95 / Math.max(0.001, p.graphBaseline.p95), target: 20, targetOn: 'measured', note: `n=${p.modules} modules of the generated workspace, p50 ${p.estimate.p50} ms` }));
  }
  const s = results.search;
  if (s && !s.error) {
    // Quality is better when higher: the row carries its own target and pass instead of figure()'s `<=`.
    const q = (split) => s.quality[split];
    const by = (m) => `module ${m.module.mrr10}, block ${m.block.mrr10}, signal ${m.signal.mrr10}; Hit@1 ${m.macro.hit1}, Hit@5 ${m.macro.hit5}, Hit@10 ${m.macro.hit10}`;
    f.push({ part: 'search', name: 'macro MRR@10, test split, no granularity hint', measured: q('test').macro.mrr10, unit: 'MRR', target: '>= 0.75', pass: q('test').macro.mrr10 >= 0.75, note: `n=${q('test').macro.count}; ${by(q('test'))}; ${s.testMisses.length} test queries below rank 3` });
    f.push({ part: 'search', name: 'macro MRR@10, dev split', measured: q('dev').macro.mrr10, unit: 'MRR', note: `n=${q('dev').macro.count}; ${by(q('dev'))} (informational)` });
    if (q('devExtra')) f.push({ part: 'search', name: 'macro MRR@10, extra dev queries', measured: q('devExtra').macro.mrr10, unit: 'MRR', note: `n=${q('devExtra').macro.count}; ${by(q('devExtra'))} (informational; written after the first tuning)` });
    f.push(figure('search', 'query p95 (200k lines)', { measured: s.big.query.p95, unit: 'ms', baseline: s.big.baseline.query.p95, baselineName: s.big.baseline.name, ratio: s.big.query.p95 / Math.max(0.001, s.big.baseline.query.p95), target: 50, targetOn: 'measured', note: `n=${s.big.query.n}, p50 ${s.big.query.p50} ms` }));
    f.push(figure('search', 'search index build vs in-process index (200k lines)', { measured: s.big.buildMs, unit: 'ms', baseline: s.big.indexMs, baselineName: 'in-process index, same run', ratio: s.big.ratios.buildVsIndex, note: `one-line edit to updated index p95 ${s.big.update?.p95 ?? '?'} ms (informational)` }));
  }
  const sr = results['search-real'];
  if (sr && !sr.error && !sr.skipped) {
    const m = (x) => `module ${x.module.mrr10}, block ${x.block.mrr10}, signal ${x.signal.mrr10}; Hit@1 ${x.macro.hit1}, Hit@5 ${x.macro.hit5}, Hit@10 ${x.macro.hit10}`;
    const r = sr.quality.report;
    f.push({ part: 'search-real', name: 'macro MRR@10, held-out repositories, no grain given', measured: r.engine.macro.mrr10, unit: 'MRR', baseline: r.bm25.macro.mrr10, baselineName: 'plain BM25 over the same items, same run', ratio: round(r.engine.macro.mrr10 / Math.max(0.001, r.bm25.macro.mrr10), 3), target: '>= 0.70', pass: r.engine.macro.mrr10 >= 0.7, note: `n=${r.engine.macro.count} on ${sr.report.join(', ')}; ${m(r.engine)}` });
    f.push({ part: 'search-real', name: 'signal MRR@10, held-out repositories', measured: r.engine.signal.mrr10, unit: 'MRR', baseline: r.bm25.signal.mrr10, baselineName: 'plain BM25, same run', target: '>= 0.55', pass: r.engine.signal.mrr10 >= 0.55, note: `the grain given: ${r.withGranularity.signal.mrr10} (diagnostic)` });
    f.push({ part: 'search-real', name: 'macro MRR@10, held-out repositories, all eight in one index', measured: r.across.macro.mrr10, unit: 'MRR', note: `a hit counts only in the question's own repository (informational); ${m(r.across)}` });
    f.push({ part: 'search-real', name: 'macro MRR@10, tune repositories', measured: sr.quality.tune.engine.macro.mrr10, unit: 'MRR', baseline: sr.quality.tune.bm25.macro.mrr10, baselineName: 'plain BM25, same run', note: `n=${sr.quality.tune.engine.macro.count} on ${sr.tune.join(', ')}; the grain model is fitted on these questions (informational)` });
  } else if (sr?.skipped) f.push({ part: 'search-real', name: 'real-code search', note: `skipped: ${sr.skipped}` });
  const sc = results['search-scale'];
  if (sc && !sc.error && !sc.skipped) {
    const size = `${sc.repositories.length} repositories, ${sc.lines} lines, ${sc.files} files, ${sc.items} items`;
    f.push(figure('search-scale', 'cold: index, describe and pack every repository', { measured: sc.cold.totalMs / 1000, unit: 's', baseline: sc.cold.indexMs / 1000, baselineName: 'the cold workspace index alone (no search), same run', ratio: sc.ratios.coldVsIndex, target: 90, targetOn: 'measured', note: size }));
    f.push(figure('search-scale', 'warm load (packs, new process)', { measured: sc.warm.totalMs / 1000, unit: 's', baseline: sc.cold.totalMs / 1000, baselineName: 'cold, same run', ratio: sc.ratios.warmVsCold, target: 3, targetOn: 'measured', note: `${sc.warm.fromPack} of ${sc.repositories.length} repositories from their packs` }));
    f.push(figure('search-scale', 'query p95', { measured: sc.query.p95, unit: 'ms', target: 50, targetOn: 'measured', note: `n=${sc.query.n}, p50 ${sc.query.p50} ms; ${size}` }));
    f.push(figure('search-scale', 'RSS after warm load and queries', { measured: sc.rssMb, unit: 'MB', target: 1024, targetOn: 'measured', note: `heap ${sc.heapMb} MB; ${size}` }));
  } else if (sc?.skipped) f.push({ part: 'search-scale', name: 'search at scale', note: `skipped: ${sc.skipped}` });
  const sg = results.suggest;
  if (sg && !sg.error) {
    const kinds = (target) => Object.entries(sg.byKind).filter(([k]) => k.endsWith(`(${target})`)).map(([k, v]) => `${k.split(' ')[0]} ${v.offered}/${v.suggestions} offered, area ${Math.round(v.medianAreaChange * 100)}%, delay ${Math.round(v.medianDelayChange * 100)}%`).join('; ');
    f.push({ part: 'suggest', name: 'suggestions offered (gain on synthesis, proven when they keep behaviour)', measured: sg.offered, unit: `of ${sg.suggestions}`, note: `${sg.corpusFiles} files of bench/suggest/corpus on generic and ice40; median synthesized area change of those offered on generic ${Math.round(sg.offeredGenericAreaMedian * 100)}%` });
    f.push({ part: 'suggest', name: 'behaviour-preserving suggestions proven equivalent', measured: sg.proven, unit: `of ${sg.behaviourPreserving}`, note: `refuted ${sg.refuted}, not decided in 30 s ${sg.notDecided}; proof p50 ${sg.proofSeconds.p50} s, max ${sg.proofSeconds.max} s` });
    f.push({ part: 'suggest', name: 'per rewrite, generic', note: kinds('generic') });
    f.push({ part: 'suggest', name: 'per rewrite, ice40', note: kinds('ice40') });
    f.push({ part: 'suggest', name: 'estimate agreed with synthesis on gain', measured: sg.estimateAgreedWithSynthesis, unit: `of ${sg.suggestions}` });
    f.push({ part: 'suggest', name: 'suggestions on corpora written for other purposes', measured: sg.falsePositives.suggestions, unit: `in ${sg.falsePositives.files} files`, target: 'none offered wrongly', pass: sg.falsePositives.rows.every((r) => !r.offered || r.proof?.status === 'proven' || !r.preservesBehaviour), note: `offered ${sg.falsePositives.offered}; refuted by the proof (so not offered): ${sg.falsePositives.refuted.join('; ') || 'none'}` });
    const tp = sg.thirdParty;
    if (tp && !tp.skipped) f.push({ part: 'suggest', name: 'suggestions on Verilog written by others', measured: tp.suggestions, unit: `in ${tp.files} files`, target: 'none offered wrongly', pass: tp.rows.every((r) => !r.offered || r.proof?.status === 'proven' || !r.preservesBehaviour), note: `test/real/.cache (Yosys cell models, Verilator examples); offered ${tp.offered}: ${tp.rows.filter((r) => r.offered).map((r) => `${r.file}: ${r.title}`).join('; ') || 'none'}; refuted ${tp.refuted.length}` });
    f.push(figure('suggest', 'finding suggestions in a file vs parsing it, p95', { measured: sg.speed.findMs.p95, unit: 'ms', baseline: sg.speed.parseMs.p95, baselineName: 'parse of the same files, same run', ratio: sg.speed.findVsParse.p95, note: `n=${sg.speed.findMs.n} files, max ${sg.speed.findMs.max} ms (estimates before and after included)` }));
  }
  const rc = results.recipes;
  if (rc && !rc.error) {
    for (const [lib, r] of Object.entries(rc.libraries ?? { generic: rc })) {
      const note = `${lib === 'generic' ? 'built-in library' : `${lib} (Debian qflow-tech-${lib})`}; ${r.designs} combinational designs (bench/recipes/suite.mjs, none in the ${rc.knowledgeEntries}-design knowledge base), budget ${rc.budget}${r.failed.length ? `, ${r.failed.length} failed: ${r.failed.map((x) => x.design).join(', ')}` : ''}${r.sameFeaturesAsKnowledge.length ? `; WARNING same features as a knowledge-base design: ${r.sameFeaturesAsKnowledge.join(', ')}` : ''}`;
      f.push(figure('recipes', `ADP geomean vs resyn2 followed by map (${lib})`, { measured: r.geomeanVsResyn2Map, unit: 'x', target: 0.65, targetOn: 'measured', note: `${note}; mappings chosen: ${Object.entries(r.mappings).map(([m, n]) => `${m} x${n}`).join(', ')}` }));
      f.push(figure('recipes', `ADP geomean vs resyn2 with Yosys's mapping (${lib})`, { measured: r.geomeanVsResyn2, unit: 'x', note: 'resyn2 then &dch -f; &nf, same netlist, same run (informational)' }));
      f.push(figure('recipes', `ADP geomean vs Yosys's default abc -liberty (${lib})`, { measured: r.geomeanVsYosysDefault, unit: 'x', target: 0.8, targetOn: 'measured', note: 'same synthesized netlist, same run' }));
      f.push(figure('recipes', `time per design under 2k AIG nodes, max (${lib})`, { measured: r.secondsPerSmallDesign.max, unit: 's', target: 30, targetOn: 'measured', note: `n=${r.smallDesigns}, p50 ${r.secondsPerSmallDesign.p50} s; ${r.evaluations.mean} evaluations per design (max ${r.evaluations.max}) in ${r.yosysRunsPerDesign} Yosys runs` }));
      f.push({ part: 'recipes', name: `recommendations proven equivalent, cec (${lib})`, measured: r.designs - r.notEquivalent.length, unit: `of ${r.designs}`, target: 'all', pass: r.notEquivalent.length === 0 && r.failed.length === 0, note: r.notEquivalent.length ? `not proven: ${r.notEquivalent.join(', ')}` : undefined });
      f.push({ part: 'recipes', name: `reported ADP vs the user's flow run again, max deviation (${lib})`, measured: r.rerun.maxDeviation, unit: 'fraction', target: '<= 0.01', pass: r.rerun.checked === r.designs && r.rerun.maxDeviation <= 0.01, note: `${r.rerun.checked} of ${r.designs} re-run from the sources in a fresh Yosys with the result's yosysFlow` });
    }
    const lg = rc.large;
    if (lg) f.push({ part: 'recipes', name: 'larger designs answered within 180 s', measured: lg.designs, unit: `of ${lg.designs + lg.failed.length}`, target: 'all', pass: lg.failed.length === 0 && lg.secondsMax <= 180 && lg.notEquivalent.length === 0, note: `${lg.perDesign.map((r) => `${r.design} ${r.ands} ANDs ${Math.round(r.ms / 1000)} s ${r.vsResyn2Map ?? '?'}x resyn2+map${r.partial ? ' (partial)' : ''}`).join('; ')}${lg.failed.length ? `; failed: ${lg.failed.map((x) => `${x.design}: ${x.error}`).join('; ')}` : ''}` });
    if (rc.withoutKnowledge) f.push({ part: 'recipes', name: 'ADP geomean vs resyn2 followed by map without the knowledge base (generic)', measured: rc.withoutKnowledge.geomeanVsResyn2Map, unit: 'x', note: `vs resyn2 ${rc.withoutKnowledge.geomeanVsResyn2}x, vs Yosys default ${rc.withoutKnowledge.geomeanVsYosysDefault}x; same search, alpha 0 (informational)` });
  }
  const sgr = results['suggest-real'];
  if (sgr?.skipped) f.push({ part: 'suggest-real', name: 'suggestions on the development repositories', note: `skipped: ${sgr.skipped}` });
  else if (sgr && !sgr.error) {
    for (const [target, t] of Object.entries(sgr.summary.perTarget)) {
      f.push({ part: 'suggest-real', name: `${target}: candidates found / checked / proven / refuted / offered`, measured: `${t.found} / ${t.checked} / ${t.proven} / ${t.refuted} / ${t.offered}`, unit: '', note: `${t.repos.join(', ')}${t.notRun.length ? `; not run: ${t.notRun.join('; ')}` : ''}; kinds offered: ${t.kindsOffered.join(', ') || 'none'}` });
      f.push({ part: 'suggest-real', name: `${target}: offers whose proof was refuted or undecided`, measured: t.offeredRefutedOrUndecided, unit: 'offers', target: 'none', pass: t.offeredRefutedOrUndecided === 0 });
      f.push({ part: 'suggest-real', name: `${target}: audit with every check, per 10k lines`, measured: t.secondsPer10kLinesWithChecks, unit: 's', note: `finding alone: ${sgr.summary.findSecondsPer10kLines} s per 10k lines` });
    }
  }
  const ws = results['web-start'];
  if (ws?.skipped) f.push({ part: 'web-start', name: 'VS Code for the Web start', note: `skipped: ${ws.skipped}` });
  else if (ws && !ws.error) {
    for (const r of ws.results) {
      f.push(figure('web-start', `VS Code for the Web: page load to indexed, ${r.folder} (${r.files} files)`, { measured: r.webMs, unit: 'ms', baseline: r.desktopMs, baselineName: 'the desktop extension (Node extension host), same folder, same run', ratio: r.ratio, target: 2, note: `${r.webReady.join('; ')}${r.files !== r.desktopFiles ? `; the desktop indexed ${r.desktopFiles} files` : ''}` }));
    }
  }
  const act = results.activation;
  if (act?.skipped) f.push({ part: 'activation', name: 'extension activation', note: `skipped: ${act.skipped}` });
  else if (act && !act.error) {
    const note = `median of ${act.runs} fresh code-server sessions each, empty folder (trivial: ${act.trivial.all.join(', ')} ms)`;
    f.push(figure('activation', 'RTLens activation vs a trivial extension', { measured: act.rtlens.activateMs, unit: 'ms', baseline: act.trivial.activateMs, baselineName: "a trivial extension's activation, same harness, same run", ratio: act.ratios.activateVsTrivial, target: 10, note }));
    f.push(figure('activation', 'first diagnostics of an opened file after activation', { measured: act.rtlens.firstDiagnosticsMs, unit: 'ms', baseline: act.trivial.activateMs, baselineName: "a trivial extension's activation, same run", ratio: act.ratios.firstDiagnosticsVsTrivial, target: 2000, targetOn: 'measured', note: `a 3-line file with one syntax error, outside the folder; runs: ${act.rtlens.all.map((x) => x.firstDiagnosticsMs).join(', ')} ms` }));
  }
  const real = results.real;
  if (real?.skipped) f.push({ part: 'real', name: 'real repositories', note: `skipped: ${real.skipped}` });
  else if (real && !real.error) {
    for (const r of real.repos) {
      if (r.index && !r.index.error) f.push(figure('real', `${r.name}: cold index (2 workers) vs raw parse`, { measured: r.index.coldIndexMs, unit: 'ms', baseline: r.index.rawParseMs, baselineName: 'raw web-tree-sitter parse, 1 thread', ratio: r.index.ratio, target: 1.4, note: `${r.files} files, ${r.lines ?? '?'} lines` }));
      if (r.perFile) f.push(figure('real', `${r.name}: worst file, RTLens vs raw parse`, { measured: r.perFile.worst[0]?.rtlensMs, unit: 'ms', baseline: r.perFile.worst[0]?.rawMs, baselineName: 'raw parse of the same file', ratio: r.perFile.worstRatio, target: 5, note: `${r.perFile.worst[0]?.file}; ${r.perFile.over5x} files above 5x` }));
      if (r.server && !r.server.error) f.push(figure('real', `${r.name}: server RSS after indexing`, { measured: r.server.rssMB, unit: 'MB', target: 400, targetOn: 'measured' }));
      if (r.oracle?.falseErrors) f.push(figure('real', `${r.name}: Error diagnostics on Verilator-clean files`, { measured: r.oracle.falseErrors.total, unit: 'errors', target: 0, targetOn: 'measured', note: `${r.oracle.clean} of ${r.oracle.linted} linted files clean; ${Object.entries(r.oracle.falseErrors.byCode).map(([c, v]) => `${c} ${v.count}`).join(', ')}` }));
      if (r.definitions) {
        const d = r.definitions;
        f.push({ part: 'real', name: `${r.name}: definitions right (instances, uses)`, measured: `${d.instances.right}/${d.instances.sampled - d.instances.external}, ${d.uses.right}/${d.uses.sampled - d.uses.external}`, unit: '', note: 'sampled; informational' });
      }
    }
  }
  const pr = results['ppa-real'];
  if (pr?.skipped) f.push({ part: 'ppa-real', name: 'PPA on real repositories', note: `skipped: ${pr.skipped}` });
  else if (pr && !pr.error) {
    for (const [name, t] of Object.entries(pr.targets)) {
      if (!t.loro) continue;
      const builtIn = name === 'generic';
      const note = `${t.loro.overall.modules} modules, ${pr.perRepo} sampled per repository; ${builtIn ? 'fitted on the other repositories' : `the built-in model carried by characterization (area x${round(t.loro.characterization?.area ?? 1, 2)}, delay x${round(t.loro.characterization?.delay ?? 1, 2)})`}`;
      f.push(figure('ppa-real', `${name}: area MAPE, each repository left out`, { measured: t.loro.overall.areaMape, unit: '%', target: builtIn ? 20 : 25, targetOn: 'measured', note }));
      f.push(figure('ppa-real', `${name}: delay MAPE, each repository left out`, { measured: t.loro.overall.delayMape, unit: '%', target: builtIn ? 25 : 30, targetOn: 'measured', note }));
      f.push(figure('ppa-real', `${name}: area / delay MAPE after 10 of the repository's results`, { measured: t.loro.overall.areaMapeAfter, unit: '%', target: 12, targetOn: 'measured', note: `delay ${t.loro.overall.delayMapeAfter}% (target <= 20%)` }));
      f.push(figure('ppa-real', `${name}: shipped model's area / delay MAPE`, { measured: t.overall.areaMape, unit: '%', note: `delay ${t.overall.delayMape}%; ${t.overall.synthesized} modules` }));
    }
  }
  for (const [part, r] of Object.entries(results)) if (r?.error) f.push({ part, name: `${part} failed`, pass: false, note: r.error });
  return f;
}

function formatRatio(r) {
  if (!Number.isFinite(r)) return String(r);
  return r < 1 ? r.toFixed(3) : r < 10 ? r.toFixed(2) : r < 100 ? r.toFixed(1) : r.toFixed(0);
}

function table(figures) {
  const rows = figures.map((x) => [
    x.part,
    x.name,
    x.measured === undefined ? '' : `${x.measured} ${x.unit}`,
    x.baseline === undefined ? '' : `${x.baseline} ${x.unit}`,
    x.ratio === undefined ? '' : `${formatRatio(x.ratio)}x`,
    x.target ?? '',
    x.pass === undefined ? '' : x.pass ? 'PASS' : 'FAIL',
    x.note ?? '',
  ]);
  const head = ['part', 'figure', 'measured', 'baseline', 'ratio', 'target', 'result', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (i === 7 ? 0 : String(r[i]).length))));
  const fmt = (r) => r.map((c, i) => (i === 7 ? c : String(c).padEnd(widths[i]))).join('  ').trimEnd();
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const results = {};
  const env = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, totalMemGB: round(os.totalmem() / 2 ** 30, 1), loadAvgAtStart: os.loadavg().map((x) => round(x, 2)), git: gitInfo(), options: opts };
  if (env.loadAvgAtStart[0] > env.cpus) log(`[bench] warning: load average ${env.loadAvgAtStart[0]} on ${env.cpus} cores; other work on this machine will inflate and scatter the timings`);

  const needsBuild = opts.only.some((p) => p !== 'generate');
  if (needsBuild) ensureBuilt(log);

  const workspace = defaultWorkspaceDir(opts.seed, opts.lines);
  let t = performance.now();
  const manifest = ensureWorkspace({ outDir: workspace, seed: opts.seed, targetLines: opts.lines, force: opts.only.includes('generate') });
  results.generate = { dir: path.relative(ROOT, workspace), files: manifest.fileCount, lines: manifest.totalLines, modules: manifest.moduleCount, bigFile: path.relative(workspace, manifest.bigFile), bigFileLines: manifest.bigFileLines, ms: Math.round(performance.now() - t) };
  log(`[generate] ${results.generate.files} files, ${results.generate.lines} lines, ${results.generate.modules} modules in ${results.generate.dir} (${results.generate.ms} ms)`);

  const run = async (part, fn) => {
    if (!opts.only.includes(part)) return;
    const t0 = performance.now();
    try {
      results[part] = await fn();
    } catch (error) {
      log(`[${part}] failed: ${error?.stack ?? error}`);
      results[part] = { error: String(error?.message ?? error) };
    }
    log(`[${part}] done in ${Math.round((performance.now() - t0) / 1000)} s`);
  };
  await run('index', async () => (await import('./index.mjs')).benchIndex({ workspace, repeats: opts.repeats, log }));
  await run('lsp', async () => (await import('./lsp.mjs')).benchLsp({ workspace, manifest, seed: opts.seed, positions: opts.positions, files: opts.files, edits: opts.edits, log }));
  await run('memory', async () => (await import('./memory.mjs')).benchMemory({ workspace, log }));
  await run('native', async () => (await import('./native.mjs')).benchNative({ workspace, repeats: Math.max(1, opts.repeats - 1), log }));
  await run('graph', async () => (await import('./graph.mjs')).benchGraph({ workspace, seed: opts.seed, log }));
  await run('ppa', async () => (await import('./ppa.mjs')).benchPpa({ workspace, log }));
  await run('search', async () => (await import('./search.mjs')).benchSearch({ workspace, log }));
  await run('recipes', async () => (await import('./recipes.mjs')).benchRecipes({ log }));
  await run('suggest', async () => (await import('./suggest.mjs')).benchSuggest({ log }));
  await run('real', async () => {
    const { benchReal, realReport } = await import('./real/bench.mjs');
    const result = await benchReal({ log });
    log(realReport(result));
    return result;
  });
  // The PPA estimate on real repositories, leaving each out (bench/ppa/real.mjs): a small sample
  // here (12 modules per repository, 20 s per synthesis: minutes, not the hour of the full run),
  // on the built-in library and, when scripts/fetch-real-code.sh fetched them, the OSU 0.18,
  // 0.35 and 0.5 um ones.
  await run('ppa-real', async () => {
    const { benchPpaReal, report } = await import('./ppa/real.mjs');
    const osu = ['osu018', 'osu035', 'osu050'].map((t) => path.join(ROOT, `test/real/.cache/liberty/${t}_stdcells.lib`)).filter((f) => fs.existsSync(f));
    const result = await benchPpaReal({ perRepo: 12, timeoutS: 20, workers: 2, targets: ['generic', ...osu], resultsFile: 'ppa-real-sample.json', log });
    if (!result.skipped) log(report(result));
    return result;
  });

  // Search on real repositories (bench/search/real.mjs): hand-checked questions, split by repository.
  await run('search-real', async () => (await import('./search/real.mjs')).benchSearchReal({ log }));
  // Search at scale over every real-code folder (bench/search/scale.mjs), in a process of its own
  // with room for a million lines (its RSS is one of the figures).
  await run('search-scale', async () => {
    const out = path.join(WORK_DIR, 'search-scale.json');
    const child = await runNode(['--max-old-space-size=8192', path.join(BENCH_DIR, 'search/scale.mjs'), '--json', out], { timeoutMs: 3_600_000 });
    for (const line of child.stdout.split('\n')) if (line.trim()) log(line);
    if (child.code !== 0) throw new Error(`search/scale.mjs exited ${child.code}: ${child.stderr.slice(-2000)}`);
    return JSON.parse(fs.readFileSync(out, 'utf8'));
  });
  // The suggestion audit over the development repositories (bench/suggest/real.mjs): every
  // candidate checked on the built-in and OSU 0.18 um libraries; skipped without a corpus.
  await run('suggest-real', async () => (await import('./suggest/real.mjs')).benchSuggestReal({ log, timeoutS: 30, budgetS: 600 }));
  await run('activation', async () => (await import('./activation.mjs')).benchActivation({ runs: 3, log }));
  // VS Code for the Web against the desktop extension, same folders: the sample and the generated workspace.
  await run('web-start', async () => (await import('./webStart.mjs')).benchWebStart({ folders: [path.join(ROOT, 'test-fixtures/sample'), workspace], runs: 1, log }));
  env.loadAvgAtEnd = os.loadavg().map((x) => round(x, 2));
  env.totalSeconds = Math.round((performance.now() - started) / 1000);
  const figures = figuresOf(results);
  const doc = { env, figures, results };
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  // A full run writes latest.json; a partial one (--only) writes latest-<parts>.json beside it,
  // so running one part alone does not overwrite the last full results.
  const full = PARTS.every((p) => opts.only.includes(p));
  const out = path.join(RESULTS_DIR, full ? 'latest.json' : `latest-${[...opts.only].sort().join('-')}.json`);
  fs.writeFileSync(out, JSON.stringify(doc, null, 1));

  console.log(JSON.stringify({ env: { date: env.date, node: env.node, cpus: env.cpus, loadAvgAtStart: env.loadAvgAtStart, loadAvgAtEnd: env.loadAvgAtEnd, totalSeconds: env.totalSeconds, git: env.git }, workspace: results.generate, figures }, null, 1));
  console.log('');
  console.log(`RTLens bench: ${results.generate.lines} lines in ${results.generate.files} files (seed ${opts.seed}), ${env.cpus} cores, load ${env.loadAvgAtStart[0]} -> ${env.loadAvgAtEnd[0]}, ${env.totalSeconds} s`);
  console.log(table(figures));
  const failed = figures.filter((x) => x.pass === false);
  console.log('');
  const targeted = figures.filter((x) => x.pass !== undefined);
  console.log(targeted.length === 0 ? 'no targeted figures in this run' : failed.length ? `${failed.length} of ${targeted.length} target(s) missed: ${failed.map((x) => x.name).join('; ')}` : `all ${targeted.length} targets met`);
  console.log(`full results: ${path.relative(ROOT, out)}`);
  const crashed = Object.values(results).some((r) => r?.error);
  process.exitCode = crashed || (opts.strict && failed.length) ? 1 : 0;
}

main().catch((error) => {
  log(error?.stack ?? String(error));
  process.exitCode = 1;
});
