import { children, type Expr, namesOf, nodes, parseExpression, parseRange, plainName, type Span, tokenize, treeWidth } from '../../base';
import { expandMacros, type DesignIndex, moduleGraph, type ModuleGraph, nameWidth, resolveParameters } from '../../graph';
import type { Assignment, Block, DesignUnit, Statement } from '../../model';
import { applyEdits, bitsFor, indentAt, literalOf, sourceOf, type TextEdit } from './text';

/**
 * The rewrites: each reads one module (its summary, data-flow facts and text) and proposes
 * edits. A detector only proposes; whether the edit is offered is decided later by the
 * figures (estimate, then synthesis) and, for behaviour-preserving rewrites, by the proof.
 * A detector stays silent on anything it does not fully understand (macros, parse errors,
 * widths it cannot compute, shapes it has no rule for): a missed suggestion costs less than a
 * wrong one, and the proof is the second line, not the first.
 */
export type RewriteKind = 'shareOperator' | 'narrowCounter' | 'redundantReset' | 'redundantEnable' | 'latchDefault' | 'pipeline';

/** What a rewrite is meant to improve: the figure its gain is judged on. */
export type Goal = 'area' | 'delay' | 'latch';

export interface Rewrite {
  kind: RewriteKind;
  module: string;
  /** Short, for a code action's title. */
  title: string;
  /** What it does and why it may help, in a sentence or two. */
  detail: string;
  /** Where it applies: a code action is offered when the cursor or selection touches it. */
  span: Span;
  edits: TextEdit[];
  /** True when the rewrite keeps the module's behaviour at its ports (then it must be proven). */
  preservesBehaviour: boolean;
  /** How behaviour changes, for the rewrites that change it. */
  behaviourChange?: string;
  goal: Goal;
  /** Lemmas that make the equivalence inductive, for the proof (prove.ts): see ProofHint. */
  proofHint?: ProofHint;
}

/**
 * What a rewrite knows about why it is right, handed to the proof: an observer wire added to
 * the original module's copy (it reads the design, drives nothing), and the properties
 * (`signal value`, as Yosys `sat -prove` takes them, `gold.` and `gate.` prefixed) that
 * together with the outputs' equality are inductive. The hint only speeds the proof up: when
 * it fails, the general proof still decides.
 */
export interface ProofHint {
  observer?: string;
  properties: string[];
  /**
   * The rewrite leaves every register as it was and only changes logic chosen by these input
   * ports: the one-clock-step function (registers cut into inputs and outputs) can be compared
   * for each value of them, where both versions simplify to the same structure.
   */
  caseSplit?: { port: string; width: number }[];
}

export interface RewriteInput {
  index: DesignIndex;
  path: string;
  text: string;
  unit: DesignUnit;
  /** The file's inactive `ifdef branches: macro uses there are not compiled. */
  inactive?: readonly Span[];
}

export const REWRITE_KINDS: readonly RewriteKind[] = ['shareOperator', 'narrowCounter', 'redundantReset', 'redundantEnable', 'latchDefault', 'pipeline'];

const ARITHMETIC = new Set(['+', '-', '*']);

/** A compiler directive other than a macro use: `ifdef, `define, `include and the like. */
const DIRECTIVE = /`(?:ifdef|ifndef|elsif|else|endif|define|undef|undefineall|include|line|resetall|begin_keywords|end_keywords|pragma|timescale|default_nettype|celldefine|endcelldefine|unconnected_drive|nounconnected_drive)\b/;
const DIRECTIVE_WORDS = new Set(['ifdef', 'ifndef', 'elsif', 'else', 'endif', 'define', 'undef', 'undefineall', 'include', 'line', 'resetall', 'begin_keywords', 'end_keywords', 'pragma', 'timescale', 'default_nettype', 'celldefine', 'endcelldefine', 'unconnected_drive', 'nounconnected_drive', '__FILE__', '__LINE__']);

/** Every rewrite found in a module, in text order. */
export function findRewrites(input: RewriteInput): Rewrite[] {
  const { unit } = input;
  if (unit.kind !== 'module' || unit.hasErrors) return [];
  // A macro that stands for a signal (`define OUT data_q) hides a read or a write from the
  // facts: then nothing is proposed in the module. Macros that stand for constants are fine,
  // except for the counter narrowing, which reasons over every value in the module.
  const macros = macroUses(input);
  if (macros === 'signals') return [];
  const out: Rewrite[] = [];
  for (const detect of [shareOperator, narrowCounter, redundantReset, redundantEnable, latchDefault, pipeline]) {
    if (macros === 'constants' && detect === narrowCounter) continue;
    try {
      out.push(...detect(input));
    } catch {
      // A detector that trips on odd text proposes nothing for it.
    }
  }
  // Conditional compilation makes the text say something other than what is compiled: no
  // rewrite touches a block or an edit with a directive in it. Macro uses elsewhere in the
  // module are fine (the facts come from the text as compiled with the project's defines, and
  // the proof reads it with the same defines).
  const touchesDirective = (r: Rewrite) =>
    DIRECTIVE.test(input.text.slice(r.span.start, r.span.end)) || r.edits.some((e) => DIRECTIVE.test(input.text.slice(e.start, e.end)) || DIRECTIVE.test(e.newText));
  return out.filter((r) => !touchesDirective(r)).sort((a, b) => a.span.start - b.span.start);
}

// ---- shared helpers ---------------------------------------------------------------------------

/**
 * What the module's macro uses stand for: none, only constants and names that are no signal of
 * the module, or possibly signals (a macro that names one, or one that cannot be expanded:
 * undefined here, or with arguments).
 */
function macroUses(input: RewriteInput): 'none' | 'constants' | 'signals' {
  const { unit } = input;
  const moduleText = input.text.slice(unit.span.start, unit.span.end);
  if (!moduleText.includes('`')) return 'none';
  const signals = new Set<string>([...unit.ports.map((p) => p.name), ...unit.signals.map((x) => x.name)]);
  const seen = new Set<string>();
  for (const m of moduleText.matchAll(/`([A-Za-z_][A-Za-z0-9_$]*)/g)) {
    const name = m[1];
    const at = unit.span.start + m.index!;
    if (seen.has(name) || DIRECTIVE_WORDS.has(name) || input.inactive?.some((x) => x.start <= at && at < x.end)) continue;
    seen.add(name);
    const after = moduleText.slice(m.index! + m[0].length, m.index! + m[0].length + 64).trimStart();
    const expanded = expandMacros(input.index, `\`${name}`);
    if (expanded.includes('`') || after.startsWith('(')) return 'signals';
    for (const word of expanded.matchAll(/[A-Za-z_][A-Za-z0-9_$]*/g)) if (signals.has(word[0])) return 'signals';
  }
  return 'constants';
}

function valuesOf(input: RewriteInput): Map<string, number> {
  return resolveParameters(input.unit, new Map(), (t) => expandMacros(input.index, t));
}

function widthOf(input: RewriteInput, name: string, values: Map<string, number>): number | undefined {
  const w = nameWidth(input.unit, name, values, (t) => expandMacros(input.index, t));
  return typeof w === 'number' ? w : undefined;
}

const COMBINATIONAL = /^(always_comb|always\s*@\s*\*|always\s*@\s*\(\s*\*\s*\))\s*/;
const EVENT = /^always(_ff)?\s*@\s*\(([^)]*)\)\s*/;

function isCombinational(block: Block): boolean {
  return (block.kind === 'always' || block.kind === 'always_comb') && !!block.flow && block.flow.edges.length === 0 && block.flow.sensitivity.includes('*');
}

/** Where a block's statement starts (after `always @*`, `always_comb`, `always @(...)`). */
function bodyStart(text: string, block: Block): number | undefined {
  const blockText = text.slice(block.span.start, block.span.end);
  const m = COMBINATIONAL.exec(blockText) ?? EVENT.exec(blockText);
  return m ? block.span.start + m[0].length : undefined;
}

