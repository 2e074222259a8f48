import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, evaluateExpr, type Expr, parseDimensions, parseExpression, printExpression, rangeWidth, understood } from '../../server/src/base';
import { loopValues } from '../../server/src/graph';
import type { Statement } from '../../server/src/model';
import { fixtureWorkspace } from '../helpers/fixture';

const tree = (text: string) => parseExpression(text)!;

test('the one expression reader: precedence, selects, numbers, calls, and unknown parts with their text', () => {
  assert.equal(printExpression(tree('a + b * c == d && e || f')), '(((a + (b * c)) == d) && e) || f');
  assert.equal(printExpression(tree('a - b - c')), '(a - b) - c');
  assert.equal(printExpression(tree('a ** b ** c')), 'a ** (b ** c)');
  assert.equal(printExpression(tree('s ? a : t ? b : c')), 's ? a : (t ? b : c)');
  const n = tree("8'shFF");
  assert.deepEqual(n.kind === 'number' && [n.width, n.base, n.value, n.signed, n.zero], [8, 'h', 255, true, false]);
  const x = tree("4'b1x0z");
  assert.deepEqual(x.kind === 'number' && [x.width, x.base, x.value], [4, 'b', undefined]);
  const sel = tree('mem[i][j +: 4]');
  assert.equal(sel.kind, 'select');
  assert.ok(sel.kind === 'select' && sel.target.kind === 'select' && sel.select.kind === 'indexed');
  const call = tree('f(a, b[3])');
  assert.deepEqual(call.kind === 'call' && [call.fn, call.args.length], ['f', 2]);
  const cast = tree("W'(x) + 1");
  assert.ok(cast.kind === 'binary' && cast.left.kind === 'unknown' && cast.left.text === "W'(x)");
  assert.equal(tree('`WIDTH - 1').kind, 'binary');
  // What does not read as an expression is one unknown node with the text, never an exception.
  for (const bad of ['a +', '((((', ')', 'a ? b', "'{a, b", '}'.repeat(50), '('.repeat(5000)]) {
    const e = parseExpression(bad);
    assert.equal(e?.kind, 'unknown', bad.slice(0, 20));
  }
  assert.equal(parseExpression('   '), undefined);
});

test('spans are file offsets; a parenthesised operand keeps its parentheses', () => {
  const text = 'x = (a + b) * c;';
  const e = parseExpression(text.slice(4, 15), 4)!;
  assert.ok(e.kind === 'binary');
  assert.equal(text.slice(e.left.span.start, e.left.span.end), '(a + b)');
  assert.equal(text.slice(e.right.span.start, e.right.span.end), 'c');
  assert.deepEqual(e.span, { start: 4, end: 15 });
});

test('understood: what widths and operator counts read', () => {
  assert.equal(understood(tree('$signed(a) + {2{b[W-1:0]}}')), true);
  assert.equal(understood(tree("q[T'(p)]")), true, 'an index is evaluated on its own');
  for (const text of ['f(a)', 'pkg::C + 1', 'a.b', 'm[1][2]', "8'(a)"]) assert.equal(understood(tree(text)), false, text);
});

test('constant evaluation, ranges and dimensions go through the same reader', () => {
  const values = new Map([['W', 8]]);
  assert.equal(evaluate('W * 2 - 1', values), 15);
  assert.equal(evaluate("8'hF0 >> 4", values), 15);
  assert.equal(evaluate('2 ** 3 ** 2', values), 512);
  assert.equal(evaluate('W / 0', values), undefined);
  assert.equal(evaluate('X + 1', values), undefined);
  assert.equal(evaluate("'0", values), 0);
  assert.equal(evaluate("'1", values), undefined, "'1 is all ones of a width only the context knows");
  // $clog2, the width of an address into a depth (a FIFO's pointers): it was no value at all.
  assert.deepEqual([0, 1, 2, 3, 16, 17, 1024].map((n) => evaluate(`$clog2(${n})`, values)), [0, 0, 1, 2, 4, 5, 10]);
  assert.equal(evaluate('$clog2(W * 2) + 1', values), 5);
  assert.equal(rangeWidth('[$clog2(W):0]', values), 4);
  assert.equal(evaluate('$clog2(X)', values), undefined);
  assert.equal(evaluate('$signed(W - 9)', values), -1);
  assert.equal(evaluate('$clog2(W, 2)', values), undefined);
  assert.equal(evaluateExpr(tree('`N + 1'), values, (t) => (t === '`N' ? 4 : undefined)), 5);
  assert.equal(rangeWidth('[W-1:0]', values), 8);
  assert.equal(rangeWidth('', values), 1);
  assert.equal(rangeWidth('[3:0][1:0]', values), undefined);
  const dims = parseDimensions('[0:W-1][4]')!;
  assert.equal(dims.length, 2);
  assert.ok('hi' in dims[0] && 'size' in dims[1]);
});

