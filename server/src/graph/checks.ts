import { expressionWidth, printExpression, type Problem, problem, type Span, treeWidth } from '../base';
import type { Block, DesignUnit, Occurrence } from '../model';
import type { DesignIndex } from './design';
import { connectionPort, expandMacros, instanceParameters, resolveParameters } from './design';
import { moduleGraph } from './moduleGraph';
import { nameWidth } from './widths';
import { type ClockMemo, clockRoot, connectedName, instanceClocks, registeredNets, registeredSources } from './clocks';

/**
 * Semantic checks on a module's data flow. Each one stays silent where the facts are
 * incomplete (parse errors in a block, macros that could hide a use): a missed warning
 * costs less than a false one on code that real tools accept.
 */
export interface CheckInput {
  index: DesignIndex;
  path: string;
  unit: DesignUnit;
  /** Identifier occurrences of the unit, for use counts; absent for closed files. */
  occurrences?: readonly Occurrence[];
  /** Spans of macro usages inside the unit. */
  macroSpans: readonly Span[];
}

const PROCEDURAL_INIT = new Set(['initial', 'final']);

export function semanticProblems(input: CheckInput): Problem[] {
  const { unit } = input;
  if (unit.kind !== 'module' && unit.kind !== 'interface' && unit.kind !== 'program') return [];
  const out: Problem[] = [];
  multipleDrivers(input, out);
  latches(unit, out);
  assignmentStyles(input, out);
  combinationalLoops(input, out);
  clockCrossings(input, out);
  widths(input, out);
  if (input.occurrences && !unit.hasErrors && input.macroSpans.length === 0) usage(input, out);
  return out;
}

function blockLabel(block: Block): string {
  return block.label ? `${block.kind} '${block.label}'` : block.kind;
}

/** Names driven by instance outputs, with the connection span. */
function instanceDrivers(input: CheckInput): Map<string, { span: Span; instance: string }[]> {
  const out = new Map<string, { span: Span; instance: string }[]>();
  for (const instance of input.unit.instances) {
    const child = input.index.unit(instance.module, input.path);
    instance.connections.forEach((connection, i) => {
      const portName = child ? connectionPort(child.unit, instance, i) : undefined;
      const port = portName && child ? child.unit.ports.find((p) => p.name === portName) : undefined;
      // Only a connection that is exactly one name drives all of it.
      if (!port || port.direction !== 'output' || !connection.value || !/^[A-Za-z_][A-Za-z0-9_$]*$/.test(connection.value)) return;
      const list = out.get(connection.value) ?? [];
      list.push({ span: connection.valueSpan ?? connection.span, instance: instance.name });
      out.set(connection.value, list);
    });
  }
  return out;
}

function multipleDrivers(input: CheckInput, out: Problem[]): void {
  const { unit } = input;
  const writers = new Map<string, { block: number; span: Span; selected: boolean; scope: string }[]>();
  unit.blocks.forEach((block, index) => {
    if (!block.flow || PROCEDURAL_INIT.has(block.kind)) return;
    for (const a of block.flow.assignments) {
      for (const t of a.targets) {
        const list = writers.get(t) ?? [];
        list.push({ block: index, span: a.span, selected: a.selected.includes(t) || block.flow.partial, scope: block.scope });
        writers.set(t, list);
      }
    }
  });
  const fromInstances = instanceDrivers(input);
  const names = new Set([...writers.keys(), ...fromInstances.keys()]);
  // Only signals of the module: loop variables and locals of functions are not shared wires.
  const declared = new Set([...unit.signals.filter((s) => s.kind === 'net' || s.kind === 'variable').map((s) => s.name), ...unit.ports.map((p) => p.name)]);
  for (const name of names) {
    if (!declared.has(name)) continue;
    const list = writers.get(name) ?? [];
    const blocks = [...new Set(list.map((w) => w.block))];
    const instances = fromInstances.get(name) ?? [];
    if (blocks.length + instances.length < 2) continue;
    if (list.some((w) => w.selected)) continue; // different bits may be driven by different blocks
    if (new Set(list.map((w) => w.scope)).size > 1) continue; // generate branches may exclude each other
    const first = list[0];
    const sources = [...blocks.map((b) => blockLabel(unit.blocks[b])), ...instances.map((i) => `instance '${i.instance}'`)];
    const second = list.find((w) => w.block !== first?.block) ?? list[0];
    const span = second?.span ?? instances[instances.length - 1].span;
    out.push(problem('multiple-drivers', span, `'${name}' is driven by ${sources.length} sources: ${sources.join(', ')}.`));
  }
}

