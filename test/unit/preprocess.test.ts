import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandMacro, preprocess } from '../../server/src/syntax';

test('inactive branches are blanked with offsets and newlines kept', () => {
  const text = '`define A\n`ifdef A\nwire a;\n`else\nwire b;\n`endif\nwire c;\n';
  const result = preprocess(text);
  assert.equal(result.text.length, text.length);
  assert.equal(result.text.split('\n').length, text.split('\n').length);
  assert.ok(result.text.includes('wire a;'));
  assert.ok(!result.text.includes('wire b;'));
  assert.ok(result.text.includes('wire c;'));
  assert.ok(!result.text.includes('`'), 'directives are masked');
  assert.equal(result.inactive.length, 1);
  assert.equal(text.slice(result.inactive[0].start, result.inactive[0].end).trim(), 'wire b;');
});

test('elsif chains take the first true branch only', () => {
  const text = '`ifdef X\nx\n`elsif Y\ny\n`elsif Z\nz\n`else\nw\n`endif\n';
  const result = preprocess(text, { predefined: new Map([['Y', { name: 'Y', body: '', nameSpan: { start: 0, end: 0 }, span: { start: 0, end: 0 } }], ['Z', { name: 'Z', body: '', nameSpan: { start: 0, end: 0 }, span: { start: 0, end: 0 } }]]) });
  const kept = result.text.replace(/\s+/g, '');
  assert.equal(kept, 'y');
});

test('nested conditionals inside an inactive branch stay inactive', () => {
  const text = '`ifdef NO\n`ifdef ALSO\na\n`else\nb\n`endif\n`else\nc\n`endif\n';
  assert.equal(preprocess(text).text.replace(/\s+/g, ''), 'c');
});

test('ifndef with define, include guard style', () => {
  const text = '`ifndef G\n`define G\nmodule m; endmodule\n`endif\n';
  const result = preprocess(text);
  assert.ok(result.text.includes('module m; endmodule'));
  assert.ok(result.macros.has('G'));
});

test('SystemVerilog 2023 ifdef expressions', () => {
  const defs = new Map([['A', { name: 'A', body: '', nameSpan: { start: 0, end: 0 }, span: { start: 0, end: 0 } }]]);
  assert.equal(preprocess('`ifdef (A && !B)\nyes\n`else\nno\n`endif\n', { predefined: defs }).text.trim(), 'yes');
  assert.equal(preprocess('`ifdef (B || (A && B))\nyes\n`else\nno\n`endif\n', { predefined: defs }).text.trim(), 'no');
});

test('unbalanced directives are reported, never thrown', () => {
  assert.deepEqual(preprocess('`endif\n').problems.map((p) => p.code), ['unbalanced-conditional']);
  assert.deepEqual(preprocess('`ifdef A\nwire a;\n').problems.map((p) => p.code), ['unbalanced-conditional']);
  assert.deepEqual(preprocess('`else\n').problems.map((p) => p.code), ['unbalanced-conditional']);
});

test('define with arguments, defaults and continuation lines', () => {
  const text = '`define ADD(a, b=1) ((a) + \\\n (b))\nassign y = `ADD(x, 2) + `ADD(z);\n';
  const result = preprocess(text);
  const def = result.macros.get('ADD')!;
  assert.deepEqual(def.params, [{ name: 'a' }, { name: 'b', defaultValue: '1' }]);
  assert.equal(result.macroUses.length, 2);
  assert.deepEqual(result.macroUses[0].args, ['x', '2']);
  assert.equal(expandMacro(result.macroUses[0], result.macros)!.replace(/\s+/g, ' '), '((x) + (2))');
  assert.equal(expandMacro(result.macroUses[1], result.macros)!.replace(/\s+/g, ' '), '((z) + (1))');
  // The expansion is what the parser reads; the map leads its offsets back to the usage.
  assert.ok(result.text.includes('((x) + \n (2))'));
  const at = result.text.indexOf('(x)') + 1;
  assert.equal(text.slice(result.map.toSource(at), result.map.toSource(at + 1, 'end')), 'x');
  assert.equal(result.map.toSource(result.text.indexOf('+ \n'), 'start'), text.indexOf('`ADD(x'));
});

test('nested macros expand recursively', () => {
  const result = preprocess('`define W 8\n`define MSB (`W-1)\nwire [`MSB:0] a;\n');
  const use = result.macroUses.find((u) => u.name === 'MSB')!;
  assert.equal(expandMacro(use, result.macros), '(8-1)');
});

test('undefined macros and wrong argument counts are reported', () => {
  const result = preprocess('`define F(a,b) a+b\nassign x = `NOPE + `F(1);\n');
  assert.deepEqual(result.problems.map((p) => p.code).sort(), ['macro-arguments', 'undefined-macro']);
});

test('directives in comments and strings are ignored', () => {
  const result = preprocess('// `ifdef X\n/* `endif */\ninitial $display("`endif");\n');
  assert.equal(result.problems.length, 0);
  assert.equal(result.comments.length, 2);
});

test('include resolves through the resolver, brings macros, and stops on cycles', () => {
  const files: Record<string, string> = {
    '/a/top.v': '`include "defs.vh"\n`include "self.vh"\nwire [`W-1:0] x;\n',
    '/a/defs.vh': '`define W 16\n',
    '/a/self.vh': '`include "self.vh"\n`define S 1\n',
  };
  const resolver = { resolve: (target: string) => (files[`/a/${target}`] !== undefined ? { path: `/a/${target}`, text: files[`/a/${target}`] } : undefined) };
  const result = preprocess(files['/a/top.v'], { path: '/a/top.v', resolver });
  assert.equal(result.macros.get('W')?.body, '16');
  assert.equal(result.macros.get('S')?.body, '1');
  assert.deepEqual(result.includes.map((i) => i.resolved), ['/a/defs.vh', '/a/self.vh']);
  assert.ok(result.dependencies.has('/a/defs.vh'));
  const missing = preprocess('`include "nope.vh"\n', { path: '/a/x.v', resolver });
  assert.deepEqual(missing.problems.map((p) => p.code), ['include-not-found']);
});

test('ifdef inside a port list leaves a clean list for the parser', () => {
  const text = 'module m (\n  input a,\n`ifdef EXTRA\n  input b,\n`endif\n  input c\n);\nendmodule\n';
  const masked = preprocess(text).text;
  assert.ok(!masked.includes('input b'));
  assert.ok(masked.includes('input a,') && masked.includes('input c'));
});
