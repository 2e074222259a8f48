import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/**
 * The real-repository benchmark (bench/real): the text scan that builds Verilator's command
 * line, the corpus discovery that skips cleanly, the probe's definition check on a repository
 * written here, and the Verilator oracle itself when Verilator is installed.
 */
const REAL = path.resolve(__dirname, '../../../bench/real');
// The project compiles tests to CommonJS, where import() becomes require(); keep a real import for the .mjs.
const dynamicImport = new Function('url', 'return import(url)') as (url: string) => Promise<any>;
const load = (name: string) => dynamicImport(pathToFileURL(path.join(REAL, name)).href);

function writeTree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-real-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

// A repository in the shapes the oracle must handle: a package in another folder, a package
// importing another, a module in a file not named after it, a macro defined in a header the user
// does not include (a filelist would put it first), and one file Verilator rejects.
const REPO: Record<string, string> = {
  'pkg/base_pkg.sv': 'package base_pkg;\n  parameter int W = 4;\nendpackage\n',
  'pkg/top_pkg.sv': 'package top_pkg;\n  import base_pkg::*;\n  parameter int D = W * 2;\nendpackage\n',
  'inc/defs.svh': '`ifndef DEFS_SVH\n`define DEFS_SVH\n`define ONE 1\n`endif\n',
  'rtl/cells.sv': 'module inv_cell (input logic a, output logic y);\n  assign y = ~a;\nendmodule\n',
  'rtl/leaf.sv': 'module leaf import top_pkg::*; (input logic [D-1:0] a, output logic [D-1:0] y);\n  assign y = a + `ONE;\nendmodule\n',
  'rtl/top.sv': [
    'module top (input logic [7:0] a, output logic [7:0] y, output logic z);',
    '  // leaf u_fake (.a(a));  a comment is not an instance',
    '  leaf u_leaf (.a(a), .y(y));',
    '  inv_cell u_inv (.a(a[0]), .y(z));',
    'endmodule',
    '',
  ].join('\n'),
  'vendor/include/cc/regs.svh': '`ifndef CC_REGS\n`define CC_REGS\n`define FF(q, d, clk) always_ff @(posedge clk) q <= d;\n`endif\n',
  'rtl/user.sv': '`include "cc/regs.svh"\nmodule user (input logic clk, input logic d, output logic q);\n  `FF(q, d, clk)\nendmodule\n',
  'rtl/broken.sv': 'module broken (input logic a, output logic y);\n  assign y = a +;\nendmodule\n',
};

test('scanFile reads declarations and references from the text, comments and strings blanked', async () => {
  const { scanFile, blankComments } = await load('scan.mjs');
  const s = scanFile(REPO['rtl/top.sv']);
  assert.deepEqual(s.modules, ['top']);
  assert.ok(s.instanceCandidates.includes('leaf') && s.instanceCandidates.includes('inv_cell'));
  assert.ok(!s.instanceCandidates.includes('u_fake'));
  const t = scanFile(REPO['pkg/top_pkg.sv']);
  assert.deepEqual(t.packages, ['top_pkg']);
  assert.deepEqual(t.scopeRefs, ['base_pkg']);
  const l = scanFile(REPO['rtl/leaf.sv']);
  assert.deepEqual(l.macroUses, ['ONE']);
  const h = scanFile(REPO['inc/defs.svh']);
  assert.deepEqual(h.macroDefs.sort(), ['DEFS_SVH', 'ONE']);
  const blanked = blankComments('a /* b\nc */ "d" // e\nf');
  assert.equal(blanked.length, 'a /* b\nc */ "d" // e\nf'.length);
  assert.equal(blanked.replace(/\s+/g, ' '), 'a " " f');
});

test('closureOf gives packages in dependency order, module files, and files defining used macros', async () => {
  const { scanRepository, closureOf } = await load('scan.mjs');
  const root = '/r';
  const files = Object.keys(REPO).map((f) => `${root}/${f}`);
  const repo = scanRepository(files, (f: string) => REPO[f.slice(root.length + 1)]);
  const c = closureOf(`${root}/rtl/top.sv`, repo);
  assert.deepEqual(c.packages, [`${root}/pkg/base_pkg.sv`, `${root}/pkg/top_pkg.sv`]);
  assert.deepEqual([...c.modules].sort(), [`${root}/rtl/cells.sv`, `${root}/rtl/leaf.sv`]);
  assert.deepEqual(c.macros, [`${root}/inc/defs.svh`]);
  assert.deepEqual(c.includeRoots, []);
  assert.equal(c.truncated, false);
  // `include "cc/regs.svh" needs the folder above cc/ as an include folder.
  assert.deepEqual(closureOf(`${root}/rtl/user.sv`, repo).includeRoots, [`${root}/vendor/include`]);
});

test('parametersWithoutValue reads the names Verilator complains about, and nothing from other failures', async () => {
  const { parametersWithoutValue } = await load('oracle.mjs');
  const stderr = [
    "%Error: a.sv:11:37: Parameter without initial value is never given value (IEEE 1800-2017 6.20.1): 'slots_p'",
    '                                          : ... In instance a',
    "%Error: a.sv:12:39: Parameter without initial value is never given value (IEEE 1800-2017 6.20.1): 'max_add_p'",
    "%Error: a.sv:16:59: Expecting expression to be constant, but variable isn't const: 'slots_p'",
    "%Error: b.sv:3:20: Parameter without initial value is never given value (IEEE 1800-2017 6.20.1): 'width_p'",
    '                                          : ... In instance a.u_b',
  ].join('\n');
  assert.deepEqual(parametersWithoutValue({ code: 1, stderr, timedOut: false }), ['slots_p', 'max_add_p']);
  assert.equal(parametersWithoutValue({ code: 1, stderr: '%Error: a.sv:2:3: syntax error', timedOut: false }), undefined);
  assert.equal(parametersWithoutValue({ code: 0, stderr, timedOut: false }), undefined);
});

