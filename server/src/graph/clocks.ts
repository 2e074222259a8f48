import { plainName } from '../base';
import type { DesignUnit, Instance } from '../model';
import { connectionPort, type DesignIndex } from './design';
import { type ModuleGraph, moduleGraph } from './moduleGraph';

/**
 * Clock domains across module boundaries. For each module, which output ports carry a value
 * registered on one of its clock ports, and which input ports feed registers clocked by which
 * clock ports. A parent maps those clock ports to its own nets through the connections of
 * each instance, so a register in one instance clocked by clk_a feeding a register in another
 * clocked by clk_b is seen as a crossing in the parent, where the wire between them is.
 */
export interface PortClocks {
  /** Output port -> the clock port of the register that drives it (through logic). */
  outputs: Map<string, string>;
  /** Input port -> the clock ports of the registers it feeds (through logic and instances). */
  inputs: Map<string, Set<string>>;
}

/** How far the port summaries look down the hierarchy, and how many assignments back or forward. */
const MAX_LEVELS = 6;
const MAX_STEPS = 32;

export type ClockMemo = Map<DesignUnit, PortClocks>;

/** The port summaries of a module's instances (resolved from its file, not arrays), one level down. */
export function instanceClocks(index: DesignIndex, unit: DesignUnit, path: string, memo: ClockMemo, level: number): { instance: Instance; child: DesignUnit; clocks: PortClocks }[] {
  const out: { instance: Instance; child: DesignUnit; clocks: PortClocks }[] = [];
  for (const instance of unit.instances) {
    const child = index.unit(instance.module, path);
    if (!child || instance.array) continue;
    out.push({ instance, child: child.unit, clocks: portClocks(index, child.unit, child.path, memo, level) });
  }
  return out;
}

/** The plain name connected to a port of an instance, if the connection is one name. */
export function connectedName(child: DesignUnit, instance: Instance, port: string): string | undefined {
  for (let i = 0; i < instance.connections.length; i++) {
    if (connectionPort(child, instance, i) !== port) continue;
    const c = instance.connections[i];
    if (c.implicit) return port;
    return c.value && /^[A-Za-z_][A-Za-z0-9_$]*$/.test(c.value) ? c.value : undefined;
  }
  if (instance.wildcard) return port;
  return undefined;
}

/** A clock net followed back through plain copies (assign clk2 = clk;) to the name it copies. */
export function clockRoot(graph: ModuleGraph, name: string): string {
  let current = name;
  for (let i = 0; i < 8; i++) {
    const drivers = graph.drivers.get(current) ?? [];
    if (drivers.length !== 1 || drivers[0].kind !== 'continuous' || !drivers[0].from || graph.registers.has(current)) return current;
    const block = graph.unit.blocks[drivers[0].block];
    const assignment = block?.flow?.assignments.find((a) => a.span.start === drivers[0].span.start);
    if (!assignment || plainName(assignment.rhs) !== drivers[0].from) return current;
    current = drivers[0].from;
  }
  return current;
}

/**
 * Names of a module that hold a registered value, with their clock in the module's own names:
 * its registers, and nets connected to instance outputs that a child registers.
 */
export function registeredNets(index: DesignIndex, unit: DesignUnit, path: string, memo: ClockMemo, level = 0): Map<string, string> {
  const graph = moduleGraph(path, unit);
  const out = new Map<string, string>();
  // A memory written on one clock and read on another is a dual-clock RAM, built that way on
  // purpose; an integer written in a clocked block is a loop counter. Neither is a domain's flop.
  const notFlops = new Set(unit.signals.filter((sig) => sig.array || /^(integer|int|genvar)\b/.test(sig.type)).map((sig) => sig.name));
  for (const [name, register] of graph.registers) if (!notFlops.has(name)) out.set(name, clockRoot(graph, register.clock.signal));
  if (level >= MAX_LEVELS) return out;
  for (const { instance, child, clocks } of instanceClocks(index, unit, path, memo, level + 1)) {
    for (const [port, clockPort] of clocks.outputs) {
      const net = connectedName(child, instance, port);
      const clock = connectedName(child, instance, clockPort);
      if (net && clock && !out.has(net)) out.set(net, clockRoot(graph, clock));
    }
  }
  return out;
}

