// Semantic search benchmarks (search issue, item 5):
//  - quality: bench/search/queries.json, natural-language questions at module, block and signal
//    grain over bench/search/corpus (a small RV32I SoC written for this benchmark), each answer
//    checked by hand. Every query runs with k = 10 and no granularity hint. The headline is the
//    macro MRR@10 on the test split (target >= 0.75), which nobody tunes on; dev figures are
//    printed beside it. The answers are validated against the indexed corpus first: a query
//    naming a module, signal or line that does not exist fails the part.
//  - speed on the generated 200k-line workspace: index build time (against the in-process
//    workspace index of the same files), query latency p50/p95 over the benchmark's query texts
//    (target p95 <= 50 ms) against a plain lowercase substring scan over every unit's, port's
//    and signal's name, and the incremental update after a one-line edit (informational).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BENCH_DIR, OUT, ROOT, require, round, stats } from './lib.mjs';
import { rankOf, scoreQueries, validateQueries } from './search/score.mjs';

export const CORPUS_DIR = path.join(BENCH_DIR, 'search/corpus');
export const QUERIES_FILE = path.join(BENCH_DIR, 'search/queries.json');
export const EXTRA_FILE = path.join(BENCH_DIR, 'search/queries-dev-extra.json');
const OUT_SEARCH = path.join(ROOT, 'out/server/src/analyses/search/index.js');
const K = 10;
/** A test query counts as missed when its first right answer is not in the top 3. */
const MISS_RANK = 3;

