import type { Node, Query } from 'web-tree-sitter';
import type { Span } from '../base';

/**
 * Data-flow facts of one block (an assign, an always or initial block): which names each
 * assignment writes, which it reads, under which condition names, and the block's clock.
 * The graph layer links these into signal -> signal edges.
 */
export type AssignmentKind = 'continuous' | 'blocking' | 'nonblocking';

export interface Assignment {
  kind: AssignmentKind;
  /** Names written: the base name of each left-hand side (a[3], {b, c} -> a, b, c). */
  targets: string[];
  /** Names read on the right-hand side and in left-hand selects. */
  sources: string[];
  /** Names read by the if/case conditions that guard this assignment, outermost first. */
  conditions: string[];
  /** Targets written through a bit or part select (a[3] <= ...): only part of the signal. */
  selected: string[];
  /** The headers of the for loops around it (`for (i = 0; i < 8; i++)`), outermost first: it repeats per iteration. */
  loops?: string[];
  /** The left- and right-hand side texts, when short (under 300 and 1500 characters): for widths and operator counts. */
  lhs?: string;
  rhs?: string;
  span: Span;
}

export interface Edge {
  edge: 'posedge' | 'negedge';
  signal: string;
}

export interface BlockFlow {
  assignments: Assignment[];
  /** Edges in the sensitivity list (@(posedge clk or negedge rst_n)). */
  edges: Edge[];
  /** Plain names in the sensitivity list; '*' for @* or always_comb. */
  sensitivity: string[];
  /** Names read anywhere in the block (conditions included). */
  reads: string[];
  /** Some statement could not be read (a parse error inside): facts may be incomplete. */
  partial: boolean;
  /**
   * For a combinational block: names assigned on some path through the block but not on
   * every path, so a latch holds them (only whole-signal assignments are judged).
   */
  latches?: string[];
}

const SELECTS = new Set(['select', 'bit_select', 'constant_select', 'constant_bit_select', 'part_select_range', 'constant_part_select_range', 'indexed_range', 'constant_indexed_range']);
const SKIP = new Set(['one_line_comment', 'block_comment', 'string_literal', 'system_tf_identifier', 'attribute_instance', 'text_macro_usage']);

/**
 * Reads a block: the dataflow query (grammars/queries/dataflow.scm) finds the assignments,
 * their left-hand sides and the conditions around them inside the tree, in the parser's own
 * code; the names are then read from the text of those spans. Walking every node from
 * JavaScript cost as much as parsing; this costs a small fraction.
 */
interface FoundAssignment {
  kind: AssignmentKind | 'increment';
  start: number;
  end: number;
  lhsStart: number;
  lhsEnd: number;
  operator?: string;
}

/** What the dataflow query found in one design unit, in text order; blocks take their share by span. */
export interface FlowFacts {
  assignments: FoundAssignment[];
  conditionals: { start: number; end: number; conditions: Span[] }[];
  loops: Span[];
  /** for loops: the statement, and where its header ends (after the step). */
  forLoops: { start: number; end: number; headerEnd: number }[];
  loopVariables: { name: string; at: number }[];
  /** Event controls of always blocks, by the always block's start offset. */
  events: Map<number, Node>;
}

/** Runs the dataflow query once over a unit. */
export function flowFacts(query: Query, node: Node, text: string): FlowFacts {
  const facts: FlowFacts = { assignments: [], conditionals: [], loops: [], forLoops: [], loopVariables: [], events: new Map() };
  const conditionals = new Map<number, { start: number; end: number; conditions: Span[] }>();
  for (const match of query.matches(node)) {
    const captures = match.captures;
    let main = captures[0];
    for (const c of captures) if (c.name.startsWith('assign.') || c.name === 'if' || c.name === 'case' || c.name === 'loop' || c.name === 'loop.variable' || c.name === 'always') main = c;
    const m = main.node;
    if (main.name.startsWith('assign.')) {
      const kind = main.name === 'assign.increment' ? 'increment' : (main.name.slice(7) as AssignmentKind);
      const start = m.startIndex;
      const end = m.endIndex;
      const split = splitAssignment(text, start, end, kind);
      if (split) facts.assignments.push({ kind, start, end, ...split });
    } else if (main.name === 'if' || main.name === 'case') {
      const condition = captures.find((c) => c.name === 'condition')?.node;
      let entry = conditionals.get(m.startIndex);
      if (!entry) conditionals.set(m.startIndex, (entry = { start: m.startIndex, end: m.endIndex, conditions: [] }));
      if (condition) entry.conditions.push({ start: condition.startIndex, end: condition.endIndex });
    } else if (main.name === 'loop') facts.loops.push({ start: m.startIndex, end: m.endIndex });
    else if (main.name === 'loop.for') {
      const step = captures.find((c) => c.name === 'loop.step')?.node;
      if (step) facts.forLoops.push({ start: m.startIndex, end: m.endIndex, headerEnd: step.endIndex });
    }
    else if (main.name === 'loop.variable') facts.loopVariables.push({ name: text.slice(m.startIndex, m.endIndex), at: m.startIndex });
    else if (main.name === 'always') {
      const event = captures.find((c) => c.name === 'event')?.node;
      if (event) facts.events.set(m.startIndex, event);
    }
  }
  facts.conditionals = [...conditionals.values()].sort((a, b) => a.start - b.start);
  facts.assignments.sort((a, b) => a.start - b.start);
  facts.loops.sort((a, b) => a.start - b.start);
  facts.forLoops.sort((a, b) => a.start - b.start);
  return facts;
}