/**
 * Edits that put `statements` at the start or end of a block's body: inside its begin ... end,
 * or around a single statement with a new begin ... end.
 */
function addToBody(text: string, block: Block, statements: string[], where: 'start' | 'end', inner: TextEdit[] = []): TextEdit[] | undefined {
  const start = bodyStart(text, block);
  if (start === undefined || inner.some((e) => e.start < start || e.end > block.span.end)) return undefined;
  const original = text.slice(start, block.span.end);
  const indent = indentAt(text, block.span.start);
  const pad = `${indent}  `;
  const begin = /^begin(\s*:\s*[A-Za-z_][\w$]*)?\b/.exec(original);
  if (begin && /\bend$/.test(original)) {
    if (where === 'start') {
      const at = start + begin[0].length;
      const restOnLine = !/^[ \t]*(\n|$)/.test(text.slice(at, at + 200));
      return [...inner, { start: at, end: at, newText: statements.map((s) => `\n${pad}${s}`).join('') + (restOnLine ? `\n${pad}` : '') }];
    }
    const endAt = block.span.end - 3;
    const before = text.slice(0, endAt);
    const lineStart = before.lastIndexOf('\n') + 1;
    const onOwnLine = /^[ \t]*$/.test(before.slice(lineStart));
    const insertAt = onOwnLine ? lineStart : endAt;
    return [...inner, { start: insertAt, end: insertAt, newText: onOwnLine ? statements.map((s) => `${pad}${s}\n`).join('') : `${statements.join(' ')} ` }];
  }
  // One statement: wrap it, with the inner edits applied to it first.
  const body = applyEdits(original, inner.map((e) => ({ ...e, start: e.start - start, end: e.end - start })));
  const list = where === 'start' ? [...statements, body] : [body, ...statements];
  return [{ start, end: block.span.end, newText: `begin\n${list.map((s) => `${pad}${s.replace(/\n/g, `\n  `)}`).join('\n')}\n${indent}end` }];
}

/** A name not yet used in the module. */
function freshName(unit: DesignUnit, text: string, base: string): string {
  const used = (n: string) => unit.signals.some((s) => s.name === n) || unit.ports.some((p) => p.name === n) || unit.params.some((p) => p.name === n) || new RegExp(`\\b${n}\\b`).test(text);
  let name = base;
  for (let i = 1; used(name); i++) name = `${base}${i}`;
  return name;
}

/** `gold.r gate.r` for the module's registers (whole signals, not memories) other than `except`. */
function sameRegisters(input: RewriteInput, except: string[]): string[] {
  const { unit } = input;
  const plain = (r: string) => unit.ports.some((p) => p.name === r) || unit.signals.some((x) => x.name === r && x.scope === '' && !x.array);
  return [...moduleGraph(input.path, unit).registers.keys()].filter((r) => !except.includes(r) && plain(r)).map((r) => `gold.${r} gate.${r}`);
}

/** The input ports (16 combinations at most) that every condition of the assignments reads; undefined if any condition reads something else. */
function selectingPorts(input: RewriteInput, assignments: Assignment[], values: Map<string, number>): { port: string; width: number }[] | undefined {
  const names = new Set(assignments.flatMap((a) => a.conditions));
  const out: { port: string; width: number }[] = [];
  let combinations = 1;
  for (const n of names) {
    const port = input.unit.ports.find((p) => p.name === n && p.direction === 'input');
    const width = port ? widthOf(input, n, values) : undefined;
    if (!port || width === undefined) return undefined;
    combinations *= 2 ** width;
    out.push({ port: n, width });
  }
  return out.length > 0 && combinations <= 16 ? out : undefined;
}

/**
 * Width for a register holding each of `texts` unchanged: the widest of them, capped at the
 * target's; the target's when any is signed (sign extension) or has no width of its own.
 */
function slotWidth(input: RewriteInput, trees: (Expr | undefined)[], targetWidth: number, values: Map<string, number>): number {
  const { unit } = input;
  const signedName = (n: string) => [...unit.ports, ...unit.signals].some((x) => x.name === n && /\bsigned\b/.test(x.type));
  let widest = 0;
  for (const t of trees) {
    if (!t) return targetWidth;
    if ([...nodes(t)].some((e) => (e.kind === 'call' && e.fn === '$signed') || (e.kind === 'number' && e.signed)) || namesOf(t).some(signedName)) return targetWidth;
    const w = treeWidth(t, (n) => nameWidth(unit, n, values, (x) => expandMacros(input.index, x)), values);
    if (!w || w.width === 'free') return targetWidth;
    widest = Math.max(widest, w.width);
  }
  return Math.min(targetWidth, Math.max(1, widest));
}

function declaration(width: number, names: string[]): string {
  return `reg ${width > 1 ? `[${width - 1}:0] ` : ''}${names.join(', ')};`;
}

/** The statement an assignment is, with its semicolon. */
function statementSpan(text: string, a: Assignment): Span | undefined {
  const after = /^\s*;/.exec(text.slice(a.span.end, a.span.end + 64));
  return after ? { start: a.span.start, end: a.span.end + after[0].length } : undefined;
}

function plainTarget(a: Assignment): string | undefined {
  return a.targets.length === 1 && a.selected.length === 0 && plainName(a.lhs) === a.targets[0] ? a.targets[0] : undefined;
}

function isLiteral(expr: Expr | undefined): boolean {
  return literalOf(expr) !== undefined;
}

/** A literal, '0 / '1, or a replication of a literal ({W{1'b0}}): a reset value. */
function isConstantValue(expr: Expr | undefined): boolean {
  if (!expr) return false;
  if (isLiteral(expr) || (expr.kind === 'number' && expr.fill && expr.value !== undefined)) return true;
  if (expr.kind !== 'replicate' || (expr.count.kind !== 'name' && expr.count.kind !== 'number') || (expr.count.kind === 'name' && expr.count.qualified)) return false;
  const item = expr.item.kind === 'concat' && expr.item.parts.length === 1 ? expr.item.parts[0] : expr.item;
  return isLiteral(item);
}

/** The top-level binary operator of a tree and its operands, when it is one. */
function binaryOf(expr: Expr | undefined): Extract<Expr, { kind: 'binary' }> | undefined {
  return expr?.kind === 'binary' ? expr : undefined;
}

// ---- share one operator between exclusive branches ---------------------------------------------

/**
 * `case (op) 0: y = a + b; 1: y = c + d; ...` in a combinational block: each branch computes
 * its own adder, though only one result is ever used. The rewrite has the branches choose
 * the operands and one operator compute `y` after the case: operands are muxed instead of
 * results. Yosys's own `share` pass does this for multipliers and dividers, and `opt_share`
 * for a `?:` of two operators, but not for adders spread over case or if branches.
 */