export async function benchSearch({ workspace, log, rounds = 5 }) {
  const { SearchIndex } = require(OUT_SEARCH);
  const { loadNodeGrammar, nodeFileSystem } = require(OUT.host);
  const { indexWorkspace } = require(OUT.indexer);
  const { Workspace, Snapshot } = require(OUT.workspace);
  const grammar = await loadNodeGrammar();
  const queries = JSON.parse(fs.readFileSync(QUERIES_FILE, 'utf8'));

  // ---------------------------------------------------------------- quality on the corpus
  const ws = new Workspace(nodeFileSystem, grammar, { roots: [CORPUS_DIR], includeDirs: [], defines: {} });
  const indexed = await indexWorkspace(ws, { inProcess: true });
  const snapshot = new Snapshot(ws);
  const corpus = describeCorpus(snapshot, CORPUS_DIR);
  const problems = validateQueries(queries, corpus);
  if (corpus.parseErrorFiles.length > 0) problems.push(`corpus files with parse errors: ${corpus.parseErrorFiles.join(', ')}`);
  if (problems.length > 0) {
    ws.dispose();
    throw new Error(`bench/search/queries.json does not match the corpus (${problems.length} problem(s)):\n  ${problems.join('\n  ')}`);
  }
  // More dev queries, written later by the lead to check tuning on dev beyond its 39 queries:
  // scored as their own informational figure, validated against the corpus like the others.
  const extra = fs.existsSync(EXTRA_FILE) ? JSON.parse(fs.readFileSync(EXTRA_FILE, 'utf8')) : [];
  const extraProblems = validateQueries(extra, corpus, { minPerGranularity: 0 }).filter((p) => !/half and half/.test(p));
  if (extra.some((q) => q.split !== 'dev')) extraProblems.push('queries-dev-extra.json holds dev queries only');
  if (extraProblems.length > 0) {
    ws.dispose();
    throw new Error(`bench/search/queries-dev-extra.json does not match the corpus:\n  ${extraProblems.join('\n  ')}`);
  }
  const index = new SearchIndex();
  let t0 = performance.now();
  index.update(snapshot);
  const corpusBuildMs = performance.now() - t0;
  const perQuery = [];
  for (const query of queries) {
    t0 = performance.now();
    const answer = index.search(query.query, { k: K });
    const ms = performance.now() - t0;
    const hits = answer?.hits ?? [];
    const rank = rankOf(hits, query);
    // Diagnostic only, never a headline: the rank when the engine is told the granularity, which
    // separates "found, but outranked by another grain" from "not found".
    const rankWithHint = rankOf(index.search(query.query, { k: K, granularity: query.granularity })?.hits ?? [], query);
    perQuery.push({ id: query.id, split: query.split, granularity: query.granularity, query: query.query, rank, rankWithHint, ms: round(ms, 2), partial: Boolean(answer?.partial), understood: answer?.understood, expected: query.answers.map(answerText), top: hits.slice(0, 5).map(hitText) });
  }
  const extraRanks = extra.map((query) => ({ query, rank: rankOf(index.search(query.query, { k: K }).hits, query) }));
  ws.dispose();
  const scored = (split) => {
    const list = queries.map((query, i) => ({ query, rank: perQuery[i].rank })).filter((r) => split === 'all' || r.query.split === split);
    return roundMetrics(scoreQueries(list));
  };
  const quality = { test: scored('test'), dev: scored('dev'), all: scored('all'), devExtra: extra.length ? roundMetrics(scoreQueries(extraRanks)) : undefined };
  const oracle = roundMetrics(scoreQueries(queries.map((query, i) => ({ query, rank: perQuery[i].rankWithHint })).filter((r) => r.query.split === 'test')));
  const testMisses = perQuery.filter((q) => q.split === 'test' && (q.rank === 0 || q.rank > MISS_RANK)).map(({ id, granularity, query, rank, rankWithHint, expected, top }) => ({ id, granularity, query, rank, rankWithHint, expected, top }));
  log(`[search] corpus: ${corpus.files} files, ${corpus.lines} lines, ${corpus.moduleCount} modules; ${queries.length} queries; index built in ${round(corpusBuildMs, 1)} ms`);
  for (const split of ['test', 'dev']) {
    const s = quality[split];
    log(`[search] ${split}: macro MRR@10 ${s.macro.mrr10} (module ${s.module.mrr10}, block ${s.block.mrr10}, signal ${s.signal.mrr10}); Hit@1 ${s.macro.hit1}, Hit@5 ${s.macro.hit5}, Hit@10 ${s.macro.hit10}`);
  }
  log(`[search] diagnostic, test split with the granularity given (oracle, not a target): macro MRR@10 ${oracle.macro.mrr10} (module ${oracle.module.mrr10}, block ${oracle.block.mrr10}, signal ${oracle.signal.mrr10})`);
  for (const m of testMisses) log(`[search] test miss ${m.id} (${m.granularity}, rank ${m.rank || '-'}, ${m.rankWithHint || '-'} with the granularity given): "${m.query}" -> want ${m.expected.join(' | ')}; got ${m.top.slice(0, 3).join(' | ') || 'nothing'}`);

  // ---------------------------------------------------------------- speed on the big workspace
  const big = new Workspace(nodeFileSystem, grammar, { roots: [workspace], includeDirs: [], defines: {} });
  t0 = performance.now();
  const bigIndexed = await indexWorkspace(big, { inProcess: true });
  const indexMs = performance.now() - t0;
  let bigSnapshot = new Snapshot(big);
  const bigIndex = new SearchIndex();
  t0 = performance.now();
  bigIndex.update(bigSnapshot);
  const buildMs = performance.now() - t0;
  log(`[search] ${bigIndexed.files} files indexed in process in ${Math.round(indexMs)} ms; search index built in ${Math.round(buildMs)} ms`);

  t0 = performance.now();
  const names = nameTable(bigSnapshot);
  const baselineBuildMs = performance.now() - t0;

  // One warm-up round, then `rounds` rounds of every query text, engine and baseline interleaved.
  const texts = queries.map((q) => q.query);
  for (const text of texts) {
    bigIndex.search(text, { k: K });
    substringScan(names, text, K);
  }
  const queryTimes = [];
  const baselineTimes = [];
  let partial = 0;
  let empty = 0;
  const emptyQueries = new Set();
  for (let r = 0; r < rounds; r++) {
    for (const text of texts) {
      let s = performance.now();
      const answer = bigIndex.search(text, { k: K });
      queryTimes.push(performance.now() - s);
      if (answer?.partial) partial++;
      if (!answer?.hits?.length) {
        empty++;
        emptyQueries.add(text);
      }
      s = performance.now();
      substringScan(names, text, K);
      baselineTimes.push(performance.now() - s);
    }
  }
  const slowest = texts.map((text) => {
    const s = performance.now();
    bigIndex.search(text, { k: K });
    return { query: text, ms: round(performance.now() - s, 2) };
  }).sort((a, b) => b.ms - a.ms).slice(0, 5);

  // Incremental: a one-line edit of one file, a new snapshot, the index brought up to date.
  const updateTimes = [];
  const edited = pickEditFile(bigSnapshot);
  if (edited) {
    const original = fs.readFileSync(edited, 'utf8');
    big.openDocument(edited, original);
    for (let i = 0; i < 20; i++) {
      big.changeDocument(edited, i % 2 === 0 ? original.replace('\n', ' // edited\n') : original);
      bigSnapshot = new Snapshot(big);
      const s = performance.now();
      bigIndex.update(bigSnapshot);
      updateTimes.push(performance.now() - s);
    }
  }
  big.dispose();
  const latency = stats(queryTimes);
  const baseline = stats(baselineTimes);
  log(`[search] 200k-line workspace: query p50 ${latency.p50} ms, p95 ${latency.p95} ms (substring scan p50 ${baseline.p50} ms, p95 ${baseline.p95} ms); ${partial} partial, ${empty} empty answers`);

  return {
    corpus: { dir: path.relative(ROOT, CORPUS_DIR), files: corpus.files, lines: corpus.lines, modules: corpus.moduleCount, indexedFiles: indexed.files, buildMs: round(corpusBuildMs, 1) },
    queries: { count: queries.length, perGranularity: countBy(queries, (q) => `${q.granularity}/${q.split}`) },
    quality,
    oracleGranularityTest: oracle,
    testMisses,
    perQuery,
    big: {
      files: bigIndexed.files,
      indexMs: Math.round(indexMs),
      buildMs: Math.round(buildMs),
      ratios: { buildVsIndex: round(buildMs / indexMs, 3) },
      query: latency,
      slowest,
      partialAnswers: partial,
      emptyAnswers: empty,
      emptyQueries: [...emptyQueries],
      update: edited ? { file: path.relative(workspace, edited), ...stats(updateTimes) } : undefined,
      baseline: { name: 'lowercase substring scan over unit, port and signal names', buildMs: round(baselineBuildMs, 1), query: baseline },
    },
  };
}

