import type { Node } from 'web-tree-sitter';
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
  /** The right-hand side when it is one bare name (a = b): widths can be compared. */
  copyOf?: string;
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

interface Context {
  conditions: string[];
  zone: 'none' | 'lhs' | 'rhs' | 'condition' | 'event';
  assignment?: Assignment;
  inSelect: boolean;
  /** Collects condition names while inside a cond_predicate or case_expression. */
  conditionSink?: string[];
}

export function blockFlow(node: Node, text: string): BlockFlow {
  const flow: BlockFlow = { assignments: [], edges: [], sensitivity: [], reads: [], partial: node.hasError };
  const reads = new Set<string>();
  const sensitivity = new Set<string>();

  const identifier = (n: Node, ctx: Context) => {
    const parent = n.parent;
    // Only the head of a.b.c names a signal; members and package items do not.
    if (parent && (parent.type === 'hierarchical_identifier' || parent.type === 'method_call_body')) {
      const first = parent.namedChild(0);
      if (first && first.startIndex !== n.startIndex) return;
    }
    if (text.startsWith('::', n.endIndex)) return;
    // A member after a dot (bus.addr inside a select) is not a signal of this module.
    let before = n.startIndex - 1;
    while (before >= 0 && (text[before] === ' ' || text[before] === '\t')) before--;
    if (before >= 0 && text[before] === '.') return;
    if (parent?.type === 'tf_call' || (parent?.type === 'hierarchical_identifier' && parent.parent?.type === 'tf_call' && parent.parent.namedChild(0)?.startIndex === parent.startIndex)) return;
    const name = text.slice(n.startIndex, n.endIndex);
    switch (ctx.zone) {
      case 'lhs':
        if (ctx.inSelect) {
          ctx.assignment?.sources.push(name);
          reads.add(name);
        } else {
          ctx.assignment?.targets.push(name);
          // bus.ack = ... writes a member of bus, not all of it: as partial as a bit select.
          const dotted = parent?.type === 'hierarchical_identifier' && parent.namedChildCount > 1;
          if (dotted || hasSelect(n)) ctx.assignment?.selected.push(name);
        }
        return;
      case 'rhs':
        ctx.assignment?.sources.push(name);
        reads.add(name);
        return;
      case 'condition':
        ctx.conditionSink?.push(name);
        reads.add(name);
        return;
      case 'event':
        sensitivity.add(name);
        return;
      default:
        reads.add(name);
    }
  };

  const startAssignment = (n: Node, kind: AssignmentKind, ctx: Context): Assignment => {
    const assignment: Assignment = { kind, targets: [], sources: [], conditions: [...ctx.conditions], selected: [], span: { start: n.startIndex, end: n.endIndex } };
    flow.assignments.push(assignment);
    return assignment;
  };

  const visitChildren = (n: Node, ctx: Context) => {
    for (let i = 0; i < n.namedChildCount; i++) {
      const child = n.namedChild(i);
      if (child) visit(child, ctx);
    }
  };

  const loopVariables = new Set<string>();
  const visit = (n: Node, ctx: Context): void => {
    const type = n.type;
    if (type === 'for_initialization' || type === 'for_step' || type === 'for_variable_declaration') {
      // Loop control: its variables are not latches, whatever the paths.
      const before = flow.assignments.length;
      visitChildren(n, ctx);
      for (const a of flow.assignments.slice(before)) for (const t of a.targets) loopVariables.add(t);
      if (type === 'for_variable_declaration') {
        const ident = n.namedChildren.find((c) => c?.type === 'simple_identifier');
        if (ident) loopVariables.add(text.slice(ident.startIndex, ident.endIndex));
      }
      return;
    }
    if (type === 'simple_identifier' || type === 'escaped_identifier') {
      identifier(n, ctx);
      return;
    }
    if (SKIP.has(type)) return;
    switch (type) {
      case 'nonblocking_assignment':
      case 'net_assignment':
      case 'operator_assignment': {
        const kind: AssignmentKind = type === 'nonblocking_assignment' ? 'nonblocking' : type === 'net_assignment' ? 'continuous' : 'blocking';
        const assignment = startAssignment(n, kind, ctx);
        let compound = false;
        for (let i = 0; i < n.namedChildCount; i++) {
          const child = n.namedChild(i);
          if (!child) continue;
          if (child.type === 'variable_lvalue' || child.type === 'net_lvalue') visit(child, { ...ctx, zone: 'lhs', assignment, inSelect: false });
          else if (child.type === 'assignment_operator') compound = text.slice(child.startIndex, child.endIndex).trim() !== '=';
          else {
            visit(child, { ...ctx, zone: 'rhs', assignment, inSelect: false });
            const bare = bareName(child, text);
            if (bare) assignment.copyOf = bare;
          }
        }
        if (compound) assignment.sources.push(...assignment.targets);
        return;
      }
      case 'inc_or_dec_expression': {
        const assignment = startAssignment(n, 'blocking', ctx);
        visitChildren(n, { ...ctx, zone: 'lhs', assignment, inSelect: false });
        assignment.sources.push(...assignment.targets);
        return;
      }
      case 'conditional_statement': {
        // if (a) s1 else if (b) s2 else s3: s1 depends on a; s2 and s3 on a and b.
        const names: string[] = [];
        for (let i = 0; i < n.namedChildCount; i++) {
          const child = n.namedChild(i);
          if (!child) continue;
          if (child.type === 'cond_predicate') visit(child, { ...ctx, zone: 'condition', conditionSink: names });
          else visit(child, { ...ctx, conditions: [...ctx.conditions, ...names] });
        }
        return;
      }
      case 'case_statement': {
        const names: string[] = [];
        for (let i = 0; i < n.namedChildCount; i++) {
          const child = n.namedChild(i);
          if (child?.type === 'case_expression') visit(child, { ...ctx, zone: 'condition', conditionSink: names });
        }
        const inner: Context = { ...ctx, conditions: [...ctx.conditions, ...names] };
        for (let i = 0; i < n.namedChildCount; i++) {
          const child = n.namedChild(i);
          if (!child || child.type === 'case_expression') continue;
          if (child.type === 'case_item') {
            for (let j = 0; j < child.namedChildCount; j++) {
              const part = child.namedChild(j);
              if (!part) continue;
              if (part.type === 'case_item_expression') visit(part, { ...inner, zone: 'none' });
              else visit(part, inner);
            }
          } else visit(child, inner);
        }
        return;
      }
      case 'event_control':
      case 'clocking_event':
        readEvents(n, ctx);
        return;
    }
    if (SELECTS.has(type) && ctx.zone === 'lhs') {
      visitChildren(n, { ...ctx, inSelect: true });
      return;
    }
    visitChildren(n, ctx);
  };

  const readEvents = (n: Node, ctx: Context) => {
    const raw = text.slice(n.startIndex, n.endIndex);
    if (/^@\s*\(?\s*\*\s*\)?$/.test(raw.trim())) {
      sensitivity.add('*');
      return;
    }
    const walkEvents = (e: Node) => {
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
      if (e.type === 'expression' || e.type === 'primary' || e.type === 'hierarchical_identifier' || e.type === 'simple_identifier') {
        visit(e, { ...ctx, zone: 'event' });
        return;
      }
      for (let i = 0; i < e.namedChildCount; i++) {
        const child = e.namedChild(i);
        if (child) walkEvents(child);
      }
    };
    walkEvents(n);
  };

  const keyword = node.namedChildren.find((c) => c?.type === 'always_keyword');
  if (keyword) {
    const k = text.slice(keyword.startIndex, keyword.endIndex);
    if (k === 'always_comb' || k === 'always_latch') sensitivity.add('*');
  }
  visit(node, { conditions: [], zone: 'none', inSelect: false });
  flow.reads = [...reads];
  flow.sensitivity = [...sensitivity];
  const combinational = sensitivity.has('*') || (node.type === 'always_construct' && flow.edges.length === 0 && sensitivity.size > 0);
  const isLatchBlock = keyword !== undefined && keyword !== null && text.slice(keyword.startIndex, keyword.endIndex) === 'always_latch';
  if (combinational && !isLatchBlock && !flow.partial) {
    const whole = new Set<string>();
    const partly = new Set<string>();
    for (const a of flow.assignments) for (const t of a.targets) (a.selected.includes(t) ? partly : whole).add(t);
    const definite = definitelyAssigned(node, text);
    flow.latches = [...whole].filter((t) => !partly.has(t) && !definite.has(t) && !loopVariables.has(t));
  }
  for (const a of flow.assignments) {
    a.sources = unique(a.sources);
    a.targets = unique(a.targets);
    a.conditions = unique(a.conditions);
  }
  return flow;
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

/** The name when an expression is exactly one identifier, nothing around it. */
function bareName(n: Node, text: string): string | undefined {
  let current: Node | null = n;
  while (current && (current.type === 'expression' || current.type === 'primary' || current.type === 'hierarchical_identifier') && current.namedChildCount === 1) current = current.namedChild(0);
  if (!current || current.type !== 'simple_identifier') return undefined;
  return text.slice(n.startIndex, n.endIndex).trim() === text.slice(current.startIndex, current.endIndex) ? text.slice(current.startIndex, current.endIndex) : undefined;
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