function shareOperator(input: RewriteInput): Rewrite[] {
  const { unit, text } = input;
  const values = valuesOf(input);
  const out: Rewrite[] = [];
  const registers = sameRegisters(input, []);
  unit.blocks.forEach((block) => {
    if (!isCombinational(block) || block.flow!.partial || block.scope !== '') return;
    const byTarget = new Map<string, Assignment[]>();
    for (const a of block.flow!.assignments) {
      if (a.kind !== 'blocking') continue;
      for (const t of a.targets) byTarget.set(t, [...(byTarget.get(t) ?? []), a]);
    }
    for (const [target, assignments] of byTarget) {
      if (assignments.some((a) => plainTarget(a) !== target || a.rhs === undefined || a.conditions.length === 0)) continue;
      if (block.flow!.reads.includes(target)) continue;
      const splits = assignments.map((a) => binaryOf(a.rhs));
      const ops = new Set(splits.filter((s) => s && ARITHMETIC.has(s.op) && !isLiteral(s.left) && !isLiteral(s.right)).map((s) => s!.op));
      if (ops.size !== 1) continue;
      const op = [...ops][0];
      const matching = splits.filter((s) => s?.op === op && !isLiteral(s.left) && !isLiteral(s.right));
      if (matching.length < 2) continue;
      if (new Set(matching.map((s) => `${sourceOf(text, s!.left)}|${sourceOf(text, s!.right)}`)).size < 2) continue;
      const width = widthOf(input, target, values);
      if (width === undefined) continue;
      const statements = assignments.map((a) => statementSpan(text, a));
      if (statements.some((s) => s === undefined)) continue;
      const a = freshName(unit, text, `${target}_op_a`);
      const b = freshName(unit, text.replace(new RegExp(`\\b${a}\\b`, 'g'), ''), `${target}_op_b`);
      const identity = parseExpression(op === '*' ? "1'b1" : "1'b0")!;
      const operands = assignments.map((assignment, i) => {
        const s = splits[i];
        return s && s.op === op && !isLiteral(s.left) && !isLiteral(s.right) ? [s.left, s.right] : [assignment.rhs!, identity];
      });
      // The identity was read from its own text: its span does not point into the file.
      const operandText = (e: Expr) => (e === identity ? (op === '*' ? "1'b1" : "1'b0") : sourceOf(text, e)!);
      const edits: TextEdit[] = assignments.map((_, i) => ({ start: statements[i]!.start, end: statements[i]!.end, newText: `begin ${a} = ${operandText(operands[i][0])}; ${b} = ${operandText(operands[i][1])}; end` }));
      const body = addToBody(text, block, [`${target} = ${a} ${op} ${b};`], 'end', edits);
      if (!body) continue;
      edits.splice(0, edits.length, ...body);
      const indent = indentAt(text, block.span.start);
      // Each operand register as wide as what it holds (the target's width at most): the low
      // bits of a sum, difference or product depend only on the operands' low bits.
      const widthA = slotWidth(input, operands.map((o) => o[0]), width, values);
      const widthB = slotWidth(input, operands.map((o) => o[1]), width, values);
      const declarations = widthA === widthB ? declaration(widthA, [a, b]) : `${declaration(widthA, [a])} ${declaration(widthB, [b])}`;
      edits.push({ start: block.span.start, end: block.span.start, newText: `${declarations}\n${indent}` });
      const name = op === '*' ? 'multiplier' : op === '+' ? 'adder' : 'subtractor';
      const split = selectingPorts(input, assignments, values);
      out.push({
        kind: 'shareOperator',
        module: unit.name,
        title: `Share one ${name} for '${target}' across ${assignments.length} exclusive branches`,
        detail: `The branches assigning '${target}' each compute their own ${name}; only one result is used at a time. Selecting the operands instead of the results leaves one ${name}.`,
        span: block.span,
        edits,
        preservesBehaviour: true,
        goal: 'area',
        // The registers do not change: with them equal, the step is the combinational logic,
        // and for each value of the selecting inputs both versions compute the same operator.
        proofHint: { properties: registers, ...(split ? { caseSplit: split } : {}) },
      });
    }
  });
  return out;
}

/**
 * Every expression tree of a module's blocks: assignment sides, the conditions of ifs, the
 * subjects and labels of cases, and loop headers (what the syntax layer read; port
 * connections and generate conditions are not trees).
 */
function moduleTrees(unit: DesignUnit): Expr[] {
  const out: Expr[] = [];
  const statements = (list: readonly Statement[]) => {
    for (const st of list) {
      if (st.kind === 'if') {
        for (const b of st.branches) {
          if (b.condition) out.push(b.condition);
          statements(b.body);
        }
      } else if (st.kind === 'case') {
        if (st.subject) out.push(st.subject);
        for (const item of st.items) {
          out.push(...(item.labels ?? []));
          statements(item.body);
        }
      } else if (st.kind === 'loop') {
        if (st.header) out.push(st.header.init, st.header.bound);
        statements(st.body);
      }
    }
  };
  for (const block of unit.blocks) {
    for (const a of block.flow?.assignments ?? []) {
      if (a.lhs) out.push(a.lhs);
      if (a.rhs) out.push(a.rhs);
    }
    statements(block.flow?.body ?? []);
  }
  return out;
}

// ---- narrow a counter to the range it counts ---------------------------------------------------

const COMPARE = ['==', '!=', '<', '<=', '>', '>='];

/** The signals and the combinational signals computed from them (through assign and always @* blocks). */
function testsOf(unit: DesignUnit, ...names: string[]): Set<string> {
  const out = new Set(names);
  for (let grew = true, round = 0; grew && round < 8; round++) {
    grew = false;
    for (const block of unit.blocks) {
      if (!block.flow || (block.kind !== 'assign' && !isCombinational(block))) continue;
      for (const a of block.flow.assignments) {
        if (!a.sources.some((s) => out.has(s))) continue;
        for (const t of a.targets) {
          if (out.has(t)) continue;
          out.add(t);
          grew = true;
        }
      }
    }
  }
  return out;
}

/**
 * Whether every read of `name` is guarded: an enclosing if, or the ?: that selects it, tests a
 * signal `isGuard` accepts, and not `name` itself.
 */
function everyReadGuarded(unit: DesignUnit, graph: ModuleGraph, name: string, isGuard: (signal: string) => boolean): boolean {
  const loads = graph.loads.get(name) ?? [];
  return (
    loads.length > 0 &&
    loads.every((e) => {
      const a = unit.blocks[e.block].flow?.assignments.find((x) => x.span.start === e.span.start);
      if (a === undefined || a.rhs === undefined) return false;
      const tested = [...a.conditions, ...(a.rhs.kind === 'ternary' ? namesOf(a.rhs.condition) : [])];
      return tested.some(isGuard) && !tested.includes(name);
    })
  );
}

/**
 * A register that only counts (+1/-1) and loads constants, and is compared with constants,
 * never leaves 0..max of those constants: bits above that range stay zero but still cost
 * flip-flops and adder bits. Synthesis cannot see that (it needs reachability); the proof can.
 */
