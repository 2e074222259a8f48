// Semantic search on real repositories (search issue, item 1): hand-checked questions over the
// development repositories (bench/search/real/<repository>.json, 21 per repository, 7 per grain),
// each written from the repository's own documentation and comments before the engine ran on it.
//
// The split is by repository: rules may be chosen and tuned on the TUNE repositories only; the
// headline is the REPORT repositories, which nobody tunes on. Every question runs once, k = 10,
// no granularity hint, on an index of its own repository (as a user who opened that folder), and
// again on one index of every repository together (a team searching its IP library: a hit counts
// only in the right repository). Beside the engine: plain BM25 (MiniSearch, one field holding all
// of an item's text, no synonyms, no graph) over the same items, same run.
//
//   node bench/search/real.mjs [DIR] [--json OUT] [--misses] [--repos a,b] [--no-across]
// DIR holds one folder per repository (default RTLENS_REAL_DIR, else ${TMPDIR:-/tmp}/rtlens-real;
// scripts in ../shared/real lay them out). Repositories without a folder are skipped and said so.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_DIR, OUT, ROOT, require, round } from '../lib.mjs';
import { rankOf, scoreQueries, validateQueries } from './score.mjs';
import { describeCorpus } from '../search.mjs';

export const QUESTIONS_DIR = path.join(BENCH_DIR, 'search/real');
/** Repositories rules may be tuned on. */
export const TUNE = ['cv32e40p', 'verilog-ethernet', 'cores', 'basejump_stl'];
/** Repositories reported on and never tuned on. */
export const REPORT = ['scr1', 'Hazard3', 'biriscv', 'Cores-VeeR-EH1'];
const K = 10;
const OUT_SEARCH = path.join(ROOT, 'out/server/src/analyses/search/index.js');
const OUT_DESCRIBE = path.join(ROOT, 'out/server/src/analyses/search/describe.js');

export function defaultRealDir() {
  return process.env.RTLENS_REAL_DIR || path.join(process.env.TMPDIR || os.tmpdir(), 'rtlens-real');
}

/** The questions of one repository, with the split its repository gives them. */
export function loadQuestions(repo) {
  const file = path.join(QUESTIONS_DIR, `${repo}.json`);
  if (!fs.existsSync(file)) return undefined;
  const split = TUNE.includes(repo) ? 'dev' : 'test';
  return JSON.parse(fs.readFileSync(file, 'utf8')).map((q) => ({ ...q, split, repo }));
}

