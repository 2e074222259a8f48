import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textDiff } from '../../server/src/base';

/** The changed window between two texts, checked against a character-by-character reference. */
function reference(a: string, b: string) {
  const limit = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < limit && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < limit - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  return { prefix, suffix };
}

test('textDiff agrees with a plain scan at block boundaries, on insertions, deletions and equal texts', () => {
  const base = Array.from({ length: 12000 }, (_, i) => String.fromCharCode(97 + ((i * 7) % 26))).join('');
  const cases: [string, string][] = [
    [base, base],
    ['', base],
    [base, ''],
    [base, base.slice(0, 4096) + 'X' + base.slice(4096)],
    [base, base.slice(0, 4095) + base.slice(4096)],
    [base, base.slice(0, 8192) + 'yy' + base.slice(8193)],
    [base, 'Z' + base],
    [base, base + 'Z'],
    [base.slice(0, 5000) + 'abcabc' + base.slice(5000), base.slice(0, 5000) + 'abc' + base.slice(5000)],
  ];
  for (const [a, b] of cases) assert.deepEqual(textDiff(a, b), reference(a, b), `${a.length} -> ${b.length}`);
});
