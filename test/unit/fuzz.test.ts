import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { memoryFileSystem, setBugLogger } from '../../server/src/base';
import {
  completion,
  declarationAt,
  definition,
  documentHighlights,
  documentSymbols,
  fileProblems,
  foldingRanges,
  hover,
  inactiveRegions,
  prepareRename,
  references,
  rename,
  semanticTokens,
  signatureHelp,
  workspaceSymbols,
} from '../../server/src/ide';
import { findSuggestions } from '../../server/src/analyses/suggest';
import { libertyTarget } from '../../server/src/analyses/ppa';
import { findHdlFiles, genericLiberty } from '../../server/src/workers/host';
import { loadPpaModel } from '../../server/src/workers/ppaHost';
import { Snapshot, Workspace } from '../../server/src/workspace';
import { testGrammar } from '../helpers/fixture';

/**
 * Deterministic fuzzing: corpus files mangled the ways an editor mangles them (half-typed
 * text, pasted garbage, NUL and emoji, unbalanced `ifdef, includes of themselves, unclosed
 * comments, strings and macros, a 10 MB file) go through the workspace and every feature at
 * random offsets. Nothing may throw, log a soft bug, or take longer than MAX_CALL_MS.
 *
 * RTLENS_FUZZ_SEED=n and RTLENS_FUZZ_ROUNDS=n explore other seeds; a failure names its seed,
 * round and mutations, and writes the offending text to the temp folder.
 */

const SEED = Number(process.env.RTLENS_FUZZ_SEED ?? 0x5eed2026);
const ROUNDS = Number(process.env.RTLENS_FUZZ_ROUNDS ?? 400);
const OFFSETS_PER_ROUND = 5;
const MAX_CALL_MS = 2000;
const CORPUS = path.resolve(__dirname, '../../../test/corpus');
const ROOT = '/fz';
const uriOf = (p: string) => `file://${p}`;

/** mulberry32: small, fast, and the same sequence on every machine. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  return { next, int, pick };
}
type Random = ReturnType<typeof prng>;

const PIECES = [
  '\0', '\0\0\0', 'é', 'ß', '中文', '😀', '👩‍💻', '\ud83d', '\udc00', '\uFEFF', '\u2028', '\r', '\r\n', '\t', '\f', '\v',
  '`', '``', '"', "'", "'h", "'b1x", '/*', '*/', '//', '(*', '*)', '\\', '\\esc ', '$', '#', '::', '.*', '.', ',', ';',
  '(', ')', '[', ']', '{', '}', '<=', '=', '?', ':', '@', 'begin', 'end', 'endmodule', 'module m;', 'module', 'endcase',
  'function', 'endfunction', 'task', 'generate', 'endgenerate', 'interface', 'package', 'import', 'typedef', 'class',
  '`ifdef X', '`ifndef Y', '`else', '`elsif Z', '`endif', '`define', '`define Q(a,b) a+b', '`undef', '`include',
  '`timescale 1ns/1ps', '`resetall', '`celldefine', '`pragma', '`line 3 "x" 0', '`__FILE__', '`MAX(', '`CLOG2',
  '`REG_RESET(', 'assign', 'wire', 'reg', 'logic', 'input', 'output', '.clk()', '#(', 'u_x (', 'specify', 'endspecify',
];

interface Mutation {
  name: string;
  apply(text: string, r: Random, file: string): string;
}

const lineStarts = (text: string) => {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
};
const atLine = (text: string, r: Random, insert: string) => {
  const at = r.pick(lineStarts(text));
  return text.slice(0, at) + insert + text.slice(at);
};
const atOffset = (text: string, r: Random, insert: string) => {
  const at = r.int(text.length + 1);
  return text.slice(0, at) + insert + text.slice(at);
};