function latches(unit: DesignUnit, out: Problem[]): void {
  // Only signals of the module: locals of functions and loops are not storage.
  const declared = new Set([...unit.signals.map((s) => s.name), ...unit.ports.map((p) => p.name)]);
  for (const block of unit.blocks) {
    for (const name of block.flow?.latches ?? []) {
      if (!declared.has(name)) continue;
      const first = block.flow!.assignments.find((a) => a.targets.includes(name));
      out.push(problem('inferred-latch', first?.span ?? block.span, `'${name}' is not assigned on every path through this ${block.kind} block, so it holds its value: a latch. Assign it a default at the top of the block, or cover every branch.`));
    }
  }
}

function isSequential(block: Block): boolean {
  return !!block.flow && block.flow.edges.length > 0 && !block.flow.sensitivity.includes('*') && block.kind !== 'always_comb';
}

function isCombinational(block: Block): boolean {
  if (!block.flow || block.kind === 'assign' || PROCEDURAL_INIT.has(block.kind)) return false;
  return block.kind === 'always_comb' || block.flow.sensitivity.includes('*') || (block.kind === 'always' && block.flow.edges.length === 0 && block.flow.sensitivity.length > 0);
}

function assignmentStyles(input: CheckInput, out: Problem[]): void {
  const { unit } = input;
  unit.blocks.forEach((block, index) => {
    if (!block.flow) return;
    if (isCombinational(block)) {
      for (const a of block.flow.assignments) {
        if (a.kind === 'nonblocking') out.push(problem('nonblocking-in-combinational', a.span, `Nonblocking assignment (<=) in a combinational ${block.kind} block; use = so later statements see the new value.`));
      }
    } else if (isSequential(block)) {
      for (const a of block.flow.assignments) {
        if (a.kind !== 'blocking') continue;
        const readElsewhere = a.targets.filter((t) => unit.blocks.some((other, j) => j !== index && other.flow?.reads.includes(t)));
        if (readElsewhere.length > 0) {
          out.push(problem('blocking-in-sequential', a.span, `Blocking assignment (=) to '${readElsewhere[0]}' in a clocked block, and other blocks read it: simulation order decides what they see. Use <=.`));
        }
      }
    }
  });
}