/**
 * The left-hand side and operator of an assignment's text: the first assignment operator at
 * bracket depth 0 (<= for nonblocking; =, +=, <<= ... for the others; ++/-- for increments).
 */
function splitAssignment(text: string, start: number, end: number, kind: AssignmentKind | 'increment'): { lhsStart: number; lhsEnd: number; operator?: string } | undefined {
  if (kind === 'increment') {
    const body = text.slice(start, end);
    const lead = /^\s*(\+\+|--)/.exec(body);
    if (lead) return { lhsStart: start + lead[0].length, lhsEnd: end };
    const trail = /(\+\+|--)\s*$/.exec(body);
    return { lhsStart: start, lhsEnd: trail ? end - trail[0].length : end };
  }
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (c === '[' || c === '(' || c === '{') depth++;
    else if (c === ']' || c === ')' || c === '}') depth--;
    else if (depth === 0 && c === '"') {
      i++;
      while (i < end && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    } else if (depth === 0 && c === '=' && text[i + 1] !== '=') {
      if (kind === 'nonblocking') {
        if (text[i - 1] === '<') return { lhsStart: start, lhsEnd: i - 1, operator: '<=' };
        continue;
      }
      let opStart = i;
      while (opStart > start && '+-*/%&|^<>'.includes(text[opStart - 1])) opStart--;
      if (text[opStart - 1] === '=' || text[opStart - 1] === '!') continue;
      return { lhsStart: start, lhsEnd: opStart, operator: text.slice(opStart, i + 1) };
    }
  }
  return undefined;
}

/** The facts inside [start, end) of a list sorted by start. */
function within<T extends { start: number; end: number }>(list: readonly T[], start: number, end: number): T[] {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (list[mid].start < start) low = mid + 1;
    else high = mid;
  }
  const out: T[] = [];
  for (let i = low; i < list.length && list[i].start < end; i++) if (list[i].end <= end) out.push(list[i]);
  return out;
}

/**
 * Reads a block from the facts the dataflow query (grammars/queries/dataflow.scm) found for
 * its unit: the assignments, their left-hand sides and the conditions around them come from
 * the parser's own query engine, the names from the text of those spans. Walking every node
 * from JavaScript cost as much as parsing; this costs a small fraction.
 */