const MUTATIONS: Mutation[] = [
  { name: 'truncate', apply: (t, r) => t.slice(0, r.int(t.length + 1)) },
  { name: 'truncate-mid-surrogate', apply: (t, r) => { const s = atOffset(t, r, '😀😀'); const i = s.indexOf('😀'); return s.slice(0, i + 1); } },
  {
    name: 'insert-pieces',
    apply: (t, r) => {
      let s = t;
      for (let n = 1 + r.int(8); n > 0; n--) s = atOffset(s, r, r.pick(PIECES));
      return s;
    },
  },
  {
    name: 'random-chars',
    apply: (t, r) => {
      let s = t;
      for (let n = 1 + r.int(20); n > 0; n--) s = atOffset(s, r, String.fromCharCode(r.next() < 0.5 ? r.int(128) : r.int(0x10000)));
      return s;
    },
  },
  {
    name: 'delete-lines',
    apply: (t, r) => {
      const lines = t.split('\n');
      for (let n = 1 + r.int(6); n > 0 && lines.length > 0; n--) lines.splice(r.int(lines.length), 1 + r.int(3));
      return lines.join('\n');
    },
  },
  {
    name: 'duplicate-lines',
    apply: (t, r) => {
      const lines = t.split('\n');
      const at = r.int(lines.length);
      lines.splice(at, 0, ...lines.slice(at, at + 1 + r.int(10)));
      return lines.join('\n');
    },
  },
  { name: 'delete-span', apply: (t, r) => { const a = r.int(t.length + 1); return t.slice(0, a) + t.slice(a + r.int(400)); } },
  { name: 'unbalanced-ifdef', apply: (t, r) => atLine(t, r, r.pick(['`ifdef FUZZ_OPEN\n', '`ifndef FUZZ_OPEN\n', '`ifdef (A && \n'])) },
  { name: 'stray-endif', apply: (t, r) => atLine(atLine(t, r, '`endif\n'), r, r.pick(['`else\n', '`elsif B\n', '`endif\n'])) },
  { name: 'ifdef-across-units', apply: (t, r) => atLine(atLine(t, r, '`endif\n'), r, '`ifdef FUZZ_X\n') },
  { name: 'self-include', apply: (t, r, file) => atLine(t, r, `\`include "${path.basename(file)}"\n`) },
  { name: 'mutual-include', apply: (t, r) => atLine(t, r, '`include "fuzz_a.vh"\n') },
  { name: 'include-missing', apply: (t, r) => atLine(t, r, r.pick(['`include "nope.vh"\n', '`include <sys.vh>\n', '`include "\n', '`include `UNDEFINED_PATH\n'])) },
  { name: 'unterminated-comment', apply: (t, r) => atOffset(t, r, r.pick(['/*', '/* open', '(* attr = "x" ', '/**/ /*'])) },
  { name: 'unterminated-string', apply: (t, r) => atOffset(t, r, r.pick(['"abc', '"\\', '"line\nbreak', '$display("%d'])) },
  {
    name: 'unterminated-macro',
    apply: (t, r) => r.pick([
      () => atLine(t, r, '`define FUZZ_M(a, b\n'),
      () => atOffset(t, r, '`MAX(1, '),
      () => atOffset(t, r, '`CLOG2((('),
      () => `${t}\n\`define CONT a \\`,
      () => `${t}\n\``,
      () => atLine(t, r, '`define REC `REC\nwire w = `REC;\n'),
      () => atLine(t, r, '`define A2 `B2\n`define B2 `A2\nwire w2 = `A2;\n'),
    ])(),
  },
  {
    // What macro-heavy real code looks like after a bad edit: nested usages, an argument never
    // closed, a usage on a long line, a body with `ifdef lines, a body that grows per level.
    name: 'macro-heavy',
    apply: (t, r) => r.pick([
      () => atLine(t, r, '`define FZ_ADD(a, b = 1) ((a) + (b))\n`define FZ_WRAP(x) `FZ_ADD(`FZ_ADD(x, x), (x))\nwire fz = `FZ_WRAP(`FZ_WRAP(((c))));\n'),
      () => atLine(t, r, `\`define FZ_A(x) assert (x)\ninitial \`FZ_A(${'((a | '.repeat(200 + r.int(400))}b);\n`),
      () => atLine(t, r, `wire fz_long = ${'`FZ_ADD(q, '.repeat(500 + r.int(1500))}0;\n`),
      () => atLine(t, r, '`define FZ_IF(n) \\\n`ifdef FZ_ON \\\n  wire n; \\\n`else \\\n  reg n; \\\n`endif\n`FZ_IF(fz_n)\n`FZ_IF(\n'),
      () => atLine(t, r, `${Array.from({ length: 24 }, (_, k) => `\`define FZ_G${k + 1} \`FZ_G${k} \`FZ_G${k}`).join('\n')}\n\`define FZ_G0 x\nwire fz_g = \`FZ_G24;\n`),
      () => atLine(t, r, '`define FZ_STR(s) `"s`"\ninitial $display(`FZ_STR(a,b), "`FZ_STR(");\n'),
    ])(),
  },
  { name: 'deep-parens', apply: (t, r) => atOffset(t, r, '('.repeat(3000 + r.int(3000))) },
  { name: 'deep-begin', apply: (t, r) => atLine(t, r, `initial ${'begin '.repeat(2000)}\n`) },
  { name: 'deep-ifdef', apply: (t, r) => atLine(t, r, '`ifdef D\n'.repeat(500) + '`endif\n'.repeat(500)) },
  { name: 'long-line', apply: (t, r) => atOffset(t, r, r.pick(['a', 'x_', '1', ' ', '('])!.repeat(5_000 + r.int(15_000))) },
  { name: 'crlf', apply: (t) => t.replace(/\n/g, '\r\n') },
  { name: 'cr-only', apply: (t) => t.replace(/\n/g, '\r') },
  { name: 'empty', apply: () => '' },
  { name: 'nul-file', apply: (t) => '\0'.repeat(Math.min(t.length, 5000)) },
  { name: 'swap-keywords', apply: (t, r) => t.replace(/\b(begin|end|endmodule|module|endcase|input|output)\b/g, (w) => (r.next() < 0.15 ? r.pick(['begin', 'end', 'endmodule', 'module', '']) : w)) },
];

