// Checks for the static language assets: the two TextMate grammars and language-configuration.json.
//
// VS Code runs the grammars with Oniguruma; here every regex must also compile as a JavaScript RegExp
// with the 'u' flag. That flag rejects the escapes JavaScript would otherwise silently read as literals
// (\h, \A, \z, \G, \K, ...) and Oniguruma-only syntax (possessive quantifiers, atomic groups, inline
// flags, POSIX classes), so a pattern that passes means the same thing in both engines. Lookbehinds
// are also checked to be fixed-length, which Oniguruma requires.
//
// The tokenizer below is a deliberately small model of TextMate on a single line: at each position the
// earliest match of the current pattern list wins (ties go to the earlier pattern), begin/end rules
// nest, and captures get their names and, if they have them, their own patterns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

interface Capture {
  name?: string;
  patterns?: Rule[];
}
interface Rule {
  name?: string;
  contentName?: string;
  match?: string;
  begin?: string;
  end?: string;
  include?: string;
  patterns?: Rule[];
  captures?: Record<string, Capture>;
  beginCaptures?: Record<string, Capture>;
  endCaptures?: Record<string, Capture>;
}
interface Grammar {
  name: string;
  scopeName: string;
  patterns: Rule[];
  repository: Record<string, Rule>;
}

const root = path.resolve(__dirname, '../../..');
const grammarFiles = {
  verilog: path.join(root, 'syntaxes', 'verilog.tmLanguage.json'),
  systemverilog: path.join(root, 'syntaxes', 'systemverilog.tmLanguage.json'),
};

function readJson(file: string): unknown {
  const text = fs.readFileSync(file, 'utf8');
  return JSON.parse(text);
}

function loadGrammar(lang: keyof typeof grammarFiles): Grammar {
  return readJson(grammarFiles[lang]) as Grammar;
}

/** Every rule object in the grammar, including capture sub-patterns, with a readable location. */
function allRules(g: Grammar): { where: string; rule: Rule }[] {
  const out: { where: string; rule: Rule }[] = [];
  const visit = (rule: Rule, where: string): void => {
    out.push({ where, rule });
    rule.patterns?.forEach((p, i) => visit(p, `${where}.patterns[${i}]`));
    for (const key of ['captures', 'beginCaptures', 'endCaptures'] as const) {
      for (const [n, cap] of Object.entries(rule[key] ?? {})) {
        cap.patterns?.forEach((p, i) => visit(p, `${where}.${key}[${n}].patterns[${i}]`));
      }
    }
  };
  g.patterns.forEach((p, i) => visit(p, `patterns[${i}]`));
  for (const [k, r] of Object.entries(g.repository)) visit(r, `repository.${k}`);
  return out;
}

/** Contents of every (?<= ...) / (?<! ...) group; Oniguruma only allows fixed-length lookbehind. */
function lookbehinds(src: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '\\') {
      i++;
      continue;
    }
    if (!src.startsWith('(?<=', i) && !src.startsWith('(?<!', i)) continue;
    let depth = 0;
    let inClass = false;
    for (let j = i; j < src.length; j++) {
      const c = src[j];
      if (c === '\\') {
        j++;
      } else if (inClass) {
        if (c === ']') inClass = false;
      } else if (c === '[') {
        inClass = true;
      } else if (c === '(') {
        depth++;
      } else if (c === ')' && --depth === 0) {
        found.push(src.slice(i + 4, j));
        break;
      }
    }
  }
  return found;
}

// ------------------------------------------------------------------------------------------------
// Mini tokenizer

type Scopes = string[][]; // scopes[i] = scope names that cover character i of the line

function compile(src: string): RegExp {
  return new RegExp(src, 'dgu');
}

function resolvePatterns(g: Grammar, patterns: Rule[], seen = new Set<Rule>()): Rule[] {
  const out: Rule[] = [];
  for (const p of patterns) {
    if (p.include !== undefined) {
      let target: Rule | undefined;
      if (p.include === '$self' || p.include === '$base') target = { patterns: g.patterns };
      else if (p.include.startsWith('#')) target = g.repository[p.include.slice(1)];
      else throw new Error(`external include ${p.include} is not modelled by this test`);
      assert.ok(target, `unresolved include ${p.include}`);
      if (seen.has(target)) continue;
      seen.add(target);
      out.push(...resolvePatterns(g, [target], seen));
      seen.delete(target);
    } else if (p.match !== undefined || p.begin !== undefined) {
      out.push(p);
    } else if (p.patterns) {
      out.push(...resolvePatterns(g, p.patterns, seen));
    }
  }
  return out;
}

