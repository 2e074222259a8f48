import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCache, serializeCache, serializeCacheChunks } from '../../server/src/workspace';
import { fixtureWorkspace } from '../helpers/fixture';
import { rememberingResolver } from '../../server/src/syntax';

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

test('an indexing run finds and reads a header once per including folder', () => {
  const reads: string[] = [];
  const inner = {
    resolve: (target: string, from: string | undefined) => {
      reads.push(`${target} from ${from}`);
      return target === 'gone.svh' ? undefined : { path: `/inc/${target}`, text: `// ${target}` };
    },
  };
  const resolver = rememberingResolver(inner);
  for (let i = 0; i < 3; i++) {
    assert.equal(resolver.resolve('defs.svh', `/rtl/a${i}.sv`)?.text, '// defs.svh');
    assert.equal(resolver.resolve('gone.svh', `/rtl/a${i}.sv`), undefined);
    assert.equal(resolver.resolve('defs.svh', '/tb/t.sv')?.path, '/inc/defs.svh');
  }
  assert.deepEqual(reads, ['defs.svh from /rtl/a0.sv', 'gone.svh from /rtl/a0.sv', 'defs.svh from /tb/t.sv'], 'once per target and folder, a missing one too');
});