function narrowCounter(input: RewriteInput): Rewrite[] {
  const { unit, text, path } = input;
  const values = valuesOf(input);
  const graph = moduleGraph(path, unit);
  const moduleText = text.slice(unit.span.start, unit.span.end);
  const out: Rewrite[] = [];
  for (const [name, reg] of graph.registers) {
    if (unit.ports.some((p) => p.name === name)) continue;
    const signal = unit.signals.find((s) => s.name === name && s.scope === '');
    const bounds = signal && parseRange(signal.range);
    if (!signal || signal.array || signal.kind !== 'variable' || !bounds || bounds.lo.kind !== 'number' || bounds.lo.value !== 0) continue;
    if (unit.signals.some((s) => s !== signal && s.span.start < signal.span.end && signal.span.start < s.span.end)) continue;
    const width = widthOf(input, name, values);
    if (width === undefined || width < 2) continue;
    const writes = (graph.drivers.get(name) ?? []).map((e) => unit.blocks[e.block].flow!.assignments.find((a) => a.span.start === e.span.start && a.span.end === e.span.end));
    if (writes.length === 0 || writes.some((a) => !a || plainTarget(a) !== name || a.rhs === undefined)) continue;
    if (unit.blocks[reg.block].flow!.partial) continue;
    const constants: number[] = [];
    let counts = false;
    let selfTested = false;
    const understood = writes.every((a) => {
      const leaf = (e: Expr): boolean => {
        const v = literalOf(e);
        if (v !== undefined) {
          constants.push(v);
          return true;
        }
        if (e.kind === 'ternary') {
          if (namesOf(e.condition).includes(name)) selfTested = true;
          return leaf(e.then) && leaf(e.else);
        }
        if (e.kind === 'binary' && (e.op === '+' || e.op === '-') && plainName(e.left) === name && literalOf(e.right) === 1) {
          counts = true;
          return true;
        }
        return false;
      };
      return leaf(a!.rhs!);
    });
    if (!understood || !counts) continue;
    // Something must stop or wrap the count: a write guarded by a test of the counter itself
    // (`if (cnt == N) cnt <= 0`, `if (cnt < N) cnt <= cnt + 1`, `cnt <= cnt == N ? 0 : cnt + 1`),
    // also through a wire (`wire tick = cnt == N; ... if (tick) cnt <= 0`). A free-running
    // `cnt <= cnt + 1` runs through every value of its width, whatever it is compared with.
    const tests = testsOf(unit, name);
    if (!selfTested && !writes.some((a) => a!.conditions.some((c) => tests.has(c)))) continue;
    // The comparisons with constants bound the count; a comparison with anything else (a
    // port, a parameter) leaves the bound unknown.
    const compared: number[] = [];
    let unknown = false;
    let widthMatters = false;
    let seen = 0;
    const mirrored: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '==': '==', '!=': '!=' };
    for (const root of moduleTrees(unit)) {
      // Inside a concatenation its bits are placed; under an AND reduction all are tested; a select names them.
      const visit = (e: Expr, inConcat: boolean): void => {
        if (e.kind === 'name' && e.name === name) {
          seen++;
          if (inConcat) widthMatters = true;
          return;
        }
        if (e.kind === 'select' && plainName(e.target) === name) widthMatters = true;
        if (e.kind === 'unary' && (e.op === '&' || e.op === '~&') && plainName(e.arg) === name) widthMatters = true;
        if (e.kind === 'binary' && COMPARE.includes(e.op)) {
          const [op, other] = plainName(e.left) === name ? [e.op, e.right] : plainName(e.right) === name ? [mirrored[e.op], e.left] : [undefined, undefined];
          if (op !== undefined) {
            const v = literalOf(other);
            if (v === undefined) unknown = true;
            else compared.push(op === '>' ? v + 1 : v);
          }
        }
        for (const c of children(e)) visit(c, inConcat || e.kind === 'concat' || e.kind === 'replicate');
      };
      visit(root, false);
    }
    // A use the trees do not hold (a port connection, a generate condition, an assignment too
    // long to keep) leaves the count's range unknown: the names in the module's tokens must all
    // be the declaration and the uses read above.
    const occurrences = tokenize(moduleText).filter((t) => t.text === name).length;
    if (occurrences !== seen + 1) continue;
    if (unknown) continue;
    if (compared.length === 0) continue;
    if (widthMatters) continue;
    const max = Math.max(...compared, ...constants);
    const bits = bitsFor(max);
    if (bits >= width) continue;
    const rangeAt = text.indexOf(signal.range, signal.span.start);
    if (rangeAt < 0 || rangeAt > signal.span.end) continue;
    // Literals sized to the old width in its own assignments shrink with it (16'd9 -> 4'd9),
    // so the rewritten code has no width mismatch to warn about.
    const literalEdits: TextEdit[] = [];
    for (const a of writes) {
      for (const lit of nodes(a!.rhs!)) {
        if (lit.kind !== 'number' || lit.width !== width || lit.base === undefined || lit.signed || lit.value === undefined || lit.value >= 2 ** bits) continue;
        // The literal's own text (not a parenthesised one): the edit replaces exactly it.
        const own = text.slice(lit.span.start, lit.span.end);
        if (own.startsWith('(')) continue;
        literalEdits.push({ start: lit.span.start, end: lit.span.end, newText: `${bits}'d${lit.value}` });
      }
    }
    out.push({
      kind: 'narrowCounter',
      module: unit.name,
      title: `Narrow counter '${name}' from ${width} to ${bits} bits (it counts 0..${max})`,
      detail: `'${name}' only counts by one, loads constants and is compared with constants up to ${max}, so its top ${width - bits} bits stay zero: ${width - bits} flip-flops and their adder bits do nothing.`,
      span: signal.span,
      edits: [{ start: rangeAt, end: rangeAt + signal.range.length, newText: `[${bits - 1}:0]` }, ...literalEdits],
      preservesBehaviour: true,
      goal: 'area',
      // The count stays within 0..max, its low bits are the narrowed register, its high bits zero.
      proofHint: {
        observer: `(* keep *) wire rtlens_in_range = ${name} <= ${max};`,
        // Every other register is the same in both: stating it makes the step inductive.
        properties: [
          'gold.rtlens_in_range 1',
          `gold.${name}[${bits - 1}:0] gate.${name}`,
          `gold.${name}[${width - 1}:${bits}] 0`,
          ...sameRegisters(input, [name]),
        ],
      },
    });
  }
  return out;
}

// ---- drop a reset a datapath register does not need -------------------------------------------

/** The one nonblocking assignment to a plain name a branch holds, if that is all it holds. */
function onlyAssignment(block: Block, body: readonly Statement[]): Assignment | undefined {
  if (body.length !== 1 || body[0].kind !== 'assign') return undefined;
  const a = block.flow!.assignments[body[0].assignment];
  return a && a.kind === 'nonblocking' && plainTarget(a) !== undefined ? a : undefined;
}

/** The name an if tests, plain or negated (`if (rst)`, `if (!rst_n)`). */
function testedName(condition: Expr | undefined): string | undefined {
  if (condition?.kind === 'unary' && (condition.op === '!' || condition.op === '~')) return plainName(condition.arg);
  return plainName(condition);
}

/**
 * The clock edge of a block with one or two edges, the second (if any) being `reset`; the
 * block's keyword (always or always_ff) to write it again. Undefined for other shapes.
 */
function clockOf(block: Block, reset: string | undefined): { keyword: string; edge: string; signal: string } | undefined {
  const edges = block.flow?.edges ?? [];
  if ((block.kind !== 'always' && block.kind !== 'always_ff') || edges.length === 0 || edges.length > 2) return undefined;
  if (edges.length === 2 && (reset === undefined || !edges.some((e) => e.signal === reset))) return undefined;
  const clock = edges.find((e) => e.signal !== reset) ?? edges[0];
  return { keyword: block.kind, edge: clock.edge, signal: clock.signal };
}

/**
 * `always @(posedge clk) if (rst) data <= 0; else data <= d;` where `data` is only used under
 * a valid flag that is itself reset: the reset value of `data` is never seen, and dropping it
 * saves a gate per bit (synchronous reset) or a resettable flip-flop per bit (asynchronous).
 */