export function blockFlow(node: Node, text: string, facts: FlowFacts): BlockFlow {
  const flow: BlockFlow = { assignments: [], edges: [], sensitivity: [], reads: [], partial: node.hasError };
  const sensitivity = new Set<string>();
  const keyword = node.type === 'always_construct' ? node.namedChild(0) : null;
  const keywordText = keyword?.type === 'always_keyword' ? text.slice(keyword.startIndex, keyword.endIndex) : '';
  if (keywordText === 'always_comb' || keywordText === 'always_latch') sensitivity.add('*');
  const event = facts.events.get(node.startIndex);
  if (event) readEvents(event, text, flow, sensitivity);
  const blockStart = node.startIndex;
  const blockEnd = node.endIndex;
  const found = within(facts.assignments, blockStart, blockEnd);
  const conditionals = within(facts.conditionals, blockStart, blockEnd);
  const loops = within(facts.loops, blockStart, blockEnd);
  const forLoops = within(facts.forLoops, blockStart, blockEnd);
  const loopVariables = new Set(facts.loopVariables.filter((v) => v.at >= blockStart && v.at < blockEnd).map((v) => v.name));
  const targetOffsets = new Set<number>();
  for (const f of found) {
    const targets: string[] = [];
    const selected: string[] = [];
    const sources: string[] = [];
    // Left-hand side: names outside brackets are written, names inside brackets are read.
    scanNames(text, f.lhsStart, f.lhsEnd, (name, at, depth, next) => {
      if (depth > 0) {
        sources.push(name);
        return;
      }
      targets.push(name);
      targetOffsets.add(at);
      // a[3] = ..., bus.ack = ...: only part of the signal is written.
      if (next === '[' || next === '.') selected.push(name);
    });
    // Right-hand side: after the operator, up to the end of the assignment.
    const rhsStart = f.kind === 'increment' ? f.lhsEnd : skipOperator(text, f.lhsEnd, f.end);
    scanNames(text, rhsStart, f.end, (name) => sources.push(name));
    // x += y and x++ read x as well as write it.
    if (f.kind === 'increment' || (f.kind !== 'nonblocking' && f.operator !== undefined && f.operator !== '=')) sources.push(...targets);
    const conditions: string[] = [];
    for (const c of conditionals) {
      if (c.start > f.start || f.end > c.end) continue;
      // Conditions before the branch holding the assignment guard it: if (a) .. else if (b) ..
      for (const span of c.conditions) if (span.end <= f.start) scanNames(text, span.start, span.end, (name) => conditions.push(name));
    }
    const assignment: Assignment = {
      kind: f.kind === 'increment' ? 'blocking' : f.kind,
      targets: unique(targets),
      sources: unique(sources),
      conditions: unique(conditions),
      selected: unique(selected),
      span: { start: f.start, end: f.end },
    };
    if (f.kind !== 'increment' && (f.operator === undefined || f.operator === '=' || f.operator === '<=') && f.end - f.lhsStart < 2000) {
      const lhs = text.slice(f.lhsStart, f.lhsEnd).trim();
      const rhs = text.slice(rhsStart, f.end).trim().replace(/;$/, '').trim();
      if (lhs.length < 300 && rhs.length < 1500) {
        assignment.lhs = lhs;
        assignment.rhs = rhs;
      }
    }
    if (loops.some((l) => l.start <= f.start && f.end <= l.end)) for (const t of targets) loopVariables.add(t);
    // In the body of for loops (not their headers): the headers, outermost first, to count iterations.
    const enclosing = forLoops.filter((l) => l.headerEnd <= f.start && f.end <= l.end);
    if (enclosing.length > 0) assignment.loops = enclosing.map((l) => `${text.slice(l.start, l.headerEnd).replace(/\s+/g, ' ')})`);
    flow.assignments.push(assignment);
  }
  // Reads: every name in the block that is not written where it stands.
  const reads = new Set<string>();
  const bodyStart = event ? event.endIndex : node.startIndex;
  scanNames(text, bodyStart, node.endIndex, (name, at) => {
    if (!targetOffsets.has(at)) reads.add(name);
  });
  flow.reads = [...reads];
  flow.sensitivity = [...sensitivity];
  const combinational = sensitivity.has('*') || (node.type === 'always_construct' && flow.edges.length === 0 && sensitivity.size > 0);
  if (combinational && keywordText !== 'always_latch' && !flow.partial) {
    const whole = new Set<string>();
    const partly = new Set<string>();
    for (const a of flow.assignments) for (const t of a.targets) (a.selected.includes(t) ? partly : whole).add(t);
    // Assigned outside every if, case and loop: assigned on every path, no tree walk needed.
    const guarded = (a: Assignment) => conditionals.some((c) => c.start <= a.span.start && a.span.end <= c.end) || loops.some((l) => l.start <= a.span.start && a.span.end <= l.end);
    const always = new Set(flow.assignments.filter((a) => !guarded(a)).flatMap((a) => a.targets));
    const candidates = [...whole].filter((t) => !partly.has(t) && !always.has(t) && !loopVariables.has(t));
    const definite = candidates.length > 0 ? definitelyAssigned(node, text) : new Set<string>();
    flow.latches = candidates.filter((t) => !definite.has(t));
  }
  return flow;
}

/** The offset after an assignment operator (=, <=, +=, ...) that follows a left-hand side. */
function skipOperator(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && /\s/.test(text[i])) i++;
  while (i < to && '<>=+-*/%&|^!~:'.includes(text[i])) i++;
  return i;
}