interface Failure {
  what: string;
  detail: string;
}

/**
 * A workspace over the corpus (in memory, so the fuzzer can save mangled files) and a harness
 * that times every call, catches what it throws and what it logs as a soft bug.
 */
async function harness(seed: number) {
  const r = prng(seed);
  const files = new Map<string, string>();
  for (const file of findHdlFiles([CORPUS])) files.set(`${ROOT}/${path.relative(CORPUS, file)}`, fs.readFileSync(file, 'utf8'));
  assert.ok(files.size >= 20, 'the corpus is there');
  // Headers that include themselves or each other.
  files.set(`${ROOT}/include/fuzz_a.vh`, '`include "fuzz_b.vh"\nwire from_a;\n');
  files.set(`${ROOT}/include/fuzz_b.vh`, '`include "fuzz_a.vh"\nwire from_b;\n');
  files.set(`${ROOT}/include/self.vh`, '`include "self.vh"\n`define SELF 1\n');
  const originals = [...files.entries()].filter(([p]) => !p.includes('fuzz_') && !p.endsWith('self.vh'));

  const workspace = new Workspace(memoryFileSystem(files), await testGrammar(), { roots: [ROOT], includeDirs: ['include'], defines: { FUZZ_DEFINED: '1' } });
  workspace.addKnownPaths(files.keys());
  for (const p of files.keys()) workspace.refreshFromDisk(p);

  const failures: Failure[] = [];
  const bugLogs: string[] = [];
  setBugLogger((message) => bugLogs.push(message));
  const timings = new Map<string, { calls: number; total: number; max: number }>();
  const state = { context: '' };
  let savedTexts = 0;
  const save = (text: string) => {
    if (savedTexts >= 5) return '(not saved)';
    const file = path.join(os.tmpdir(), `rtlens-fuzz-${seed}-${savedTexts++}.sv`);
    fs.writeFileSync(file, text);
    return file;
  };
  const trace = process.env.RTLENS_FUZZ_TRACE === '1';
  // A feature that was too slow once is not called again, so one pathology cannot stretch the run.
  const disabled = new Set<string>();
  const call = <T>(name: string, fn: () => T, text: string): T | undefined => {
    if (disabled.has(name)) return undefined;
    if (trace) process.stderr.write(`${name} ${state.context}\n`);
    const t0 = performance.now();
    let result: T | undefined;
    try {
      result = fn();
    } catch (error) {
      const stack = error instanceof Error ? (error.stack ?? error.message).split('\n').slice(0, 6).join('\n      ') : String(error);
      failures.push({ what: `${name} threw`, detail: `${state.context}; text saved to ${save(text)}\n      ${stack}` });
    }
    const took = performance.now() - t0;
    const entry = timings.get(name) ?? { calls: 0, total: 0, max: 0 };
    entry.calls++;
    entry.total += took;
    entry.max = Math.max(entry.max, took);
    timings.set(name, entry);
    if (trace) process.stderr.write(`  ${took.toFixed(1)} ms\n`);
    if (took > MAX_CALL_MS) {
      failures.push({ what: `${name} took ${took.toFixed(0)} ms`, detail: `${state.context} (${text.length} chars); text saved to ${save(text)}; ${name} not called again` });
      disabled.add(name);
    }
    if (bugLogs.length > 0) failures.push({ what: `${name} logged a bug`, detail: `${state.context}: ${bugLogs.splice(0).join(' | ').slice(0, 600)}` });
    return result;
  };

  const suggestTarget = libertyTarget(genericLiberty().text, 'rtlens_generic.lib', true);
  const suggestModel = loadPpaModel();
  /** Every feature on one file, at the given offsets. */
  const exercise = (file: string, text: string, offsets: number[]) => {
    const snapshot = new Snapshot(workspace);
    call('fileProblems', () => fileProblems(snapshot, file), text);
    call('inactiveRegions', () => inactiveRegions(snapshot, file), text);
    call('documentSymbols', () => documentSymbols(snapshot, file), text);
    call('foldingRanges', () => foldingRanges(snapshot, file), text);
    call('semanticTokens', () => semanticTokens(snapshot, file), text);
    call('workspaceSymbols', () => workspaceSymbols(snapshot, r.pick(['', 'f', 'fifo', 'u_', 'zz'])!, uriOf), text);
    call('suggestions', () => findSuggestions({ ppa: { access: snapshot, target: suggestTarget, model: suggestModel }, summarize: (p, t) => snapshot.summarizeText(p, t) }, file, snapshot.text(file) ?? text), text);
    const outer = state.context;
    for (const offset of offsets) {
      state.context = `${outer} at offset ${offset}`;
      call('definition', () => definition(snapshot, file, offset, uriOf), text);
      const declaration = call('declarationAt', () => declarationAt(snapshot, file, offset), text);
      if (declaration) call('references', () => references(snapshot, declaration), text);
      call('documentHighlights', () => documentHighlights(snapshot, file, offset), text);
      call('hover', () => hover(snapshot, file, offset), text);
      call('completion', () => completion(snapshot, file, offset), text);
      call('signatureHelp', () => signatureHelp(snapshot, file, offset), text);
      call('prepareRename', () => prepareRename(snapshot, file, offset), text);
      call('rename', () => rename(snapshot, file, offset, 'renamed_by_fuzz', uriOf), text);
    }
    state.context = outer;
  };

  const finish = (t: { diagnostic(message: string): void }, started: number, budgetMs: number) => {
    setBugLogger((message) => console.error(message));
    workspace.dispose();
    const elapsed = performance.now() - started;
    t.diagnostic(`seed ${seed}: ${(elapsed / 1000).toFixed(1)} s`);
    for (const [name, s] of [...timings.entries()].sort((a, b) => b[1].max - a[1].max)) {
      t.diagnostic(`${name}: ${s.calls} calls, max ${s.max.toFixed(1)} ms, mean ${(s.total / s.calls).toFixed(2)} ms`);
    }
    const shown = failures.slice(0, 25).map((f) => `  ${f.what}: ${f.detail}`);
    assert.equal(failures.length, 0, `${failures.length} failures:\n${shown.join('\n')}${failures.length > 25 ? `\n  ... ${failures.length - 25} more` : ''}`);
    assert.ok(elapsed < budgetMs, `took ${(elapsed / 1000).toFixed(1)} s, over the ${budgetMs / 1000} s budget`);
  };

  return { r, files, originals, workspace, state, call, exercise, finish };
}

