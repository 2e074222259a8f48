import { evaluate, type Span } from '../base';
import type { DesignUnit, Instance } from '../model';
import { type ModuleGraph, moduleGraph, portOf } from './moduleGraph';

/**
 * The workspace-wide view the graph queries need. The workspace's Snapshot implements it;
 * a server database could implement it later.
 */
export interface DesignIndex {
  /** The unit (module, interface, ...) of a name. */
  unit(name: string): { path: string; unit: DesignUnit } | undefined;
  /** Every instance of a module, with the unit holding it. */
  instantiations(moduleName: string): readonly Instantiation[];
  /** Every module and interface. */
  allUnits(): { path: string; unit: DesignUnit }[];
  /** The body of an object-like macro defined in the workspace, for constant expressions. */
  macroValue?(name: string): string | undefined;
}

/** `NAME replaced by (body) for object-like macros the index knows. */
export function expandMacros(index: DesignIndex, text: string): string {
  if (!text.includes('`') || !index.macroValue) return text;
  return text.replace(/`([A-Za-z_][A-Za-z0-9_$]*)/g, (whole, name: string) => {
    const body = index.macroValue!(name);
    return body === undefined ? whole : `(${expandMacros(index, body)})`;
  });
}

export interface Instantiation {
  path: string;
  parent: DesignUnit;
  instance: Instance;
}

export type ViaKind = 'continuous' | 'blocking' | 'nonblocking' | 'port' | 'instance';

export interface Via {
  kind: ViaKind;
  path: string;
  span: Span;
}

/** A signal reached by a trace, and the assignment or connection that got there. */
export interface TraceStep {
  module: string;
  signal: string;
  path: string;
  /** The signal's declaration. */
  span: Span;
  via: Via;
  depth: number;
  /**
   * Where the signal sits relative to the traced module, as an instance path: '' for the
   * module itself, 'u1/u_add' inside instances, '..' for the module that instantiates it.
   */
  instance: string;
}

/** A hop across a module boundary: down into an instance or up to where the module is instantiated. */
export interface Move {
  direction: 'down' | 'up';
  /** The module holding the instance, and the instance's name. */
  parent: string;
  instance: string;
}

export type Neighbour = Omit<TraceStep, 'depth' | 'instance'> & { move?: Move };

export function graphOf(index: DesignIndex, moduleName: string): ModuleGraph | undefined {
  const ref = index.unit(moduleName);
  return ref ? moduleGraph(ref.path, ref.unit) : undefined;
}

/** Where a signal of a unit is declared: its port, signal or parameter name. */
export function declarationSpan(unit: DesignUnit, name: string): Span | undefined {
  return unit.ports.find((p) => p.name === name)?.nameSpan ?? unit.signals.find((s) => s.name === name)?.nameSpan ?? unit.params.find((p) => p.name === name)?.nameSpan;
}

/** The port a connection of an instance is on: named, or by position. */
export function connectionPort(module: DesignUnit, instance: Instance, index: number): string | undefined {
  const connection = instance.connections[index];
  if (connection.name !== undefined) return connection.name;
  return module.ports[index]?.name;
}

/**
 * One hop of drivers (direction 'drivers') or loads ('loads') of a signal: through the
 * module's assignments, up through the ports to every instantiating module, and down into
 * the instances it feeds or is fed by.
 */
export function neighbours(index: DesignIndex, moduleName: string, signal: string, direction: 'drivers' | 'loads'): Neighbour[] {
  const ref = index.unit(moduleName);
  if (!ref) return [];
  const { unit, path } = ref;
  const graph = moduleGraph(path, unit);
  const out: Neighbour[] = [];
  const edges = (direction === 'drivers' ? graph.drivers : graph.loads).get(signal) ?? [];
  for (const edge of edges) {
    const other = direction === 'drivers' ? edge.from : edge.to;
    if (!other) continue;
    out.push({ module: unit.name, signal: other, path, span: declarationSpan(unit, other) ?? edge.span, via: { kind: edge.kind, path, span: edge.span } });
  }
  const port = portOf(unit, signal);
  // Up: an input port is driven by what each parent connects to it; an output port loads it.
  if (port && (port.direction === (direction === 'drivers' ? 'input' : 'output') || port.direction === 'inout')) {
    for (const { path: parentPath, parent, instance } of index.instantiations(unit.name)) {
      instance.connections.forEach((connection, i) => {
        if (connectionPort(unit, instance, i) !== signal) return;
        for (const name of connection.names ?? []) {
          out.push({ module: parent.name, signal: name, path: parentPath, span: declarationSpan(parent, name) ?? connection.span, via: { kind: 'port', path: parentPath, span: connection.span }, move: { direction: 'up', parent: parent.name, instance: instance.name } });
        }
      });
      if (instance.wildcard && !instance.connections.some((c) => c.name === signal)) {
        out.push({ module: parent.name, signal, path: parentPath, span: declarationSpan(parent, signal) ?? instance.span, via: { kind: 'port', path: parentPath, span: instance.span }, move: { direction: 'up', parent: parent.name, instance: instance.name } });
      }
    }
  }
  // Down: a signal connected to a child's output is driven by it; to a child's input, it loads it.
  for (const instance of unit.instances) {
    const child = index.unit(instance.module);
    if (!child) continue;
    const visit = (portName: string | undefined, names: string[], span: Span) => {
      if (!portName || !names.includes(signal)) return;
      const childPort = portOf(child.unit, portName);
      if (!childPort) return;
      const wanted = direction === 'drivers' ? 'output' : 'input';
      if (childPort.direction !== wanted && childPort.direction !== 'inout') return;
      out.push({ module: child.unit.name, signal: portName, path: child.path, span: childPort.nameSpan, via: { kind: 'instance', path, span }, move: { direction: 'down', parent: unit.name, instance: instance.name } });
    };
    instance.connections.forEach((connection, i) => visit(connectionPort(child.unit, instance, i), connection.names ?? [], connection.span));
    if (instance.wildcard && portOf(child.unit, signal) && !instance.connections.some((c) => c.name === signal)) visit(signal, [signal], instance.span);
  }
  return out;
}

/**
 * Drivers or loads to a depth, breadth-first, one entry per signal reached in each instance
 * context. The trace keeps the path of instances it went through, so a signal reached inside
 * instance u1 goes back up through u1's connections only, not those of every instance of the
 * module (elaborated, per instance path). From the traced module itself, up means every
 * place the module is instantiated.
 */
export function trace(index: DesignIndex, moduleName: string, signal: string, direction: 'drivers' | 'loads', depth = 1, limit = 10000): TraceStep[] {
  const keyOf = (module: string, name: string, frames: readonly Move[]) => `${module}\u0000${name}\u0000${frames.map((f) => `${f.direction}:${f.parent}.${f.instance}`).join('/')}`;
  const seen = new Set<string>([keyOf(moduleName, signal, [])]);
  const out: TraceStep[] = [];
  let frontier: { module: string; signal: string; frames: readonly Move[] }[] = [{ module: moduleName, signal, frames: [] }];
  for (let level = 1; level <= depth && frontier.length > 0 && out.length < limit; level++) {
    const next: typeof frontier = [];
    for (const node of frontier) {
      for (const { move, ...step } of neighbours(index, node.module, node.signal, direction)) {
        const frames = followMove(node.frames, move);
        if (!frames) continue;
        const key = keyOf(step.module, step.signal, frames);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ ...step, depth: level, instance: instancePath(frames) });
        next.push({ module: step.module, signal: step.signal, frames });
        if (out.length >= limit) break;
      }
      if (out.length >= limit) break;
    }
    frontier = next;
  }
  return out;
}

/** Frames as a relative instance path: 'u1/u_add', '..', '../u2'. */
export function instancePath(frames: readonly Move[]): string {
  return frames.map((f) => (f.direction === 'down' ? f.instance : '..')).join('/');
}

/**
 * The instance path after a move: going back the way the trace came pops a frame; going up
 * through an instance other than the one the trace came down through is not this context.
 */
export function followMove(frames: readonly Move[], move: Move | undefined): readonly Move[] | undefined {
  if (!move) return frames;
  const last = frames[frames.length - 1];
  const reverses = last && last.direction !== move.direction && last.parent === move.parent && last.instance === move.instance;
  if (reverses) return frames.slice(0, -1);
  if (move.direction === 'up' && last?.direction === 'down') return undefined;
  return [...frames, move];
}

export interface HierarchyNode {
  /** Instance name; inside a generate loop with constant bounds, one node per iteration (g[2].u_x). */
  name: string;
  module: string;
  path: string | undefined;
  span: Span;
  /** Parameter values of this instance where they are constant expressions, defaults and overrides resolved. */
  params: Record<string, number>;
  /** Set when this module already appears above: the tree stops here. */
  recursive?: boolean;
  /** The module is not defined in the workspace. */
  unresolved?: boolean;
  /** Inside a generate loop whose bounds are not constant (or too many): shown once, named by the loop. */
  notUnrolled?: string;
  /** The tree was cut here: too many nodes. */
  truncated?: boolean;
  instances: HierarchyNode[];
}

/** Iterations of a generate loop are expanded up to this many; larger loops show once. */
const MAX_UNROLL = 256;

/** Values of a unit's parameters: overrides (already evaluated) first, then defaults in order. */
export function resolveParameters(unit: DesignUnit, overrides: Map<string, number | undefined> = new Map(), expand: (text: string) => string = (t) => t): Map<string, number> {
  const values = new Map<string, number>();
  for (const p of unit.params) {
    const value = overrides.has(p.name) ? overrides.get(p.name) : p.value !== undefined ? evaluate(expand(p.value), values) : undefined;
    if (value !== undefined) values.set(p.name, value);
  }
  return values;
}

/** A child module's parameter values for one instance: its overrides evaluated in the parent's values. */
export function instanceParameters(child: DesignUnit, instance: Instance, parentValues: Map<string, number>, expand: (text: string) => string = (t) => t): Map<string, number> {
  const overrides = new Map<string, number | undefined>();
  const settable = child.params.filter((p) => !p.local);
  instance.params.forEach((p, i) => {
    const name = p.name ?? settable[i]?.name;
    if (name && p.value !== undefined) overrides.set(name, evaluate(expand(p.value), parentValues));
  });
  return resolveParameters(child, overrides, expand);
}

/** for (genvar i = A; i < B; i++) with constant A and B: the values i takes. */
export function loopValues(detail: string, values: Map<string, number>): number[] | undefined {
  const m = /for\s*\(\s*(?:genvar\s+|int\s+|integer\s+|int\s+unsigned\s+)?([A-Za-z_][A-Za-z0-9_$]*)\s*=\s*([^;\s][^;]*);\s*\1\s*(<=|<|>=|>|!=)\s*([^;\s][^;]*);\s*\1\s*(\+\+|--|\+=\s*\d+|-=\s*\d+|=\s*\1\s*[+-]\s*\d+)/.exec(detail);
  if (!m) return undefined;
  const first = evaluate(m[2], values);
  const limit = evaluate(m[4], values);
  if (first === undefined || limit === undefined) return undefined;
  const stepText = m[5].replace(/\s+/g, '');
  const step = stepText === '++' ? 1 : stepText === '--' ? -1 : Number((/[+-]\d+$/.exec(stepText.replace('+=', '+').replace('-=', '-')) ?? ['1'])[0]);
  if (!step) return undefined;
  const out: number[] = [];
  const holds = (v: number) => (m[3] === '<' ? v < limit : m[3] === '<=' ? v <= limit : m[3] === '>' ? v > limit : m[3] === '>=' ? v >= limit : v !== limit);
  for (let v = first; holds(v); v += step) {
    out.push(v);
    if (out.length > MAX_UNROLL) return undefined;
  }
  return out;
}

/**
 * The elaborated instance tree under a top module: parameter values pushed down each instance
 * path where they are constant expressions, generate loops with constant bounds unrolled.
 * Recursion and unknown modules end a branch.
 */
export function hierarchy(index: DesignIndex, top: string, maxNodes = 100000): HierarchyNode | undefined {
  const ref = index.unit(top);
  if (!ref) return undefined;
  let count = 0;
  const expand = (text: string) => expandMacros(index, text);
  const build = (unit: DesignUnit, path: string, ancestors: string[], values: Map<string, number>): HierarchyNode[] => {
    // Generate-for scopes of this unit with constant bounds, by label.
    const loops = new Map<string, number[]>();
    const rolled: string[] = [];
    for (const block of unit.blocks) {
      if (block.kind !== 'generate-for' || !block.label) continue;
      const key = block.scope ? `${block.scope}.${block.label}` : block.label;
      const iterations = loopValues(expand(block.detail), values);
      if (iterations) loops.set(key, iterations);
      else rolled.push(key);
    }
    const out: HierarchyNode[] = [];
    for (const instance of unit.instances) {
      // The innermost enclosing unrolled loop names the copies: g[0].u_x, g[1].u_x, ...
      const scope = instance.scope;
      const loopKey = [...loops.keys()].filter((k) => scope === k || scope.startsWith(`${k}.`)).sort((a, b) => b.length - a.length)[0];
      const copies = loopKey ? loops.get(loopKey)!.map((i) => ({ name: `${loopKey}[${i}].${instance.name}`, genvar: i })) : [{ name: instance.name, genvar: undefined as number | undefined }];
      for (const copy of copies) {
        const child = index.unit(instance.module);
        const node: HierarchyNode = { name: copy.name, module: instance.module, path, span: instance.nameSpan, params: {}, instances: [] };
        const inRolled = rolled.find((k) => scope === k || scope.startsWith(`${k}.`));
        if (!loopKey && inRolled) node.notUnrolled = `generate loop '${inRolled}' has bounds that are not constant or exceed ${MAX_UNROLL} iterations`;
        out.push(node);
        if (++count > maxNodes) {
          node.truncated = true;
          return out;
        }
        if (!child) {
          node.unresolved = true;
          continue;
        }
        const scopeValues = new Map(values);
        if (copy.genvar !== undefined && loopKey) {
          const loopBlock = unit.blocks.find((b) => b.kind === 'generate-for' && (b.scope ? `${b.scope}.${b.label}` : b.label) === loopKey);
          const genvar = loopBlock && /for\s*\(\s*(?:genvar\s+)?([A-Za-z_][A-Za-z0-9_$]*)/.exec(loopBlock.detail)?.[1];
          if (genvar) scopeValues.set(genvar, copy.genvar);
        }
        const childValues = instanceParameters(child.unit, instance, scopeValues, expand);
        node.params = Object.fromEntries([...childValues].filter(([name]) => child.unit.params.some((p) => p.name === name && !p.local)));
        if (ancestors.includes(instance.module)) node.recursive = true;
        else node.instances = build(child.unit, child.path, [...ancestors, instance.module], childValues);
      }
    }
    return out;
  };
  const values = resolveParameters(ref.unit, new Map(), expand);
  const params = Object.fromEntries([...values].filter(([name]) => ref.unit.params.some((p) => p.name === name && !p.local)));
  return { name: top, module: top, path: ref.path, span: ref.unit.nameSpan, params, instances: build(ref.unit, ref.path, [top], values) };
}

/** Modules nobody instantiates: the tops of the design. */
export function tops(index: DesignIndex): { path: string; unit: DesignUnit }[] {
  return index.allUnits().filter(({ unit }) => unit.kind === 'module' && index.instantiations(unit.name).length === 0);
}