/** The corpus as validateQueries reads it: modules with their ports, signals and block line ranges. */
export function describeCorpus(snapshot, corpusDir) {
  const modules = {};
  let moduleCount = 0;
  let lines = 0;
  const parseErrorFiles = [];
  const paths = snapshot.paths();
  for (const p of paths) {
    const summary = snapshot.summary(p);
    lines += summary?.lineCount ?? 0;
    // As `rtlens index` counts parseErrorFiles.
    if (summary?.problems?.some((x) => x.code === 'syntax-error' || x.code === 'missing-token')) parseErrorFiles.push(path.relative(corpusDir, p));
  }
  for (const { path: p, unit } of snapshot.allUnits()) {
    if (unit.kind === 'unit') continue;
    if (unit.kind === 'module') moduleCount++;
    const lineIndex = snapshot.lineIndex(p);
    const file = path.relative(corpusDir, p).split(path.sep).join('/');
    const range = (span) => ({ file, line: lineIndex.line1(span.start), endLine: lineIndex.line1(Math.max(span.start, span.end - 1)) });
    const entry = (modules[unit.name] ??= { ports: [], signals: [], blocks: [] });
    entry.ports.push(...unit.ports.map((x) => x.name));
    entry.signals.push(...unit.signals.filter((x) => x.kind === 'net' || x.kind === 'variable').map((x) => x.name));
    entry.blocks.push(...unit.blocks.map((b) => range(b.span)), ...unit.instances.map((x) => range(x.span)), ...unit.subprograms.map((x) => range(x.span)));
  }
  return { modules, files: paths.length, lines, moduleCount, parseErrorFiles };
}

/** Every unit, port and signal name of the snapshot, lower-cased once: the baseline's "index". */
function nameTable(snapshot) {
  const names = [];
  for (const { path: p, unit } of snapshot.allUnits()) {
    names.push({ name: unit.name.toLowerCase(), module: unit.name, path: p });
    for (const port of unit.ports) names.push({ name: port.name.toLowerCase(), module: unit.name, signal: port.name, path: p });
    for (const signal of unit.signals) names.push({ name: signal.name.toLowerCase(), module: unit.name, signal: signal.name, path: p });
  }
  return names;
}

const STOP = new Set(['the', 'and', 'for', 'that', 'with', 'where', 'which', 'what', 'how', 'does', 'from', 'into', 'this', 'its', 'are', 'out', 'between', 'module', 'block', 'signal']);

/** The baseline: the names containing most of the query's words (3+ letters, stop words out), top k. */
function substringScan(names, text, k) {
  const words = text.toLowerCase().split(/[^a-z0-9_]+/).filter((w) => w.length >= 3 && !STOP.has(w));
  const top = [];
  for (const entry of names) {
    let score = 0;
    for (const w of words) if (entry.name.includes(w)) score++;
    if (score === 0) continue;
    if (top.length < k) top.push({ entry, score });
    else if (score > top[top.length - 1].score) top[top.length - 1] = { entry, score };
    else continue;
    top.sort((a, b) => b.score - a.score);
  }
  return top;
}

/** A mid-sized file of the generated workspace to edit (not the 8k-line one). */
function pickEditFile(snapshot) {
  const candidates = snapshot.paths().filter((p) => /\.s?v$/.test(p)).map((p) => ({ p, lines: snapshot.summary(p)?.lineCount ?? 0 })).filter((x) => x.lines > 100 && x.lines < 2000);
  candidates.sort((a, b) => a.p.localeCompare(b.p));
  return candidates[Math.floor(candidates.length / 2)]?.p;
}

function answerText(a) {
  if (a.signal !== undefined) return `${a.module}.${a.signal}`;
  if (a.file !== undefined) return `${a.module} ${a.file}:${a.line}`;
  return a.module;
}

function hitText(h) {
  const where = h.granularity === 'block' ? ` ${shortPath(h.path)}:${h.line}-${h.endLine}` : '';
  return `${h.granularity} ${h.module}${h.signal ? '.' + h.signal : ''}${h.block ? ` [${h.block}]` : ''}${where}`;
}

function shortPath(p) {
  const rel = path.relative(CORPUS_DIR, p ?? '');
  return rel.startsWith('..') ? path.basename(p ?? '') : rel.split(path.sep).join('/');
}

function countBy(list, key) {
  const out = {};
  for (const x of list) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
}

function roundMetrics(scores) {
  const out = {};
  for (const [g, m] of Object.entries(scores)) out[g] = { count: m.count, mrr10: round(m.mrr10, 3), hit1: round(m.hit1, 3), hit5: round(m.hit5, 3), hit10: round(m.hit10, 3) };
  return out;
}
