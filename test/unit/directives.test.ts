import { test } from 'node:test';
import assert from 'node:assert/strict';
import { severityOf } from '../../server/src/base';
import { definition, fileProblems } from '../../server/src/ide';
import { preprocess } from '../../server/src/syntax';
import { fixtureWorkspace } from '../helpers/fixture';

/** Compiler directives of IEEE 1800-2017 clause 22 beyond macros and includes: fixtures of our own. */

const uri = (p: string) => `file://${p}`;

async function problems(source: string): Promise<string[]> {
  const { snapshot, fixture } = await fixtureWorkspace(source);
  const text = snapshot.text(fixture.main)!;
  return fileProblems(snapshot, fixture.main)
    .filter((p) => severityOf(p) !== 'hint')
    .map((p) => `${severityOf(p)}:${p.code}:${text.slice(p.span.start, p.span.end)}`);
}

const OLD = `\`begin_keywords "1364-2005"
module old (input clk, input bit, input do, output logic);
  reg [3:0] int;
  assign logic = bit & do & int[0];
  always @(posedge clk) int <= int + 1; // logic "int" in a comment and a string stay
endmodule
\`end_keywords
`;

test('`begin_keywords "1364-2005": SystemVerilog-only keywords are names inside the region, keywords after it', async () => {
  const source = `//- /rtl/old.v
${OLD}module newer (input logic a, output logic b);
  assign b = a;
endmodule
`;
  assert.deepEqual(await problems(source), []);
  const { snapshot, fixture } = await fixtureWorkspace(source);
  const units = snapshot.summary(fixture.main)!.units;
  assert.deepEqual(units.map((u) => [u.name, u.ports.map((p) => p.name)]), [['old', ['clk', 'bit', 'do', 'logic']], ['newer', ['a', 'b']]]);
  // Names keep the user's text and offsets: the use of int goes to its declaration.
  const text = snapshot.text(fixture.main)!;
  const use = text.indexOf('int[0]');
  assert.deepEqual(definition(snapshot, fixture.main, use, uri)[0]?.range.start, { line: 2, character: 12 });
});

test('`begin_keywords renames only the parser\'s copy, same length, never comments, strings or later text', () => {
  const result = preprocess(OLD + 'module n; logic x; endmodule\n');
  assert.equal(result.parseText.length, result.text.length);
  assert.ok(result.text.includes('input bit, input do, output logic'));
  assert.ok(result.parseText.includes('input zzz, input zz, output zzzzz'));
  assert.ok(result.parseText.includes('// logic "int" in a comment'));
  assert.ok(result.parseText.includes('module n; logic x; endmodule'));
  assert.ok(result.map.isIdentity);
  // Without the directive the parser reads the text itself.
  const plain = preprocess('module n; logic x; endmodule\n');
  assert.equal(plain.parseText, plain.text);
});

test('`begin_keywords nests: the inner set holds until its `end_keywords, then the outer one again', () => {
  const text = `\`begin_keywords "1364-1995"
wire generate;
\`begin_keywords "1800-2017"
logic a;
\`end_keywords
wire logic, localparam;
\`end_keywords
logic b;
`;
  const lines = preprocess(text).parseText.split('\n');
  assert.equal(lines[1], 'wire zzzzzzzz;');
  assert.equal(lines[3], 'logic a;');
  assert.equal(lines[5], 'wire zzzzz, zzzzzzzzzz;');
  assert.equal(lines[7], 'logic b;');
});

test('`line is recorded and changes no offset; problems stay on the user\'s lines', async () => {
  const text = '`line 100 "generated.v" 0\nmodule m (input a, output y);\n  assign y = a & undeclared_b;\nendmodule\n';
  const result = preprocess(text);
  assert.deepEqual(result.lineDirectives, [{ span: { start: 0, end: 25 }, line: 100, file: 'generated.v', level: 0 }]);
  assert.ok(result.map.isIdentity);
  const { snapshot, fixture } = await fixtureWorkspace(`//- /rtl/m.v\n${text}`);
  const found = fileProblems(snapshot, fixture.main).filter((p) => severityOf(p) === 'error');
  assert.deepEqual(found.map((p) => [p.code, snapshot.text(fixture.main)!.slice(p.span.start, p.span.end)]), [['undeclared-identifier', 'undeclared_b']]);
});

test('`pragma, `celldefine, `endcelldefine, `default_nettype, `resetall, `timescale are accepted silently', async () => {
  assert.deepEqual(await problems(`//- /rtl/cell.v
\`timescale 1ns/1ps
\`pragma protect begin
\`celldefine
\`default_nettype none
module inv_cell (input wire a, output wire y);
  assign y = ~a;
endmodule
\`endcelldefine
\`pragma once
\`resetall
`), []);
});