/** Words of Verilog that can stand where a name does inside statements and expressions. */
const KEYWORDS = new Set([
  'if', 'else', 'begin', 'end', 'case', 'casez', 'casex', 'endcase', 'default', 'for', 'while', 'repeat', 'forever', 'do',
  'foreach', 'posedge', 'negedge', 'edge', 'or', 'and', 'not', 'inside', 'dist', 'unique', 'unique0', 'priority', 'return',
  'break', 'continue', 'fork', 'join', 'join_any', 'join_none', 'wait', 'disable', 'assign', 'deassign', 'force', 'release',
  'signed', 'unsigned', 'int', 'integer', 'logic', 'bit', 'reg', 'byte', 'shortint', 'longint', 'void', 'automatic',
  'static', 'const', 'var', 'new', 'this', 'super', 'null', 'string', 'real', 'time', 'realtime', 'event', 'genvar',
  'localparam', 'parameter', 'wire', 'tri', 'input', 'output', 'inout', 'ref', 'iff', 'with', 'matches', 'tagged', 'type',
  'always', 'always_ff', 'always_comb', 'always_latch', 'initial', 'final', 'assert', 'assume', 'cover', 'property',
  'sequence', 'endfunction', 'endtask', 'function', 'task', 'typedef', 'struct', 'union', 'enum', 'packed', 'generate',
]);

/**
 * Calls `emit` for each name of a signal in text[from, to): no keywords, literals, strings,
 * comments, system tasks, macros, function names, members (a.b), package prefixes (p::x) or
 * assignment-pattern keys ('{key: v}). `depth` counts enclosing brackets; `next` is the
 * first character after the name.
 */
