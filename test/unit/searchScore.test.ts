import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The search benchmark's scorer (bench/search/score.mjs) on hand-made hits: which hit matches
 * which answer, ranks, MRR@10 and Hit@k per granularity and macro, and the validation that makes
 * a wrong answer fail the bench. No engine involved.
 */
const SCORE = path.resolve(__dirname, '../../../bench/search/score.mjs');

interface Answer { module: string; signal?: string; file?: string; line?: number }
interface Query { id: string; query: string; granularity: string; split: string; answers: Answer[] }
interface Hit { granularity: string; path: string; module: string; signal?: string; line: number; endLine: number }
interface Metrics { count: number; mrr10: number; hit1: number; hit5: number; hit10: number }
interface Score {
  rankOf(hits: Hit[], query: Query): number;
  scoreQueries(results: { query: Query; hits?: Hit[]; rank?: number }[]): Record<'module' | 'block' | 'signal' | 'macro', Metrics>;
  validateQueries(queries: unknown, corpus: unknown, options?: { minPerGranularity?: number }): string[];
}

// The project compiles tests to CommonJS, where import() becomes require(); keep a real import for the .mjs.
const dynamicImport = new Function('url', 'return import(url)') as (url: string) => Promise<Score>;
const load = () => dynamicImport(pathToFileURL(SCORE).href);

const mod = (module: string): Hit => ({ granularity: 'module', path: `/ws/${module}.v`, module, line: 1, endLine: 50 });
const sig = (module: string, signal: string): Hit => ({ granularity: 'signal', path: `/ws/${module}.v`, module, signal, line: 10, endLine: 10 });
const blk = (module: string, file: string, line: number, endLine: number): Hit => ({ granularity: 'block', path: `/ws/corpus/${file}`, module, line, endLine });
const q = (id: string, granularity: string, answers: Answer[], split = 'test'): Query => ({ id, query: id, granularity, split, answers });

test('a hit matches an answer by granularity, module, signal and block lines', async () => {
  const { rankOf } = await load();
  const m = q('m', 'module', [{ module: 'uart_tx' }]);
  assert.equal(rankOf([mod('uart_rx'), sig('uart_tx', 'busy'), mod('uart_tx')], m), 3);
  assert.equal(rankOf([mod('uart_rx')], m), 0);
  assert.equal(rankOf([], m), 0);

  const s = q('s', 'signal', [{ module: 'uart_tx', signal: 'busy' }, { module: 'uart', signal: 'tx_busy' }]);
  assert.equal(rankOf([mod('uart_tx'), sig('spi_master', 'busy'), sig('uart', 'tx_busy')], s), 3, 'any listed answer counts; same name in another module does not');

  const b = q('b', 'block', [{ module: 'hazard_unit', file: 'core/hazard_unit.v', line: 30 }]);
  assert.equal(rankOf([blk('hazard_unit', 'core/hazard_unit.v', 31, 40)], b), 0, 'line before the block');
  assert.equal(rankOf([blk('hazard_unit', 'core/hazard_unit.v', 30, 30)], b), 1, 'one-line block');
  assert.equal(rankOf([blk('hazard_unit', 'core/hazard_unit.v', 20, 32)], b), 1, 'line inside');
  assert.equal(rankOf([blk('hazard_unit', 'other/core/hazard_unit.v', 20, 32)], b), 1, 'the path ends with the file');
  assert.equal(rankOf([blk('hazard_unit', 'xcore/hazard_unit.v', 20, 32)], b), 0, 'whole path segments only');
  assert.equal(rankOf([blk('fwd_unit', 'core/hazard_unit.v', 20, 32)], b), 0, 'same lines, other module');
  assert.equal(rankOf([{ ...sig('hazard_unit', 'load_use'), path: '/ws/corpus/core/hazard_unit.v', line: 30, endLine: 30 }], b), 0, 'a signal hit is not a block');
});

test('only the first ten hits count', async () => {
  const { rankOf } = await load();
  const m = q('m', 'module', [{ module: 'target' }]);
  const filler = Array.from({ length: 10 }, (_, i) => mod(`other${i}`));
  assert.equal(rankOf([...filler.slice(0, 9), mod('target')], m), 10);
  assert.equal(rankOf([...filler, mod('target')], m), 0);
});