function paint(scopes: Scopes, from: number, to: number, name: string | undefined): void {
  if (!name) return;
  for (let i = from; i < to; i++) scopes[i].push(...name.split(' '));
}

type Indices = [number, number][] | undefined;
function indicesOf(m: RegExpExecArray): Indices {
  return (m as unknown as { indices?: Indices }).indices;
}

function applyCaptures(
  g: Grammar,
  line: string,
  m: RegExpExecArray,
  caps: Record<string, Capture> | undefined,
  scopes: Scopes,
): void {
  if (!caps) return;
  const idx = indicesOf(m);
  for (const [n, cap] of Object.entries(caps)) {
    const range = idx?.[Number(n)];
    if (!range) continue;
    paint(scopes, range[0], range[1], cap.name);
    if (cap.patterns) scan(g, line.slice(0, range[1]), range[0], resolvePatterns(g, cap.patterns), scopes, null);
  }
}

/**
 * Tokenizes line[pos..] with `patterns` until `end` matches (when given). Returns where it stopped.
 */
function scan(
  g: Grammar,
  line: string,
  pos: number,
  patterns: Rule[],
  scopes: Scopes,
  end: { re: RegExp; rule: Rule } | null,
): number {
  while (pos <= line.length) {
    let best: { m: RegExpExecArray; rule: Rule } | null = null;
    for (const rule of patterns) {
      const re = compile((rule.match ?? rule.begin) as string);
      re.lastIndex = pos;
      const m = re.exec(line);
      if (m && (!best || m.index < best.m.index)) best = { m, rule };
    }
    if (end) {
      end.re.lastIndex = pos;
      const em = end.re.exec(line);
      if (em && (!best || em.index <= best.m.index)) {
        const stop = em.index + em[0].length;
        paint(scopes, em.index, stop, end.rule.name);
        applyCaptures(g, line, em, end.rule.endCaptures ?? end.rule.captures, scopes);
        return stop;
      }
    }
    if (!best) return line.length;
    const { m, rule } = best;
    const start = m.index;
    let stop = start + m[0].length;
    if (rule.match !== undefined) {
      paint(scopes, start, stop, rule.name);
      applyCaptures(g, line, m, rule.captures, scopes);
    } else {
      paint(scopes, start, stop, rule.name);
      applyCaptures(g, line, m, rule.beginCaptures ?? rule.captures, scopes);
      const inner = resolvePatterns(g, rule.patterns ?? []);
      const endRe = compile(rule.end as string);
      const bodyStart = stop;
      stop = scan(g, line, stop, inner, scopes, { re: endRe, rule });
      // Everything up to the end of the rule (or of the line, if it stays open) is inside it.
      paint(scopes, bodyStart, stop, rule.name);
      paint(scopes, bodyStart, stop, rule.contentName);
    }
    pos = stop > start ? stop : start + 1; // never loop on an empty match
  }
  return line.length;
}

function tokenize(g: Grammar, line: string): Scopes {
  const scopes: Scopes = Array.from({ length: line.length }, () => []);
  scan(g, line, 0, resolvePatterns(g, g.patterns), scopes, null);
  return scopes;
}

/** Scopes common to every character of the first occurrence of `text` in `line`. */
function scopesOf(g: Grammar, line: string, text: string): string[] {
  const at = line.indexOf(text);
  assert.ok(at >= 0, `"${text}" not in "${line}"`);
  const scopes = tokenize(g, line);
  return scopes[at].filter((s) => scopes.slice(at, at + text.length).every((c) => c.includes(s)));
}

function expectScope(g: Grammar, line: string, text: string, prefix: string): void {
  const got = scopesOf(g, line, text);
  assert.ok(
    got.some((s) => s === prefix || s.startsWith(prefix + '.')),
    `${g.scopeName}: in ${JSON.stringify(line)}, ${JSON.stringify(text)} should be ${prefix}, got [${got.join(', ')}]`,
  );
}

