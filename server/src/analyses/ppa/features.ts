import { evaluateExpr, type Expr, parseDimensions, rangeWidth, type Span, understood, widthOfExpr } from '../../base';
import { elaboratedScopes, expandMacros, type DesignIndex, type FlowEdge, instanceParameters, loopValues, moduleGraph, nameWidth, parameterTruth, resolveParameters } from '../../graph';
import type { Assignment, DesignUnit, LoopHeader, Statement } from '../../model';

/**
 * Operator-level features of a module, read from its data-flow graph: adders, multipliers,
 * comparators, muxes, shifters, logic, registers and memories, by width; and the depth of the
 * longest combinational path in operator delay units. The fast estimate is a linear model over
 * these (fitted against real synthesis); instances add their own features, evaluated with the
 * parameter values of each instance.
 */
export const FEATURES = ['add', 'addConst', 'mul', 'mulConst', 'div', 'compare', 'equal', 'logic', 'reduce', 'shift', 'mux', 'muxWide', 'muxConst', 'ff', 'memory'] as const;
export type Feature = (typeof FEATURES)[number];
export type FeatureVector = Record<Feature, number>;

export interface Contribution {
  /** What it is: 'adder 16 bits', 'register q[7:0]', 'instance u_alu (alu)'. */
  label: string;
  feature: Feature | 'instance';
  amount: number;
  span: Span;
  path: string;
}

export interface ModuleFeatures {
  module: string;
  features: FeatureVector;
  /** The longest combinational path, in operator delay units, and in operator levels. */
  pathUnits: number;
  pathLevels: number;
  /** Where the features come from, for the hover breakdown and hotspots (this module's own lines). */
  contributions: Contribution[];
  /** The assignments along the estimated critical path inside this module, in order. */
  criticalPath: Span[];
  /** The critical path's delay units by operator class (add, mul, mux, memory, procMux, ...), for a fitted delay. */
  pathParts: Record<string, number>;
  /** Assignments whose widths could not be worked out (counted with width 1). */
  unknown: number;
  /**
   * Two-input gates of a gate-level netlist (thousands of one-bit `assign n12 = a & ~b;`),
   * counted as gates rather than as operator logic (estimate.ts prices them as library gates).
   */
  gates?: number;
}

export function emptyFeatures(): FeatureVector {
  return Object.fromEntries(FEATURES.map((f) => [f, 0])) as FeatureVector;
}

const log2 = (w: number) => Math.log2(Math.max(2, w));

/**
 * Operator delay in units of a two-input gate, by kind and width. Yosys with ABC on a cell
 * library builds adders and comparators that are close to ripple chains at these sizes, so
 * their delay grows with the width; multipliers with the sum of the operand widths.
 */
function opDelay(feature: Feature | 'none', width: number, other = width): number {
  switch (feature) {
    case 'add':
      // A ripple-carry chain: ABC keeps it, so the delay grows with the width from the first bit.
      return width;
    case 'compare':
      return 2 + width;
    case 'addConst':
      return 1 + width / 2;
    case 'mul':
      return 2 + 1.5 * (width + other);
    case 'mulConst':
      return 1 + width;
    case 'div':
      return width * (1 + width);
    case 'equal':
    case 'reduce':
      return 1 + log2(width);
    case 'shift':
      // log2(w) stages of multiplexers, each stage's select driving all w bits.
      return log2(width) * (1 + log2(width) / 4);
    case 'logic':
    case 'mux':
    case 'muxWide':
    case 'muxConst':
      return 1;
    default:
      return 0;
  }
}

interface Cost {
  width: number;
  delay: number;
  levels: number;
}

export function moduleFeatures(index: DesignIndex, path: string, unit: DesignUnit, values?: Map<string, number>, memo = new Map<string, ModuleFeatures>(), level = 0): ModuleFeatures {
  const params = values ?? resolveParameters(unit, new Map(), (text) => expandMacros(index, text));
  const paramsKey = [...params].map(([k, v]) => `${k}=${v}`).join(',');
  // By file too: two copies of one module name (per-configuration designs) are different modules.
  const key = `${path}\u0000${unit.name}\u0000${paramsKey}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const result: ModuleFeatures = { module: unit.name, features: emptyFeatures(), pathUnits: 0, pathLevels: 0, contributions: [], criticalPath: [], pathParts: {}, unknown: 0 };
  memo.set(key, result);
  const own = ownFeatures(index, path, unit, params, `${path}\u0000${paramsKey}`);
  const features = result.features;
  for (const f of FEATURES) features[f] = own.features[f];
  result.contributions = own.contributions.slice();
  result.pathUnits = own.pathUnits;
  result.pathLevels = own.pathLevels;
  result.criticalPath = own.criticalPath;
  result.pathParts = { ...own.pathParts };
  result.unknown = own.unknown;
  result.gates = own.gates;
  if (level < 8) {
    const elaborated = elaboratedScopes(unit, params);
    const expand = (text: string) => expandMacros(index, text);
    for (const instance of unit.instances) {
      const child = index.unit(instance.module, path);
      if (!child || instance.array || !elaborated(instance.scope)) continue;
      const childValues = instanceParameters(child.unit, instance, params, expand);
      const inner = moduleFeatures(index, child.path, child.unit, childValues, memo, level + 1);
      let size = 0;
      for (const f of FEATURES) {
        features[f] += inner.features[f];
        size += inner.features[f];
      }
      result.unknown += inner.unknown;
      if (inner.gates) {
        result.gates = (result.gates ?? 0) + inner.gates;
        size += inner.gates;
      }
      // An instance's own critical path may be the module's.
      if (inner.pathUnits > result.pathUnits) result.pathParts = { ...inner.pathParts };
      result.pathUnits = Math.max(result.pathUnits, inner.pathUnits);
      result.pathLevels = Math.max(result.pathLevels, inner.pathLevels);
      result.contributions.push({ label: `instance '${instance.name}' (${instance.module})`, feature: 'instance', amount: size, span: instance.nameSpan, path });
    }
  }
  return result;
}

/**
 * A module's own features (its instances not included) by parameter values, kept across
 * snapshots while its summary object lives (a file's summary is replaced when it changes). Only
 * where no macro was read: a macro's value comes from other files, which may change alone.
 */
const ownMemo = new WeakMap<DesignUnit, Map<string, ModuleFeatures>>();
const OWN_MEMO_PER_UNIT = 16;

function ownFeatures(index: DesignIndex, path: string, unit: DesignUnit, params: Map<string, number>, key: string): ModuleFeatures {
  const known = ownMemo.get(unit)?.get(key);
  if (known) return known;
  let macros = false;
  const own = computeOwnFeatures(path, unit, params, (text) => {
    if (text.includes('`')) macros = true;
    return expandMacros(index, text);
  });
  if (!macros) {
    let byParams = ownMemo.get(unit);
    if (!byParams) ownMemo.set(unit, (byParams = new Map()));
    if (byParams.size >= OWN_MEMO_PER_UNIT) byParams.clear();
    byParams.set(key, own);
  }
  return own;
}

