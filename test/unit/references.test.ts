import { test } from 'node:test';
import assert from 'node:assert/strict';
import { declarationAt, documentHighlights, references, rename } from '../../server/src/ide';
import { fixtureWorkspace } from '../helpers/fixture';

const uri = (p: string) => `file://${p}`;

/** Renders references as sorted "file:line:text" lines for comparison. */
function render(snapshot: import('../../server/src/workspace').Snapshot, refs: { path: string; span: { start: number; end: number } }[]): string[] {
  return refs
    .map((r) => {
      const text = snapshot.text(r.path)!;
      const line = snapshot.lineIndex(r.path)!.line1(r.span.start);
      return `${r.path.replace('/ws/', '')}:${line}:${text.slice(r.span.start, r.span.end)}`;
    })
    .sort();
}

const DESIGN = `
//- /rtl/sub.v
module sub (input x, output y);
  assign y = ~x;
endmodule
//- /rtl/mid.v
module mid (input a, output b);
  sub u1 (.x(a), .y(b));
endmodule
`;

test('references of a port include .port() connections in other files', async () => {
  const { snapshot, cursor } = await fixtureWorkspace(`//- /rtl/top.v\nmodule top(input i, output o);\n  sub u0 (.x(i), .y(o));\nendmodule\n${DESIGN.replace('input x', 'input x$0')}`);
  const declaration = declarationAt(snapshot, cursor.path, cursor.offset)!;
  assert.equal(declaration.name, 'x');
  assert.deepEqual(render(snapshot, references(snapshot, declaration)), ['rtl/mid.v:2:x', 'rtl/sub.v:1:x', 'rtl/sub.v:2:x', 'rtl/top.v:2:x']);
});

test('references of a module are its instances across files', async () => {
  const { snapshot, cursor } = await fixtureWorkspace(`//- /rtl/top.v\nmodule top(input i, output o);\n  s$0ub u0 (.x(i), .y(o));\nendmodule\n${DESIGN}`);
  const declaration = declarationAt(snapshot, cursor.path, cursor.offset)!;
  assert.deepEqual(render(snapshot, references(snapshot, declaration)), ['rtl/mid.v:2:sub', 'rtl/sub.v:1:sub', 'rtl/top.v:2:sub']);
});

test('a signal in another module of the same name is not a reference', async () => {
  const { snapshot, cursor } = await fixtureWorkspace(`module a; wire n$0; assign n = 1'b0; endmodule\nmodule b; wire n; assign n = 1'b1; endmodule\n`);
  const declaration = declarationAt(snapshot, cursor.path, cursor.offset)!;
  assert.deepEqual(render(snapshot, references(snapshot, declaration)), ['main.sv:1:n', 'main.sv:1:n']);
});

test('highlights tell writes from reads', async () => {
  const { snapshot, cursor } = await fixtureWorkspace(`module a(input clk); reg [3:0] c$0nt; always @(posedge clk) cnt <= cnt + 1; endmodule\n`);
  const kinds = documentHighlights(snapshot, cursor.path, cursor.offset).map((h) => h.kind);
  assert.deepEqual(kinds, ['read', 'write', 'read']);
});

test('rename a port updates every .port() connection, keeping .port implicit connections working', async () => {
  const { snapshot, cursor } = await fixtureWorkspace(`//- /rtl/top.v\nmodule top(input x, output o);\n  sub u0 (.x, .y(o));\nendmodule\n${DESIGN.replace('input x', 'input x$0')}`);
  const result = rename(snapshot, cursor.path, cursor.offset, 'din', uri);
  assert.equal(result.ok, true);
  if (!result.ok) return;
  const edits = Object.entries(result.edit.changes!).flatMap(([u, list]) => list.map((e) => `${u.replace('file:///ws/', '')}:${e.range.start.line + 1}:${e.newText}`)).sort();
  assert.deepEqual(edits, ['rtl/mid.v:2:din', 'rtl/sub.v:1:din', 'rtl/sub.v:2:din', 'rtl/top.v:2:din(x)']);
});

test('rename refuses a non-identifier', async () => {
  const { snapshot, cursor } = await fixtureWorkspace(`module a; wire n$0; endmodule\n`);
  assert.deepEqual(rename(snapshot, cursor.path, cursor.offset, '1bad', uri), { ok: false, reason: "'1bad' is not a Verilog identifier." });
});