function expectNoScope(g: Grammar, line: string, text: string, prefix: string): void {
  const got = scopesOf(g, line, text);
  assert.ok(
    !got.some((s) => s === prefix || s.startsWith(prefix + '.')),
    `${g.scopeName}: in ${JSON.stringify(line)}, ${JSON.stringify(text)} should not be ${prefix}, got [${got.join(', ')}]`,
  );
}

// Samples that must hold in both grammars: [line, text, expected scope prefix].
const common: [string, string, string][] = [
  ['// a line comment', 'a line comment', 'comment.line.double-slash'],
  ['x = 1; /* block */ y = 2;', 'block', 'comment.block'],
  ['$display("x=%0d\\n", x);', '$display', 'support.function'],
  ['$display("x=%0d\\n", x);', '"x=', 'string.quoted.double'],
  ['$display("x=%0d\\n", x);', '%0d', 'constant.other.placeholder'],
  ['$display("x=%0d\\n", x);', '\\n', 'constant.character.escape'],
  ['localparam W = $clog2(DEPTH);', '$clog2', 'support.function'],
  ['`define WIDTH 8', 'define', 'keyword.other.directive'],
  ['`define WIDTH 8', 'WIDTH', 'entity.name.function.preprocessor'],
  ['`define WIDTH 8', '8', 'constant.numeric'],
  ['`define MAX(a, b) ((a) > (b) ? (a) : (b))', 'MAX', 'entity.name.function.preprocessor'],
  ['`define MAX(a, b) ((a) > (b) ? (a) : (b))', 'a,', 'meta.preprocessor'],
  ['`include "defs.vh"', 'include', 'keyword.other.directive'],
  ['`include "defs.vh"', '"defs.vh"', 'string.quoted'],
  ['`ifdef SIMULATION', 'ifdef', 'keyword.other.directive'],
  ['`ifndef SYNTHESIS', 'SYNTHESIS', 'variable.other.constant.macro'],
  ['`elsif FPGA', 'elsif', 'keyword.other.directive'],
  ['`else', 'else', 'keyword.other.directive'],
  ['`endif // SIMULATION', 'endif', 'keyword.other.directive'],
  ['`timescale 1ns / 1ps', 'timescale', 'keyword.other.directive'],
  ['`timescale 1ns / 1ps', '1ps', 'constant.numeric'],
  ['`default_nettype none', 'default_nettype', 'keyword.other.directive'],
  ['assign y = `WIDTH + 1;', '`WIDTH', 'variable.other.constant.macro'],
  ['module counter #(parameter W = 8) (', 'module', 'keyword.other'],
  ['module counter #(parameter W = 8) (', 'counter', 'entity.name.type.module'],
  ['module counter #(parameter W = 8) (', 'parameter', 'storage.type'],
  ['module \\top$mod (a);', '\\top$mod', 'entity.name.type.module'],
  ['  input  wire [W-1:0] d,', 'input', 'storage.modifier.direction'],
  ['  output reg  [W-1:0] q', 'reg', 'storage.type'],
  ['  output reg  [W-1:0] q', '1', 'constant.numeric'],
  ['always @(posedge clk) begin', 'always', 'keyword.control'],
  ['always @(posedge clk) begin', 'posedge', 'keyword.other.event'],
  ['always @(posedge clk) begin', 'begin', 'keyword.control'],
  ['always @(*) begin', '*', 'keyword.operator'],
  ['if (rst) q <= 0; else q <= q + 1;', 'if', 'keyword.control'],
  ['if (rst) q <= 0; else q <= q + 1;', 'else', 'keyword.control'],
  ['if (rst) q <= 0; else q <= q + 1;', '<=', 'keyword.operator'],
  ['case (sel) 2\'b01: y = a; endcase', 'case', 'keyword.control'],
  ['q = 8\'hFF & x;', '8\'hFF', 'constant.numeric.hex'],
  ['q = 4\'b10x? | y;', '4\'b10x?', 'constant.numeric.binary'],
  ['q = \'d3;', '\'d3', 'constant.numeric.decimal'],
  ['q = 12\'o7_7 + 16\'sd1_000;', '12\'o7_7', 'constant.numeric.octal'],
  ['q = 12\'o7_7 + 16\'sd1_000;', '16\'sd1_000', 'constant.numeric.decimal'],
  ['real r = 1.5e-3 + 2.0;', '1.5e-3', 'constant.numeric.real'],
  ['integer n = 1_000;', '1_000', 'constant.numeric.decimal'],
  ['fifo #(.DEPTH(16)) u_fifo (.clk(clk), .rst(rst));', 'fifo', 'entity.name.type.module'],
  ['fifo #(.DEPTH(16)) u_fifo (.clk(clk), .rst(rst));', 'u_fifo', 'variable.other.instance'],
  ['fifo #(.DEPTH(16)) u_fifo (.clk(clk), .rst(rst));', 'clk', 'variable.parameter.port'],
  ['fifo #(.DEPTH(16)) u_fifo (.clk(clk), .rst(rst));', '16', 'constant.numeric'],
  ['  adder u_add[3:0] (a, b, s);', 'adder', 'entity.name.type.module'],
  ['  adder u_add[3:0] (a, b, s);', 'u_add', 'variable.other.instance'],
  ['  fifo #(', 'fifo', 'entity.name.type.module'],
  ['  ) u_fifo (', 'u_fifo', 'variable.other.instance'],
  ['(* keep = "true" *) reg r;', 'keep', 'entity.other.attribute-name'],
  ['(* keep = "true" *) reg r;', 'reg', 'storage.type'],
  ['wire \\bus[0] ;', '\\bus[0]', 'variable.other.escaped'],
  ['function [7:0] parity;', 'function', 'keyword.other'],
  ['function [7:0] parity;', 'parity', 'entity.name.function'],
  ['task automatic send_byte(input [7:0] b);', 'send_byte', 'entity.name.function'],
  ['task automatic send_byte(input [7:0] b);', 'automatic', 'storage.modifier'],
  ['end : blk', 'blk', 'entity.name.label'],
  ['end : blk', 'end', 'keyword.control'],
  ['endmodule : counter', 'endmodule', 'keyword.other'],
  ['genvar i; generate for (i = 0; i < 4; i = i + 1) begin : g', 'generate', 'keyword.other'],
  ['genvar i; generate for (i = 0; i < 4; i = i + 1) begin : g', 'genvar', 'storage.type'],
  ['genvar i; generate for (i = 0; i < 4; i = i + 1) begin : g', 'for', 'keyword.control'],
  ['and g1 (y, a, b);', 'and', 'support.type.primitive'],
  ['#5 -> ev;', '->', 'keyword.operator'],
  ['#5 -> ev;', '#', 'keyword.operator'],
];