function computeOwnFeatures(path: string, unit: DesignUnit, params: Map<string, number>, expand: (text: string) => string): ModuleFeatures {
  const features = emptyFeatures();
  const contributions: Contribution[] = [];
  const result: ModuleFeatures = { module: unit.name, features, pathUnits: 0, pathLevels: 0, contributions, criticalPath: [], pathParts: {}, unknown: 0 };
  // Each name's width once per module: a gate-level netlist asks for every net several times.
  const widths = new Map<string, ReturnType<typeof nameWidth>>();
  /**
   * The packed shape of a name nameWidth leaves unknown: a type parameter's type (`parameter
   * type dtype = logic [W-1:0]` then `dtype [D-1:0] mem_q`) or several packed dimensions
   * (`logic [3:0][7:0] x`): all its bits, and the bits of one element of its outer dimension.
   */
  const typeParams = new Map(unit.params.filter((p) => p.type === 'type').map((p) => [p.name, p.value]));
  const shapes = new Map<string, { total: number; element: number } | undefined>();
  const shapeOf = (name: string): { total: number; element: number } | undefined => {
    if (!shapes.has(name)) shapes.set(name, readShape(name));
    return shapes.get(name);
  };
  const readShape = (name: string): { total: number; element: number } | undefined => {
    const decl = unit.ports.find((p) => p.name === name) ?? unit.signals.find((x) => x.name === name && x.scope === '');
    if (!decl || ('array' in decl && decl.array) || ('kind' in decl && decl.kind !== 'net' && decl.kind !== 'variable')) return undefined;
    const type = decl.type.replace(/\b(signed|unsigned|input|output|inout|var)\b/g, ' ').trim();
    const base = type === '' || /^(wire|reg|logic|bit|tri|uwire)$/.test(type) ? 1 : typeParams.has(type) ? typeTextWidth(expand(typeParams.get(type) ?? ''), params) : undefined;
    if (base === undefined) return undefined;
    const dims = decl.range.trim() === '' ? [] : parseDimensions(expand(decl.range));
    if (!dims) return undefined;
    const sizes: number[] = [];
    for (const d of dims) {
      const size = dimensionSize(d, params);
      if (size === undefined) return undefined;
      sizes.push(size);
    }
    const inner = sizes.slice(1).reduce((a, b) => a * b, 1) * base;
    return { total: inner * (sizes[0] ?? 1), element: sizes.length > 0 ? inner : 1 };
  };
  const widthOf = (name: string) => {
    if (widths.has(name)) return widths.get(name);
    const w = nameWidth(unit, name, params, expand) ?? shapeOf(name)?.total;
    widths.set(name, w);
    return w;
  };
  const graph = moduleGraph(path, unit);
  const note = (feature: Feature, amount: number, label: string, span: Span) => {
    if (amount <= 0) return;
    features[feature] += amount;
    contributions.push({ label, feature, amount, span, path });
  };
  /** Integer-typed names and names declared nowhere in the module (for (int k = ...)): loop counters. */
  const declared = new Set([...unit.signals.map((x) => x.name), ...unit.ports.map((p) => p.name)]);
  const counters = new Set(unit.signals.filter((x) => /^(integer|int|genvar)\b/.test(x.type) || x.kind === 'genvar').map((x) => x.name));
  for (const block of unit.blocks) for (const a of block.flow?.assignments ?? []) for (const t of a.targets) if (!declared.has(t)) counters.add(t);
  /** Inputs and register outputs are ABC's primary inputs: ideal drivers, fan-out costs them nothing. */
  const idealDriver = (name: string) => graph.registers.has(name) || unit.ports.some((p) => p.name === name && p.direction === 'input');
  /** Memories of the module: depth and word width. */
  const memories = new Map<string, { depth: number; word: number }>();
  for (const signal of unit.signals) {
    if (!signal.array || (signal.kind !== 'variable' && signal.kind !== 'net')) continue;
    memories.set(signal.name, { depth: arrayDepth(expand(signal.array), params), word: elementWidth(unit, signal.name, params, expand) });
  }
  /** Delay units by operator class inside the assignment being read, and per assignment. */
  let parts: Record<string, number> = {};
  const NO_PARTS: Record<string, number> = Object.freeze({}) as Record<string, number>;
  const timed = (kind: string, units: number): number => {
    if (parts === NO_PARTS) parts = {};
    parts[kind] = (parts[kind] ?? 0) + units;
    return units;
  };
  /** Delay of each assignment (by its span start) and its parts by operator class, for the path walk. */
  const assignmentCost = new Map<number, Cost & { parts: Record<string, number> }>();

  /**
   * An expression of parameters, loop counters and numbers only (i + 1, W - 1, 1 << k, $clog2(N)):
   * elaboration computes it, so it is a constant, not hardware. Memoized: `visit` asks at every node.
   */
  const staticMemo = new Map<Expr, boolean>();
  /** Parameters whose value is not a number here (X0 = {XLEN{1'b0}}) are constants all the same. */
  const paramNames = new Set(unit.params.map((p) => p.name));
  const isStatic = (expr: Expr): boolean => {
    if (expr.kind === 'number') return true;
    if (expr.kind === 'name') return params.has(expr.name) || counters.has(expr.name) || paramNames.has(expr.name);
    const known = staticMemo.get(expr);
    if (known !== undefined) return known;
    let answer: boolean;
    switch (expr.kind) {
      case 'unknown':
        answer = false;
        break;
      case 'call':
        answer = expr.args.every(isStatic);
        break;
      case 'unary':
        answer = isStatic(expr.arg);
        break;
      case 'binary':
        answer = isStatic(expr.left) && isStatic(expr.right);
        break;
      case 'ternary':
        answer = isStatic(expr.condition) && isStatic(expr.then) && isStatic(expr.else);
        break;
      case 'concat':
        answer = expr.parts.every(isStatic);
        break;
      case 'replicate':
        answer = isStatic(expr.count) && isStatic(expr.item);
        break;
      case 'select': {
        const sel = expr.select;
        answer = isStatic(expr.target) && (sel.kind === 'bit' ? isStatic(sel.index) : sel.kind === 'range' ? isStatic(sel.hi) && isStatic(sel.lo) : isStatic(sel.base) && isStatic(sel.width));
        break;
      }
    }
    staticMemo.set(expr, answer);
    return answer;
  };

  const visit = (expr: Expr, span: Span, context: number): Cost => {
    const own = (w: number | 'free' | undefined) => (typeof w === 'number' ? w : context);
    if (expr.kind !== 'name' && expr.kind !== 'number' && isStatic(expr)) return { width: own(widthOfExpr(expr, widthOf, params)), delay: 0, levels: 0 };
    switch (expr.kind) {
      case 'name':
        return { width: own(widthOfExpr(expr, widthOf, params)), delay: 0, levels: 0 };
      case 'select': {
        // A memory read: a multiplexer over the words, log2(depth) levels deep.
        const memory = expr.select.kind === 'bit' && expr.target.kind === 'name' ? memories.get(expr.target.name) : undefined;
        // The address fans out to every word's multiplexer: buffering adds about half a level per doubling.
        if (memory) return { width: memory.word, delay: timed('memory', 1 + log2(memory.depth) + log2(memory.depth * memory.word) / 2), levels: Math.ceil(log2(memory.depth)) };
        // A run-time index into a vector or a packed array (`mem_q[read_pointer_q]`): a
        // multiplexer over its elements.
        if (expr.select.kind === 'bit' && expr.target.kind === 'name' && !isStatic(expr.select.index)) {
          const name = expr.target.name;
          const whole = widthOf(name);
          const shape = shapeOf(name) ?? (typeof whole === 'number' ? { total: whole, element: 1 } : undefined);
          const words = shape ? Math.floor(shape.total / shape.element) : 0;
          if (shape && words > 1) {
            note('muxWide', shape.element * (words - 1), `indexed read of '${name}', ${words} x ${shape.element} bits`, span);
            return { width: shape.element, delay: timed('mux', Math.ceil(log2(words))), levels: Math.ceil(log2(words)) };
          }
        }
        return { width: own(widthOfExpr(expr, widthOf, params)), delay: 0, levels: 0 };
      }
      case 'number':
        return { width: own(widthOfExpr(expr, widthOf, params)), delay: 0, levels: 0 };
      case 'call':
        // $signed / $unsigned (the only calls of an understood tree): no logic.
        return expr.args.length === 1 ? visit(expr.args[0], span, context) : { width: context, delay: 0, levels: 0 };
      case 'unknown':
        return { width: context, delay: 0, levels: 0 };
      case 'concat': {
        const parts = expr.parts.map((p) => visit(p, span, 1));
        return { width: parts.reduce((a, p) => a + p.width, 0), delay: Math.max(0, ...parts.map((p) => p.delay)), levels: Math.max(0, ...parts.map((p) => p.levels)) };
      }
      case 'replicate': {
        const item = visit(expr.item, span, 1);
        return { ...item, width: item.width * Math.max(1, (expr.count.kind === 'number' ? expr.count.value : undefined) ?? 1) };
      }
      case 'unary': {
        const arg = visit(expr.arg, span, context);
        if (expr.op === '~' || expr.op === '+') return arg;
        if (expr.op === '-') {
          note('add', arg.width, `negation, ${arg.width} bits`, span);
          return { width: arg.width, delay: arg.delay + timed('add', opDelay('add', arg.width)), levels: arg.levels + 1 };
        }
        if (expr.op === '!') return { width: 1, delay: arg.delay + timed('logic', 1), levels: arg.levels + 1 };
        note('reduce', arg.width, `reduction ${expr.op}, ${arg.width} bits`, span);
        return { width: 1, delay: arg.delay + timed('reduce', opDelay('reduce', arg.width)), levels: arg.levels + 1 };
      }
      case 'ternary': {
        const condition = visit(expr.condition, span, 1);
        const a = visit(expr.then, span, context);
        const b = visit(expr.else, span, context);
        const width = Math.max(a.width, b.width);
        // Choosing between constants is a little logic on the condition, not a data multiplexer.
        const constant = isStatic(expr.then) && isStatic(expr.else);
        note(constant ? 'muxConst' : 'mux', width, `multiplexer, ${width} bits`, span);
        // The condition drives every bit's multiplexer: its fan-out costs about half a level per doubling.
        const c = expr.condition.kind === 'select' ? expr.condition.target : expr.condition;
        const select = c.kind === 'name' ? c.name : undefined;
        if (!select || !idealDriver(select)) timed('selectFanout', log2(width));
        return { width, delay: Math.max(condition.delay, a.delay, b.delay) + timed('mux', 1), levels: Math.max(condition.levels, a.levels, b.levels) + 1 };
      }
      case 'binary': {
        const chain = CHAINS.get(expr.op);
        if (chain) {
          // a + b + c + d, a & b & c: synthesis builds a balanced tree (an adder tree with one
          // carry chain at the end), not the left-leaning chain the text spells.
          const operands = flatten(expr, chain);
          if (operands.length > 2) return visitChain(operands, chain, span, context);
        }
        const left = visit(expr.left, span, context);
        const right = visit(expr.right, span, context);
        const constRight = isStatic(expr.right) || widthOfExpr(expr.right, widthOf, params) === 'free';
        const constLeft = isStatic(expr.left) || widthOfExpr(expr.left, widthOf, params) === 'free';
        const width = Math.max(left.width, right.width);
        const delay = Math.max(left.delay, right.delay);
        const levels = Math.max(left.levels, right.levels) + 1;
        let feature: Feature | 'none' = 'none';
        let amount = 0;
        let resultWidth = width;
        switch (expr.op) {
          case '+':
          case '-':
            // With a constant operand, or one of a bit or two ({31'd0, carry}), it is an
            // incrementer: about half the logic of an adder.
            feature = constLeft || constRight || Math.min(liveBits(expr.left), liveBits(expr.right)) <= 2 ? 'addConst' : 'add';
            amount = Math.max(width, context);
            resultWidth = Math.max(width, context);
            break;
          case '*':
            if (constLeft || constRight) {
              feature = 'mulConst';
              amount = width;
            } else {
              feature = 'mul';
              amount = left.width * right.width;
            }
            resultWidth = Math.max(context, left.width + right.width);
            break;
          case '/':
          case '%':
            feature = constRight ? 'mulConst' : 'div';
            amount = constRight ? width : width * width;
            break;
          case '<':
          case '<=':
          case '>':
          case '>=':
            feature = 'compare';
            amount = width;
            resultWidth = 1;
            break;
          case '==':
          case '!=':
          case '===':
          case '!==':
            feature = 'equal';
            amount = width;
            resultWidth = 1;
            break;
          case '&':
          case '|':
          case '^':
          case '~^':
          case '^~':
            feature = 'logic';
            amount = width;
            break;
          case '&&':
          case '||':
            feature = 'logic';
            amount = 1;
            resultWidth = 1;
            break;
          case '<<':
          case '>>':
          case '<<<':
          case '>>>':
            resultWidth = left.width;
            if (!constRight) {
              feature = 'shift';
              amount = Math.round(left.width * log2(left.width));
            }
            break;
          case '**':
            feature = constLeft || constRight ? 'mulConst' : 'mul';
            amount = width * width;
            break;
        }
        if (feature === 'none' || amount === 0) return { width: resultWidth, delay, levels: levels - 1 };
        note(feature, amount, `${NAMES[feature]}, ${feature === 'mul' ? `${left.width}x${right.width}` : width} bits`, span);
        // An incrementer by a variable bit (s + carry) keeps a full carry chain: its own delay class.
        const pathClass = feature === 'addConst' && !constLeft && !constRight ? 'addBit' : feature;
        // acc + a * b: synthesis folds the addend into the multiplier's partial-product tree, so
        // the sum costs one more compressor level and the carry chain beyond the product's bits.
        const product = feature === 'add' ? [expr.left, expr.right].find((e) => e.kind === 'binary' && e.op === '*') : undefined;
        if (product) {
          const productWidth = product.kind === 'binary' ? liveBits(product.left) + liveBits(product.right) : resultWidth;
          return { width: resultWidth, delay: delay + timed('macAdd', 2 + Math.max(0, resultWidth - productWidth)), levels };
        }
        return { width: resultWidth, delay: delay + timed(pathClass, opDelay(feature, width, Math.min(left.width, right.width))), levels };
      }
    }
  };

  /** Bits of an operand that can be non-zero: zero-extension ({8'd0, x}) and bit selects count little. */
  const liveBits = (e: Expr): number => {
    switch (e.kind) {
      case 'number':
        return e.zero ? 0 : (e.width ?? 1);
      case 'name': {
        const w = widthOfExpr(e, widthOf, params);
        return typeof w === 'number' ? w : 32;
      }
      case 'concat': {
        let skip = 0;
        while (skip < e.parts.length && e.parts[skip].kind === 'number' && (e.parts[skip] as { zero: boolean }).zero) skip++;
        return e.parts.slice(skip).reduce((a, p) => a + liveBits(p), 0);
      }
      case 'call':
        return e.args.length === 1 ? liveBits(e.args[0]) : 32;
      default: {
        const w = widthOfExpr(e, widthOf, params);
        return typeof w === 'number' ? w : 32;
      }
    }
  };

  const visitChain = (operands: Expr[], chain: string, span: Span, context: number): Cost => {
    const costs = operands.map((o) => visit(o, span, context));
    const width = Math.max(context, ...costs.map((c) => c.width));
    const constant = operands.filter((o) => isStatic(o) || widthOfExpr(o, widthOf, params) === 'free').length;
    const ops = operands.length - 1;
    const tree = Math.ceil(Math.log2(operands.length));
    const slowest = Math.max(...costs.map((c) => c.delay));
    const levels = Math.max(...costs.map((c) => c.levels)) + tree;
    if (chain === 'add') {
      // An adder tree costs about one full adder per live operand bit beyond the widest
      // operand: n one-bit operands (a population count) are n - 1 adders, not n words.
      const live = operands.filter((o) => !(isStatic(o) || widthOfExpr(o, widthOf, params) === 'free')).map((o) => Math.min(width, liveBits(o)));
      const bits = Math.max(ops - constant, live.reduce((a, b) => a + b, 0) - Math.max(0, ...live));
      note('add', bits, `adder tree of ${operands.length} operands, ${width} bits`, span);
      if (constant > 0) note('addConst', width * Math.min(ops, constant), `constant adder, ${width} bits`, span);
      return { width, delay: slowest + timed('add', opDelay('add', width) + 2 * (tree - 1)), levels };
    }
    note('logic', width * ops, `logic tree of ${operands.length} operands, ${width} bits`, span);
    return { width, delay: slowest + timed('logic', tree), levels };
  };

  /**
   * Each bit of a value, least significant first: '0'/'1' for a constant bit, 'name#i' for bit i
   * of a signal; undefined where the value is computed or not worked out (then, of width `width`).
   */
  const bitValues = (expr: Expr, width: number): string[] | undefined => {
    const bits = valueBits(expr);
    if (!bits) return undefined;
    const out = bits.slice(0, width);
    while (out.length < width) out.push('0');
    return out;
  };
  const valueBits = (expr: Expr): string[] | undefined => {
    switch (expr.kind) {
      case 'number': {
        if (expr.fill) return undefined;
        const value = expr.value;
        const w = expr.width ?? 32;
        if (value === undefined || value < 0 || w > 64) return undefined;
        const out: string[] = [];
        for (let i = 0, v = value; i < w; i++, v = Math.floor(v / 2)) out.push(v % 2 === 1 ? '1' : '0');
        return out;
      }
      case 'name': {
        const w = widthOf(expr.name);
        if (typeof w !== 'number' || w > MAX_BIT_WIDTH || expr.qualified) return undefined;
        return Array.from({ length: w }, (_, i) => `${expr.name}#${i}`);
      }
      case 'select': {
        if (expr.target.kind !== 'name') return undefined;
        const name = expr.target.name;
        const sel = expr.select;
        if (sel.kind === 'bit') {
          const i = evaluateExpr(sel.index, params);
          return i === undefined || memories.has(name) ? undefined : [`${name}#${i}`];
        }
        if (sel.kind !== 'range') return undefined;
        const hi = evaluateExpr(sel.hi, params);
        const lo = evaluateExpr(sel.lo, params);
        if (hi === undefined || lo === undefined || Math.abs(hi - lo) >= MAX_BIT_WIDTH) return undefined;
        const out: string[] = [];
        for (let i = Math.min(hi, lo); i <= Math.max(hi, lo); i++) out.push(`${name}#${i}`);
        return out;
      }
      case 'concat': {
        const out: string[] = [];
        for (let i = expr.parts.length - 1; i >= 0; i--) {
          const part = valueBits(expr.parts[i]);
          if (!part || out.length + part.length > MAX_BIT_WIDTH) return undefined;
          out.push(...part);
        }
        return out;
      }
      case 'replicate': {
        const count = evaluateExpr(expr.count, params);
        const item = valueBits(expr.item);
        if (count === undefined || !item || count * item.length > MAX_BIT_WIDTH) return undefined;
        const out: string[] = [];
        for (let i = 0; i < count; i++) out.push(...item);
        return out;
      }
      default:
        return undefined;
    }
  };
  /**
   * The multiplexer bits in front of a target written by several assignments: per bit, the
   * distinct values less one; bits whose values are all constants apart (decode logic), the rest
   * data. Undefined when an assignment writes part of the target or its value cannot be read bit
   * by bit at all (then the caller counts width x inputs).
   */
  const distinctInputs = (writers: readonly Assignment[], target: string, width: number, hold: boolean): { data: number; constant: number } | undefined => {
    if (width > MAX_BIT_WIDTH || writers.length * width > 200000) return undefined;
    const columns: string[][] = [];
    let readable = 0;
    for (const [k, a] of writers.entries()) {
      if (a.targets.length !== 1 || a.selected.includes(target) || !a.rhs || !understood(a.rhs)) return undefined;
      const bits = bitValues(a.rhs, width);
      if (bits) readable++;
      // A computed value is its own input at every bit.
      columns.push(bits ?? Array.from({ length: width }, (_, i) => `?${k}#${i}`));
    }
    if (readable === 0) return undefined;
    // A register that keeps its value when no assignment runs: itself, one more input.
    if (hold) columns.push(Array.from({ length: width }, (_, i) => `${target}#${i}`));
    let data = 0;
    let constant = 0;
    const seen = new Set<string>();
    for (let b = 0; b < width; b++) {
      seen.clear();
      let allConstant = true;
      for (const column of columns) {
        const v = column[b];
        seen.add(v);
        if (v !== '0' && v !== '1') allConstant = false;
      }
      if (allConstant) constant += seen.size - 1;
      else data += seen.size - 1;
    }
    return { data, constant };
  };

  /** Decided by the parameters alone (graph/elaborate.ts). */
  const staticTruth = (expr: Expr | undefined) => parameterTruth(expr, params);
  /** A parameter expression whose value is 0 ({64{|CSR_COUNTER}} with CSR_COUNTER = 0). */
  const staticZero = (expr: Expr): boolean => {
    if (!isStatic(expr)) return false;
    if (expr.kind === 'replicate') return staticZero(expr.item);
    if (expr.kind === 'concat') return expr.parts.every(staticZero);
    return evaluateExpr(expr, params) === 0;
  };
  /** A value elaboration makes constant: parameters alone, or masked by a zero parameter (`x & {W{EN}}`, EN = 0). */
  const constantValue = (expr: Expr): boolean => {
    if (isStatic(expr)) return true;
    if (expr.kind === 'binary' && expr.op === '&') return staticZero(expr.left) || staticZero(expr.right) || (constantValue(expr.left) && constantValue(expr.right));
    if (expr.kind === 'ternary') {
      const truth = staticTruth(expr.condition);
      return truth === undefined ? constantValue(expr.then) && constantValue(expr.else) : constantValue(truth ? expr.then : expr.else);
    }
    return false;
  };
  /** Assignments (by index) in branches that parameters rule out: elaboration drops them. */
  const deadIn = (body: readonly Statement[] | undefined): ReadonlySet<number> => {
    // No if at all (a continuous assignment, most of a gate-level netlist): nothing to rule out.
    if (!body || !body.some((st) => st.kind !== 'assign')) return NONE_DEAD;
    const dead = new Set<number>();
    const all = (list: readonly Statement[], into: Set<number>) => {
      for (const st of list) {
        if (st.kind === 'assign') into.add(st.assignment);
        else if (st.kind === 'if') for (const b of st.branches) all(b.body, into);
        else if (st.kind === 'case') for (const item of st.items) all(item.body, into);
        else if (st.kind === 'loop') all(st.body, into);
      }
    };
    const walk = (list: readonly Statement[]) => {
      for (const st of list) {
        if (st.kind === 'if') {
          let decided = false;
          for (const branch of st.branches) {
            const truth = decided ? false : branch.condition ? staticTruth(branch.condition) : true;
            if (truth === false) all(branch.body, dead);
            else walk(branch.body);
            if (truth === true) decided = true;
          }
        } else if (st.kind === 'case') for (const item of st.items) walk(item.body);
        else if (st.kind === 'loop') walk(st.body);
      }
    };
    if (body) walk(body);
    return dead;
  };
  /** Registers written by some live assignment with a value that is not a constant: the others are constants once elaborated. */
  const driven = new Set<string>();

  // Generate-if branches the parameters rule out (`if (!MULH_FAST) begin ... end else begin
  // ... end`): elaboration builds one of them only.
  const elaborated = elaboratedScopes(unit, params);
  let liveAssignments = 0;
  let gateAssignments = 0;
  let gateCount = 0;
  // What synthesis keeps: logic an output, an instance or a kept register reads.
  const live = observable(unit);

  for (const block of unit.blocks) {
    const flow = block.flow;
    if (!flow || block.kind === 'initial' || block.kind === 'final' || !elaborated(block.scope)) continue;
    const dead = deadIn(flow.body);
    // Several assignments to one target in a block are a multiplexer in front of it; one
    // assignment under a condition in a clocked block is an enable (a multiplexer too).
    const perTarget = new Map<string, { count: number; guarded: boolean; constant: boolean; span: Span; muxInside: number; writers: Assignment[] }>();
    for (const [index, a] of flow.assignments.entries()) {
      // Loop counters (integer i = i + 1 in a for header) are elaboration, not hardware.
      if (a.targets.length > 0 && a.targets.every((t) => counters.has(t) || !live(t))) continue;
      if (dead.has(index)) continue;
      const valued = a.rhs === undefined || !understood(a.rhs) || !constantValue(a.rhs);
      if (valued) for (const t of a.targets) if (graph.registers.has(t)) driven.add(t);
      const lhsWidth = a.targets.length === 1 ? widthOf(a.targets[0]) : undefined;
      const context = typeof lhsWidth === 'number' ? lhsWidth : 1;
      const expr = a.rhs !== undefined && understood(a.rhs) ? a.rhs : undefined;
      if (!expr) result.unknown++;
      const muxBefore = features.mux;
      const repeat = iterations(a.loops, params);
      // What this assignment adds, to repeat it per loop iteration (copied only inside loops).
      const before = repeat > 1 ? { ...features } : features;
      const contributionsBefore = contributions.length;
      parts = NO_PARTS;
      // A value masked to a constant (`(count + 1) & {W{EN}}`, EN = 0) leaves no logic behind.
      const masked = expr !== undefined && !valued;
      let cost = masked ? { width: context, delay: 0, levels: 0 } : expr ? visit(expr, a.span, context) : { width: context, delay: timed('logic', 1), levels: 1 };
      // In a for loop with constant bounds the assignment is unrolled: its logic repeats once per
      // iteration, and when it reads what it writes (c = f(c), sum = sum + x) the copies form a chain.
      if (repeat > 1) {
        for (const f of FEATURES) features[f] += (features[f] - before[f]) * (repeat - 1);
        for (const c of contributions.slice(contributionsBefore)) {
          c.amount *= repeat;
          c.label = `${c.label}, x${repeat} (loop)`;
        }
        // Synthesis rebalances such a chain into a tree: it adds levels, about log2(iterations).
        if (a.targets.some((t) => a.sources.includes(t))) cost = { ...cost, delay: cost.delay + timed('logic', Math.ceil(Math.log2(repeat))), levels: cost.levels + Math.ceil(Math.log2(repeat)) };
      }
      assignmentCost.set(a.span.start, { width: cost.width, delay: cost.delay, levels: cost.levels, parts });
      liveAssignments++;
      const ops = context === 1 && expr && !masked && repeat === 1 ? gateOps(expr) : 0;
      if (ops > 0) {
        gateAssignments++;
        gateCount += ops;
      }
      a.targets.forEach((t, i) => {
        // An asynchronous reset's constant is the flip-flop's own set or reset pin, not a
        // multiplexer input; the reset in the other branches' conditions is no enable either.
        const reset = graph.registers.get(t)?.reset?.signal;
        if (reset && a.conditions.includes(reset) && expr !== undefined && isStatic(expr)) return;
        let entry = perTarget.get(t);
        if (!entry) perTarget.set(t, (entry = { count: 0, guarded: false, constant: true, span: a.span, muxInside: 0, writers: [] }));
        entry.count++;
        entry.guarded ||= a.conditions.some((c) => c !== reset);
        entry.constant &&= expr !== undefined && isStatic(expr);
        if (i === 0) entry.muxInside += features.mux - muxBefore;
        entry.writers.push(a);
      });
    }
    const clocked = flow.edges.length > 0 && !flow.sensitivity.includes('*');
    for (const [target, entry] of perTarget) {
      const w = widthOf(target);
      const width = typeof w === 'number' ? w : 1;
      const hold = clocked && entry.guarded && entry.count === 1;
      const inputs = entry.count - 1 + (hold ? 1 : 0);
      if (inputs <= 0 && entry.muxInside === 0) continue;
      // The multiplexer's data bits and constant bits: per bit of the target, one input per
      // distinct value the assignments give it (a decoder's case arms that copy the same field
      // of the instruction to the same bits need no multiplexer there), else width x inputs.
      const distinct = inputs > 0 ? distinctInputs(entry.writers, target, width, hold) : undefined;
      const data = distinct ? distinct.data : entry.constant ? 0 : width * inputs;
      const constant = distinct ? distinct.constant : entry.constant ? width * inputs : 0;
      // Each output bit is a function of the support's bits: with few of them (a state machine's
      // next state, a decoder) logic synthesis collapses the multiplexers to at most about
      // 2^k / k gates per bit, whatever the source says.
      const raw = entry.muxInside + data;
      if (raw > 0) {
        const support = new Set<string>();
        for (const a of entry.writers) {
          for (const n of a.sources) support.add(n);
          for (const n of a.conditions) support.add(n);
        }
        let supportBits = 0;
        for (const n of support) {
          const bitsOf = widthOf(n);
          supportBits += typeof bitsOf === 'number' ? bitsOf : bitsOf === 'free' ? 0 : 64;
        }
        const bound = supportBits <= 12 ? (width * 2 ** supportBits) / Math.max(1, 2 * supportBits) : Infinity;
        if (raw > bound) {
          features.mux -= entry.muxInside;
          note('muxConst', Math.round(bound), `logic of '${target}' (${supportBits} input bits), ${width} bits`, entry.span);
          continue;
        }
      }
      // A wide multiplexer (a case or an if chain of three or more data inputs) is a tree that
      // FPGA LUTs pack differently from a 2:1 select: its own feature.
      if (data > 0) note(inputs >= 2 ? 'muxWide' : 'mux', data, `multiplexer in front of '${target}', ${inputs + 1} inputs x ${width} bits`, entry.span);
      if (constant > 0) note('muxConst', constant, `constant multiplexer in front of '${target}', ${inputs + 1} inputs x ${width} bits`, entry.span);
    }
    // The multiplexer in front of a target delays every assignment to it: a tree of log2(n) levels.
    for (const a of flow.assignments) {
      const entry = perTarget.get(a.targets[0]);
      const cost = assignmentCost.get(a.span.start);
      if (!entry || !cost || entry.count < 2) continue;
      const depth = Math.ceil(Math.log2(entry.count));
      const w = widthOf(a.targets[0]);
      const added = depth + (a.conditions.length > 0 ? 1 : 0);
      const own = cost.parts === NO_PARTS ? {} : cost.parts;
      assignmentCost.set(a.span.start, { ...cost, delay: cost.delay + added, levels: cost.levels + depth, parts: own });
      own.procMux = (own.procMux ?? 0) + depth;
      if (a.conditions.length > 0) own.enable = (own.enable ?? 0) + 1;
      // The select drives a multiplexer per bit of every input: its fan-out, as its own class
      // for the fitted delay (it does not steer which path is the longest).
      // Inputs and register outputs drive any load at no cost in ABC's timing (they are its
      // primary inputs): only a decoded select (more than two inputs) or a computed one pays.
      const computed = a.conditions.some((c) => !idealDriver(c));
      const selectBits = a.conditions.reduce((sum, c) => sum + (typeof widthOf(c) === 'number' ? (widthOf(c) as number) : 1), 0);
      if (selectBits > 1) {
        // A decoded select (a case on a bus): each decoded line drives one gate per bit, and
        // ABC does not buffer, so the load grows with the width.
        own.decodeFanout = (own.decodeFanout ?? 0) + (typeof w === 'number' ? w : 1);
        own.decode = (own.decode ?? 0) + depth;
      } else if (computed) own.selectFanout = (own.selectFanout ?? 0) + log2((typeof w === 'number' ? w : 1) * entry.count);
    }
  }
  for (const [name] of graph.registers) {
    // Assigned only in branches parameters rule out, or only constants (its reset value): no register.
    if (!driven.has(name)) continue;
    // The module's own declaration, else one inside a generate block (a memory declared per branch).
    const signal = unit.signals.find((s) => s.name === name && s.scope === '') ?? unit.signals.find((s) => s.name === name);
    const w = widthOf(name);
    const width = typeof w === 'number' ? w : 1;
    const span = signal?.nameSpan ?? unit.ports.find((p) => p.name === name)?.nameSpan ?? unit.nameSpan;
    if (signal?.array) {
      const depth = arrayDepth(expand(signal.array), params);
      const word = elementWidth(unit, name, params, expand);
      note('memory', depth * word, `memory '${name}', ${depth} x ${word} bits`, span);
    } else note('ff', width, `register '${name}', ${width} bit${width === 1 ? '' : 's'}`, span);
  }
  // A gate-level netlist: its one-bit gates are gates (each noted as one bit of logic above).
  if (gateAssignments >= NETLIST_GATES && gateAssignments >= 0.8 * liveAssignments) {
    features.logic = Math.max(0, features.logic - gateCount);
    result.gates = gateCount;
  }
  // The longest combinational path: register outputs and inputs start it, register inputs and outputs end it.
  const { units, levels, spans } = longestPath(graph, (spanStart) => assignmentCost.get(spanStart), live);
  result.pathUnits = units;
  result.pathLevels = levels;
  result.criticalPath = spans;
  for (const span of spans) for (const [k, v] of Object.entries(assignmentCost.get(span.start)?.parts ?? {})) result.pathParts[k] = (result.pathParts[k] ?? 0) + v;
  return result;
}