/** Registered names that reach `name` through combinational logic only (name itself if registered). */
export function registeredSources(graph: ModuleGraph, registered: Map<string, string>, name: string): Set<string> {
  const found = new Set<string>();
  // An inout port is a pad: what comes back through it left the chip.
  const pads = new Set(graph.unit.ports.filter((p) => p.direction === 'inout').map((p) => p.name));
  const seen = new Set<string>([name]);
  let frontier = [name];
  for (let step = 0; step < MAX_STEPS && frontier.length > 0; step++) {
    const next: string[] = [];
    for (const n of frontier) {
      // A registered name ends the walk: what feeds it is on the other side of a flop.
      if (registered.has(n)) {
        found.add(n);
        continue;
      }
      if (pads.has(n)) continue;
      for (const edge of graph.drivers.get(n) ?? []) {
        if (!edge.from || edge.clock || seen.has(edge.from)) continue;
        seen.add(edge.from);
        next.push(edge.from);
      }
    }
    frontier = next;
  }
  return found;
}

export function portClocks(index: DesignIndex, unit: DesignUnit, path: string, memo: ClockMemo, level = 0): PortClocks {
  const hit = memo.get(unit);
  if (hit) return hit;
  const result: PortClocks = { outputs: new Map(), inputs: new Map() };
  // Set before the walk: a recursive instantiation sees an empty summary instead of looping.
  memo.set(unit, result);
  const graph = moduleGraph(path, unit);
  const ports = new Set(unit.ports.map((p) => p.name));
  const registered = registeredNets(index, unit, path, memo, level);
  for (const port of unit.ports) {
    if (port.direction !== 'output') continue;
    const clocks = new Set([...registeredSources(graph, registered, port.name)].map((n) => registered.get(n)!));
    const [clock] = clocks;
    if (clocks.size === 1 && ports.has(clock)) result.outputs.set(port.name, clock);
  }
  // Inputs forward: through combinational assignments to registers, and into child inputs.
  const childInputs = new Map<string, Set<string>>();
  if (level < MAX_LEVELS) {
    for (const { instance, child, clocks } of instanceClocks(index, unit, path, memo, level + 1)) {
      for (const [port, clockPorts] of clocks.inputs) {
        const net = connectedName(child, instance, port);
        if (!net) continue;
        for (const clockPort of clockPorts) {
          const clock = connectedName(child, instance, clockPort);
          if (!clock) continue;
          const set = childInputs.get(net) ?? new Set();
          set.add(clockRoot(graph, clock));
          childInputs.set(net, set);
        }
      }
    }
  }
  for (const port of unit.ports) {
    if (port.direction !== 'input') continue;
    const clocks = new Set<string>();
    const seen = new Set<string>([port.name]);
    let frontier = [port.name];
    for (let step = 0; step < MAX_STEPS && frontier.length > 0; step++) {
      const next: string[] = [];
      for (const n of frontier) {
        for (const c of childInputs.get(n) ?? []) clocks.add(c);
        for (const edge of graph.loads.get(n) ?? []) {
          if (edge.clock) {
            clocks.add(clockRoot(graph, edge.clock.signal));
            continue;
          }
          if (seen.has(edge.to) || graph.registers.has(edge.to)) continue;
          seen.add(edge.to);
          next.push(edge.to);
        }
      }
      frontier = next;
    }
    const own = [...clocks].filter((c) => ports.has(c) && c !== port.name);
    if (own.length > 0) result.inputs.set(port.name, new Set(own));
  }
  return result;
}
