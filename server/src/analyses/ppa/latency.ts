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

const MAX_LEVELS = 8;
const MAX_NODES = 50000;

interface Edge {
  to: string;
  min: number;
  max: number;
}

/** Port-to-port latency of a module: input -> output -> {min, max}. */
export function portLatency(index: DesignIndex, path: string, unit: DesignUnit, memo = new Map<DesignUnit, PortLatency>(), level = 0): PortLatency {
  const hit = memo.get(unit);
  if (hit) return hit;
  const result: PortLatency = new Map();
  memo.set(unit, result);
  const graph = moduleGraph(path, unit);
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
  const outputs = new Set(unit.ports.filter((p) => p.direction === 'output' || p.direction === 'inout').map((p) => p.name));
  for (const port of unit.ports) {
    if (port.direction !== 'input' && port.direction !== 'inout') continue;
    const reached = walk(edges, port.name, outputs);
    if (reached.size > 0) result.set(port.name, reached);
  }
  return result;
}

/** From one input: fewest registers to each output (0-1 breadth-first), and most along a DFS tree without revisits. */
function walk(edges: Map<string, Edge[]>, start: string, outputs: Set<string>): Map<string, Latency> {
  // Fewest: Dial's algorithm, one bucket per register count (weights are small integers).
  const fewest = new Map<string, number>([[start, 0]]);
  const buckets: string[][] = [[start]];
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
  const stack: [string, number][] = [[start, 0]];
  state.set(start, 1);
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
  order.reverse();
  const position = new Map(order.map((n, i) => [n, i]));
  most.set(start, 0);
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