test('without a corpus folder the part is skipped, and says how to give one', async () => {
  const { corpusDir, repositories, benchReal } = await load('bench.mjs');
  const missing = path.join(os.tmpdir(), 'rtlens-real-does-not-exist');
  assert.equal(corpusDir(missing), undefined);
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-real-empty-'));
  assert.deepEqual(repositories(empty), []);
  const logs: string[] = [];
  const r = await benchReal({ dir: missing, log: (m: string) => logs.push(m) });
  assert.equal(r.skipped, 'no corpus (set RTLENS_REAL_DIR)');
  assert.ok(logs.some((l) => l.includes('skipped: no corpus (set RTLENS_REAL_DIR)')));
  const r2 = await benchReal({ dir: empty, log: () => undefined });
  assert.match(r2.skipped, /no repository folders/);
  const script = spawnSync(process.execPath, [path.join(REAL, 'run.mjs'), missing], { encoding: 'utf8' });
  assert.equal(script.status, 0);
  assert.match(script.stdout, /skipped: no corpus \(set RTLENS_REAL_DIR\)/);
  fs.rmSync(empty, { recursive: true, force: true });
});

test('the probe checks definitions against the trees and reads Error diagnostics as rtlens check does', () => {
  const dir = writeTree({
    'a/sub.sv': 'module sub #(parameter int N = 2) (input logic [N-1:0] d, output logic [N-1:0] q);\n  logic [N-1:0] r;\n  assign r = d;\n  assign q = r;\nendmodule\n',
    'b/top.sv': [
      'module top (input logic [1:0] x, output logic [1:0] y);',
      '  logic [1:0] w;',
      '  assign w = x;',
      '  sub #(.N(2)) u_a (.d(w), .q(y));',
      '  sub u_b (.d(w), .q());',
      '  vendor_cell u_c (.a(w));',
      '  assign y = nowhere;',
      '  assign y = r;',
      'endmodule',
      '',
    ].join('\n'),
  });
  const r = spawnSync(process.execPath, [path.join(REAL, 'probe.mjs'), dir, '--samples', '50'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  assert.equal(out.files, 2);
  assert.equal(out.perFile.length, 2);
  for (const f of out.perFile) assert.ok(f.rawMs > 0 && f.rtlensMs > 0);
  const inst = out.definitions.instances;
  assert.equal(inst.sampled, 3); // two of sub, one of a cell nothing declares
  assert.equal(inst.external, 1);
  assert.equal(inst.right, 2);
  const uses = out.definitions.uses;
  // Every use of a name its module declares resolves there; `nowhere` is declared nowhere
  // (external); `r` in top is declared only in sub, so no answer can be right for it.
  assert.ok(uses.sampled >= 8, JSON.stringify(uses));
  assert.equal(uses.external, 1);
  assert.equal(uses.right, uses.sampled - uses.external - 1, JSON.stringify(uses));
  assert.equal(uses.wrong + uses.unresolved, 1);
  assert.ok(uses.examples.some((e: string) => e.startsWith('b/top.sv:8 r ->')), JSON.stringify(uses.examples));
  const undeclared = out.errors.filter((e: { code: string }) => e.code === 'undeclared-identifier');
  assert.deepEqual(undeclared.map((e: { file: string; line: number }) => `${e.file}:${e.line}`), ['b/top.sv:7', 'b/top.sv:8']);
  assert.deepEqual(out.crashed, []);
  fs.rmSync(dir, { recursive: true, force: true });
});

const hasVerilator = spawnSync('verilator', ['--version'], { encoding: 'utf8' }).status === 0;

test('the oracle finds packages, modules and macros elsewhere in the repository, and rejects a broken file', { skip: !hasVerilator && 'verilator not installed' }, async () => {
  const { oracle, verilatorVersion } = await load('oracle.mjs');
  const dir = writeTree(REPO);
  const files = Object.keys(REPO).map((f) => path.join(dir, f)).sort();
  const cacheFile = path.join(dir, 'cache.json');
  const version = verilatorVersion();
  const first = await oracle({ root: dir, files, version, cacheFile, log: () => undefined });
  assert.equal(first.verdicts['rtl/top.sv'].clean, true, first.verdicts['rtl/top.sv'].error);
  assert.equal(first.verdicts['rtl/leaf.sv'].clean, true, first.verdicts['rtl/leaf.sv'].error);
  assert.equal(first.verdicts['pkg/top_pkg.sv'].clean, true, first.verdicts['pkg/top_pkg.sv'].error);
  assert.equal(first.verdicts['rtl/user.sv'].clean, true, first.verdicts['rtl/user.sv'].error);
  assert.equal(first.verdicts['rtl/broken.sv'].clean, false);
  assert.match(first.verdicts['rtl/broken.sv'].error, /syntax error/);
  assert.equal(first.notLinted, 2); // the headers
  // Second run: every verdict from the cache, none run again.
  const second = await oracle({ root: dir, files, version, cacheFile, log: () => undefined });
  assert.equal(second.newRuns, 0);
  assert.deepEqual(Object.keys(second.verdicts).sort(), Object.keys(first.verdicts).sort());
  // An edited file is linted again.
  fs.writeFileSync(path.join(dir, 'rtl/broken.sv'), 'module broken (input logic a, output logic y);\n  assign y = a;\nendmodule\n');
  const third = await oracle({ root: dir, files, version, cacheFile, log: () => undefined });
  assert.equal(third.newRuns, 1);
  assert.equal(third.verdicts['rtl/broken.sv'].clean, true);
  fs.rmSync(dir, { recursive: true, force: true });
});
