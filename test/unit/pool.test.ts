import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batches } from '../../server/src/workers/pool';
import { BYTES_PER_WORKER, poolSize } from '../../server/src/workers/indexer';

/** Cold-index batches: every file once, the largest first, no batch holding a long tail of work. */
test('index batches take the largest files first and split the work finely', () => {
  const sizes = new Map<string, number>([['a', 10], ['b', 500_000], ['c', 20], ['d', 300_000], ['e', 5], ['f', 40_000]]);
  for (let i = 0; i < 60; i++) sizes.set(`small${i}`, 1_000);
  const out = batches([...sizes.keys()], 2, 25, (p) => sizes.get(p)!);
  assert.deepEqual(out.flat().sort(), [...sizes.keys()].sort(), 'every file exactly once');
  assert.deepEqual(out[0], ['b'], 'the largest file alone, first');
  assert.deepEqual(out[1], ['d']);
  for (const b of out) assert.ok(b.length <= 25);
  const flat = out.flat();
  for (let i = 1; i < flat.length; i++) assert.ok(sizes.get(flat[i - 1])! >= sizes.get(flat[i])!, 'sizes never increase');
  assert.deepEqual(batches([], 2, 25, () => 0), []);
  assert.deepEqual(batches(['x', 'y'], 2, 25, () => 0).flat().sort(), ['x', 'y'], 'unreadable files still go');
});

/** Index workers start only where they pay: a core left for JIT and GC, 2 MB of text per worker. */
test('the index pool starts no more workers than pay for themselves', () => {
  const mb = 1 << 20;
  // Two cores: one thread, in this thread for the CLI, one worker for the language server.
  assert.equal(poolSize(2, 2, 6 * mb, false), 0);
  assert.equal(poolSize(2, 2, 6 * mb, true), 1);
  // Eight cores: as many as asked for, when the text is large enough for them.
  assert.equal(poolSize(4, 8, 20 * mb, false), 4);
  assert.equal(poolSize(4, 8, 5 * mb, false), 3);
  assert.equal(poolSize(4, 8, 1 * mb, false), 0);
  assert.equal(poolSize(4, 8, 1 * mb, true), 1);
  assert.equal(BYTES_PER_WORKER, 2 * mb);
});