function redundantReset(input: RewriteInput): Rewrite[] {
  const { unit, text, path } = input;
  const values = valuesOf(input);
  const graph = moduleGraph(path, unit);
  const out: Rewrite[] = [];
  /** Whether `name` may lose its reset: a datapath register read only under a flag the reset clears. */
  const datapath = (name: string, reset: string, ...next: Expr[]): number | undefined => {
    if (unit.ports.some((p) => p.name === name)) return undefined;
    const width = widthOf(input, name, values);
    if (width === undefined || width < 2) return undefined;
    // Its next value must not read itself (a counter, an accumulator): the reset value would
    // live on. Through combinational logic it may, where that read is guarded like any other
    // (biriscv's write buffer reloads itself while its flag holds it).
    if (next.some((e) => namesOf(e).includes(name))) return undefined;
    // Every read of it is guarded by a flag: a one-bit register the same reset clears to 0 (or
    // a signal computed from one). A state register (`state_q == IDLE`) is no flag: its reset
    // value selects a read as readily as any other. Being in the else branch of the reset
    // itself guards nothing (`sync1 <= sync0`).
    const clearedToZero = (r: string) =>
      (graph.drivers.get(r) ?? []).some((e) => {
        if (!e.conditions.includes(reset)) return false;
        const a = unit.blocks[e.block].flow?.assignments.find((x) => x.span.start === e.span.start);
        return literalOf(a?.rhs) === 0;
      });
    const flags = [...graph.registers.values()].filter((r) => r.name !== name && widthOf(input, r.name, values) === 1 && clearedToZero(r.name)).map((r) => r.name);
    if (flags.length === 0) return undefined;
    const guards = testsOf(unit, ...flags);
    guards.delete(reset);
    return everyReadGuarded(unit, graph, name, (n) => guards.has(n)) ? width : undefined;
  };
  const rewrite = (name: string, width: number, block: Block, edits: TextEdit[]): Rewrite => ({
    kind: 'redundantReset',
    module: unit.name,
    title: `Drop the reset of datapath register '${name}' (only read under a valid flag)`,
    detail: `'${name}' is read only where a condition selects it, and that condition's register is reset; the reset value of '${name}' is never seen. Without it, each of its ${width} flip-flops loses its reset logic.`,
    span: block.span,
    edits,
    preservesBehaviour: true,
    goal: 'area',
  });
  unit.blocks.forEach((block) => {
    if (!block.flow || block.flow.partial || block.flow.edges.length === 0 || block.scope !== '') return;
    const body = block.flow.body ?? [];
    const only = body.length === 1 && body[0].kind === 'if' && body[0].branches.length === 2 && body[0].branches[1].condition === undefined ? body[0].branches : undefined;
    const resetWrite = only && onlyAssignment(block, only[0].body);
    const nextWrite = only && onlyAssignment(block, only[1].body);
    if (only && resetWrite && nextWrite) {
      // The register has a block of its own (if (rst) q <= 0; else q <= d;): the block becomes one line without the reset.
      const reset = testedName(only[0].condition);
      const name = plainTarget(resetWrite)!;
      const clock = clockOf(block, reset);
      if (!reset || !clock || name !== plainTarget(nextWrite) || !isConstantValue(resetWrite.rhs) || !nextWrite.rhs) return;
      const width = datapath(name, reset, nextWrite.rhs);
      if (width === undefined) return;
      out.push(rewrite(name, width, block, [{ start: block.span.start, end: block.span.end, newText: ownBlock(clock, name, sourceOf(text, nextWrite.rhs)!) }]));
      return;
    }
    // The register shares a block with others (`if (!rst_n) begin valid <= 0; data <= 0; end
    // else if (en) begin valid <= v; data <= d; end`): its assignments leave, and it gets a
    // block of its own with the same if/case structure around them, without the reset.
    if (block.kind !== 'always' && block.kind !== 'always_ff') return;
    const flow = block.flow;
    const reset = flow.reset?.signal;
    const top = body.length === 1 && body[0].kind === 'if' ? body[0] : undefined;
    if (!reset || !top || testedName(top.branches[0].condition) !== reset) return;
    const clockEdge = flow.edges.find((e) => e.signal !== reset);
    if (!clockEdge || flow.edges.length > 2 || (flow.edges.length === 2 && !flow.edges.some((e) => e.signal === reset))) return;
    const byTarget = new Map<string, Assignment[]>();
    for (const a of flow.assignments) for (const t of a.targets) byTarget.set(t, [...(byTarget.get(t) ?? []), a]);
    if (byTarget.size < 2) return;
    // Names the block itself computes with blocking assignments: a slice reading them would lose their values.
    const blockingTargets = new Set(flow.assignments.filter((a) => a.kind !== 'nonblocking').flatMap((a) => a.targets));
    const indent = indentAt(text, block.span.start);
    for (const [name, writes] of byTarget) {
      if (writes.some((a) => a.kind !== 'nonblocking' || plainTarget(a) !== name || a.loops?.length)) continue;
      const resetWrites = writes.filter((a) => a.span.start >= top.span.start && top.branches[0].body.some((st) => st.span.start <= a.span.start && a.span.end <= st.span.end));
      if (resetWrites.length !== 1 || !isConstantValue(resetWrites[0].rhs) || !top.branches[0].body.some((st) => st.kind === 'assign' && flow.assignments[st.assignment] === resetWrites[0])) continue;
      const nextWrites = writes.filter((a) => a !== resetWrites[0]);
      if (nextWrites.length === 0 || nextWrites.some((a) => !a.rhs || namesOf(a.rhs).includes(name))) continue;
      const rest = top.branches.slice(1);
      const sliced = sliceFor(text, flow.assignments, rest, name, `${indent}  `);
      if (!sliced || sliced.reads.some((n) => n === name || blockingTargets.has(n))) continue;
      const width = datapath(name, reset, ...nextWrites.map((a) => a.rhs!));
      if (width === undefined) continue;
      const removals = writes.map((a) => safeRemoval(text, a));
      if (removals.some((x) => x === undefined)) continue;
      const header = `${block.kind} @(${clockEdge.edge} ${clockEdge.signal})`;
      const newBlock = sliced.lines.length === 1 && !sliced.lines[0].includes('\n') ? `${header} ${sliced.lines[0].trim()}` : `${header} begin\n${sliced.lines.join('\n')}\n${indent}end`;
      out.push(rewrite(name, width, block, [...(removals as TextEdit[]), { start: block.span.end, end: block.span.end, newText: `\n${indent}${newBlock}` }]));
    }
  });
  return out;
}

/**
 * The statements of an if chain (the branches after a reset) that assign `name`, with the
 * if/case structure around them and nothing else: a block of its own for that register. Empty
 * branches stay (an else if after one must not move up); undefined for loops and statements
 * it cannot read, or when `name` is written nowhere in them.
 */
function sliceFor(text: string, assignments: readonly Assignment[], branches: readonly { condition?: Expr; body: Statement[] }[], name: string, indent: string): { lines: string[]; reads: string[] } | undefined {
  const reads: string[] = [];
  let failed = false;
  const word = new RegExp(`(^|[^A-Za-z0-9_$])${name.replace(/[$]/g, '\\$')}([^A-Za-z0-9_$]|$)`);
  const mentions = (span: Span) => word.test(text.slice(span.start, span.end));
  const statements = (body: readonly Statement[], pad: string): string[] => {
    const lines: string[] = [];
    for (const st of body) {
      if (failed) return [];
      if (st.kind === 'assign') {
        const a = assignments[st.assignment];
        if (!a || !a.targets.includes(name)) continue;
        const span = statementSpan(text, a);
        if (!span || !a.rhs) {
          failed = true;
          return [];
        }
        reads.push(...namesOf(a.rhs));
        lines.push(`${pad}${name} <= ${sourceOf(text, a.rhs)};`);
      } else if (st.kind === 'if') {
        const chain = ifChain(st.branches, pad);
        if (chain) lines.push(chain);
      } else if (st.kind === 'case') {
        if (!st.subject) {
          failed = true;
          return [];
        }
        const items = st.items.map((item) => ({ item, body: statements(item.body, `${pad}    `) }));
        if (items.every((i) => i.body.length === 0)) continue;
        const open = text.indexOf('(', st.span.start);
        const keyword = text.slice(st.span.start, open).trim();
        if (!/^(unique\s+|priority\s+|unique0\s+)?case[zx]?$/.test(keyword)) {
          failed = true;
          return [];
        }
        reads.push(...namesOf(st.subject));
        const out = [`${pad}${keyword} (${text.slice(st.subject.span.start, st.subject.span.end)})`];
        for (const { item, body: b } of items) {
          for (const l of item.labels ?? []) reads.push(...namesOf(l));
          const label = item.labels ? item.labels.map((l) => text.slice(l.span.start, l.span.end)).join(', ') : 'default';
          out.push(b.length === 0 ? `${pad}  ${label}: ;` : `${pad}  ${label}: begin\n${b.join('\n')}\n${pad}  end`);
        }
        out.push(`${pad}endcase`);
        lines.push(out.join('\n'));
      } else if (st.kind === 'loop' || mentions(st.span)) {
        failed = true;
        return [];
      }
    }
    return lines;
  };
  const ifChain = (chain: readonly { condition?: Expr; body: Statement[] }[], pad: string): string | undefined => {
    const bodies = chain.map((b) => statements(b.body, `${pad}  `));
    if (failed || bodies.every((b) => b.length === 0)) return undefined;
    // A trailing else (or else ifs) that assign nothing can go; earlier empty branches stay.
    let last = bodies.length - 1;
    while (last > 0 && bodies[last].length === 0) last--;
    const parts: string[] = [];
    for (let i = 0; i <= last; i++) {
      const c = chain[i].condition;
      if (c) reads.push(...namesOf(c));
      const head = c ? `${i === 0 ? '' : 'else '}if (${text.slice(c.span.start, c.span.end)})` : 'else';
      parts.push(`${head} begin\n${bodies[i].join('\n')}\n${pad}end`);
    }
    return `${pad}${parts.join(' ')}`;
  };
  let lines: string[];
  if (branches.length > 0 && branches[0].condition === undefined) lines = statements(branches[0].body, indent);
  else {
    const chain = ifChain(branches, indent);
    lines = chain ? [chain] : [];
  }
  return failed || lines.length === 0 ? undefined : { lines, reads: [...new Set(reads)] };
}

