// The string helpers whose regular expressions were made linear (or replaced by scans), on pathological input:
// long runs of one character, unbalanced parentheses and brackets, unterminated comments, 100k-character lines.
// Each helper is checked for its answer on a small input, then fed ~200k characters; a test completes by
// completing (the timeout is a hang guard, not a measurement), and its answer on the big input is checked too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commentsOf, evaluate, parseExpression, rangeWidth, replaceComments } from '../../server/src/base';
import { statClockDomains } from '../../server/src/analyses/suggest';
import { leadingComment, prose, parenthesisedTail, readable, splitWords, terms, understand } from '../../server/src/analyses/search';
import { describeFailure, firstError, firstFlipFlopCell } from '../../server/src/analyses/ppa';

const N = 200_000;
const guard = { timeout: 5000 };
const none = new Map<string, number>();

test('constant expressions: values, and unknown (not a stack overflow) on deep or long nonsense', guard, () => {
  assert.equal(evaluate('2 ** 3 ** 2', none), 512);
  assert.equal(evaluate('(W - 1) * 2 + 8\'hF', new Map([['W', 4]])), 21);
  assert.equal(rangeWidth('[W-1:0]', new Map([['W', 8]])), 8);
  assert.equal(evaluate('((7))', none), 7);
  // Past the reader's depth and length bounds the value is unknown, never a thrown overflow.
  for (const deep of ['('.repeat(N) + '1', '('.repeat(150) + '7' + ')'.repeat(150), '-'.repeat(N) + '1', '1' + '**1'.repeat(N / 3), '1'.repeat(N) + "'x", '1+'.repeat(N / 2) + '1']) {
    assert.equal(evaluate(deep, none), undefined);
  }
});

test('expression trees: parsed, and unknown on deep nesting or huge text', guard, () => {
  const tree = parseExpression('a + /* c */ b');
  assert.equal(tree?.kind, 'binary');
  for (const deep of ['('.repeat(1999) + 'a', '{'.repeat(1999), '('.repeat(999) + 'a' + ')'.repeat(999), '$signed('.repeat(249), '('.repeat(N), '1'.repeat(1000) + "'"]) {
    const parsed = parseExpression(deep);
    assert.ok(parsed === undefined || parsed.kind === 'unknown', `${deep.slice(0, 20)}: ${parsed?.kind}`);
  }
});

test('comments: what the regular expression found, linear on unterminated block comments', guard, () => {
  const text = 'a // one\nb /* two */ c /*/ d */ e // /* not a block\n/* open';
  const expected = [...text.matchAll(/\/\/([^\n]*)|\/\*([\s\S]*?)\*\//g)].map((m) => ({ start: m.index, end: m.index + m[0].length, body: m[1] ?? m[2] }));
  assert.deepEqual(commentsOf(text), expected);
  assert.equal(expected.length, 4);
  assert.equal(replaceComments(text, (c) => ' '.repeat(c.end - c.start)).length, text.length);
  const open = '/* a '.repeat(N / 5);
  assert.deepEqual(commentsOf(open), []);
  assert.equal(commentsOf('/*x*/'.repeat(N / 5)).length, N / 5);
  assert.equal(commentsOf('//'.repeat(N / 2)).length, 1);
  assert.equal(commentsOf(`${'/* a '.repeat(N / 10)}\n// tail`).at(-1)?.body, ' tail');
});

test('search words: camelCase and acronym splits, on a 200k-character run of capitals', guard, () => {
  assert.deepEqual(splitWords('wrPtrGray FIFODepth CSRs data2'), ['wr', 'ptr', 'gray', 'fifo', 'depth', 'csr', 'data', '2']);
  assert.equal(readable('wr_ptr'), 'write pointer');
  const capitals = 'A'.repeat(N);
  assert.deepEqual(splitWords(capitals), [capitals.toLowerCase()]);
  assert.deepEqual(splitWords(`${capitals}b`), ['a'.repeat(N - 1), 'ab']);
  assert.ok(terms(`${capitals}s1 ${'x'.repeat(N)}`).length >= 1);
});

test('search queries, instance targets and leading comments on long unbalanced input', guard, () => {
  const asked = understand('in the uart receiver, where is the baud counter', () => false);
  assert.ok(asked.context.includes('uart') && asked.context.includes('receiver'), asked.context.join());
  assert.ok(!asked.context.includes('the'));
  assert.ok(Array.isArray(understand(`in ${' '.repeat(N)}x`, () => false).context));
  assert.ok(Array.isArray(understand(`${'-'.repeat(N)}a`, () => false).terms));
  assert.equal(parenthesisedTail('u_rx (uart_rx)'), 'uart_rx');
  assert.equal(parenthesisedTail('a (b (c)'), 'b (c');
  assert.equal(parenthesisedTail('()'), undefined);
  assert.equal(parenthesisedTail('('.repeat(N)), undefined);
  assert.equal(parenthesisedTail(`${'('.repeat(N)}x)`), `${'('.repeat(N - 1)}x`);
  assert.equal(leadingComment('// ==== A FIFO ====\n/* depth 16 */\nmodule m;', 40), 'A FIFO\ndepth 16');
  assert.equal(prose(`${'\n'.repeat(N)}x`), 'x');
  assert.equal(prose(`${' '.repeat(N)}@`).trim(), '@');
  assert.equal(prose(`${'-'.repeat(N)}\nA FIFO`), 'A FIFO');
  assert.equal(prose(`${'a'.repeat(N)}@`).length, N + 1);
  assert.equal(prose(`Author: me\nCopyright 2020 X. Licensed under Apache 2.0\n\nA FIFO`), 'A FIFO');
  assert.equal(leadingComment(`//${'-'.repeat(N)}x`, N + 10), '');
  assert.equal(leadingComment('/* a '.repeat(N / 5), N), '');
});

test('PPA readers: brackets, Yosys errors, liberty flip-flops and stat clock domains on pathological logs', guard, () => {
  assert.equal(firstError('x\nfoo.v:3: ERROR: syntax error\n'), 'syntax error');
  assert.equal(describeFailure('top.v:12: ERROR: bad', 'top'), 'Yosys could not read top.v line 12: bad');
  assert.equal(firstError(`ERROR:${' '.repeat(N)}`), undefined);
  assert.equal(firstError(`${'a:1:'.repeat(N / 4)} ERROR: late`), 'late');
  const liberty = 'library(l) { cell(AND2) { area : 1; } cell (DFF) { ff (IQ, IQN) { } } }';
  assert.equal(firstFlipFlopCell(liberty), liberty.indexOf('cell (DFF)'));
  assert.equal(firstFlipFlopCell('cell(a) { }'.repeat(N / 11)), undefined);
  assert.equal(firstFlipFlopCell(`${'cell('.repeat(N / 5)}ff(`), undefined);
  const stat = '  12 cells in clk=\\clk, en={ },\n\n7 cells in clk=\\b,\nx3 cells in clk=\\c,\n';
  // eslint-disable-next-line regexp/no-super-linear-move -- the pattern statClockDomains replaces, as the reference on a short input
  assert.deepEqual(statClockDomains(stat), [...stat.matchAll(/^\s+\d+ cells in clk=([^,]*),/gm)].map((m) => m[1]));
  assert.deepEqual(statClockDomains(stat), ['\\clk', '\\b']);
  assert.deepEqual(statClockDomains('\n'.repeat(N) + 'x'), []);
  assert.deepEqual(statClockDomains(`${'1'.repeat(N)} cells in clk=`), []);
});

