// Search at scale (search issue, item 4): every repository folder under the real-code folders
// (RTLENS_REAL_DIR, else ${TMPDIR:-/tmp}/rtlens-real, and RTLENS_SCALE_DIR, else
// ${TMPDIR:-/tmp}/rtlens-scale), each indexed as a workspace of its own with its own cache file,
// searched together through one index as `rtlens.search.repositories` does.
//  - cold: every repository indexed with no cache (2 workers), then the search index built;
//  - warm: the same repositories opened again from their cache files, then the search index built;
//  - query latency over bench/search/real's questions (p50/p95), after one warm-up round;
//  - the process's RSS after the warm load and queries.
// Baseline in the same run: the cold index alone (what the editor does without search).
//   node bench/search/scale.mjs [--json OUT]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OUT, ROOT, WORK_DIR, require, round, stats } from '../lib.mjs';
import { QUESTIONS_DIR } from './real.mjs';

const OUT_SEARCH = path.join(ROOT, 'out/server/src/analyses/search/index.js');

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

export async function benchSearchScale({ log = console.log, folders = scaleFolders() } = {}) {
  if (folders.length === 0) return { skipped: 'no repository folders (see bench/README.md, the real part)' };
  const { SearchIndex, RepositoriesSource } = require(OUT_SEARCH);
  const { loadNodeGrammar, nodeFileSystem } = require(OUT.host);
  const { indexWorkspace } = require(OUT.indexer);
  const { Workspace, Snapshot } = require(OUT.workspace);
  const grammar = await loadNodeGrammar();
  const cacheDir = path.join(WORK_DIR, 'search-scale-cache');
  fs.rmSync(cacheDir, { recursive: true, force: true });
  fs.mkdirSync(cacheDir, { recursive: true });
  const cacheOf = (dir) => path.join(cacheDir, `${path.basename(path.dirname(dir))}-${path.basename(dir)}.json`);

  const open = async (useCache) => {
    const repos = [];
    let files = 0;
    let lines = 0;
    const t0 = performance.now();
    for (const dir of folders) {
      const ws = new Workspace(nodeFileSystem, grammar, { roots: [dir], includeDirs: [], defines: {} });
      const s = await indexWorkspace(ws, { workers: 2, cacheFile: cacheOf(dir) });
      files += s.files;
      lines += s.lines ?? 0;
      repos.push({ name: path.basename(dir), roots: [dir], workspace: ws });
    }
    const indexMs = performance.now() - t0;
    const source = new RepositoriesSource(repos.map((r) => ({ name: r.name, roots: r.roots, source: new Snapshot(r.workspace) })));
    const index = new SearchIndex();
    const t1 = performance.now();
    index.update(source);
    const buildMs = performance.now() - t1;
    if (!useCache) log(`[search-scale] cold: ${folders.length} repositories, ${files} files, ${lines} lines: index ${Math.round(indexMs)} ms, search index ${Math.round(buildMs)} ms (${index.size} items)`);
    else log(`[search-scale] warm (from the cache files): index ${Math.round(indexMs)} ms, search index ${Math.round(buildMs)} ms`);
    return { repos, index, files, lines, indexMs, buildMs };
  };

  const cold = await open(false);
  for (const r of cold.repos) r.workspace.dispose();
  cold.index = undefined;
  globalThis.gc?.();
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
  for (const r of warm.repos) r.workspace.dispose();
  return {
    repositories: folders.map((d) => path.basename(d)),
    files: cold.files,
    lines: cold.lines,
    items: warm.index.size,
    cold: { indexMs: Math.round(cold.indexMs), searchBuildMs: Math.round(cold.buildMs), totalMs: Math.round(cold.indexMs + cold.buildMs) },
    warm: { indexMs: Math.round(warm.indexMs), searchBuildMs: Math.round(warm.buildMs), totalMs: Math.round(warm.indexMs + warm.buildMs) },
    ratios: { searchBuildVsIndex: round(cold.buildMs / cold.indexMs, 3), warmVsCold: round((warm.indexMs + warm.buildMs) / (cold.indexMs + cold.buildMs), 3) },
    query,
    rssMb,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const result = await benchSearchScale();
  const at = args.indexOf('--json');
  if (at >= 0) fs.writeFileSync(args[at + 1], JSON.stringify(result, null, 1));
  process.exit(0);
}
