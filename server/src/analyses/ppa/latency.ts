import type { DesignIndex } from '../../graph';
import { connectedName, moduleGraph } from '../../graph';
import type { DesignUnit } from '../../model';

/**
 * Latency in cycles from the data-flow graph: the number of registers a value passes from an
 * input port to an output port, fewest (min) and most (max), through the module's own logic
 * and through its instances (each summarised the same way, port to port). Feedback through a
 * register (a counter, an accumulator, a state machine) is not walked round: max counts each
 * register once along a path, as a pipeline's depth is read.
 */
export interface Latency {
  min: number;
  max: number;
}

export type PortLatency = Map<string, Map<string, Latency>>;

/** A module without instances answers from its own summary alone: kept while the summary lives. */
const leafMemo = new WeakMap<DesignUnit, PortLatency>();

const MAX_LEVELS = 8;
const MAX_NODES = 50000;

interface Edge {
  to: string;
  min: number;
  max: number;
}

/** Port-to-port latency of a module: input -> output -> {min, max}. */
export function portLatency(index: DesignIndex, path: string, unit: DesignUnit, memo = new Map<DesignUnit, PortLatency>(), level = 0): PortLatency {
  const hit = memo.get(unit) ?? leafMemo.get(unit);
  if (hit) return hit;
  const result: PortLatency = new Map();
  memo.set(unit, result);
  const graph = moduleGraph(path, unit);
  if (unit.instances.length === 0) leafMemo.set(unit, result);
  const outputs = new Set(unit.ports.filter((p) => p.direction === 'output' || p.direction === 'inout').map((p) => p.name));
  const inputs = unit.ports.filter((p) => p.direction === 'input' || p.direction === 'inout').map((p) => p.name);
  // Logic alone (no register, no instance; a gate-level netlist): every latency is 0, so the
  // graph's own loads are walked, with no edge lists built.
  if (graph.registers.size === 0 && unit.instances.length === 0) {
    searchInputs(inputs, graph.loads.size, (starts) => reach(graph.loads, starts, outputs), result);
    return result;
  }
  const edges = new Map<string, Edge[]>();
  const add = (from: string, edge: Edge) => {
    const list = edges.get(from);
    if (list) list.push(edge);
    else edges.set(from, [edge]);
  };
  for (const [, list] of graph.loads) {
    for (const e of list) {
      const stage = e.clock ? 1 : 0;
      add(e.from, { to: e.to, min: stage, max: stage });
    }
  }
  if (level < MAX_LEVELS) {
    for (const instance of unit.instances) {
      const child = index.unit(instance.module, path);
      if (!child || instance.array) continue;
      const inner = portLatency(index, child.path, child.unit, memo, level + 1);
      for (const [input, outputs] of inner) {
        const from = connectedName(child.unit, instance, input);
        if (!from) continue;
        for (const [output, latency] of outputs) {
          const to = connectedName(child.unit, instance, output);
          if (to) add(from, { to, min: latency.min, max: latency.max });
        }
      }
    }
  }
  // Without a register on any edge every latency is 0: which outputs an input reaches is all
  // there is to find.
  let sequential = false;
  for (const list of edges.values()) if (list.some((e) => e.max > 0)) sequential = true;
  searchInputs(inputs, edges.size, (starts) => (sequential ? walk(edges, starts, outputs) : reach(edges, starts, outputs)), result);
  return result;
}

/**
 * Each input's outputs: one walk per input while that stays within WALK_BUDGET node visits;
 * past it (a gate-level netlist with hundreds of inputs), one walk from all inputs together,
 * whose answer every input shares (each input is taken to reach what any reaches).
 */
function searchInputs(inputs: string[], nodes: number, search: (starts: string[]) => Map<string, Latency>, result: PortLatency): void {
  const each = inputs.length * Math.max(1, nodes) <= WALK_BUDGET;
  let shared: Map<string, Latency> | undefined;
  for (const input of inputs) {
    const reached = each ? search([input]) : (shared ??= search(inputs));
    if (reached.size > 0) result.set(input, reached);
  }
}

const WALK_BUDGET = 400000;