const NONE_DEAD: ReadonlySet<number> = new Set<number>();

/** One-bit gate assignments that make a module a gate-level netlist (and 80% of its assignments). */
const NETLIST_GATES = 200;

/** Two-input gates in a one-bit expression of gates alone (`a & ~b | c[3]`), else 0. */
function gateOps(expr: Expr): number {
  switch (expr.kind) {
    case 'name':
    case 'number':
      return 0;
    case 'select':
      return expr.target.kind === 'name' && expr.select.kind === 'bit' && expr.select.index.kind === 'number' ? 0 : -Infinity;
    case 'unary':
      return expr.op === '~' || expr.op === '!' ? gateOps(expr.arg) : -Infinity;
    case 'binary':
      return ['&', '|', '^', '~^', '^~', '&&', '||'].includes(expr.op) ? 1 + gateOps(expr.left) + gateOps(expr.right) : -Infinity;
    default:
      return -Infinity;
  }
}

/**
 * The names whose logic synthesis keeps: the outputs, what instances are connected to, and
 * everything they read, back through every assignment (values, indexes and the conditions that
 * guard them). A module without outputs, or with what cannot be followed (a `.*` instance, a
 * block read only in part), keeps everything.
 */
function observable(unit: DesignUnit): (name: string) => boolean {
  const everything = () => true;
  const roots = unit.ports.filter((p) => p.direction !== 'input').map((p) => p.name);
  if (roots.length === 0) return everything;
  for (const instance of unit.instances) {
    if (instance.wildcard) return everything;
    for (const c of [...instance.connections, ...instance.params]) {
      if (c.implicit && c.name) roots.push(c.name);
      for (const name of c.names ?? (c.value ? identifiers(c.value) : [])) roots.push(name);
    }
  }
  const writers = new Map<string, Assignment[]>();
  for (const block of unit.blocks) {
    if (!block.flow) continue;
    if (block.flow.partial) return everything;
    for (const a of block.flow.assignments) {
      for (const t of a.targets) {
        const list = writers.get(t);
        if (list) list.push(a);
        else writers.set(t, [a]);
      }
    }
  }
  const kept = new Set<string>(roots);
  const queue = [...roots];
  while (queue.length > 0) {
    for (const a of writers.get(queue.pop()!) ?? []) {
      for (const n of [...a.sources, ...a.conditions]) {
        if (kept.has(n)) continue;
        kept.add(n);
        queue.push(n);
      }
    }
  }
  return (name) => kept.has(name);
}