// Things that must NOT get a scope: [line, text, scope prefix it must not have].
const commonNegative: [string, string, string][] = [
  ['wire if_done;', 'if_done', 'keyword'],
  ['end_addr <= 0;', 'end_addr', 'keyword'],
  ['wire a$end;', 'a$end', 'keyword'],
  ['always @(*) begin', '*', 'meta.attribute'],
  ['always @(*) begin', '(*', 'punctuation.definition.attribute'],
  ['x = y; // if begin end', 'if', 'keyword'],
  ['$display("begin end");', 'begin', 'keyword'],
  ['else if (a) b = c;', 'else', 'entity.name.type.module'],
  ['foo(bar);', 'foo', 'entity.name.type.module'],
  ['`ifdef begin', 'begin', 'keyword.control'],
];

const svOnly: [string, string, string][] = [
  ['always_ff @(posedge clk) q <= d;', 'always_ff', 'keyword.control'],
  ['always_comb begin', 'always_comb', 'keyword.control'],
  ['always_latch if (en) q = d;', 'always_latch', 'keyword.control'],
  ['logic [7:0] data;', 'logic', 'storage.type'],
  ['bit [3:0] nib; byte b; int i; shortint s; longint l;', 'bit', 'storage.type'],
  ['typedef enum logic [1:0] {IDLE, RUN} state_t;', 'typedef', 'storage.type'],
  ['typedef enum logic [1:0] {IDLE, RUN} state_t;', 'enum', 'storage.type'],
  ['typedef logic [7:0] byte_t;', 'byte_t', 'entity.name.type.typedef'],
  ['typedef struct packed { logic a; } s_t;', 'struct', 'storage.type'],
  ['typedef struct packed { logic a; } s_t;', 'packed', 'storage.modifier'],
  ['typedef union packed { logic a; } u_t;', 'union', 'storage.type'],
  ['interface bus_if (input logic clk);', 'interface', 'keyword.other'],
  ['interface bus_if (input logic clk);', 'bus_if', 'entity.name.type.interface'],
  ['  modport master (output req, input gnt);', 'modport', 'keyword.other'],
  ['  modport master (output req, input gnt);', 'master', 'entity.name.type.modport'],
  ['package my_pkg;', 'my_pkg', 'entity.name.type.package'],
  ['import my_pkg::*;', 'import', 'keyword.other'],
  ['import my_pkg::*;', 'my_pkg', 'entity.name.scope-resolution'],
  ['class driver extends base_driver;', 'class', 'keyword.other'],
  ['class driver extends base_driver;', 'driver', 'entity.name.type.class'],
  ['class driver extends base_driver;', 'base_driver', 'entity.other.inherited-class'],
  ['virtual class shape;', 'virtual', 'storage.modifier'],
  ['function automatic int unsigned add(input int a, b);', 'add', 'entity.name.function'],
  ['function automatic int unsigned add(input int a, b);', 'int', 'storage.type'],
  ['extern virtual function void build(uvm_phase phase);', 'build', 'entity.name.function'],
  ['function new(string name);', 'new', 'entity.name.function'],
  ['function automatic logic [$clog2(N)-1:0] msb(input int a);', 'msb', 'entity.name.function'],
  ['function automatic logic [$clog2(N)-1:0] msb(input int a);', '$clog2', 'support.function'],
  ['task run(); fork a(); b(); join_none endtask', 'join_none', 'keyword.control'],
  ['unique case (s) inside', 'unique', 'keyword.control'],
  ['unique case (s) inside', 'inside', 'keyword.operator'],
  ['foreach (arr[i]) arr[i] = \'0;', 'foreach', 'keyword.control'],
  ['foreach (arr[i]) arr[i] = \'0;', '\'0', 'constant.numeric'],
  ['#10ns; ##2 done;', '10ns', 'constant.numeric.time'],
  ['#10ns; ##2 done;', '##', 'keyword.operator'],
  ['a_p: assert property (@(posedge clk) req |-> ##[1:3] gnt);', 'a_p', 'entity.name.label'],
  ['a_p: assert property (@(posedge clk) req |-> ##[1:3] gnt);', 'assert', 'keyword.control'],
  ['a_p: assert property (@(posedge clk) req |-> ##[1:3] gnt);', '|->', 'keyword.operator'],
  ['this.x = null;', 'this', 'variable.language'],
  ['this.x = null;', 'null', 'constant.language'],
  ['obj = new();', 'new', 'keyword.operator.new'],
  ['x = int\'(y);', '\'', 'keyword.operator.cast'],
  ['`uvm_info("ID", "msg", UVM_LOW)', '`uvm_info', 'variable.other.constant.macro'],
  ['`define STR(x) `"x`"', '`"', 'constant.character.escape'],
  ['bus_if.master m, input logic clk', 'logic', 'storage.type'],
  ['rand bit [7:0] len; constraint c_len { len inside {[1:8]}; }', 'rand', 'storage.modifier'],
  ['rand bit [7:0] len; constraint c_len { len inside {[1:8]}; }', 'c_len', 'entity.name.function'],
  ['covergroup cg @(posedge clk);', 'cg', 'entity.name.type.covergroup'],
  ['x++; y += 2;', '+=', 'keyword.operator.assignment'],
  ['q <= $unit::x;', '$unit', 'variable.language'],
  ['alu u_alu (.*);', '.*', 'keyword.operator'],
];

