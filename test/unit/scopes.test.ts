import { test } from 'node:test';
import assert from 'node:assert/strict';
import { severityOf } from '../../server/src/base';
import { definition, fileProblems } from '../../server/src/ide';
import { fixtureWorkspace } from '../helpers/fixture';

/** Scope shapes real cores use, each a false error once: fixtures written after them. */

const uri = (p: string) => `file://${p}`;

async function errors(source: string): Promise<string[]> {
  const { snapshot, fixture } = await fixtureWorkspace(source);
  const text = snapshot.text(fixture.main)!;
  return fileProblems(snapshot, fixture.main)
    .filter((p) => severityOf(p) === 'error')
    .map((p) => `${p.code}:${text.slice(p.span.start, p.span.end)}`);
}

const PKG = `//- /rtl/tag_pkg.sv
package tag_pkg;
  typedef struct packed { logic clk; logic op; logic param_bit; } tag_s;
  localparam int TAG_W = $bits(tag_s);
endpackage
`;

test('an explicit import at file scope reaches the module below it', async () => {
  assert.deepEqual(
    await errors(`//- /rtl/clk_gen.sv
import tag_pkg::tag_s;
module clk_gen (input tag_s tag_i, output logic o);
  assign o = tag_i.op;
endmodule
${PKG}`),
    [],
  );
});

test('a wildcard import at file scope reaches the module below it, with definitions', async () => {
  const source = `//- /rtl/clk_gen.sv
import tag_pkg::*;
module clk_gen (input tag_s tag_i, output logic [TAG_W-1:0] o);
  assign o = TA$0G_W'(tag_i);
endmodule
${PKG}`;
  assert.deepEqual(await errors(source), []);
  const { snapshot, cursor } = await fixtureWorkspace(source);
  assert.equal(definition(snapshot, cursor!.path, cursor!.offset, uri)[0]?.uri, uri('/rtl/tag_pkg.sv'.replace(/^/, '/ws')));
});

test('a name not imported is still reported', async () => {
  assert.deepEqual(
    await errors(`//- /rtl/clk_gen.sv
import tag_pkg::tag_s;
module clk_gen (input tag_s tag_i, output logic o);
  assign o = TAG_W;
endmodule
${PKG}`),
    ['undeclared-identifier:TAG_W'],
  );
});

test('a name declared at file scope of another (non-header) file, compiled as one unit, has a definition', async () => {
  const { snapshot, cursor } = await fixtureWorkspace(`//- /rtl/io.sv
module io (input [2:0] mode, output o);
  assign o = (mode == L$0A);
endmodule
//- /rtl/definitions.sv
parameter W = 4;
typedef enum logic [2:0] { STOP = 3'b000, LA = 3'b100 } mode_e;
//- /rtl/other.vh
parameter LA = 1;
`);
  const found = definition(snapshot, cursor!.path, cursor!.offset, uri);
  assert.equal(found.length, 1);
  assert.equal(found[0].uri, uri('/ws/rtl/definitions.sv'));
  assert.equal(found[0].range.start.line, 1);
});
