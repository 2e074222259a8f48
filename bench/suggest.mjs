// PPA-aware suggestions benchmark (issue 7). On bench/suggest/corpus (peripheral and datapath
// modules written the way such modules are commonly written: a UART with 32-bit counters, an
// AXI-Stream register slice that resets its data, an address generator with an adder per
// mode, a register read-back mux without a default, a two-tap FIR, ...):
//  - every suggestion is checked as the editor checks it: proven equivalent (or marked as a
//    behaviour change), and both versions synthesized on the built-in library and on iCE40;
//  - the measured gains per rewrite, and how often the estimate agreed with synthesis;
//  - false positives: the same detectors over the search corpus (40 files) and the PPA corpus
//    (165 designs), where every suggestion is checked too; a refuted proof means the detector
//    proposed a wrong rewrite (it is then not offered: the proof is the safety net); and over
//    Verilog written by others (test/real/.cache: Yosys's cell models, Verilator's examples);
//  - speed: finding suggestions in a file (estimates before and after included) against
//    parsing the same file, measured in the same run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCorpusWorkspace, targetOf } from './ppa/lib.mjs';
import { allDesigns } from './ppa/corpus.mjs';
import { BENCH_DIR, ROOT, WORK_DIR, hdlFiles, median, require, round, stats } from './lib.mjs';

const TARGETS = ['generic', 'ice40'];

async function workspaceOf(dir) {
  const { loadNodeGrammar, nodeFileSystem } = require(path.join(ROOT, 'out/server/src/workers/host.js'));
  const { indexWorkspace } = require(path.join(ROOT, 'out/server/src/workers/indexer.js'));
  const { Workspace, Snapshot } = require(path.join(ROOT, 'out/server/src/workspace/index.js'));
  const ws = new Workspace(nodeFileSystem, await loadNodeGrammar(), { roots: [dir], includeDirs: [], defines: {} });
  await indexWorkspace(ws, { inProcess: true });
  return { ws, snapshot: new Snapshot(ws) };
}

function contextFor(snapshot, target, root) {
  const { loadPpaModel } = require(path.join(ROOT, 'out/server/src/workers/ppaHost.js'));
  return { ppa: { access: snapshot, target, model: loadPpaModel(), root }, summarize: (p, t) => snapshot.summarizeText(p, t) };
}

const change = (before, after) => (before && after !== undefined && before > 0 ? round((after - before) / before, 3) : undefined);

/** Every suggestion of every file under the workspace, checked on each target. */
async function checkAll(snapshot, root, pool, { log, targets, tag }) {
  const suggest = require(path.join(ROOT, 'out/server/src/analyses/suggest/index.js'));
  const { genericLiberty } = require(path.join(ROOT, 'out/server/src/workers/host.js'));
  const files = [...new Set(snapshot.allUnits().filter((u) => u.unit.kind === 'module').map((u) => u.path))].sort();
  const rows = [];
  const timings = [];
  for (const file of files) {
    const text = snapshot.text(file);
    for (const targetName of targets) {
      const ctx = contextFor(snapshot, targetOf(targetName, genericLiberty), root);
      const t0 = performance.now();
      const found = suggest.findSuggestions(ctx, file, text);
      const findMs = performance.now() - t0;
      if (targetName === targets[0]) {
        const p0 = performance.now();
        snapshot.summarizeText(file, text);
        timings.push({ file: path.relative(root, file), findMs, parseMs: performance.now() - p0, suggestions: found.length });
      }
      for (const s of found) {
        const check = await suggest.checkSuggestion(ctx, s, text, pool, { timeoutMs: 120_000, proofTimeoutMs: 30_000 });
        const row = {
          file: path.relative(root, file),
          module: s.module,
          kind: s.kind,
          title: s.title,
          target: targetName,
          preservesBehaviour: s.preservesBehaviour,
          estimatedGain: s.estimate.gain,
          estimatedArea: change(s.estimate.before.area, s.estimate.after.area),
          estimatedDelay: change(s.estimate.before.delay, s.estimate.after.delay),
          proof: check.proof ? { status: check.proof.status, seconds: round(check.proof.ms / 1000, 1), how: check.proof.message } : undefined,
          area: change(check.before?.area, check.after?.area),
          delay: change(check.before?.delay, check.after?.delay),
          ffs: check.before && check.after ? `${check.before.ffs} -> ${check.after.ffs}` : undefined,
          latches: check.before && check.after ? `${check.before.latches} -> ${check.after.latches}` : undefined,
          gain: check.gain,
          offered: check.offered,
          error: check.error,
        };
        rows.push(row);
        log(`[suggest${tag ? `, ${tag}` : ''}] ${row.file} ${targetName}: ${s.title}: ${check.summary}`);
      }
    }
  }
  return { rows, timings };
}