/** The identifiers of an expression's text (a connection `.a(x[3:0] & y)` reads x and y). */
function identifiers(text: string): string[] {
  return text.match(/[A-Za-z_][A-Za-z0-9_$]*/g) ?? [];
}

/** Widest value read bit by bit (distinctInputs). */
const MAX_BIT_WIDTH = 1024;

/** How many times the loops around an assignment run (constant bounds only; 1 when unknown), capped. */
function iterations(loops: readonly LoopHeader[] | undefined, values: Map<string, number>): number {
  let n = 1;
  for (const header of loops ?? []) n *= loopValues(header, values)?.length ?? 1;
  return Math.min(n, 4096);
}

/** Associative operators whose chains synthesis balances, by class. */
const CHAINS = new Map<string, string>([['+', 'add'], ['-', 'add'], ['&', 'and'], ['|', 'or'], ['^', 'xor']]);

/** The operands of a chain of one class: (a + b) - c + d -> a, b, c, d. */
function flatten(expr: Expr, chain: string): Expr[] {
  if (expr.kind !== 'binary' || CHAINS.get(expr.op) !== chain) return [expr];
  return [...flatten(expr.left, chain), ...flatten(expr.right, chain)];
}

const NAMES: Record<Feature, string> = { add: 'adder', addConst: 'incrementer', muxConst: 'constant multiplexer', mul: 'multiplier', mulConst: 'constant multiplier', div: 'divider', compare: 'comparator', equal: 'equality', logic: 'logic', reduce: 'reduction', shift: 'barrel shifter', mux: 'multiplexer', muxWide: 'wide multiplexer', ff: 'register', memory: 'memory' };

