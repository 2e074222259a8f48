import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../helpers/lspClient';

/** The rtlens command line as CI users call it (contract in docs/CLI.md). */
function rtlens(...args: string[]) {
  return spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/rtlens.js'), ...args], { encoding: 'utf8', timeout: 60000 });
}

test('rtlens index --json prints one JSON document with the contract fields', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-cli-'));
  fs.writeFileSync(path.join(dir, 'a.v'), '`include "w.vh"\nmodule a(input [`W-1:0] x); endmodule\nmodule b; a u(.x()); endmodule\n');
  fs.writeFileSync(path.join(dir, 'w.vh'), '`define W 4\n');
  fs.writeFileSync(path.join(dir, 'broken.sv'), 'module broken; wire endmodule\n');
  const result = rtlens('index', dir, '--json');
  assert.equal(result.status, 0, result.stderr);
  const json = JSON.parse(result.stdout);
  assert.deepEqual({ files: json.files, lines: json.lines, modules: json.modules, parseErrorFiles: json.parseErrorFiles }, { files: 3, lines: 5, modules: 3, parseErrorFiles: 1 });
  assert.equal(typeof json.ms, 'number');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('rtlens index with a disk cache: the second run parses nothing', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-cli-'));
  fs.writeFileSync(path.join(dir, 'a.v'), 'module a; endmodule\n');
  const cache = path.join(dir, '.cache', 'index.json');
  assert.equal(JSON.parse(rtlens('index', dir, '--json', '--cache', cache).stdout).fromCache, 0);
  assert.equal(JSON.parse(rtlens('index', dir, '--json', '--cache', cache).stdout).fromCache, 1);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('bad input: one line on stderr, exit 1, no stack trace', () => {
  const missing = rtlens('index', '/no/such/dir', '--json');
  assert.equal(missing.status, 1);
  assert.equal(missing.stdout, '');
  assert.match(missing.stderr, /^rtlens: not a directory: \/no\/such\/dir\n$/);
  const unknown = rtlens('frobnicate');
  assert.equal(unknown.status, 1);
  assert.equal(unknown.stderr.trim().split('\n').length, 1);
});

test('rtlens hierarchy and trace follow the contract shapes', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-cli-'));
  fs.mkdirSync(path.join(dir, 'rtl'));
  fs.writeFileSync(path.join(dir, 'rtl/top.v'), 'module top (input clk, input [3:0] a, output [3:0] y);\n  wire [3:0] t;\n  stage u0 (.clk(clk), .d(a), .q(t));\n  stage u1 (.clk(clk), .d(t), .q(y));\nendmodule\n');
  fs.writeFileSync(path.join(dir, 'rtl/stage.v'), 'module stage (input clk, input [3:0] d, output reg [3:0] q);\n  always @(posedge clk) q <= d;\nendmodule\n');
  const tree = JSON.parse(rtlens('hierarchy', dir, '--top', 'top', '--json').stdout);
  assert.deepEqual(tree, {
    module: 'top', file: 'rtl/top.v', line: 1,
    instances: [
      { name: 'u0', module: 'stage', file: 'rtl/top.v', line: 3, instances: [] },
      { name: 'u1', module: 'stage', file: 'rtl/top.v', line: 4, instances: [] },
    ],
  });
  // Elaborated: from inside u1, the trace goes back up through u1's connection only (t), not u0's (a).
  const drivers = JSON.parse(rtlens('trace', dir, '--module', 'top', '--signal', 'y', '--drivers', '--depth', '3', '--json').stdout);
  assert.deepEqual(drivers, [
    { module: 'stage', signal: 'q', file: 'rtl/stage.v', line: 1, instance: 'u1', via: { kind: 'instance', file: 'rtl/top.v', start: 4, end: 4 } },
    { module: 'stage', signal: 'd', file: 'rtl/stage.v', line: 1, instance: 'u1', via: { kind: 'nonblocking', file: 'rtl/stage.v', start: 2, end: 2 } },
    { module: 'top', signal: 't', file: 'rtl/top.v', line: 2, instance: '', via: { kind: 'port', file: 'rtl/top.v', start: 4, end: 4 } },
  ]);
  const deeper = JSON.parse(rtlens('trace', dir, '--module', 'top', '--signal', 'y', '--drivers', '--depth', '6', '--json').stdout);
  assert.deepEqual(deeper.map((d: { instance: string; signal: string }) => `${d.instance}:${d.signal}`), ['u1:q', 'u1:d', ':t', 'u0:q', 'u0:d', ':a']);
  // From inside the module, up means every place it is instantiated.
  const up = JSON.parse(rtlens('trace', dir, '--module', 'stage', '--signal', 'q', '--drivers', '--depth', '2', '--json').stdout);
  assert.deepEqual(up.map((d: { instance: string; module: string; signal: string }) => `${d.instance}:${d.module}.${d.signal}`), [':stage.d', '..:top.a', '..:top.t']);
  const unknown = rtlens('hierarchy', dir, '--top', 'nope', '--json');
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /no module named 'nope'/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('rtlens check lists every diagnostic, filters by severity and can fail a CI job', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-cli-'));
  fs.writeFileSync(path.join(dir, 'top.v'), 'module top (input clk, input [7:0] a, output reg [3:0] q);\n  always @(posedge clk) q <= a;\n  nosuch u (.x(a));\nendmodule\n');
  const all = rtlens('check', dir, '--json');
  assert.equal(all.status, 0);
  assert.deepEqual(JSON.parse(all.stdout).map((d: { line: number; severity: string; code: string }) => `${d.line}:${d.severity}:${d.code}`), ['2:warning:width-mismatch', '3:warning:unknown-module']);
  assert.deepEqual(JSON.parse(rtlens('check', dir, '--json', '--min-severity', 'error').stdout), []);
  assert.equal(rtlens('check', dir, '--fail-on', 'error').status, 0);
  assert.equal(rtlens('check', dir, '--fail-on', 'warning').status, 3);
  assert.match(rtlens('check', dir).stdout, /^top\.v:2: warning: 'a' is 8 bits, assigned to 'q' of 4 bits\. \[width-mismatch\]$/m);
  assert.equal(rtlens('check', dir, '--min-severity', 'loud').status, 1);
  // Without --json the run closes with a count on stderr, so a clean one says so too.
  assert.equal(rtlens('check', dir).stderr, 'rtlens: 1 file checked: 2 warnings\n');
  const clean = rtlens('check', dir, '--min-severity', 'error');
  assert.equal(clean.stdout, '');
  assert.equal(clean.stderr, 'rtlens: 1 file checked: no problems\n');
  assert.equal(rtlens('check', dir, '--json').stderr, '');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('rtlens ask: the prompt the chat participant sends, with the context packs of the best hits', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-cli-'));
  fs.writeFileSync(path.join(dir, 'fifo.v'), '// A small FIFO.\nmodule fifo (input clk, input wr, input rd, output full, output empty);\n  reg [2:0] count;\n  assign full = (count == 3\'d4);\n  assign empty = (count == 3\'d0);\n  always @(posedge clk) count <= count + wr - rd;\nendmodule\n');
  fs.writeFileSync(path.join(dir, 'top.v'), 'module top (input clk, input a, output f);\n  fifo u_fifo (.clk(clk), .wr(a), .rd(1\'b0), .full(f), .empty());\nendmodule\n');
  const json = rtlens('ask', dir, 'where is the fifo full flag computed', '--packs', '2', '--json');
  assert.equal(json.status, 0, json.stderr);
  const answer = JSON.parse(json.stdout) as { question: string; hits: { file: string; module: string }[]; context: { title: string; markdown: string }[]; prompt: string; clipped: boolean };
  assert.equal(answer.question, 'where is the fifo full flag computed');
  assert.ok(answer.hits.length >= 2 && answer.hits.every((h) => h.file === 'fifo.v' || h.file === 'top.v'), JSON.stringify(answer.hits));
  assert.equal(answer.context.length, 2);
  assert.match(answer.prompt, /# Context\n[\s\S]*assign full = \(count == 3'd4\)[\s\S]*# Question\nwhere is the fifo full flag computed$/);
  assert.equal(answer.clipped, false);
  // As text: the prompt itself.
  const text = rtlens('ask', dir, 'fifo full flag');
  assert.match(text.stdout, /^You answer questions about a Verilog\/SystemVerilog design\./);
  // A tight budget cuts the context and says so.
  assert.equal(JSON.parse(rtlens('ask', dir, 'fifo', '--max-chars', '10', '--json').stdout).clipped, false, 'at least 4000 characters are kept');
  assert.equal(rtlens('ask', dir).status, 1);
  assert.equal(rtlens('ask', dir, 'x', '--packs', '-1').status, 1);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('rtlens ppa: estimates in the CLI.md shape, calibrated to the user results', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-cli-'));
  for (let i = 1; i <= 4; i++) fs.writeFileSync(path.join(dir, `add${i}.v`), `module add${i} (input clk, input [${8 * i - 1}:0] a, b, output reg [${8 * i}:0] s);\n  always @(posedge clk) s <= a + b;\nendmodule\n`);
  const plain = JSON.parse(rtlens('ppa', dir, '--json').stdout) as { target: string; modules: Record<string, unknown>[] };
  assert.equal(plain.target, 'generic');
  assert.deepEqual(plain.modules.map((m) => `${m.module}:${m.file}:${m.line}:${m.kind}:${m.ffs}:${m.latencyCycles}`), ['add1:add1.v:1:estimate:9:1', 'add2:add2.v:1:estimate:17:1', 'add3:add3.v:1:estimate:25:1', 'add4:add4.v:1:estimate:33:1']);
  for (const m of plain.modules) for (const field of ['cells', 'areaUm2', 'logicLevels', 'delayNs', 'errorPct']) assert.equal(typeof m[field], 'number', field);
  // The user's flow says everything is twice as big: the calibrated estimates follow.
  const results = path.join(dir, 'results.csv');
  fs.writeFileSync(results, `module,area\n${plain.modules.slice(0, 3).map((m) => `${m.module},${(m.areaUm2 as number) * 2}`).join('\n')}\n`);
  const calibrated = JSON.parse(rtlens('ppa', dir, '--calibrate', results, '--json').stdout) as { calibration: { samples: number }; modules: Record<string, number>[] };
  assert.equal(calibrated.calibration.samples, 3);
  const ratio = calibrated.modules[3].areaUm2 / (plain.modules[3].areaUm2 as number);
  assert.ok(Math.abs(ratio - 2) < 0.02, String(ratio));
  const bad = rtlens('ppa', dir, '--calibrate', path.join(dir, 'nope.csv'));
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /cannot read/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('rtlens ppa FILE: the modules of that file, with the submodules that file sees, in a folder of designs declaring the same names', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-cli-'));
  // Three designs, each a `top` over a `core`; only the core differs (an adder, a multiplier, a comparator).
  const ops = { d1: 'a + b', d2: 'a * b', d3: '{15\'d0, a < b}' };
  for (const [name, op] of Object.entries(ops)) {
    fs.writeFileSync(path.join(dir, `${name}.v`), `module top (input [7:0] a, b, output [15:0] y);\n  core u (.a(a), .b(b), .y(y));\nendmodule\nmodule core (input [7:0] a, b, output [15:0] y);\n  assign y = ${op};\nendmodule\n`);
  }
  const cells: Record<string, number> = {};
  for (const name of Object.keys(ops)) {
    const result = rtlens('ppa', path.join(dir, `${name}.v`), '--json');
    assert.equal(result.status, 0, result.stderr);
    const json = JSON.parse(result.stdout) as { modules: { module: string; file: string; cells: number }[] };
    assert.deepEqual(json.modules.map((m) => `${m.module}:${m.file}`), [`top:${name}.v`, `core:${name}.v`]);
    // The file's top over its own core: the figures of that core.
    assert.equal(json.modules[0].cells, json.modules[1].cells, name);
    cells[name] = json.modules[0].cells;
  }
  const one = JSON.parse(rtlens('ppa', path.join(dir, 'd2.v'), '--top', 'top', '--json').stdout) as { modules: { module: string; file: string; cells: number }[] };
  assert.deepEqual(one.modules.map((m) => `${m.module}:${m.file}:${m.cells}`), [`top:d2.v:${cells.d2}`]);
  assert.equal(new Set(Object.values(cells)).size, 3, JSON.stringify(cells));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('rtlens search: results in the CLI.md shape, best first; bad queries exit 1 with a reason', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-cli-'));
  fs.mkdirSync(path.join(dir, 'rtl'));
  fs.writeFileSync(path.join(dir, 'rtl/sync.v'), '// Two-flop synchronizer for one bit.\nmodule bit_sync (input clk, input d, output q);\n  reg s1, s2;\n  always @(posedge clk) begin\n    s1 <= d;\n    s2 <= s1;\n  end\n  assign q = s2;\nendmodule\n');
  fs.writeFileSync(path.join(dir, 'rtl/cnt.v'), 'module counter (input clk, input rst, output reg [7:0] count);\n  always @(posedge clk) if (rst) count <= 0; else count <= count + 1;\nendmodule\n');
  const run = rtlens('search', dir, 'module that synchronizes a bit', '--k', '3', '--json');
  assert.equal(run.status, 0, run.stderr);
  const hits = JSON.parse(run.stdout);
  assert.ok(hits.length > 0 && hits.length <= 3);
  assert.deepEqual({ ...hits[0], score: typeof hits[0].score, summary: typeof hits[0].summary, snippet: typeof hits[0].snippet }, { granularity: 'module', file: 'rtl/sync.v', module: 'bit_sync', start: 2, end: 9, score: 'number', summary: 'string', snippet: 'string' });
  for (let i = 1; i < hits.length; i++) assert.ok(hits[i - 1].score >= hits[i].score, 'best first');
  const signal = JSON.parse(rtlens('search', dir, 'register that counts up', '--granularity', 'signal', '--json').stdout);
  assert.deepEqual([signal[0].module, signal[0].signal, signal[0].start], ['counter', 'count', 1]);
  const empty = rtlens('search', dir, '', '--json');
  assert.equal(empty.status, 1);
  assert.match(empty.stderr, /^rtlens: Empty query/);
  assert.doesNotMatch(empty.stderr, /at .*\.js/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('rtlens search --repository: other checkouts in the same results, each hit naming its repository; --cache-dir keeps their packs', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-cli-'));
  const lib = fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-iplib-'));
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-cache-'));
  fs.writeFileSync(path.join(dir, 'top.v'), 'module top (input clk, input d, output q);\n  assign q = d;\nendmodule\n');
  fs.mkdirSync(path.join(lib, 'ip'));
  fs.writeFileSync(path.join(lib, 'ip/uart_tx.v'), '// UART transmitter: start bit, eight data bits, stop bit.\nmodule uart_tx (input clk, input [7:0] data, output txd);\n  assign txd = data[0];\nendmodule\n');
  const run = rtlens('search', dir, 'serial transmitter', '--repository', lib, '--cache-dir', cache, '--json');
  assert.equal(run.status, 0, run.stderr);
  const hits = JSON.parse(run.stdout);
  const tx = hits.find((h: any) => h.module === 'uart_tx');
  assert.deepEqual([tx?.repository, tx?.file, tx?.start], [path.basename(lib), 'ip/uart_tx.v', 2]);
  assert.ok(hits.every((h: any) => typeof h.repository === 'string'));
  // The other repository's pack (and the summaries it was made from), the directory's summary cache.
  const kept = fs.readdirSync(cache).sort();
  assert.equal(kept.filter((f) => f.endsWith('.pack')).length, 1, kept.join());
  assert.equal(kept.filter((f) => f.endsWith('.summaries.json')).length, 2, kept.join());
  const again = rtlens('search', dir, 'serial transmitter', '--repository', lib, '--cache-dir', cache, '--json');
  assert.deepEqual(JSON.parse(again.stdout), hits, 'the kept indexes give the same answer');
  const missing = rtlens('search', dir, 'x', '--repository', path.join(lib, 'nope'));
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /not a directory/);
  for (const d of [dir, lib, cache]) fs.rmSync(d, { recursive: true, force: true });
});
