import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hierarchyView, incomingCalls, inlayHints, outgoingCalls, prepareCallHierarchy, traceView } from '../../server/src/ide';
import { fixtureWorkspace } from '../helpers/fixture';

const uri = (p: string) => `file://${p}`;
const DESIGN = `//- /rtl/top.v
module top (input clk, input [3:0] a, output [3:0] y);
  wire [3:0] t;
  stage #(.W(4)) u0 (clk, a, t);
  stage u1 (.clk(clk), .d(t), .q(y$0));
endmodule
//- /rtl/stage.v
module stage #(parameter W = 2, parameter D = W * 2) (input clk, input [W-1:0] d, output reg [W-1:0] q);
  always @(posedge clk) q <= d;
endmodule
`;

test('inlay hints: port names on positional connections, resolved parameters on instances', async () => {
  const { snapshot, fixture } = await fixtureWorkspace(DESIGN);
  const text = snapshot.text(fixture.main)!;
  const hints = inlayHints(snapshot, fixture.main, { start: 0, end: text.length }).map((h) => `${h.position.line}:${typeof h.label === 'string' ? h.label.trim() : ''}`);
  assert.deepEqual(hints, ['2:clk:', '2:d:', '2:q:', '2:W=4, D=8', '3:W=2, D=4']);
});

test('call hierarchy: incoming are drivers, outgoing are loads, across instances', async () => {
  const { snapshot, cursor } = await fixtureWorkspace(DESIGN);
  const [item] = prepareCallHierarchy(snapshot, cursor.path, cursor.offset, uri);
  assert.equal(item.name, 'y');
  const [q] = incomingCalls(snapshot, item, uri);
  assert.equal(`${q.from.detail}.${q.from.name}`, 'stage (output port) in u1.q');
  // Expanding inside u1 goes back up through u1's connection only: t, not u0's a.
  const [d] = incomingCalls(snapshot, q.from, uri);
  assert.equal(`${d.from.detail}.${d.from.name}`, 'stage (input port) in u1.d');
  assert.deepEqual(incomingCalls(snapshot, d.from, uri).map((c) => `${c.from.detail}.${c.from.name}`), ['top.t']);
  const [t] = prepareCallHierarchy(snapshot, cursor.path, snapshot.text(cursor.path)!.indexOf('t;'), uri);
  assert.deepEqual(outgoingCalls(snapshot, t, uri).map((c) => `${c.to.detail}.${c.to.name}`), ['stage (input port) in u1.d']);
});

test('trace view and hierarchy view carry locations to jump to', async () => {
  const { snapshot, cursor } = await fixtureWorkspace(DESIGN);
  const view = traceView(snapshot, cursor.path, cursor.offset, 'drivers', 3, uri);
  assert.deepEqual(view.root, { module: 'top', signal: 'y' });
  assert.deepEqual(view.steps.map((s) => `${s.depth} ${s.module}.${s.signal} ${s.kind} ${s.via.uri.split('/').pop()}:${s.via.range.start.line}`), [
    '1 stage.q instance top.v:3',
    '2 stage.d nonblocking stage.v:1',
    '3 top.t port top.v:3',
  ]);
  assert.deepEqual(view.steps.map((s) => s.instance), ['u1', 'u1', '']);
  const tree = hierarchyView(snapshot, undefined, uri);
  assert.deepEqual(tree.tops, ['top']);
  assert.deepEqual(tree.roots[0].children.map((c) => `${c.name}:${c.module}@${c.location!.range.start.line}`), ['u0:stage@2', 'u1:stage@3']);
});

test('inlay hints evaluate parameters written with macros', async () => {
  const { snapshot, fixture } = await fixtureWorkspace('//- /top.v\n`define W 8\nmodule top; localparam CW = 3 + 2 * `W; sub #(.N(CW)) u (); endmodule\n//- /sub.v\nmodule sub #(parameter N = 1) (); endmodule\n');
  const labels = inlayHints(snapshot, fixture.main, { start: 0, end: 1000 }).map((h) => (typeof h.label === 'string' ? h.label.trim() : ''));
  assert.deepEqual(labels, ['N=19']);
});