test('fuzz: mangled corpus files never throw or stall any feature', { timeout: 120_000 }, async (t) => {
  const started = performance.now();
  const { r, files, originals, workspace, state, call, exercise, finish } = await harness(SEED);
  const offsetsIn = (text: string) => [0, text.length, ...Array.from({ length: OFFSETS_PER_ROUND }, () => r.int(text.length + 1))];
  for (let round = 0; round < ROUNDS; round++) {
    const [file, original] = r.pick(originals)!;
    let text = original;
    const names: string[] = [];
    state.context = `seed ${SEED} round ${round} ${file} open`;
    call('openDocument', () => workspace.openDocument(file, text), text);
    // A chain of edits to the open document: incremental reparses from the previous tree.
    for (let step = 1 + r.int(3); step > 0; step--) {
      const mutation = r.pick(MUTATIONS)!;
      names.push(mutation.name);
      text = mutation.apply(text, r, file);
      state.context = `seed ${SEED} round ${round} ${file} [${names.join(' > ')}]`;
      call('changeDocument', () => workspace.changeDocument(file, text), text);
      exercise(file, text, offsetsIn(text));
    }
    // Workspace-level trouble now and then: a new file with an odd name, a header deleted
    // under its includers, the predefined macros changed.
    const chaos = r.next();
    if (chaos < 0.05) {
      const odd = `${ROOT}/rtl/ünïcode dir/new file 😀 #${round}.sv`;
      state.context = `seed ${SEED} round ${round} new file ${odd}`;
      call('openDocument', () => workspace.openDocument(odd, text), text);
      exercise(odd, text, offsetsIn(text));
      call('closeDocument', () => workspace.closeDocument(odd), text);
    } else if (chaos < 0.1) {
      const header = `${ROOT}/include/defines.vh`;
      const saved = files.get(header)!;
      files.delete(header);
      state.context = `seed ${SEED} round ${round} ${file} [${names.join(' > ')}] with defines.vh deleted`;
      call('remove', () => workspace.remove(header), text);
      exercise(file, text, offsetsIn(text));
      files.set(header, saved);
      call('refreshFromDisk', () => workspace.refreshFromDisk(header), saved);
    } else if (chaos < 0.13) {
      const defines: Record<string, string> = r.next() < 0.5 ? { COUNTER_HAS_LOAD: '', CLK_DIV_WIDE: '', SYNTHESIS: '', DATA_WIDTH: '`DATA_WIDTH' } : { FUZZ_DEFINED: '1' };
      state.context = `seed ${SEED} round ${round} ${file} [${names.join(' > ')}] with defines ${JSON.stringify(defines)}`;
      call('setOptions', () => workspace.setOptions({ roots: [ROOT], includeDirs: ['include', '../..', ''], defines }), text);
      call('changeDocument', () => workspace.changeDocument(file, text), text);
      exercise(file, text, offsetsIn(text));
    }
    // Sometimes the mangled text is saved and the file closed: features then read it from disk.
    if (r.next() < 0.3) {
      files.set(file, text);
      state.context = `seed ${SEED} round ${round} ${file} [${names.join(' > ')}] saved and closed`;
      call('closeDocument', () => workspace.closeDocument(file), text);
      exercise(file, text, offsetsIn(text));
      files.set(file, original);
      call('refreshFromDisk', () => workspace.refreshFromDisk(file), original);
    } else {
      call('openDocument', () => workspace.openDocument(file, original), original);
      call('closeDocument', () => workspace.closeDocument(file), original);
    }
  }
  // A hang guard for the whole run (each call has its own bound, MAX_CALL_MS); the macro-heavy
  // mutations expand on purpose, so the run takes longer than it did before them.
  finish(t, started, 60_000);
});