/** The outputs reachable from the starts, each at latency 0 (no registers on the way). */
function reach(edges: ReadonlyMap<string, readonly { to: string }[]>, starts: string[], outputs: Set<string>): Map<string, Latency> {
  const seen = new Set<string>(starts);
  const queue = [...starts];
  for (let i = 0; i < queue.length && i < MAX_NODES; i++) {
    for (const e of edges.get(queue[i]) ?? []) {
      if (seen.has(e.to)) continue;
      seen.add(e.to);
      queue.push(e.to);
    }
  }
  const out = new Map<string, Latency>();
  for (const output of outputs) if (seen.has(output)) out.set(output, { min: 0, max: 0 });
  return out;
}

/** From the starts: fewest registers to each output (0-1 breadth-first), and most along a DFS tree without revisits. */
function walk(edges: Map<string, Edge[]>, starts: string[], outputs: Set<string>): Map<string, Latency> {
  // Fewest: Dial's algorithm, one bucket per register count (weights are small integers).
  const fewest = new Map<string, number>(starts.map((s) => [s, 0]));
  const buckets: string[][] = [[...starts]];
  let visits = 0;
  for (let cost = 0; cost < buckets.length && visits < MAX_NODES; cost++) {
    for (const node of buckets[cost] ?? []) {
      if (visits++ >= MAX_NODES) break;
      if ((fewest.get(node) ?? Infinity) < cost) continue;
      for (const e of edges.get(node) ?? []) {
        const next = cost + e.min;
        if (next < (fewest.get(e.to) ?? Infinity)) {
          fewest.set(e.to, next);
          (buckets[next] ??= []).push(e.to);
        }
      }
    }
  }
  // Most: longest path on the graph with the back edges of a depth-first walk removed.
  const most = new Map<string, number>();
  const order: string[] = [];
  const state = new Map<string, 1 | 2>();
  const stack: [string, number][] = [];
  for (const start of starts) {
    if (state.has(start)) continue;
    state.set(start, 1);
    stack.push([start, 0]);
    walkDepthFirst(edges, stack, state, order);
  }
  order.reverse();
  const position = new Map(order.map((n, i) => [n, i]));
  for (const start of starts) most.set(start, 0);
  for (const node of order) {
    const base = most.get(node);
    if (base === undefined) continue;
    for (const e of edges.get(node) ?? []) {
      // Only forward edges of the topological order: a back edge closes a loop.
      if ((position.get(e.to) ?? -1) <= (position.get(node) ?? -1)) continue;
      if (base + e.max > (most.get(e.to) ?? -1)) most.set(e.to, base + e.max);
    }
  }
  const out = new Map<string, Latency>();
  for (const output of outputs) {
    const min = fewest.get(output);
    if (min === undefined) continue;
    out.set(output, { min, max: Math.max(min, most.get(output) ?? min) });
  }
  return out;
}

/** Depth-first from what is on the stack, appending each node to `order` when it is finished. */
function walkDepthFirst(edges: Map<string, Edge[]>, stack: [string, number][], state: Map<string, 1 | 2>, order: string[]): void {
  while (stack.length > 0 && order.length < MAX_NODES) {
    const top = stack[stack.length - 1];
    const list = edges.get(top[0]) ?? [];
    if (top[1] < list.length) {
      const next = list[top[1]++].to;
      if (!state.has(next)) {
        state.set(next, 1);
        stack.push([next, 0]);
      }
    } else {
      state.set(top[0], 2);
      order.push(top[0]);
      stack.pop();
    }
  }
}

/** A module's latency: over every input -> output pair that is connected. */
export function moduleLatency(index: DesignIndex, path: string, unit: DesignUnit, memo?: Map<DesignUnit, PortLatency>): Latency | undefined {
  const ports = portLatency(index, path, unit, memo);
  let min = Infinity;
  let max = -1;
  for (const outputs of ports.values()) {
    for (const l of outputs.values()) {
      min = Math.min(min, l.min);
      max = Math.max(max, l.max);
    }
  }
  return max < 0 ? undefined : { min, max };
}