/** One dimension's size: [hi:lo] or [N]. */
function dimensionSize(d: { hi: Expr; lo: Expr } | { size: Expr }, values: Map<string, number>): number | undefined {
  if ('size' in d) return evaluateExpr(d.size, values);
  const hi = evaluateExpr(d.hi, values);
  const lo = evaluateExpr(d.lo, values);
  return hi === undefined || lo === undefined ? undefined : Math.abs(hi - lo) + 1;
}

/** Bits of a type written out (`logic [W-1:0]`, `bit [3:0][7:0]`, `logic`); undefined for a named type. */
function typeTextWidth(text: string, values: Map<string, number>): number | undefined {
  const rest = text.trim().replace(/^(logic|bit|reg|wire)\b/, '').replace(/^\s*(signed|unsigned)\b/, '').trim();
  if (rest === '') return /^(logic|bit|reg|wire)\b/.test(text.trim()) ? 1 : undefined;
  const dims = parseDimensions(rest);
  if (!dims) return undefined;
  let width = 1;
  for (const d of dims) {
    const size = dimensionSize(d, values);
    if (size === undefined) return undefined;
    width *= size;
  }
  return width;
}

/** Words in an unpacked array: each dimension [lo:hi] (rangeWidth) or [N] (C style). */
function arrayDepth(array: string, values: Map<string, number>): number {
  let depth = 1;
  for (const d of parseDimensions(array) ?? []) depth *= dimensionSize(d, values) ?? 1;
  return Math.max(1, depth);
}

