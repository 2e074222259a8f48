import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hover } from '../../server/src/ide';
import { fixtureWorkspace } from '../helpers/fixture';

async function check(source: string, ...expected: RegExp[]): Promise<void> {
  const { snapshot, cursor } = await fixtureWorkspace(source);
  const result = hover(snapshot, cursor.path, cursor.offset);
  assert.ok(result, 'expected a hover');
  const value = (result!.contents as { value: string }).value;
  for (const e of expected) assert.match(value, e);
}

test('port: direction, type, width with parameters resolved, comment', () =>
  check('module m #(parameter W = 8) (\n  // Data in.\n  input wire [W-1:0] din\n);\n  wire x = d$0in[0];\nendmodule\n', /input wire \[W-1:0\] din/, /Width: 8 bits/, /Data in\./));
test('parameter shows its value', () => check('module m; localparam DEPTH = 16; wire [DEP$0TH:0] a; endmodule\n', /localparam DEPTH = 16/));
test('module name shows the signature', () =>
  check('//- /top.v\nmodule top; s$0ub u (); endmodule\n//- /sub.v\nmodule sub #(parameter N = 2) (input [N-1:0] a, output y); endmodule\n', /module sub #\(/, /parameter N = 2/, /input \[N-1:0\] a/, /output y/));
test('macro shows the define and the expansion', () =>
  check('`define W 8\n`define ADD(a,b) ((a)+(b)+`W)\nmodule m; wire [7:0] q = `AD$0D(1, 2); endmodule\n', /`define ADD\(a, b\)/, /Expands to/, /\(\(1\)\+\(2\)\+8\)/));
test('instance shows its module and parameters', () =>
  check('//- /top.v\nmodule top; sub #(.N(4)) u$0_s (); endmodule\n//- /sub.v\nmodule sub #(parameter N = 2) (); endmodule\n', /sub #\(\.N\(4\)\) u_s/));
test('values written with macros show the macro text, not a cut expansion', () =>
  check('`define DATA_W 8\nmodule m; localparam CMD_W = 3 + 2 * `DATA_W; wire [CMD$0_W:0] a; endmodule\n', /localparam CMD_W = 3 \+ 2 \* `DATA_W/));
test('instance parameter overrides with macros show in full', () =>
  check('//- /top.v\n`define FIFO_DEPTH 16\nmodule top; sub #(.N(`FIFO_DEPTH)) u$0_s (); endmodule\n//- /sub.v\nmodule sub #(parameter N = 2) (); endmodule\n', /sub #\(\.N\(`FIFO_DEPTH\)\) u_s/));
test('widths written with macros are computed', () => check('`define W 16\nmodule m; wire [`W-1:0] d$0ata; endmodule\n', /Width: 16 bits/));
