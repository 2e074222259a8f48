import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../server/src/base';

test('positions count UTF-16 code units, lines split at \\n', () => {
  const text = '// é😀\r\nmodule m;\n';
  const index = new LineIndex(text);
  const at = text.indexOf('module');
  assert.deepEqual(index.position(at), { line: 1, character: 0 });
  assert.deepEqual(index.position(text.indexOf('😀') + 2), { line: 0, character: 6 });
  assert.equal(index.offset({ line: 1, character: 7 }), at + 7);
  assert.equal(index.offset({ line: 0, character: 99 }), text.indexOf('\r'));
  assert.equal(index.lineEnd(0), text.indexOf('\r'));
  assert.equal(index.lineCount, 3);
  assert.equal(index.line1(at), 2);
});