/** The width of one word of a memory: its packed range. */
function elementWidth(unit: DesignUnit, name: string, values: Map<string, number>, expand: (t: string) => string): number {
  const signal = unit.signals.find((s) => s.name === name);
  return (signal && rangeWidth(expand(signal.range), values)) ?? 1;
}

/**
 * Longest combinational path over the module's data flow, in delay units: each assignment
 * adds its expression's delay. Paths start at inputs and register outputs (names with no
 * combinational driver) and end at any name, register inputs included.
 */
function longestPath(graph: ReturnType<typeof moduleGraph>, costOf: (spanStart: number) => Cost | undefined, live: (name: string) => boolean): { units: number; levels: number; spans: Span[] } {
  type Arrival = { units: number; levels: number; via?: { from: string; span: Span } };
  const arrival = new Map<string, Arrival>();
  const none: Arrival = { units: 0, levels: 0 };
  const fallback: Cost = { width: 1, delay: 1, levels: 1 };
  // Depth-first with an explicit stack (a gate-level chain is tens of thousands of names deep):
  // a name's arrival is known once every combinational driver's source is. A name met again
  // while it is on the stack closes a combinational loop: the path is cut there.
  const onStack = new Set<string>();
  let steps = 0;
  const at = (signal: string): Arrival => {
    const known = arrival.get(signal);
    if (known) return known;
    const stack: { signal: string; edges: readonly FlowEdge[]; next: number; best: Arrival }[] = [];
    const open = (name: string) => {
      onStack.add(name);
      stack.push({ signal: name, edges: graph.drivers.get(name) ?? [], next: 0, best: none });
    };
    open(signal);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next < top.edges.length && ++steps <= 200000) {
        const edge = top.edges[top.next];
        if (edge.clock || !edge.from) {
          top.next++;
          continue;
        }
        const source = arrival.get(edge.from) ?? (onStack.has(edge.from) ? none : undefined);
        if (!source) {
          open(edge.from);
          continue;
        }
        top.next++;
        const cost = costOf(edge.span.start) ?? fallback;
        if (source.units + cost.delay > top.best.units) top.best = { units: source.units + cost.delay, levels: source.levels + cost.levels, via: { from: edge.from, span: edge.span } };
        continue;
      }
      // Done (or out of budget: what is known so far stands).
      stack.pop();
      onStack.delete(top.signal);
      arrival.set(top.signal, top.best);
    }
    return arrival.get(signal) ?? none;
  };
  let worst: Arrival = { units: 0, levels: 0 };
  for (const [target, edges] of graph.drivers) {
    // A path into logic synthesis removes is no path.
    if (!live(target)) continue;
    for (const edge of edges) {
      if (!edge.from) continue;
      const source = at(edge.from);
      const cost = costOf(edge.span.start) ?? fallback;
      if (source.units + cost.delay > worst.units) worst = { units: source.units + cost.delay, levels: source.levels + cost.levels, via: { from: edge.from, span: edge.span } };
    }
  }
  // The assignments along the worst path, from its end back to where it starts.
  const spans: Span[] = [];
  for (let step = worst.via, guard = 0; step && guard < 1000; step = arrival.get(step.from)?.via, guard++) {
    if (!spans.some((s) => s.start === step!.span.start)) spans.push(step.span);
  }
  return { units: worst.units, levels: worst.levels, spans: spans.reverse() };
}