const svNegative: [string, string, string][] = [
  ['assert property (p);', 'assert', 'entity.name.type.module'],
  ['return foo(x);', 'return', 'entity.name.type.module'],
  ['obj.randomize(x);', 'randomize', 'variable.parameter.port'],
  ['wire logic_out;', 'logic_out', 'storage.type'],
];

// ------------------------------------------------------------------------------------------------

test('grammar files are valid JSON with the right scope names', () => {
  for (const [lang, file] of Object.entries(grammarFiles)) {
    const g = readJson(file) as Grammar;
    assert.equal(g.scopeName, `source.${lang}`);
    assert.equal(typeof g.name, 'string');
    assert.ok(Array.isArray(g.patterns) && g.patterns.length > 0, `${lang}: no top-level patterns`);
    assert.equal(typeof g.repository, 'object');
  }
});

test('package.json contributes the grammars under the same scope names', () => {
  const pkg = readJson(path.join(root, 'package.json')) as {
    contributes: { grammars: { language: string; scopeName: string; path: string }[] };
  };
  for (const lang of Object.keys(grammarFiles) as (keyof typeof grammarFiles)[]) {
    const entry = pkg.contributes.grammars.find((x) => x.language === lang);
    assert.ok(entry, `no grammar contributed for ${lang}`);
    assert.equal(entry.scopeName, `source.${lang}`);
    assert.equal(path.resolve(root, entry.path), grammarFiles[lang]);
  }
});