export async function benchSuggest({ log }) {
  const { YosysPool } = require(path.join(ROOT, 'out/server/src/workers/synthesis.js'));
  const pool = new YosysPool(2);
  try {
    // The corpus written for suggestions.
    const corpusDir = path.join(BENCH_DIR, 'suggest/corpus');
    const corpus = await workspaceOf(corpusDir);
    const main = await checkAll(corpus.snapshot, corpusDir, pool, { log, targets: TARGETS });
    corpus.ws.dispose();

    // False positives: corpora written for other purposes.
    const searchDir = path.join(BENCH_DIR, 'search/corpus');
    const search = await workspaceOf(searchDir);
    const other = await checkAll(search.snapshot, searchDir, pool, { log, targets: ['generic'], tag: 'search corpus' });
    search.ws.dispose();
    const ppaDir = path.join(WORK_DIR, 'suggest-ppa-corpus');
    const ppaCorpus = await loadCorpusWorkspace(allDesigns(), ppaDir);
    const ppa = await checkAll(ppaCorpus.snapshot, ppaDir, pool, { log, targets: ['generic'], tag: 'PPA corpus' });
    ppaCorpus.ws.dispose();
    // Verilog written by others (Yosys's and Verilator's sources, cell models, examples), as
    // scripts/fetch-real-code.sh fetched it for the tests: every suggestion checked likewise.
    const realDir = path.join(ROOT, 'test/real/.cache');
    let real;
    if (fs.existsSync(realDir)) {
      const realWs = await workspaceOf(realDir);
      real = await checkAll(realWs.snapshot, realDir, pool, { log, targets: ['generic'], tag: 'third-party code' });
      realWs.ws.dispose();
    }

    const byKind = {};
    for (const r of main.rows) {
      const k = (byKind[`${r.kind} (${r.target})`] ??= { suggestions: 0, offered: 0, proven: 0, refuted: 0, undecided: 0, areaChange: [], delayChange: [], estimateAgreed: 0 });
      k.suggestions++;
      if (r.offered) k.offered++;
      if (r.proof?.status === 'proven') k.proven++;
      if (r.proof?.status === 'refuted') k.refuted++;
      if (r.proof && ['undecided', 'unsupported', 'error'].includes(r.proof.status)) k.undecided++;
      if (r.area !== undefined) k.areaChange.push(r.area);
      if (r.delay !== undefined) k.delayChange.push(r.delay);
      if (r.estimatedGain === r.gain) k.estimateAgreed++;
    }
    for (const k of Object.values(byKind)) {
      k.medianAreaChange = round(median(k.areaChange), 3);
      k.medianDelayChange = round(median(k.delayChange), 3);
      delete k.areaChange;
      delete k.delayChange;
    }
    const offered = main.rows.filter((r) => r.offered);
    const preserving = main.rows.filter((r) => r.preservesBehaviour);
    const others = [...other.rows, ...ppa.rows];
    const timings = [...main.timings, ...other.timings, ...ppa.timings].filter((t) => t.parseMs > 0);
    const ratio = timings.map((t) => t.findMs / t.parseMs);
    const proofSeconds = main.rows.filter((r) => r.proof?.status === 'proven').map((r) => r.proof.seconds);
    return {
      corpusFiles: hdlFiles(corpusDir).length,
      suggestions: main.rows.length,
      offered: offered.length,
      offeredGenericAreaMedian: round(median(offered.filter((r) => r.target === 'generic' && r.area !== undefined).map((r) => r.area)), 3),
      behaviourPreserving: preserving.length,
      proven: preserving.filter((r) => r.proof?.status === 'proven').length,
      refuted: preserving.filter((r) => r.proof?.status === 'refuted').length,
      notDecided: preserving.filter((r) => r.proof && !['proven', 'refuted'].includes(r.proof.status)).length,
      proofSeconds: stats(proofSeconds),
      estimateAgreedWithSynthesis: main.rows.filter((r) => r.estimatedGain === r.gain).length,
      byKind,
      falsePositives: {
        files: other.timings.length + ppa.timings.length,
        suggestions: others.length,
        offered: others.filter((r) => r.offered).length,
        refuted: others.filter((r) => r.proof?.status === 'refuted').map((r) => `${r.file}: ${r.title}`),
        rows: others,
      },
      thirdParty: real
        ? {
            files: real.timings.length,
            suggestions: real.rows.length,
            offered: real.rows.filter((r) => r.offered).length,
            refuted: real.rows.filter((r) => r.proof?.status === 'refuted').map((r) => `${r.file}: ${r.title}`),
            rows: real.rows,
          }
        : { skipped: 'no test/real/.cache (run scripts/fetch-real-code.sh)' },
      speed: { findVsParse: stats(ratio), findMs: stats(timings.map((t) => t.findMs)), parseMs: stats(timings.map((t) => t.parseMs)) },
      rows: main.rows,
    };
  } finally {
    await pool.dispose();
  }
}

// Run alone: node bench/suggest.mjs (after npm run build)
if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchSuggest({ log: (m) => process.stderr.write(`${m}\n`) });
  fs.mkdirSync(path.join(BENCH_DIR, 'results'), { recursive: true });
  console.log(JSON.stringify(result, null, 2));
}