test('fuzz: a 10 MB file (over the parse limit) is opened, edited and queried', { timeout: 120_000 }, async (t) => {
  const started = performance.now();
  const { files, state, call, exercise, finish, workspace } = await harness(SEED + 1);
  const big = `${ROOT}/rtl/huge.sv`;
  const unit = files.get(`${ROOT}/rtl/common/sync_fifo.v`)!;
  let huge = '';
  for (let i = 0; huge.length < 10 * 1024 * 1024; i++) huge += unit.replace(/sync_fifo/g, `huge_unit_${i}`);
  state.context = `seed ${SEED + 1} 10 MB file`;
  call('openDocument', () => workspace.openDocument(big, huge), huge);
  exercise(big, huge, [0, 5_000_000, huge.length]);
  const edited = huge.slice(0, 5_000_000) + '\n`ifdef OPEN\n/* ' + huge.slice(5_000_000);
  state.context = `seed ${SEED + 1} 10 MB file, edited`;
  call('changeDocument', () => workspace.changeDocument(big, edited), edited);
  exercise(big, edited, [4_999_990]);
  call('closeDocument', () => workspace.closeDocument(big), edited);
  // A hang guard for the whole run (each call has its own bound, MAX_CALL_MS); the macro-heavy
  // mutations expand on purpose, so the run takes longer than it did before them.
  finish(t, started, 60_000);
});

