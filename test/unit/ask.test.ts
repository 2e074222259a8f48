import { test } from 'node:test';
import assert from 'node:assert/strict';
import { askPrompt, hitLabel } from '../../server/src/analyses/search';

/** The chat participant's prompt, built in the core (analyses/search/ask.ts). */

test('the prompt carries instructions, every context pack and the question, in that order', () => {
  const { prompt, clipped } = askPrompt('who drives full?', [
    { title: 'a', markdown: '# assign full in fifo' },
    { title: 'b', markdown: '# module top' },
  ]);
  assert.equal(clipped, false);
  assert.ok(prompt.indexOf('You answer questions') < prompt.indexOf('# Context'));
  assert.ok(prompt.indexOf('# assign full in fifo') < prompt.indexOf('---') && prompt.indexOf('---') < prompt.indexOf('# module top'));
  assert.ok(prompt.endsWith('# Question\nwho drives full?'));
});

test('context past the budget is cut and marked; the budget is at least 4000 characters', () => {
  const big = { title: 'big', markdown: 'x'.repeat(10_000) };
  const cut = askPrompt('q', [big], 5_000);
  assert.equal(cut.clipped, true);
  assert.match(cut.prompt, /x{5000}\n\n\(context cut to fit the model\)\n\n# Question\nq$/);
  assert.doesNotMatch(cut.prompt, /x{5001}/);
  assert.equal(askPrompt('q', [{ title: 's', markdown: 'y'.repeat(3_000) }], 10).clipped, false);
});

test('hits are named as the chat shows them', () => {
  assert.equal(hitLabel({ granularity: 'signal', module: 'fifo', signal: 'full' }), 'fifo.full');
  assert.equal(hitLabel({ granularity: 'block', module: 'fifo', block: 'assign full' }), 'fifo · assign full');
  assert.equal(hitLabel({ granularity: 'module', module: 'fifo' }), 'fifo');
});