export function scanNames(text: string, from: number, to: number, emit: (name: string, at: number, depth: number, next: string) => void): void {
  let depth = 0;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 47 && text.charCodeAt(i + 1) === 47) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? to : nl;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? to : close + 2;
      continue;
    }
    if (c === 34) {
      i++;
      while (i < to && text.charCodeAt(i) !== 34 && text.charCodeAt(i) !== 10) i += text.charCodeAt(i) === 92 ? 2 : 1;
      i++;
      continue;
    }
    if (c === 91) depth++;
    else if (c === 93) depth = Math.max(0, depth - 1);
    if ((c >= 48 && c <= 57) || c === 39) {
      // A number: 12, 8'hFF, 'b1x0, 1.5e-3, '{ (a pattern opens here, nothing to skip)
      if (c === 39 && text.charCodeAt(i + 1) === 123) {
        i++;
        continue;
      }
      i++;
      while (i < to && /[0-9a-zA-Z_'?.]/.test(text[i])) i++;
      continue;
    }
    if (c === 36 || c === 96) {
      // $system_task or `macro: skip the word
      i++;
      while (i < to && /[A-Za-z0-9_$]/.test(text[i])) i++;
      continue;
    }
    const escaped = c === 92;
    if (!escaped && !((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95)) {
      i++;
      continue;
    }
    const start = i;
    let end = i + 1;
    if (escaped) {
      while (end < text.length && !/\s/.test(text[end])) end++;
    } else {
      while (end < to && /[A-Za-z0-9_$]/.test(text[end])) end++;
    }
    i = end;
    const name = escaped ? text.slice(start + 1, end) : text.slice(start, end);
    if (!escaped && KEYWORDS.has(name)) continue;
    let b = start - 1;
    while (b >= 0 && (text[b] === ' ' || text[b] === '\t' || text[b] === '\n' || text[b] === '\r')) b--;
    const before = text[b];
    if (before === '.' || (before === ':' && text[b - 1] === ':')) continue;
    let a = end;
    while (a < text.length && (text[a] === ' ' || text[a] === '\t' || text[a] === '\n' || text[a] === '\r')) a++;
    const next = text[a] ?? '';
    if (next === '(' || (next === ':' && text[a + 1] === ':')) continue;
    if (next === ':' && (before === '{' || before === ',') && text[a + 1] !== '=') continue;
    emit(name, start, depth, next);
  }
}

/** The sensitivity list: edges (posedge clk) and plain names; '*' for @*. */
function readEvents(n: Node, text: string, flow: BlockFlow, sensitivity: Set<string>): void {
  const raw = text.slice(n.startIndex, n.endIndex);
  if (/^@\s*(?:\(\s*)?\*\s*\)?$/.test(raw.trim())) {
    sensitivity.add('*');
    return;
  }
  const walk = (e: Node) => {
    if (e.type === 'event_expression') {
      const edge = e.namedChildren.find((c) => c?.type === 'edge_identifier');
      const expr = e.namedChildren.find((c) => c?.type === 'expression');
      if (edge && expr) {
        const name = firstIdentifier(expr, text);
        const edgeText = text.slice(edge.startIndex, edge.endIndex);
        if (name && (edgeText === 'posedge' || edgeText === 'negedge')) flow.edges.push({ edge: edgeText, signal: name });
        return;
      }
    }
    if (e.type === 'simple_identifier') {
      sensitivity.add(text.slice(e.startIndex, e.endIndex));
      return;
    }
    for (let i = 0; i < e.namedChildCount; i++) {
      const child = e.namedChild(i);
      if (child) walk(child);
    }
  };
  walk(n);
}

/** Whether the lvalue holding this identifier selects part of it (a[3], a[7:0]). */
function hasSelect(identifier: Node): boolean {
  let owner = identifier.parent;
  if (owner?.type === 'hierarchical_identifier') owner = owner.parent;
  if (!owner) return false;
  for (let i = 0; i < owner.namedChildCount; i++) {
    const child = owner.namedChild(i);
    if (child && SELECTS.has(child.type)) return true;
  }
  return false;
}

const WRAPPERS = new Set(['always_construct', 'initial_construct', 'statement', 'statement_item', 'statement_or_null', 'procedural_timing_control_statement', 'function_statement_or_null', 'function_statement']);

/** Names assigned (whole) on every path through a statement. */
function definitelyAssigned(n: Node, text: string): Set<string> {
  const none = new Set<string>();
  switch (n.type) {
    case 'nonblocking_assignment':
    case 'operator_assignment':
    case 'blocking_assignment': {
      const target = n.type === 'blocking_assignment' ? n.namedChildren.find((c) => c?.type === 'operator_assignment')?.namedChildren[0] : n.namedChildren[0];
      if (!target || (target.type !== 'variable_lvalue' && target.type !== 'net_lvalue')) return none;
      const names = new Set<string>();
      const collect = (m: Node) => {
        if (SELECTS.has(m.type)) return;
        if (m.type === 'simple_identifier') {
          if (!hasSelect(m)) names.add(text.slice(m.startIndex, m.endIndex));
          return;
        }
        for (let i = 0; i < m.namedChildCount; i++) {
          const c = m.namedChild(i);
          if (c) collect(c);
        }
      };
      collect(target);
      return names;
    }
    case 'seq_block': {
      const all = new Set<string>();
      for (let i = 0; i < n.namedChildCount; i++) {
        const c = n.namedChild(i);
        if (c) for (const name of definitelyAssigned(c, text)) all.add(name);
      }
      return all;
    }
    case 'conditional_statement': {
      const predicates = n.namedChildren.filter((c) => c?.type === 'cond_predicate').length;
      const branches = n.namedChildren.filter((c) => c !== null && c.type !== 'cond_predicate') as Node[];
      if (branches.length <= predicates) return none; // no final else
      return intersect(branches.map((b) => definitelyAssigned(b, text)));
    }
    case 'case_statement': {
      const items = n.namedChildren.filter((c) => c?.type === 'case_item') as Node[];
      const full = items.some((item) => !item.namedChildren.some((c) => c?.type === 'case_item_expression')) || n.namedChildren.some((c) => c?.type === 'unique_priority');
      if (!full || items.length === 0) return none;
      return intersect(items.map((item) => {
        const statement = item.namedChildren.find((c) => c !== null && c.type !== 'case_item_expression');
        return statement ? definitelyAssigned(statement, text) : none;
      }));
    }
  }
  if (WRAPPERS.has(n.type)) {
    const all = new Set<string>();
    for (let i = 0; i < n.namedChildCount; i++) {
      const c = n.namedChild(i);
      if (c && c.type !== 'event_control' && c.type !== 'always_keyword') for (const name of definitelyAssigned(c, text)) all.add(name);
    }
    return all;
  }
  return none;
}

function intersect(sets: Set<string>[]): Set<string> {
  if (sets.length === 0) return new Set();
  const [first, ...rest] = sets;
  return new Set([...first].filter((name) => rest.every((s) => s.has(name))));
}

function firstIdentifier(n: Node, text: string): string | undefined {
  let current: Node | null = n;
  while (current && current.type !== 'simple_identifier') current = current.namedChild(0);
  return current ? text.slice(current.startIndex, current.endIndex) : undefined;
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

/** Names read by an expression (an instance's port connection). */
export function expressionNames(n: Node, text: string): string[] {
  const names = new Set<string>();
  const visit = (m: Node) => {
    if (m.type === 'simple_identifier' || m.type === 'escaped_identifier') {
      const parent = m.parent;
      if (parent?.type === 'hierarchical_identifier' && parent.namedChild(0)?.startIndex !== m.startIndex) return;
      if (text.startsWith('::', m.endIndex)) return;
      names.add(text.slice(m.startIndex, m.endIndex));
      return;
    }
    if (SKIP.has(m.type)) return;
    for (let i = 0; i < m.namedChildCount; i++) {
      const child = m.namedChild(i);
      if (child) visit(child);
    }
  };
  visit(n);
  return [...names];
}