/**
 * Inputs the fuzzer found slow, kept as fixed cases so they stay found (each runs once, so a
 * regression costs seconds, not minutes).
 */
test('fuzz findings: completion after a 60,000-character word answers within the bound', { timeout: 120_000 }, async () => {
  const { workspace, finish, call, state } = await harness(SEED + 2);
  const file = `${ROOT}/rtl/long_word.sv`;
  const text = `module long_word;\n  wire w = ${'a'.repeat(60_000)};\nendmodule\n`;
  workspace.openDocument(file, text);
  state.context = 'completion just after the ; that ends a 60,000-character word';
  call('completion', () => completion(new Snapshot(workspace), file, text.indexOf(';\nendmodule') + 1), text);
  finish({ diagnostic: () => {} }, performance.now(), 60_000);
});

test('fuzz findings: signatureHelp below a 2,500-digit literal answers within the bound', { timeout: 120_000 }, async () => {
  const { workspace, finish, call, state } = await harness(SEED + 3);
  const file = `${ROOT}/rtl/long_literal.sv`;
  // Memory initialisation values this long are common in FPGA primitive models.
  const text = `module long_literal;\n  localparam [9999:0] INIT = 10000'h${'f'.repeat(2500)};\n  wire w;\nendmodule\n`;
  workspace.openDocument(file, text);
  state.context = 'signatureHelp two lines below a 2,500-digit literal';
  call('signatureHelp', () => signatureHelp(new Snapshot(workspace), file, text.indexOf('wire w') + 2), text);
  finish({ diagnostic: () => {} }, performance.now(), 60_000);
});

test('fuzz findings: a file over the parse limit is preprocessed once, not on every request', { timeout: 120_000 }, async () => {
  const { workspace, files } = await harness(SEED + 4);
  const file = `${ROOT}/rtl/over_limit.sv`;
  const unit = files.get(`${ROOT}/rtl/common/sync_fifo.v`)!;
  let text = '';
  for (let i = 0; text.length < 4_200_000; i++) text += unit.replace(/sync_fifo/g, `over_${i}`);
  workspace.openDocument(file, text);
  const snapshot = new Snapshot(workspace);
  const first = snapshot.parsed(file);
  const second = snapshot.parsed(file);
  workspace.dispose();
  setBugLogger((message) => console.error(message));
  assert.ok(first && second, 'the open document has a parsed form');
  // (assert.ok, not assert.equal: a failing equal would print two 4 MB objects.)
  assert.ok(first === second, 'Workspace.parsed() makes a new ParsedFile on every call for a file over MAX_PARSE_CHARS (it has no tree), so every hover, definition or rename on it preprocesses all of it again');
});
