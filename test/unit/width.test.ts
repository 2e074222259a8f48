import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expressionWidth, type WidthOf } from '../../server/src/base';

// Widths of a small design: a and b 8 bits, s one bit, n 4 bits, P a parameter, mem a memory.
const widthOf: WidthOf = (name) => ({ a: 8, b: 8, s: 1, n: 4 } as Record<string, number>)[name] ?? (name === 'P' ? 'free' : undefined);
const width = (text: string) => expressionWidth(text, widthOf, new Map([['W', 8]]))?.width;
const widening = (text: string) => expressionWidth(text, widthOf)?.widening;

test('self-determined widths of names, literals, selects and operators', () => {
  assert.equal(width('a'), 8);
  assert.equal(width("4'hF"), 4);
  // A sized zero fills any width alone, but counts its bits inside a concatenation.
  assert.equal(width("4'h0"), 'free');
  assert.equal(width("{4'b0, a}"), 12);
  assert.equal(width('1'), 'free');
  assert.equal(width("'0"), 'free');
  assert.equal(width('P'), 'free');
  assert.equal(width('a[3]'), 1);
  assert.equal(width('a[7:4]'), 4);
  assert.equal(width('a[W-1:2]'), 6);
  assert.equal(width('a[n +: 3]'), 3);
  assert.equal(width('a & ~n'), 8);
  assert.equal(width('a == b'), 1);
  assert.equal(width('&a'), 1);
  assert.equal(width('!s'), 1);
  assert.equal(width('a << n'), 8);
  assert.equal(width('s ? a : n'), 8);
  assert.equal(width('{a, n, s}'), 13);
  assert.equal(width('{2{n}}'), 8);
  assert.equal(width("{4'd0, n}"), 8);
  assert.equal(width('$signed(n) + 1'), 4);
  assert.equal(width('(a + b) >> 1'), 8);
  assert.equal(width('a /* carry */ + b // sum'), 8);
});

test('what it does not understand is unknown, never a guess', () => {
  for (const text of ['f(a)', 'mem[0]', 'x', 'a.b', 'pkg::C', '{a, 1}', 'a[n][1]', "8'(a)", 'a +', '$clog2(a)']) assert.equal(width(text), undefined, text);
});

test('arithmetic and left shifts are marked as widening; bitwise and copies are not', () => {
  assert.equal(widening('a + b'), true);
  assert.equal(widening('a << 1'), true);
  assert.equal(widening('s ? a + 1 : b'), true);
  assert.equal(widening('a & b'), false);
  assert.equal(widening('a'), false);
  assert.equal(widening('(a + b) & n'), false);
});
