import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completion, signatureHelp } from '../../server/src/ide';
import { fixtureWorkspace } from '../helpers/fixture';

const SUB = '//- /sub.v\nmodule sub #(parameter N = 2) (input [N-1:0] a, input b, output y); endmodule\n';

async function labels(source: string): Promise<string[]> {
  const { snapshot, cursor } = await fixtureWorkspace(source);
  return completion(snapshot, cursor.path, cursor.offset).items.map((i) => i.label);
}

test('signals, parameters and ports in scope, plus keywords', async () => {
  const found = await labels('module m(input clk); localparam P = 1; wire data_w; assign data_w = $0; endmodule\n');
  for (const name of ['clk', 'P', 'data_w', 'always', 'module']) assert.ok(found.includes(name), name);
});
test('port names inside a named connection, skipping connected ones', async () => {
  const found = await labels(`//- /top.v\nmodule top; sub u (.a(1'b0), .$0); endmodule\n${SUB}`);
  assert.deepEqual(found, ['b', 'y']);
});
test('module names complete to a full instance snippet', async () => {
  const { snapshot, cursor } = await fixtureWorkspace(`//- /top.v\nmodule top; s$0 endmodule\n${SUB}`);
  const item = completion(snapshot, cursor.path, cursor.offset).items.find((i) => i.label === 'sub')!;
  assert.match(item.insertText!, /^sub #\(\n\t\.N\(\$\{1:2\}\)\n\) \$\{5:u_sub\} \(\n\t\.a\(\$\{2:a\}\),\n\t\.b\(\$\{3:b\}\),\n\t\.y\(\$\{4:y\}\)\n\);$/);
});
test('macros after a backtick and system tasks after a dollar', async () => {
  assert.ok((await labels('`define MY_W 8\nmodule m; wire [`M$0')).includes('MY_W'));
  assert.ok((await labels('module m; initial $d$0')).includes('$display'));
});
test('signature help marks the port being connected', async () => {
  const { snapshot, cursor } = await fixtureWorkspace(`//- /top.v\nmodule top; sub u (.a(1'b0), .b($0)); endmodule\n${SUB}`);
  const help = signatureHelp(snapshot, cursor.path, cursor.offset)!;
  assert.equal(help.signatures[0].label, 'sub (input [N-1:0] a, input b, output y)');
  assert.equal(help.activeParameter, 1);
});
test('module names are filtered by what is typed, and the list says when it is cut', async () => {
  const modules = Array.from({ length: 150 }, (_, i) => `module blk_${i}; endmodule`).join('\n');
  const { snapshot, cursor } = await fixtureWorkspace(`//- /top.v\nmodule top; bl$0 endmodule\n//- /many.v\n${modules}\nmodule other; endmodule\n`);
  const list = completion(snapshot, cursor.path, cursor.offset);
  assert.equal(list.isIncomplete, true);
  const labels = list.items.map((i) => i.label);
  assert.ok(!labels.includes('other'));
  assert.equal(labels.filter((l) => l.startsWith('blk_')).length, 100);
});