export async function benchSearchReal({ realDir = defaultRealDir(), log = console.log, misses = false, only, across = true } = {}) {
  const { SearchIndex } = require(OUT_SEARCH);
  const { describeUnit, leadingComment } = require(OUT_DESCRIBE);
  const { loadNodeGrammar, nodeFileSystem } = require(OUT.host);
  const { indexWorkspace } = require(OUT.indexer);
  const { Workspace, Snapshot } = require(OUT.workspace);
  const MiniSearch = require('minisearch');
  const grammar = await loadNodeGrammar();

  const repos = [];
  const skipped = [];
  for (const repo of [...TUNE, ...REPORT]) {
    if (only && !only.includes(repo)) continue;
    const dir = path.join(realDir, repo);
    const questions = loadQuestions(repo);
    if (!questions) skipped.push(`${repo} (no questions)`);
    else if (!fs.existsSync(dir)) skipped.push(`${repo} (no folder ${dir})`);
    else repos.push({ repo, dir, questions });
  }
  if (repos.length === 0) return { skipped: `no repositories with questions under ${realDir}`, skippedRepos: skipped };
  for (const s of skipped) log(`[search-real] skipped ${s}`);

  const results = [];
  const perRepo = {};
  for (const { repo, dir, questions } of repos) {
    const ws = new Workspace(nodeFileSystem, grammar, { roots: [dir], includeDirs: [], defines: {} });
    let t0 = performance.now();
    await indexWorkspace(ws, { workers: 2 });
    const indexMs = performance.now() - t0;
    const snapshot = new Snapshot(ws);
    const corpus = describeCorpus(snapshot, dir);
    const problems = validateQueries(questions, corpus, { minPerGranularity: 0 }).filter((p) => !/half and half/.test(p));
    if (problems.length > 0) {
      ws.dispose();
      throw new Error(`bench/search/real/${repo}.json does not match ${dir} (${problems.length} problem(s)):\n  ${problems.join('\n  ')}`);
    }
    const index = new SearchIndex();
    t0 = performance.now();
    index.update(snapshot);
    const buildMs = performance.now() - t0;
    const bm25 = plainBm25(MiniSearch, snapshot, describeUnit, leadingComment);
    for (const query of questions) {
      const hits = index.search(query.query, { k: K }).hits;
      const rank = rankOf(hits, query);
      const rankWithHint = rankOf(index.search(query.query, { k: K, granularity: query.granularity }).hits, query);
      const bm25Rank = rankOf(bm25(query.query, K), query);
      results.push({ query, rank, rankWithHint, bm25Rank, top: hits.slice(0, 3).map((h) => hitText(h, dir)) });
    }
    ws.dispose();
    perRepo[repo] = { split: questions[0].split, files: corpus.files, lines: corpus.lines, modules: corpus.moduleCount, indexMs: Math.round(indexMs), buildMs: Math.round(buildMs) };
    log(`[search-real] ${repo}: ${corpus.files} files, ${corpus.lines} lines, ${corpus.moduleCount} modules; ${questions.length} questions; search index ${Math.round(buildMs)} ms`);
  }

  // Every repository in one index: the question's answer must come from its own repository.
  if (across) {
    const all = new Workspace(nodeFileSystem, grammar, { roots: repos.map((r) => r.dir), includeDirs: [], defines: {} });
    await indexWorkspace(all, { workers: 2 });
    const allIndex = new SearchIndex();
    allIndex.update(new Snapshot(all));
    for (const r of results) {
      const dir = repos.find((x) => x.repo === r.query.repo).dir + path.sep;
      const hits = allIndex.search(r.query.query, { k: K }).hits.map((h) => (h.path.startsWith(dir) ? h : { ...h, module: '\0elsewhere' }));
      r.rankAcross = rankOf(hits, r.query);
    }
    all.dispose();
  }

  const score = (filter, key) => roundMetrics(scoreQueries(results.filter(filter).map((r) => ({ query: r.query, rank: r[key] }))));
  const split = (s) => (r) => r.query.split === s;
  const quality = {
    report: { engine: score(split('test'), 'rank'), bm25: score(split('test'), 'bm25Rank'), across: score(split('test'), 'rankAcross'), withGranularity: score(split('test'), 'rankWithHint') },
    tune: { engine: score(split('dev'), 'rank'), bm25: score(split('dev'), 'bm25Rank'), across: score(split('dev'), 'rankAcross'), withGranularity: score(split('dev'), 'rankWithHint') },
  };
  for (const { repo } of repos) {
    perRepo[repo].engine = score((r) => r.query.repo === repo, 'rank').macro.mrr10;
    perRepo[repo].bm25 = score((r) => r.query.repo === repo, 'bm25Rank').macro.mrr10;
  }
  const line = (s) => `macro MRR@10 ${s.macro.mrr10} (module ${s.module.mrr10}, block ${s.block.mrr10}, signal ${s.signal.mrr10}); Hit@1 ${s.macro.hit1}, Hit@5 ${s.macro.hit5}, Hit@10 ${s.macro.hit10}`;
  for (const [name, q] of [['report (held-out repositories)', quality.report], ['tune', quality.tune]]) {
    log(`[search-real] ${name}: engine ${line(q.engine)}`);
    log(`[search-real] ${name}: plain BM25 ${line(q.bm25)}`);
    if (across) log(`[search-real] ${name}: all repositories in one index ${line(q.across)}`);
    log(`[search-real] ${name}: diagnostic, the grain given ${line(q.withGranularity)}`);
  }
  log(`[search-real] per repository (engine / BM25): ${Object.entries(perRepo).map(([r, p]) => `${r} ${p.engine}/${p.bm25}`).join(', ')}`);
  const missed = results.filter((r) => r.rank === 0 || r.rank > 3).map((r) => ({ id: r.query.id, split: r.query.split, granularity: r.query.granularity, query: r.query.query, rank: r.rank, rankWithHint: r.rankWithHint, bm25Rank: r.bm25Rank, expected: r.query.answers.map(answerText), top: r.top }));
  if (misses) for (const m of missed) log(`[search-real] miss ${m.id} (${m.split}, rank ${m.rank || '-'}, ${m.rankWithHint || '-'} with grain, BM25 ${m.bm25Rank || '-'}): "${m.query}" -> want ${m.expected.join(' | ')}; got ${m.top.join(' | ') || 'nothing'}`);
  return {
    realDir,
    tune: TUNE.filter((r) => perRepo[r]),
    report: REPORT.filter((r) => perRepo[r]),
    skippedRepos: skipped,
    questions: results.length,
    quality,
    perRepo,
    misses: missed,
  };
}

