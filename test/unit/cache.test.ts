import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCache, serializeCache, serializeCacheChunks } from '../../server/src/workspace';
import { fixtureWorkspace } from '../helpers/fixture';
import { rememberingFileSystem } from '../../server/src/base';

test('the index cache written in pieces is the same document, and reads back', async () => {
  const { workspace } = await fixtureWorkspace(`//- /rtl/a.sv
module a (input clk, output logic q); always_ff @(posedge clk) q <= ~q; endmodule
//- /rtl/b "quoted".sv
module b; a u (.clk(), .q()); endmodule
`);
  const summaries = workspace.summaries();
  assert.equal(summaries.length, 2);
  const whole = serializeCache('ctx', summaries);
  const pieces = [...serializeCacheChunks('ctx', summaries)];
  assert.ok(pieces.length >= 4, 'one piece per file and the frame');
  assert.equal(pieces.join(''), whole);
  const doc = parseCache(pieces.join(''), 'ctx');
  assert.deepEqual(Object.keys(doc!.files).sort(), summaries.map((s) => s.path).sort());
  assert.equal(parseCache(pieces.join(''), 'other'), undefined, 'another context does not read it');
  assert.equal([...serializeCacheChunks('ctx', [])].join(''), serializeCache('ctx', []));
});

test('an indexing worker reads a header once, within its size limits', () => {
  const reads: string[] = [];
  const inner = {
    readFile: (p: string) => {
      reads.push(p);
      return p === '/big.svh' ? 'x'.repeat(100) : p === '/gone.svh' ? undefined : `// ${p}`;
    },
    exists: (p: string) => {
      reads.push(`exists ${p}`);
      return p !== '/gone.svh';
    },
  };
  const files = rememberingFileSystem(inner, 50, 1000);
  for (let i = 0; i < 3; i++) {
    assert.equal(files.readFile('/defs.svh'), '// /defs.svh');
    assert.equal(files.readFile('/gone.svh'), undefined);
    assert.equal(files.readFile('/big.svh')?.length, 100);
    assert.equal(files.exists('/gone.svh'), false);
  }
  assert.deepEqual(reads, ['/defs.svh', '/gone.svh', '/big.svh', 'exists /gone.svh', '/big.svh', '/big.svh'], 'a file over the limit is read each time');
});