/**
 * Deleting an assignment statement, when that leaves valid code with the same meaning: it
 * follows a `;`, `begin` or `end`; the lone statement of a case item becomes a null statement;
 * the lone body of an if or else is left alone (undefined).
 */
function safeRemoval(text: string, a: Assignment): TextEdit | undefined {
  const span = statementSpan(text, a);
  if (!span) return undefined;
  let at = span.start;
  for (let lines = 0; lines < 20; lines++) {
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    let head = text.slice(lineStart, at);
    const comment = head.indexOf('//');
    if (comment >= 0) head = head.slice(0, comment);
    head = head.replace(/\/\*[^*]*\*\//g, ' ').trimEnd();
    if (head.length > 0) {
      if (/(;|\bbegin|\bend)$/.test(head)) return removal(text, span);
      // The lone statement of a case item (`2'd0: q <= d;`): a null statement keeps the item.
      if (head.endsWith(':') && !head.endsWith('::')) return { start: span.start, end: span.end, newText: ';' };
      return undefined;
    }
    if (lineStart === 0) return undefined;
    at = lineStart - 1;
  }
  return undefined;
}

/** An edit deleting a statement, and its line when nothing else is on it. */
function removal(text: string, span: Span): TextEdit {
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  const lineEnd = text.indexOf('\n', span.end);
  const end = lineEnd < 0 ? text.length : lineEnd;
  if (/^[ \t]*$/.test(text.slice(lineStart, span.start)) && /^[ \t]*$/.test(text.slice(span.end, end)) && lineEnd >= 0) return { start: lineStart, end: lineEnd + 1, newText: '' };
  const head = text.slice(lineStart, span.start);
  const before = head.length - head.trimEnd().length;
  return { start: span.start - before, end: span.end, newText: '' };
}

// ---- drop an enable a datapath register does not need ------------------------------------------


/** The block a register gets of its own: `always @(posedge clk) q <= value;`. */
function ownBlock(clock: { keyword: string; edge: string; signal: string }, name: string, value: string): string {
  return `${clock.keyword} @(${clock.edge} ${clock.signal}) ${name} <= ${value};`;
}

/** The dropped-enable rewrite of a register read only under its valid flag, loaded from the enable. */
function enableDrop(module: string, span: Span, r: { name: string; valid: string; enable: string; width: number; reset: boolean }, edits: TextEdit[]): Rewrite {
  return {
    kind: 'redundantEnable',
    module,
    title: `Drop the ${r.reset ? 'reset and enable' : 'enable'} of datapath register '${r.name}' (only read under '${r.valid}')`,
    detail: `'${r.name}' is read only where '${r.valid}' selects it, and '${r.valid}' is loaded from '${r.enable}': whenever '${r.name}' is seen it was loaded in that same cycle. Loading it every cycle saves the hold multiplexer of each of its ${r.width} bits${r.reset ? ', and their reset' : ''}.`,
    span,
    edits,
    preservesBehaviour: true,
    goal: 'area',
  };
}

/**
 * `always @(posedge clk) if (in_valid) data_q <= in_data;` beside `valid_q <= in_valid`, with
 * `data_q` read only where `valid_q` selects it: whenever `data_q` is seen, it was loaded in the
 * cycle `valid_q` was, so loading it every cycle changes nothing at the outputs and saves the
 * hold multiplexer of each bit (and the reset, when it has one the valid flag also has).
 */
function redundantEnable(input: RewriteInput): Rewrite[] {
  const { unit, text, path } = input;
  const values = valuesOf(input);
  const graph = moduleGraph(path, unit);
  const out: Rewrite[] = [];
  unit.blocks.forEach((block) => {
    if (!block.flow || block.flow.partial || block.flow.edges.length === 0 || block.scope !== '') return;
    // `if (en) data <= d;`, or `if (rst) data <= 0; else if (en) data <= d;`, alone in the block.
    const body = block.flow.body ?? [];
    if (body.length !== 1 || body[0].kind !== 'if') return;
    const branches = body[0].branches;
    let reset: string | undefined;
    let write: Assignment | undefined;
    let enable: string | undefined;
    if (branches.length === 1) {
      enable = plainName(branches[0].condition);
      write = onlyAssignment(block, branches[0].body);
    } else if (branches.length === 2 && branches[1].condition !== undefined) {
      reset = testedName(branches[0].condition);
      const resetWrite = onlyAssignment(block, branches[0].body);
      enable = plainName(branches[1].condition);
      write = onlyAssignment(block, branches[1].body);
      if (!resetWrite || !write || plainTarget(resetWrite) !== plainTarget(write) || !isConstantValue(resetWrite.rhs) || reset === undefined) return;
    }
    const clock = clockOf(block, reset);
    const name = write && plainTarget(write);
    const next = write?.rhs;
    if (!clock || !enable || !name || !next) return;
    if (unit.ports.some((p) => p.name === name) || name === enable || namesOf(next).includes(name)) return;
    const width = widthOf(input, name, values);
    if (width === undefined || width < 2) return;
    // The valid flag: a register loaded from the enable (and cleared by the same reset, if any).
    const valid = [...graph.registers.keys()].find((v) => v !== name && (graph.drivers.get(v) ?? []).some((d) => {
      const a = unit.blocks[d.block].flow?.assignments.find((x) => x.span.start === d.span.start);
      return plainName(a?.rhs) === enable;
    }) && (reset === undefined || (graph.drivers.get(v) ?? []).some((d) => d.conditions.includes(reset))));
    if (!valid) return;
    // Every read of the register is selected by the valid flag.
    if (!everyReadGuarded(unit, graph, name, (n) => n === valid)) return;
    out.push(enableDrop(unit.name, block.span, { name, valid, enable, width, reset: reset !== undefined }, [{ start: block.span.start, end: block.span.end, newText: ownBlock(clock, name, sourceOf(text, next)!) }]));
  });
  out.push(...sharedEnables(input, graph, values), ...loadedWithFlag(input, graph, values));
  return out;
}

/**
 * The module-scope clocked always blocks a register rewrite can read: their facts, their body's
 * single top if (when it is one), the reset they test, the names their blocking assignments
 * compute (a slice reading them would lose their values), and the assignments a statement list
 * holds directly.
 */
function clockedBlocks(unit: DesignUnit): {
  block: Block;
  flow: NonNullable<Block['flow']>;
  top: Extract<Statement, { kind: 'if' }> | undefined;
  reset: string | undefined;
  blockingTargets: Set<string>;
  direct: (list: readonly Statement[]) => Assignment[];
}[] {
  const out = [];
  for (const block of unit.blocks) {
    const flow = block.flow;
    if (!flow || flow.partial || flow.edges.length === 0 || block.scope !== '' || (block.kind !== 'always' && block.kind !== 'always_ff')) continue;
    const body = flow.body ?? [];
    const top = body.length === 1 && body[0].kind === 'if' ? body[0] : undefined;
    const blockingTargets = new Set(flow.assignments.filter((a) => a.kind !== 'nonblocking').flatMap((a) => a.targets));
    const direct = (list: readonly Statement[]) => list.flatMap((x) => (x.kind === 'assign' && flow.assignments[x.assignment] ? [flow.assignments[x.assignment]] : []));
    out.push({ block, flow, top, reset: flow.reset?.signal, blockingTargets, direct });
  }
  return out;
}

/**
 * A data register written in every branch of its block's if chain together with its valid
 * flag: the same value E wherever the flag is set, a constant (or nothing) wherever it is
 * cleared (biriscv's fetch skid buffer: `else if (hold) begin valid_q <= 1; buf_q <= {...};
 * end else begin valid_q <= 0; buf_q <= 0; end`). Read only under the flag, it may load E on
 * every clock: whenever the flag is 1, E was loaded in the same cycle. No reset, no clear, no
 * hold multiplexer.
 */
function loadedWithFlag(input: RewriteInput, graph: ModuleGraph, values: Map<string, number>): Rewrite[] {
  const { unit, text } = input;
  const out: Rewrite[] = [];
  for (const { block, flow, top, reset, blockingTargets, direct } of clockedBlocks(unit)) {
    if (!top || top.branches[top.branches.length - 1].condition !== undefined) continue;
    const clock = clockOf(block, reset);
    if (!clock) continue;
    const resetBody = reset && testedName(top.branches[0].condition) === reset ? top.branches[0].body : undefined;
    const chain = resetBody ? top.branches.slice(1) : top.branches;
    if (chain.length < 2) continue;
    // Every branch a flat list of assignments.
    if (![...(resetBody ?? []), ...chain.flatMap((b) => b.body)].every((x) => x.kind === 'assign')) continue;
    const only = (list: readonly Assignment[], name: string) => {
      const hits = list.filter((a) => a.targets.includes(name));
      return hits.length === 1 && plainTarget(hits[0]) === name && hits[0].kind === 'nonblocking' ? hits[0] : hits.length === 0 ? null : undefined;
    };
    const targets = new Set(flow.assignments.flatMap((a) => a.targets));
    for (const valid of targets) {
      // The flag: one bit, a literal in every branch of the chain, 0 in the reset branch.
      if (widthOf(input, valid, values) !== 1) continue;
      const flagWrites = chain.map((b) => only(direct(b.body), valid));
      if (flagWrites.some((w) => !w || literalOf(w.rhs) === undefined)) continue;
      if (resetBody && literalOf(only(direct(resetBody), valid)?.rhs ?? undefined) !== 0) continue;
      const setIn = flagWrites.map((w) => literalOf(w!.rhs) !== 0);
      if (!setIn.some(Boolean) || setIn.every(Boolean)) continue;
      for (const name of targets) {
        if (name === valid || unit.ports.some((p) => p.name === name)) continue;
        const dataWrites = chain.map((b) => only(direct(b.body), name));
        if (dataWrites.some((w) => w === undefined)) continue;
        const loads = dataWrites.filter((w, i) => setIn[i]);
        if (loads.some((w) => !w || !w.rhs)) continue;
        const value = sourceOf(text, loads[0]!.rhs);
        if (!value || loads.some((w) => sourceOf(text, w!.rhs) !== value)) continue;
        const rhs = loads[0]!.rhs!;
        if (namesOf(rhs).some((n) => n === name || blockingTargets.has(n))) continue;
        if (dataWrites.some((w, i) => !setIn[i] && w && !isConstantValue(w.rhs))) continue;
        const resetWrite = resetBody ? only(direct(resetBody), name) : null;
        if (resetWrite === undefined || (resetWrite && !isConstantValue(resetWrite.rhs))) continue;
        if ((graph.drivers.get(name) ?? []).some((d) => unit.blocks[d.block] !== block)) continue;
        const width = widthOf(input, name, values);
        if (width === undefined || width < 2) continue;
        if (!everyReadGuarded(unit, graph, name, (n) => n === valid)) continue;
        const all = flow.assignments.filter((a) => a.targets.includes(name));
        const removals = all.map((a) => safeRemoval(text, a));
        if (removals.some((r) => r === undefined)) continue;
        const indent = indentAt(text, block.span.start);
        out.push({
          kind: 'redundantEnable',
          module: unit.name,
          title: `Load datapath register '${name}' on every clock (only read under '${valid}', set when it loads)`,
          detail: `'${name}' is read only where '${valid}' selects it, and every branch that sets '${valid}' loads '${name}' with the same value: whenever '${name}' is seen, it was loaded in that cycle. Loading it every clock drops its ${resetWrite ? 'reset, ' : ''}clear and hold logic on each of its ${width} bits.`,
          span: block.span,
          edits: [...(removals as TextEdit[]), { start: block.span.end, end: block.span.end, newText: `\n${indent}${ownBlock(clock, name, value)}` }],
          preservesBehaviour: true,
          goal: 'area',
        });
      }
    }
  }
  return out;
}

/**
 * The same in a block the register shares with its valid flag (biriscv, verilog-ethernet):
 * `if (!rst_n) begin valid_q <= 0; data_q <= 0; end else begin valid_q <= in_valid;
 * if (in_valid) data_q <= in_data; end`. The enabled write (the whole `if`) and the reset
 * value leave; the register gets `always @(posedge clk) data_q <= in_data;`.
 */
function sharedEnables(input: RewriteInput, graph: ModuleGraph, values: Map<string, number>): Rewrite[] {
  const { unit, text } = input;
  const out: Rewrite[] = [];
  for (const { block, flow, top, reset, blockingTargets, direct } of clockedBlocks(unit)) {
    let resetBody: readonly Statement[] = [];
    let rest: readonly Statement[];
    if (reset) {
      if (!top || testedName(top.branches[0].condition) !== reset || top.branches.length !== 2 || top.branches[1].condition !== undefined) continue;
      resetBody = top.branches[0].body;
      rest = top.branches[1].body;
    } else rest = flow.body ?? [];
    const clock = clockOf(block, reset);
    if (!clock) continue;
    for (const st of rest) {
      if (st.kind !== 'if' || st.branches.length !== 1 || st.branches[0].body.length !== 1 || st.branches[0].body[0].kind !== 'assign') continue;
      const enable = plainName(st.branches[0].condition);
      const write = flow.assignments[st.branches[0].body[0].assignment];
      const name = write && write.kind === 'nonblocking' ? plainTarget(write) : undefined;
      if (!enable || !name || !write.rhs || name === enable || unit.ports.some((p) => p.name === name)) continue;
      const reads = namesOf(write.rhs);
      if (reads.includes(name) || reads.some((n) => blockingTargets.has(n)) || blockingTargets.has(enable)) continue;
      if ((graph.drivers.get(name) ?? []).some((d) => unit.blocks[d.block] !== block)) continue;
      const writes = flow.assignments.filter((a) => a.targets.includes(name));
      const resetWrite = writes.find((a) => a !== write);
      if (writes.length > 2 || (resetWrite && (!direct(resetBody).includes(resetWrite) || !isConstantValue(resetWrite.rhs) || plainTarget(resetWrite) !== name))) continue;
      const width = widthOf(input, name, values);
      if (width === undefined || width < 2) continue;
      // The valid flag: loaded from the enable on every clock of this block (and reset with it, if the block resets).
      const validWrite = direct(rest).find((a) => a.kind === 'nonblocking' && plainTarget(a) !== undefined && plainTarget(a) !== name && plainName(a.rhs) === enable);
      const valid = validWrite && plainTarget(validWrite)!;
      if (!valid || (reset && !direct(resetBody).some((a) => plainTarget(a) === valid))) continue;
      if (flow.assignments.filter((a) => a.targets.includes(valid)).length !== (reset ? 2 : 1)) continue;
      if (!everyReadGuarded(unit, graph, name, (n) => n === valid)) continue;
      const resetRemoval = resetWrite ? safeRemoval(text, resetWrite) : undefined;
      if (resetWrite && !resetRemoval) continue;
      const ifEnd = /^\s*;/.exec(text.slice(st.span.end, st.span.end + 8)) ? text.indexOf(';', st.span.end) + 1 : st.span.end;
      const indent = indentAt(text, block.span.start);
      out.push(
        enableDrop(unit.name, block.span, { name, valid, enable, width, reset: resetWrite !== undefined }, [
          ...(resetRemoval ? [resetRemoval] : []),
          removal(text, { start: st.span.start, end: ifEnd }),
          { start: block.span.end, end: block.span.end, newText: `\n${indent}${ownBlock(clock, name, sourceOf(text, write.rhs)!)}` },
        ]),
      );
    }
  }
  return out;
}

// ---- a default assignment instead of an inferred latch ----------------------------------------

/**
 * A combinational block that leaves a signal unassigned on some path makes a latch. A default
 * assignment at the top of the block removes it. This changes behaviour (the signal is 0
 * where it held its value), which is usually the intent; the suggestion says so.
 */
function latchDefault(input: RewriteInput): Rewrite[] {
  const { unit, text } = input;
  const values = valuesOf(input);
  const out: Rewrite[] = [];
  unit.blocks.forEach((block) => {
    if (!isCombinational(block) || block.flow!.partial) return;
    const params = new Set(unit.params.map((p) => p.name));
    const latches = (block.flow!.latches ?? []).filter(
      (n) => widthOf(input, n, values) !== undefined && !intendedLatch(block, n, params) && !assignedOnEveryPath(input, block, block.flow!.body ?? [], n, values),
    );
    if (latches.length === 0) return;
    const defaults = latches.map((n) => `${n} = ${(widthOf(input, n, values) ?? 1) > 1 ? `{${widthOf(input, n, values)}{1'b0}}` : "1'b0"};`);
    const edits = addToBody(text, block, defaults, 'start');
    if (!edits) return;
    const names = latches.map((n) => `'${n}'`).join(', ');
    out.push({
      kind: 'latchDefault',
      module: unit.name,
      title: `Default ${names} to 0 at the top of the block: no latch`,
      detail: `The block leaves ${names} unassigned on some path, so synthesis keeps a latch. A default assignment first makes the block combinational.`,
      span: block.span,
      edits,
      preservesBehaviour: false,
      behaviourChange: `${names} ${latches.length > 1 ? 'become' : 'becomes'} 0 on the paths that did not assign ${latches.length > 1 ? 'them' : 'it'}, where the latch held the previous value`,
      goal: 'latch',
    });
  });
  return out;
}

/**
 * Whether every path through `body` assigns the whole of `name`, counting a case without a
 * default as complete when its labels are distinct constants covering every value of its
 * subject (`case (sel[1:0]) 2'b00, 2'b01, 2'b10, 2'b11`), which the block's own latch facts
 * cannot know without the subject's width (cv32e40p's load-store unit).
 */
function assignedOnEveryPath(input: RewriteInput, block: Block, body: readonly Statement[], name: string, values: Map<string, number>): boolean {
  const assigns = (st: Statement): boolean => {
    if (st.kind === 'assign') {
      const a = block.flow!.assignments[st.assignment];
      return !!a && a.targets.includes(name) && !a.selected.includes(name) && !a.loops?.length;
    }
    if (st.kind === 'if') return st.branches[st.branches.length - 1].condition === undefined && st.branches.every((b) => assignedOnEveryPath(input, block, b.body, name, values));
    if (st.kind === 'case') {
      const complete = st.items.some((i) => !i.labels) || caseCovers(input, st, values);
      return complete && st.items.every((i) => assignedOnEveryPath(input, block, i.body, name, values));
    }
    return false;
  };
  return body.some(assigns);
}

/** A case whose constant labels take every value of a subject of known width (at most 10 bits). */
function caseCovers(input: RewriteInput, st: Extract<Statement, { kind: 'case' }>, values: Map<string, number>): boolean {
  const subject = st.subject;
  if (!subject) return false;
  let width: number | undefined;
  const plain = plainName(subject);
  if (plain) width = widthOf(input, plain, values);
  else if (subject.kind === 'select' && plainName(subject.target) !== undefined) {
    const w = treeWidth(subject, (n) => widthOf(input, n, values), values)?.width;
    width = typeof w === 'number' ? w : undefined;
  }
  if (width === undefined || width < 1 || width > 10) return false;
  const seen = new Set<number>();
  for (const item of st.items) {
    for (const label of item.labels ?? []) {
      if (label.kind !== 'number' || label.value === undefined || label.fill) return false;
      if (label.value >= 2 ** width) continue;
      seen.add(label.value);
    }
  }
  return seen.size === 2 ** width;
}

/**
 * A latch the designer meant, or none at all after elaboration, gets no suggestion:
 * - written only with `<=` in a level-sensitive block, the latch idiom of cell models and
 *   hand-written latches (`always @* if (en) q <= d;`): combinational logic is written with `=`;
 * - left unassigned only under conditions on parameters (`case (MODE)` without a default):
 *   the branches are chosen at elaboration, so the instance has no latch unless its parameter
 *   matches no branch, which a default of 0 would hide rather than fix.
 */
function intendedLatch(block: Block, name: string, params: ReadonlySet<string>): boolean {
  const writes = block.flow!.assignments.filter((a) => a.targets.includes(name));
  if (writes.length > 0 && writes.every((a) => a.kind === 'nonblocking')) return true;
  const conditions = new Set(writes.flatMap((a) => a.conditions));
  return conditions.size > 0 && [...conditions].every((c) => params.has(c));
}

// ---- a pipeline register in a long path --------------------------------------------------------

const HEAVY = /[*+-]/;

/**
 * `q <= a * b + c * d;` in a clocked block: both operands of the last operator are themselves
 * arithmetic, so the path is two operators long. Registering the operands halves it. This
 * changes behaviour: `q` gets its value one clock later (latency + 1), and the suggestion says so.
 */
function pipeline(input: RewriteInput): Rewrite[] {
  const { unit, text } = input;
  const values = valuesOf(input);
  const out: Rewrite[] = [];
  unit.blocks.forEach((block) => {
    if (!block.flow || block.flow.partial || block.flow.edges.length === 0 || block.scope !== '') return;
    const edge = block.flow.edges[0];
    for (const a of block.flow.assignments) {
      const target = plainTarget(a);
      if (!target || a.kind !== 'nonblocking' || a.rhs === undefined) continue;
      const s = binaryOf(a.rhs);
      if (!s || !['+', '-', '*', '&', '|', '^'].includes(s.op)) continue;
      const left = binaryOf(s.left);
      const right = binaryOf(s.right);
      if (!left || !right || !HEAVY.test(left.op) || !HEAVY.test(right.op)) continue;
      if (!left.op.match(/^[*+-]$/) || !right.op.match(/^[*+-]$/)) continue;
      const width = widthOf(input, target, values);
      const statement = statementSpan(text, a);
      if (width === undefined || !statement) continue;
      const p0 = freshName(unit, text, `${target}_stage_a`);
      const p1 = freshName(unit, text.replace(new RegExp(`\\b${p0}\\b`, 'g'), ''), `${target}_stage_b`);
      const indent = indentAt(text, block.span.start);
      out.push({
        kind: 'pipeline',
        module: unit.name,
        title: `Pipeline '${target}': register both operands of its last '${s.op}' (latency +1)`,
        detail: `'${target}' is computed through two arithmetic operators in one clock cycle. Registering '${sourceOf(text, s.left)}' and '${sourceOf(text, s.right)}' splits the path in two.`,
        span: a.span,
        edits: [
          { start: block.span.start, end: block.span.start, newText: `${declaration(width, [p0, p1])}\n${indent}` },
          { start: statement.start, end: statement.end, newText: `begin ${p0} <= ${sourceOf(text, s.left)}; ${p1} <= ${sourceOf(text, s.right)}; ${target} <= ${p0} ${s.op} ${p1}; end` },
        ],
        preservesBehaviour: false,
        behaviourChange: `'${target}' takes its value one ${edge.edge === 'posedge' ? 'rising' : 'falling'} edge of '${edge.signal}' later (latency +1); logic that pairs it with other signals must be delayed to match`,
        goal: 'delay',
      });
    }
  });
  return out;
}
