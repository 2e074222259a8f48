import type { Span } from '../base';
import type { Block, DesignUnit, Edge, Port } from '../model';

/**
 * The data-flow view of one module: signal -> signal edges, one per (source, target) pair of
 * every assignment, labelled with the block, the kind, the clock edge and the guarding
 * condition names. Built from the module's summary alone, so it is cached per summary.
 */
export type FlowKind = 'continuous' | 'blocking' | 'nonblocking';

export interface FlowEdge {
  from: string;
  to: string;
  kind: FlowKind;
  /** Index into unit.blocks. */
  block: number;
  /** The clock of the block, for edges into registers. */
  clock?: Edge;
  conditions: string[];
  /** The assignment's text span. */
  span: Span;
}

export interface RegisterInfo {
  name: string;
  clock: Edge;
  /** An asynchronous reset: a second edge in the sensitivity list that guards the assignments. */
  reset?: Edge;
  block: number;
}

export interface ModuleGraph {
  unit: DesignUnit;
  path: string;
  /** Every assignment target and source, with the edges into and out of it. */
  drivers: Map<string, FlowEdge[]>;
  loads: Map<string, FlowEdge[]>;
  registers: Map<string, RegisterInfo>;
  /** Blocks (by index) writing each name, for multiple-driver checks. */
  writers: Map<string, number[]>;
}

const cache = new WeakMap<DesignUnit, ModuleGraph>();

export function moduleGraph(path: string, unit: DesignUnit): ModuleGraph {
  const hit = cache.get(unit);
  if (hit && hit.path === path) return hit;
  const graph: ModuleGraph = { unit, path, drivers: new Map(), loads: new Map(), registers: new Map(), writers: new Map() };
  // Parameters and genvars are constants, not signals: they drive nothing in the data flow.
  const constants = new Set([...unit.params.map((p) => p.name), ...unit.signals.filter((s) => s.kind === 'genvar' || s.kind === 'enum-member').map((s) => s.name)]);
  unit.blocks.forEach((block, index) => addBlock(graph, block, index, constants));
  cache.set(unit, graph);
  return graph;
}

function addBlock(graph: ModuleGraph, block: Block, index: number, constants: ReadonlySet<string>): void {
  const flow = block.flow;
  if (!flow) return;
  const sequential = flow.edges.length > 0 && !flow.sensitivity.includes('*');
  const clock = sequential ? pickClock(flow.edges, block) : undefined;
  for (const assignment of flow.assignments) {
    for (const target of assignment.targets) {
      const writers = graph.writers.get(target) ?? [];
      if (!writers.includes(index)) writers.push(index);
      graph.writers.set(target, writers);
      if (clock && !graph.registers.has(target)) {
        const reset = flow.edges.find((e) => e.signal !== clock.signal && assignment.conditions.includes(e.signal)) ?? flow.edges.find((e) => e.signal !== clock.signal);
        graph.registers.set(target, { name: target, clock, reset, block: index });
      }
      const sources = assignment.sources.filter((name) => !constants.has(name));
      for (const from of sources) {
        push(graph.drivers, target, { from, to: target, kind: assignment.kind, block: index, clock, conditions: assignment.conditions, span: assignment.span });
        push(graph.loads, from, { from, to: target, kind: assignment.kind, block: index, clock, conditions: assignment.conditions, span: assignment.span });
      }
      // Condition names steer the target too: recorded as loads of the condition signal.
      for (const from of assignment.conditions) {
        if (sources.includes(from) || constants.has(from)) continue;
        push(graph.loads, from, { from, to: target, kind: assignment.kind, block: index, clock, conditions: assignment.conditions, span: assignment.span });
      }
      if (sources.length === 0) {
        // A constant assignment still drives the target.
        push(graph.drivers, target, { from: '', to: target, kind: assignment.kind, block: index, clock, conditions: assignment.conditions, span: assignment.span });
      }
    }
  }
}

/** The clock among the sensitivity edges: the one not used as a reset condition, named like a clock if in doubt. */
function pickClock(edges: Edge[], block: Block): Edge {
  if (edges.length === 1) return edges[0];
  const conditionNames = new Set(block.flow!.assignments.flatMap((a) => a.conditions));
  const notCondition = edges.filter((e) => !conditionNames.has(e.signal));
  if (notCondition.length === 1) return notCondition[0];
  return edges.find((e) => /cl(oc)?k/i.test(e.signal)) ?? edges[0];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function portOf(unit: DesignUnit, name: string): Port | undefined {
  return unit.ports.find((p) => p.name === name);
}