test('MRR@10 and Hit@1/5/10 per granularity, macro as their unweighted mean', async () => {
  const { scoreQueries } = await load();
  const results = [
    { query: q('m1', 'module', []), rank: 1 },
    { query: q('m2', 'module', []), rank: 2 },
    { query: q('m3', 'module', []), rank: 0 },
    { query: q('m4', 'module', []), rank: 5 },
    { query: q('b1', 'block', []), rank: 10 },
    { query: q('b2', 'block', []), rank: 4 },
    { query: q('s1', 'signal', [{ module: 'a', signal: 'x' }]), hits: [mod('a'), sig('a', 'x')] },
  ];
  const s = scoreQueries(results);
  assert.equal(s.module.count, 4);
  assert.equal(s.module.mrr10, (1 + 1 / 2 + 0 + 1 / 5) / 4);
  assert.equal(s.module.hit1, 1 / 4);
  assert.equal(s.module.hit5, 3 / 4);
  assert.equal(s.module.hit10, 3 / 4);
  assert.equal(s.block.mrr10, (1 / 10 + 1 / 4) / 2);
  assert.equal(s.block.hit1, 0);
  assert.equal(s.block.hit5, 1 / 2);
  assert.equal(s.block.hit10, 1);
  assert.deepEqual(s.signal, { count: 1, mrr10: 1 / 2, hit1: 0, hit5: 1, hit10: 1 });
  assert.equal(s.macro.count, 7);
  assert.equal(s.macro.mrr10, (s.module.mrr10 + s.block.mrr10 + s.signal.mrr10) / 3);
  assert.equal(s.macro.hit5, (3 / 4 + 1 / 2 + 1) / 3);
});

test('validation names every answer that does not exist in the corpus and an unbalanced split', async () => {
  const { validateQueries } = await load();
  const corpus = { modules: { uart_tx: { ports: ['busy', 'txd'], signals: ['shreg'], blocks: [{ file: 'periph/uart_tx.v', line: 21, endLine: 54 }] } } };
  const good = [
    q('m1', 'module', [{ module: 'uart_tx' }], 'dev'),
    q('m2', 'module', [{ module: 'uart_tx' }], 'test'),
    q('b1', 'block', [{ module: 'uart_tx', file: 'periph/uart_tx.v', line: 21 }], 'dev'),
    q('b2', 'block', [{ module: 'uart_tx', file: 'periph/uart_tx.v', line: 54 }], 'test'),
    q('s1', 'signal', [{ module: 'uart_tx', signal: 'busy' }], 'dev'),
    q('s2', 'signal', [{ module: 'uart_tx', signal: 'shreg' }], 'test'),
  ];
  assert.deepEqual(validateQueries(good, corpus, { minPerGranularity: 2 }), []);
  const bad = [
    q('m1', 'module', [{ module: 'uart_rx' }], 'dev'),
    q('m1', 'module', [{ module: 'uart_tx' }], 'test'),
    q('b1', 'block', [{ module: 'uart_tx', file: 'periph/uart_tx.v', line: 55 }], 'dev'),
    q('b2', 'block', [{ module: 'uart_tx', file: 'periph/uart_rx.v', line: 30 }], 'test'),
    q('s1', 'signal', [{ module: 'uart_tx', signal: 'bsy' }], 'dev'),
    q('s2', 'signal', [{ module: 'uart_tx' }], 'dev'),
  ];
  const problems = validateQueries(bad, corpus, { minPerGranularity: 2 });
  const expect = ['m1: answer {"module":"uart_rx"}', 'm1: duplicate id', 'b1: answer', 'b2: answer', 's1: answer', 's2: answer {"module":"uart_tx"} is a module answer', 'signal: 2 dev and 0 test'];
  for (const e of expect) assert.ok(problems.some((p) => p.includes(e)), `expected a problem with '${e}' in:\n${problems.join('\n')}`);
  assert.equal(problems.length, expect.length, problems.join('\n'));
});