/** Statements as a compact string: if(c){...}else{...}, case, loop, assignment indexes. */
function shape(list: readonly Statement[]): string {
  return list
    .map((s) => {
      switch (s.kind) {
        case 'assign':
          return `#${s.assignment}`;
        case 'if':
          return s.branches.map((b, i) => `${i === 0 ? 'if' : b.condition ? 'elif' : 'else'}${b.condition ? `(${printExpression(b.condition)})` : ''}{${shape(b.body)}}`).join('');
        case 'case':
          return `case(${s.subject ? printExpression(s.subject) : '?'}){${s.items.map((i) => `${i.labels ? i.labels.map(printExpression).join(',') : 'default'}:${shape(i.body)}`).join(';')}}`;
        case 'loop':
          return `loop(${s.header?.variable ?? '?'}){${shape(s.body)}}`;
        case 'other':
          return 'other';
      }
    })
    .join(' ');
}

test('the syntax layer stores trees, loop headers and the if/case/reset structure of blocks', async () => {
  const { snapshot, fixture } = await fixtureWorkspace(`
module m #(parameter N = 4) (input clk, rst_n, en, input [1:0] op, input [7:0] d, output reg [7:0] q, output reg [7:0] y);
  always @(posedge clk or negedge rst_n)
    if (!rst_n) q <= 8'h0;
    else if (en) begin q <= d + 1; end
  always @* begin
    case (op) 0, 1: y = d; default: y = 0; endcase
    for (int i = 0; i < N; i += 2) y[i] = d[i];
  end
  generate for (genvar g = N - 1; g >= 0; g--) begin : gen
  end endgenerate
endmodule
`);
  const unit = snapshot.summary(fixture.main)!.units[0];
  const [seq, comb] = unit.blocks.filter((b) => b.flow);
  assert.equal(shape(seq.flow!.body!), "if(!rst_n){#0}elif(en){#1}");
  assert.deepEqual(seq.flow!.reset, { signal: 'rst_n', activeLow: true, async: true });
  const next = seq.flow!.assignments[1].rhs as Expr;
  assert.equal(printExpression(next), 'd + 1');
  assert.equal(fixture.files.get(fixture.main)!.slice(next.span.start, next.span.end), 'd + 1');
  // #2 is the loop's own step (i += 2), in its header: the body holds #3.
  assert.equal(shape(comb.flow!.body!), 'case(op){0,1:#0;default:#1} loop(i){#3}');
  assert.equal(comb.flow!.reset, undefined);
  assert.equal(comb.flow!.assignments[2].loops, undefined);
  const header = comb.flow!.assignments[3].loops![0];
  assert.equal(header.variable, 'i');
  assert.equal(printExpression(header.bound), 'i < N');
  assert.equal(printExpression(header.step), 'i + 2');
  assert.deepEqual(loopValues(header, new Map([['N', 4]])), [0, 2]);
  const generate = unit.blocks.find((b) => b.kind === 'generate-for')!;
  assert.equal(generate.loop?.variable, 'g');
  assert.deepEqual(loopValues(generate.loop, new Map([['N', 4]])), [3, 2, 1, 0]);
  // The summary is plain data: objects, arrays, strings, numbers, booleans, nothing else.
  const plain = (v: unknown): boolean =>
    v === undefined || ['string', 'number', 'boolean'].includes(typeof v) || (Array.isArray(v) ? v.every(plain) : typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype && Object.values(v).every(plain));
  assert.ok(plain(unit.blocks));
});

test('loop values: a step that does not move, or too many iterations, is not unrolled', async () => {
  const { snapshot, fixture } = await fixtureWorkspace(`
module m;
  generate for (genvar a = 0; a < 4; a = a) begin : s end endgenerate
  generate for (genvar b = 0; b < 100000; b++) begin : t end endgenerate
  generate for (genvar c = 1; c <= 8; c = c * 2) begin : u end endgenerate
endmodule
`);
  const loops = snapshot.summary(fixture.main)!.units[0].blocks.filter((b) => b.kind === 'generate-for').map((b) => b.loop);
  assert.equal(loops.length, 3);
  assert.equal(loopValues(loops[0], new Map()), undefined);
  assert.equal(loopValues(loops[1], new Map()), undefined);
  assert.deepEqual(loopValues(loops[2], new Map()), [1, 2, 4, 8]);
});

test('a comment ending in a full stop does not hide the next assignment target; comments are not statements', async () => {
  const { snapshot, fixture } = await fixtureWorkspace(`
module m(input a, input [3:0] x, y, output reg [3:0] r);
  always @(*) begin
    if (a) begin
      // Take x from the bus.
      r = x;
    end else begin
      r = y;
    end
  end
endmodule
`);
  const flow = snapshot.summary(fixture.main)!.units[0].blocks.find((b) => b.kind === 'always')!.flow!;
  assert.deepEqual(flow.assignments.map((a) => a.targets), [['r'], ['r']]);
  assert.equal(shape(flow.body!), 'if(a){#0}else{#1}');
  assert.deepEqual(flow.latches, []);
});
