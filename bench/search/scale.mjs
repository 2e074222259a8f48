// Search at scale (search issue, item 4): every repository folder under the real-code folders
// (RTLENS_REAL_DIR, else ${TMPDIR:-/tmp}/rtlens-real, and RTLENS_SCALE_DIR, else
// ${TMPDIR:-/tmp}/rtlens-scale) opened as `rtlens.search.repositories` opens another repository:
// indexed in a workspace of its own, described into a pack (its text index as a frozen segment,
// saved to disk), the workspace let go, and every pack attached to one search index.
//  - cold: no pack and no summary cache on disk (2 workers per repository);
//  - warm: the same repositories opened again in a new process (as the editor the next day):
//    each pack file checked against the files' stamps and loaded;
//  - query latency over bench/search/real's questions (p50/p95), after one warm-up round;
//  - that process's RSS after the warm load and queries.
// Baselines in the same run: the cold workspace index alone (what the editor does without
// search), and the cold open for the warm one.
//   node bench/search/scale.mjs [--json OUT]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { OUT, ROOT, WORK_DIR, require, round, stats } from '../lib.mjs';
import { QUESTIONS_DIR } from './real.mjs';

const OUT_SEARCH = path.join(ROOT, 'out/server/src/analyses/search/index.js');
const OUT_REPOSITORY = path.join(ROOT, 'out/server/src/workers/searchRepository.js');

export function scaleFolders() {
  const tmp = process.env.TMPDIR || os.tmpdir();
  const parents = [process.env.RTLENS_REAL_DIR || path.join(tmp, 'rtlens-real'), process.env.RTLENS_SCALE_DIR || path.join(tmp, 'rtlens-scale')];
  const out = [];
  for (const parent of parents) {
    if (!fs.existsSync(parent)) continue;
    for (const e of fs.readdirSync(parent, { withFileTypes: true })) if (e.isDirectory()) out.push(path.join(parent, e.name));
  }
  return out;
}

export async function benchSearchScale({ log = console.log, folders = scaleFolders(), phase = 'all', cacheDir = path.join(WORK_DIR, 'search-scale-cache') } = {}) {
  if (folders.length === 0) return { skipped: 'no repository folders (see bench/README.md, the real part)' };
  const { SearchIndex } = require(OUT_SEARCH);
  const { openSearchRepository } = require(OUT_REPOSITORY);
  const { loadNodeGrammar } = require(OUT.host);
  const grammar = await loadNodeGrammar();
  if (phase === 'all') {
    fs.rmSync(cacheDir, { recursive: true, force: true });
    fs.mkdirSync(cacheDir, { recursive: true });
  }
  const packOf = (dir) => path.join(cacheDir, `${path.basename(path.dirname(dir))}-${path.basename(dir)}.pack`);

  const open = async (warm) => {
    let files = 0;
    let lines = 0;
    let fromPack = 0;
    let indexMs = 0;
    const index = new SearchIndex();
    const t0 = performance.now();
    for (const dir of folders) {
      const r = await openSearchRepository(dir, { name: path.basename(dir), packFile: packOf(dir), grammar, workers: 2 });
      files += r.files;
      lines += r.lines;
      if (r.fromPack) fromPack++;
      indexMs += r.indexMs;
      index.attach(r.pack);
    }
    const ms = performance.now() - t0;
    if (!warm) log(`[search-scale] cold: ${folders.length} repositories, ${files} files, ${lines} lines, ${index.size} items: indexed, described and packed in ${Math.round(ms)} ms`);
    else log(`[search-scale] warm: ${fromPack} of ${folders.length} repositories from their packs in ${Math.round(ms)} ms`);
    return { index, files, lines, ms, fromPack, indexMs };
  };

  if (phase === 'warm') {
    const warm = await open(true);
    const questions = fs.readdirSync(QUESTIONS_DIR).filter((f) => f.endsWith('.json')).flatMap((f) => JSON.parse(fs.readFileSync(path.join(QUESTIONS_DIR, f), 'utf8')).map((q) => q.query));
    for (const q of questions) warm.index.search(q, { k: 10 });
    const times = [];
    for (let round_ = 0; round_ < 3; round_++) {
      for (const q of questions) {
        const t = performance.now();
        warm.index.search(q, { k: 10 });
        times.push(performance.now() - t);
      }
    }
    const query = stats(times);
    const rssMb = Math.round(process.memoryUsage().rss / 1048576);
    log(`[search-scale] query p50 ${query.p50} ms, p95 ${query.p95} ms over ${times.length} (${questions.length} questions x 3); RSS ${rssMb} MB`);
    return { items: warm.index.size, warm: { totalMs: Math.round(warm.ms), fromPack: warm.fromPack }, query, rssMb, heapMb: Math.round(process.memoryUsage().heapUsed / 1048576) };
  }
  const cold = await open(false);
  // The warm open in a process of its own: its time and memory are what a new editor session sees.
  const out = path.join(cacheDir, 'warm.json');
  const child = spawnSync(process.execPath, ['--max-old-space-size=8192', fileURLToPath(import.meta.url), '--phase', 'warm', '--cache-dir', cacheDir, '--json', out], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  if (child.stdout) log(child.stdout.trimEnd());
  if (child.status !== 0) throw new Error(`the warm phase exited ${child.status}: ${(child.stderr ?? '').slice(-2000)}`);
  const warm = JSON.parse(fs.readFileSync(out, 'utf8'));
  return {
    repositories: folders.map((d) => path.basename(d)),
    files: cold.files,
    lines: cold.lines,
    items: warm.items,
    cold: { totalMs: Math.round(cold.ms), indexMs: Math.round(cold.indexMs) },
    warm: warm.warm,
    ratios: { warmVsCold: round(warm.warm.totalMs / cold.ms, 3), coldVsIndex: round(cold.ms / Math.max(1, cold.indexMs), 3) },
    query: warm.query,
    rssMb: warm.rssMb,
    heapMb: warm.heapMb,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const arg = (name) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : undefined);
  const result = await benchSearchScale({ phase: arg('--phase') ?? 'all', ...(arg('--cache-dir') ? { cacheDir: arg('--cache-dir') } : {}) });
  const at = args.indexOf('--json');
  if (at >= 0) fs.writeFileSync(args[at + 1], JSON.stringify(result, null, 1));
  process.exit(0);
}