function combinationalLoops(input: CheckInput, out: Problem[]): void {
  const { unit } = input;
  // Edges source -> target of continuous and combinational assignments, whole targets only,
  // skipping sources the same block computes first (sequential reuse inside one block).
  const edges = new Map<string, { to: string; span: Span }[]>();
  for (const block of unit.blocks) {
    if (!block.flow || !(block.kind === 'assign' || isCombinational(block)) || block.flow.partial) continue;
    const written = new Set(block.flow.assignments.flatMap((a) => a.targets));
    for (const a of block.flow.assignments) {
      for (const t of a.targets) {
        if (a.selected.includes(t)) continue;
        for (const s of a.sources) {
          if (block.kind !== 'assign' && written.has(s)) continue;
          const list = edges.get(s) ?? [];
          list.push({ to: t, span: a.span });
          edges.set(s, list);
        }
      }
    }
  }
  // Tarjan's strongly connected components.
  let counter = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const reported = new Set<string>();
  const strong = (v: string) => {
    indexOf.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const { to } of edges.get(v) ?? []) {
      if (!indexOf.has(to)) {
        strong(to);
        low.set(v, Math.min(low.get(v)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(v, Math.min(low.get(v)!, indexOf.get(to)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      const selfLoop = component.length === 1 && (edges.get(v) ?? []).some((e) => e.to === v);
      if (component.length > 1 || selfLoop) {
        const key = [...component].sort().join(',');
        if (reported.has(key)) return;
        reported.add(key);
        const members = new Set(component);
        const edge = component.flatMap((c) => (edges.get(c) ?? []).filter((e) => members.has(e.to)))[0];
        out.push(problem('combinational-loop', edge.span, `Combinational loop through ${[...component].reverse().map((c) => `'${c}'`).join(' -> ')}${component.length > 1 ? ` -> '${component[component.length - 1]}'` : ''}.`));
      }
    }
  };
  if (edges.size > 5000) return; // bound the work on generated netlists
  for (const v of edges.keys()) if (!indexOf.has(v)) strong(v);
}

/** Names that mark a synchronizer: its first flop reads another domain on purpose. */
const SYNCHRONIZER = /sync|meta|cdc|_s1$|_ff1$|_r1$/i;

/**
 * Registers, in this module or inside its instances, that read a value registered on another
 * clock with no synchronizer between. Clocks are compared as this module's nets, followed
 * back through plain copies; a child's clock port is mapped through the instance connection.
 */
function clockCrossings(input: CheckInput, out: Problem[]): void {
  const { index, unit, path } = input;
  const graph = moduleGraph(path, unit);
  const memo: ClockMemo = new Map();
  const registered = registeredNets(index, unit, path, memo);
  if (registered.size === 0) return;
  const sourcesCache = new Map<string, Set<string>>();
  const sourcesOf = (name: string) => {
    let hit = sourcesCache.get(name);
    if (!hit) sourcesCache.set(name, (hit = registeredSources(graph, registered, name)));
    return hit;
  };
  for (const [name, register] of graph.registers) {
    if (SYNCHRONIZER.test(name)) continue;
    const clock = clockRoot(graph, register.clock.signal);
    // A two-flop synchronizer: this register only feeds registers of its own clock, and only them.
    const loads = graph.loads.get(name) ?? [];
    const firstOfChain = loads.length > 0 && loads.every((l) => graph.registers.get(l.to)?.clock.signal === register.clock.signal) && loads.every((l) => l.from === name && (graph.drivers.get(l.to) ?? []).every((d) => d.from === name || d.from === ''));
    if (firstOfChain) continue;
    const reported = new Set<string>();
    for (const edge of graph.drivers.get(name) ?? []) {
      if (!edge.from) continue;
      for (const source of sourcesOf(edge.from)) {
        const sourceClock = registered.get(source)!;
        if (sourceClock === clock || reported.has(source)) continue;
        reported.add(source);
        out.push(problem('clock-domain-crossing', edge.span, `'${name}' (clocked by ${clock}) reads '${source}' (clocked by ${sourceClock}) with no synchronizer.`));
      }
    }
  }
  for (const { instance, child, clocks } of instanceClocks(index, unit, path, memo, 1)) {
    if (SYNCHRONIZER.test(instance.module) || SYNCHRONIZER.test(instance.name)) continue;
    for (const [port, clockPorts] of clocks.inputs) {
      const net = connectedName(child, instance, port);
      if (!net) continue;
      const sinkClocks = [...clockPorts].map((c) => connectedName(child, instance, c)).filter((c): c is string => c !== undefined).map((c) => clockRoot(graph, c));
      for (const source of sourcesOf(net)) {
        const sourceClock = registered.get(source)!;
        const other = sinkClocks.find((c) => c !== sourceClock);
        if (!other) continue;
        const connection = instance.connections.find((_, i) => connectionPort(child, instance, i) === port);
        out.push(problem('clock-domain-crossing', connection?.span ?? instance.nameSpan, `'${instance.name}.${port}' is registered on ${other} inside '${child.name}', but '${source}' is clocked by ${sourceClock}: no synchronizer.`));
        break;
      }
    }
  }
}

function usage(input: CheckInput, out: Problem[]): void {
  const { unit, occurrences } = input;
  if (unit.blocks.some((b) => b.flow?.partial)) return;
  const uses = new Map<string, number>();
  for (const o of occurrences!) {
    if (o.role === 'declaration' || o.role === 'port-connection' || o.role === 'parameter-override' || o.role === 'member' || o.role === 'package' || o.role === 'macro') continue;
    uses.set(o.name, (uses.get(o.name) ?? 0) + 1);
  }
  const written = new Set<string>();
  for (const block of unit.blocks) for (const a of block.flow?.assignments ?? []) for (const t of a.targets) written.add(t);
  for (const instance of unit.instances) {
    // Connections to unknown modules or outputs may drive: count every name connected.
    for (const c of instance.connections) for (const n of c.names ?? []) written.add(n);
    if (instance.wildcard) for (const s of unit.signals) written.add(s.name);
  }
  // $readmemh and friends fill memories from initial blocks: a name read there may be written.
  for (const block of unit.blocks) if (block.kind === 'initial') for (const r of block.flow?.reads ?? []) written.add(r);
  // .* connects every signal named like a port of the child: count them all as used.
  if (unit.instances.some((i) => i.wildcard)) for (const s of unit.signals) uses.set(s.name, (uses.get(s.name) ?? 0) + 1);
  const inSubprograms = unit.subprograms.length > 0 ? new Set(occurrences!.filter((o) => unit.subprograms.some((f) => f.span.start <= o.span.start && o.span.end <= f.span.end)).map((o) => o.name)) : new Set<string>();
  for (const signal of unit.signals) {
    if (signal.kind !== 'net' && signal.kind !== 'variable') continue;
    const count = uses.get(signal.name) ?? 0;
    if (count === 0) {
      out.push(problem('unused-signal', signal.nameSpan, `'${signal.name}' is declared but never used.`, { unnecessary: true }));
      continue;
    }
    if (!written.has(signal.name) && !inSubprograms.has(signal.name) && signal.type !== 'event' && !/\bsupply[01]\b|\btri[01]\b/.test(signal.type)) {
      out.push(problem('undriven-signal', signal.nameSpan, `'${signal.name}' is read but never assigned or driven.`));
    }
  }
  // A module of ports alone is a black box (a vendor primitive, a stub for synthesis): its
  // outputs are driven by something outside the source.
  const blackBox = unit.blocks.length === 0 && unit.instances.length === 0;
  for (const port of unit.ports) {
    if (blackBox || port.direction !== 'output' || written.has(port.name) || inSubprograms.has(port.name)) continue;
    out.push(problem('undriven-signal', port.nameSpan, `Output '${port.name}' is never assigned or driven.`));
  }
}

function bits(width: number): string {
  return `${width} bit${width === 1 ? '' : 's'}`;
}

/**
 * Width mismatches where both sides have constant widths: port connections (the port against
 * the connected expression) and assignments (target against value). Arithmetic and left shifts
 * may widen on purpose, so for them only a value wider than its target (truncation) is reported.
 */
function widths(input: CheckInput, out: Problem[]): void {
  const { unit, index, path } = input;
  const expand = (text: string) => expandMacros(index, text);
  const values = resolveParameters(unit, new Map(), expand);
  const widthIn = (u: DesignUnit, v: Map<string, number>) => (name: string) => nameWidth(u, name, v, expand);
  const here = widthIn(unit, values);
  for (const instance of unit.instances) {
    const child = index.unit(instance.module, path);
    if (!child || instance.array) continue;
    const childValues = instanceParameters(child.unit, instance, values, expand);
    instance.connections.forEach((connection, i) => {
      const portName = connectionPort(child.unit, instance, i);
      if (!portName || !connection.value || instance.scope !== '' || unit.hasErrors) return;
      const port = child.unit.ports.find((p) => p.name === portName);
      const childWidth = nameWidth(child.unit, portName, childValues, expand);
      const value = expressionWidth(connection.value, here, values);
      if (!port || typeof childWidth !== 'number' || !value || value.width === 'free' || childWidth === value.width) return;
      if (port.direction === 'input' && value.widening && value.width < childWidth) return;
      out.push(problem('width-mismatch', connection.valueSpan ?? connection.span, `Port '${portName}' of '${child.unit.name}' is ${bits(childWidth)}; '${connection.value}' is ${value.width}.`));
    });
  }
  for (const block of unit.blocks) {
    if (!block.flow || block.scope !== '' || PROCEDURAL_INIT.has(block.kind)) continue;
    for (const a of block.flow.assignments) {
      if (a.lhs === undefined || a.rhs === undefined) continue;
      const target = treeWidth(a.lhs, here, values);
      const source = treeWidth(a.rhs, here, values);
      if (!target || !source || target.width === 'free' || source.width === 'free' || target.width === source.width) continue;
      if (source.widening && source.width < target.width) continue;
      const what = source.widening && source.width > target.width ? 'truncated to' : 'assigned to';
      const rhs = printExpression(a.rhs);
      out.push(problem('width-mismatch', a.span, `'${rhs.length > 40 ? `${rhs.slice(0, 37)}...` : rhs}' is ${bits(source.width)}, ${what} '${printExpression(a.lhs)}' of ${bits(target.width)}.`));
    }
  }
}