test('every regex compiles in JavaScript and uses no Oniguruma-only constructs', () => {
  for (const lang of Object.keys(grammarFiles) as (keyof typeof grammarFiles)[]) {
    const g = loadGrammar(lang);
    let count = 0;
    for (const { where, rule } of allRules(g)) {
      for (const key of ['match', 'begin', 'end'] as const) {
        const src = rule[key];
        if (src === undefined) continue;
        assert.equal(typeof src, 'string', `${lang} ${where}.${key}`);
        assert.doesNotThrow(() => new RegExp(src), `${lang} ${where}.${key}: ${src}`);
        assert.doesNotThrow(() => new RegExp(src, 'u'), `${lang} ${where}.${key} is not portable: ${src}`);
        for (const lb of lookbehinds(src)) {
          assert.ok(!/[*+?{]/.test(lb.replace(/\\./g, '')), `${lang} ${where}.${key}: variable-length lookbehind (?<${lb})`);
        }
        count++;
      }
      if (rule.begin !== undefined) assert.equal(typeof rule.end, 'string', `${lang} ${where}: begin without end`);
    }
    assert.ok(count > 40, `${lang}: only ${count} regexes found`);
  }
});

test('every include resolves and every scope name carries the language suffix', () => {
  for (const lang of Object.keys(grammarFiles) as (keyof typeof grammarFiles)[]) {
    const g = loadGrammar(lang);
    for (const { where, rule } of allRules(g)) {
      if (rule.include !== undefined && rule.include.startsWith('#')) {
        assert.ok(g.repository[rule.include.slice(1)], `${lang} ${where}: unresolved include ${rule.include}`);
      }
      const names: string[] = [];
      if (rule.name) names.push(rule.name);
      for (const key of ['captures', 'beginCaptures', 'endCaptures'] as const) {
        for (const cap of Object.values(rule[key] ?? {})) if (cap.name) names.push(cap.name);
      }
      for (const n of names) assert.ok(n.endsWith(`.${lang}`), `${lang} ${where}: scope ${n} lacks .${lang}`);
    }
    // Smoke test: a whole tokenization pass over everything resolves without throwing.
    assert.ok(resolvePatterns(g, g.patterns).length > 20);
  }
});

test('sample lines get the expected scopes (both grammars)', () => {
  for (const lang of Object.keys(grammarFiles) as (keyof typeof grammarFiles)[]) {
    const g = loadGrammar(lang);
    for (const [line, text, scope] of common) expectScope(g, line, text, scope);
    for (const [line, text, scope] of commonNegative) expectNoScope(g, line, text, scope);
  }
});

test('SystemVerilog-only samples', () => {
  const sv = loadGrammar('systemverilog');
  for (const [line, text, scope] of svOnly) expectScope(sv, line, text, scope);
  for (const [line, text, scope] of svNegative) expectNoScope(sv, line, text, scope);

  // ...and the Verilog grammar leaves SystemVerilog-only words alone.
  const v = loadGrammar('verilog');
  expectNoScope(v, 'logic [7:0] data;', 'logic', 'storage.type');
  expectNoScope(v, 'always_ff @(posedge clk) q <= d;', 'always_ff', 'keyword');
});

test('language-configuration.json is valid and its patterns behave', () => {
  const conf = readJson(path.join(root, 'language-configuration.json')) as {
    comments: { lineComment: string; blockComment: [string, string] };
    brackets: [string, string][];
    autoClosingPairs: { open: string; close: string; notIn?: string[] }[];
    surroundingPairs: [string, string][];
    wordPattern: string;
    folding: { markers: { start: string; end: string } };
    indentationRules: Record<string, string>;
    onEnterRules: { beforeText: string; afterText?: string }[];
  };
  assert.equal(conf.comments.lineComment, '//');
  assert.deepEqual(conf.comments.blockComment, ['/*', '*/']);
  for (const [open] of conf.brackets) assert.ok(['(', '[', '{'].includes(open), `unexpected bracket ${open}`);
  const quote = conf.autoClosingPairs.find((p) => p.open === '"');
  assert.ok(quote && quote.notIn?.includes('string') && quote.notIn.includes('comment'));
  assert.ok(!conf.autoClosingPairs.some((p) => p.open === "'"), "' starts based numbers; it must not auto-close");

  const re = (src: string, flags = ''): RegExp => {
    assert.doesNotThrow(() => new RegExp(src, flags + 'u'), src);
    return new RegExp(src, flags);
  };
  for (const src of Object.values(conf.indentationRules)) re(src);
  for (const rule of conf.onEnterRules) {
    re(rule.beforeText);
    if (rule.afterText) re(rule.afterText);
  }

  const words = (line: string): string[] => line.match(re(conf.wordPattern, 'g')) ?? [];
  assert.deepEqual(words('assign data$q = `WIDTH + $clog2(N);'), ['assign', 'data$q', 'WIDTH', '$clog2', 'N']);
  assert.deepEqual(words('wire \\bus[0] , x;'), ['wire', '\\bus[0]', 'x']);
  assert.deepEqual(words("q = 8'hFF + 1.5;"), ['q', "8'hFF", '1.5']);
  assert.deepEqual(words('a`b'), ['a', 'b']);

  const inc = re(conf.indentationRules.increaseIndentPattern);
  const dec = re(conf.indentationRules.decreaseIndentPattern);
  for (const line of [
    'module top (',
    'module top;',
    'always @(posedge clk) begin',
    '  end else begin',
    'begin : blk',
    'case (sel)',
    'unique case (sel) inside',
    'function automatic int f(input int a);',
    'task send;',
    'fork',
    'generate',
    'class foo extends bar;',
    'interface bus_if;',
    'package p;',
  ]) {
    assert.ok(inc.test(line), `should indent after: ${line}`);
  }
  for (const line of [
    'if (a) begin b = 1; end',
    'disable fork;',
    'wait fork;',
    'extern function void f();',
    '// begin',
    'x = y;',
    'endmodule',
    'typedef class foo;',
    'virtual interface bus_if vif;',
    'assign y = a;',
  ]) {
    assert.ok(!inc.test(line), `should not indent after: ${line}`);
  }
  for (const line of ['end', '  end else begin', 'endmodule : top', 'endcase', 'endfunction', 'join_none', '  join', 'endclass']) {
    assert.ok(dec.test(line), `should outdent: ${line}`);
  }
  for (const line of ['end_addr <= 0;', 'ending = 1;', 'joined <= 1;', 'x = y;']) {
    assert.ok(!dec.test(line), `should not outdent: ${line}`);
  }

  const start = re(conf.folding.markers.start);
  const stop = re(conf.folding.markers.end);
  assert.ok(start.test('`ifdef SIM') && start.test('  `ifndef SYNTH') && start.test('// #region ports'));
  assert.ok(stop.test('`endif') && stop.test('  `endif // SIM') && stop.test('// #endregion'));
  assert.ok(!start.test('`ifdefine') && !stop.test('x = 1;'));
});