/**
 * Plain BM25 over the engine's own items: one field with every word of the item (name, comment,
 * patterns, text, code), MiniSearch's default tokenizer (splits on spaces and punctuation,
 * underscores included; lower case), no synonyms, no boosts, no graph.
 */
function plainBm25(MiniSearch, snapshot, describeUnit, leadingComment) {
  const mini = new MiniSearch({ fields: ['all'], idField: 'id', storeFields: ['granularity', 'path', 'module', 'signal', 'line', 'endLine'] });
  const firstStart = new Map();
  for (const { path: p, unit } of snapshot.allUnits()) firstStart.set(p, Math.min(firstStart.get(p) ?? Infinity, unit.span.start));
  const seen = new Set();
  const docs = [];
  for (const { path: p, unit } of snapshot.allUnits()) {
    if (unit.kind !== 'module' && unit.kind !== 'interface') continue;
    if (seen.has(`${p}#${unit.name}`)) continue;
    seen.add(`${p}#${unit.name}`);
    const text = snapshot.text(p);
    const lines = snapshot.lineIndex(p);
    const header = text !== undefined && firstStart.get(p) === unit.span.start ? leadingComment(text, unit.span.start) : '';
    for (const d of describeUnit(p, unit, text, header)) {
      const span = d.item.kind === 'module' ? unit.span : d.item.kind === 'block' ? unit.blocks[d.item.index]?.span : d.item.kind === 'instance' ? unit.instances[d.item.index]?.span : (unit.ports.find((x) => x.name === d.item.name) ?? unit.signals.find((x) => x.name === d.item.name))?.span;
      if (!span) continue;
      docs.push({ id: d.id, all: `${d.name} ${d.comment} ${d.pattern} ${d.text} ${d.code}`, granularity: d.granularity, path: d.path, module: d.module, signal: d.signal, line: lines.line1(span.start), endLine: lines.line1(Math.max(span.start, span.end - 1)) });
    }
  }
  mini.addAll(docs);
  return (query, k) => mini.search(query, { combineWith: 'OR' }).slice(0, k);
}

function roundMetrics(s) {
  const out = {};
  for (const [g, m] of Object.entries(s)) out[g] = { count: m.count, mrr10: round(m.mrr10, 3), hit1: round(m.hit1, 3), hit5: round(m.hit5, 3), hit10: round(m.hit10, 3) };
  return out;
}

function answerText(a) {
  if (a.signal !== undefined) return `${a.module}.${a.signal}`;
  if (a.file !== undefined) return `${a.module} ${a.file}:${a.line}`;
  return a.module;
}

function hitText(h, dir) {
  const where = h.granularity === 'block' ? ` ${path.relative(dir, h.path)}:${h.line}-${h.endLine}` : '';
  return `${h.granularity} ${h.module}${h.signal ? '.' + h.signal : ''}${h.block ? ` [${h.block}]` : ''}${where}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const jsonAt = args.indexOf('--json');
  const jsonOut = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
  const onlyAt = args.indexOf('--repos');
  const only = onlyAt >= 0 ? args[onlyAt + 1].split(',') : undefined;
  const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--json' && args[i - 1] !== '--repos');
  const result = await benchSearchReal({ realDir: dir ? path.resolve(dir) : defaultRealDir(), misses: args.includes('--misses'), only, across: !args.includes('--no-across') });
  if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(result, null, 1));
  process.exit(0);
}
