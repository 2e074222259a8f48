// Scoring of the semantic-search benchmark (bench/search.mjs): pure functions, no engine and no
// I/O, so test/unit/searchScore.test.ts checks them on hand-made hits.
//
// A query is { id, query, granularity: 'module'|'block'|'signal', split: 'dev'|'test', answers }.
// Answers (any one is a hit):
//   module  { module }
//   signal  { module, signal }
//   block   { module, file, line }   file relative to the corpus, line 1-based inside the block
// A hit is what SearchIndex.search returns: { granularity, path, module, signal?, line, endLine, ... }.

export const GRANULARITIES = ['module', 'block', 'signal'];
export const SPLITS = ['dev', 'test'];
/** Ranks are cut at this depth: MRR@10, Hit@10. */
export const DEPTH = 10;

/** True when the hit is the thing the answer names, by the rules of its granularity. */
export function matches(hit, answer) {
  if (!hit || hit.module !== answer.module) return false;
  if (answer.signal !== undefined) return hit.granularity === 'signal' && hit.signal === answer.signal;
  if (answer.file !== undefined) {
    return hit.granularity === 'block' && pathEndsWith(hit.path, answer.file) && hit.line <= answer.line && answer.line <= hit.endLine;
  }
  return hit.granularity === 'module';
}

/** 1-based rank of the first of the top DEPTH hits matching any answer, or 0 when none does. */
export function rankOf(hits, query) {
  const list = hits ?? [];
  for (let i = 0; i < Math.min(list.length, DEPTH); i++) {
    if (query.answers.some((answer) => matches(list[i], answer))) return i + 1;
  }
  return 0;
}

/** `file` as the tail of `path`, whole path segments only, either slash. */
function pathEndsWith(path, file) {
  if (typeof path !== 'string') return false;
  const p = path.replace(/\\/g, '/');
  const f = file.replace(/\\/g, '/').replace(/^\.?\//, '');
  return p === f || p.endsWith('/' + f);
}

/** MRR@10, Hit@1/5/10 and count of a list of ranks (0 = not found in the top 10). */
export function metrics(ranks) {
  const n = ranks.length;
  const mean = (f) => (n === 0 ? NaN : ranks.reduce((sum, r) => sum + f(r), 0) / n);
  const within = (k) => (r) => (r >= 1 && r <= k ? 1 : 0);
  return {
    count: n,
    mrr10: mean((r) => (r >= 1 && r <= DEPTH ? 1 / r : 0)),
    hit1: mean(within(1)),
    hit5: mean(within(5)),
    hit10: mean(within(DEPTH)),
  };
}

/**
 * Per granularity and macro figures of a list of results, each { query, hits } or
 * { query, rank }. Macro figures are the unweighted means of the three granularities'
 * figures (so each granularity counts the same whatever its number of queries); count is the total.
 */
export function scoreQueries(results) {
  const out = {};
  for (const g of GRANULARITIES) {
    const ranks = results.filter((r) => r.query.granularity === g).map((r) => (r.rank !== undefined ? r.rank : rankOf(r.hits, r.query)));
    out[g] = metrics(ranks);
  }
  const present = GRANULARITIES.filter((g) => out[g].count > 0);
  const macro = (key) => (present.length === 0 ? NaN : present.reduce((sum, g) => sum + out[g][key], 0) / present.length);
  out.macro = { count: present.reduce((sum, g) => sum + out[g].count, 0), mrr10: macro('mrr10'), hit1: macro('hit1'), hit5: macro('hit5'), hit10: macro('hit10') };
  return out;
}

/**
 * Problems with the query file against the corpus, as sentences; [] when every query is well
 * formed and every answer names something that exists. `corpus` is plain data:
 *   { modules: { [name]: { ports: string[], signals: string[], blocks: [{ file, line, endLine }] } } }
 * where blocks are every always/assign/initial/generate block, instance and function/task of the
 * module, with file relative to the corpus and 1-based lines. A block answer must fall inside
 * one of its module's blocks, in the file it names.
 */
export function validateQueries(queries, corpus, { minPerGranularity = 26 } = {}) {
  const problems = [];
  if (!Array.isArray(queries)) return ['queries.json is not an array'];
  const ids = new Set();
  for (const q of queries) {
    const where = `query ${q?.id ?? JSON.stringify(q)}`;
    if (typeof q?.id !== 'string' || q.id === '') problems.push(`${where}: no id`);
    else if (ids.has(q.id)) problems.push(`${where}: duplicate id`);
    else ids.add(q.id);
    if (typeof q?.query !== 'string' || q.query.trim() === '') problems.push(`${where}: empty query text`);
    if (!GRANULARITIES.includes(q?.granularity)) problems.push(`${where}: granularity '${q?.granularity}' is not one of ${GRANULARITIES.join(', ')}`);
    if (!SPLITS.includes(q?.split)) problems.push(`${where}: split '${q?.split}' is not one of ${SPLITS.join(', ')}`);
    if (!Array.isArray(q?.answers) || q.answers.length === 0) {
      problems.push(`${where}: no answers`);
      continue;
    }
    for (const answer of q.answers) problems.push(...answerProblems(where, q.granularity, answer, corpus));
  }
  for (const g of GRANULARITIES) {
    const of = queries.filter((q) => q?.granularity === g);
    const dev = of.filter((q) => q.split === 'dev').length;
    const test = of.filter((q) => q.split === 'test').length;
    if (of.length < minPerGranularity) problems.push(`${g}: ${of.length} queries, at least ${minPerGranularity} expected`);
    if (dev !== test) problems.push(`${g}: ${dev} dev and ${test} test queries; the split must be half and half`);
  }
  return problems;
}

function answerProblems(where, granularity, answer, corpus) {
  const text = `${where}: answer ${JSON.stringify(answer)}`;
  if (typeof answer?.module !== 'string') return [`${text} names no module`];
  const shape = answer.signal !== undefined ? 'signal' : answer.file !== undefined || answer.line !== undefined ? 'block' : 'module';
  if (shape !== granularity) return [`${text} is a ${shape} answer to a ${granularity} query`];
  const unit = corpus.modules[answer.module];
  if (!unit) return [`${text}: no module ${answer.module} in the corpus`];
  if (shape === 'signal' && !unit.ports.includes(answer.signal) && !unit.signals.includes(answer.signal)) {
    return [`${text}: ${answer.module} declares no port or signal ${answer.signal}`];
  }
  if (shape === 'block') {
    if (typeof answer.file !== 'string' || !Number.isInteger(answer.line) || answer.line < 1) return [`${text} needs a file and a 1-based line`];
    const inside = unit.blocks.some((b) => b.file === answer.file && b.line <= answer.line && answer.line <= b.endLine);
    if (!inside) return [`${text}: line ${answer.line} of ${answer.file} is in none of ${answer.module}'s blocks, instances or functions`];
  }
  return [];
}
