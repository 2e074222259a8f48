import type { DesignUnit } from '../model';
import { moduleGraph } from './moduleGraph';

/**
 * Register-to-register paths inside a module: for every register, the registers (and input
 * ports) whose values reach it through combinational logic only, with the number of
 * assignments on the longest such path. The basis of latency in cycles and logic depth.
 */
export interface RegisterPath {
  from: string;
  /** 'register', or 'input' for a module input port. */
  fromKind: 'register' | 'input';
  to: string;
  /** Assignments along the longest combinational path between them (1 = directly). */
  depth: number;
}

export function registerPaths(path: string, unit: DesignUnit, maxDepth = 64): RegisterPath[] {
  const graph = moduleGraph(path, unit);
  const inputs = new Set(unit.ports.filter((p) => p.direction === 'input' || p.direction === 'inout').map((p) => p.name));
  const out: RegisterPath[] = [];
  for (const [target] of graph.registers) {
    const best = new Map<string, { depth: number; kind: 'register' | 'input' }>();
    // Every path is walked to find the longest; on wide reconvergent logic the paths multiply,
    // so the walk stops after a fixed amount of work (the depths found so far are kept).
    let budget = 20000;
    // Walk drivers backwards until a register or an input port ends the path.
    const walk = (signal: string, depth: number, seen: Set<string>) => {
      if (depth > maxDepth || --budget < 0) return;
      for (const edge of graph.drivers.get(signal) ?? []) {
        const from = edge.from;
        if (!from || seen.has(from)) continue;
        const kind = graph.registers.has(from) ? 'register' : inputs.has(from) ? 'input' : undefined;
        if (kind) {
          const previous = best.get(from);
          if (!previous || previous.depth < depth) best.set(from, { depth, kind });
          continue;
        }
        seen.add(from);
        walk(from, depth + 1, seen);
        seen.delete(from);
      }
    };
    walk(target, 1, new Set([target]));
    for (const [from, { depth, kind }] of best) out.push({ from, fromKind: kind, to: target, depth });
  }
  return out.sort((a, b) => a.to.localeCompare(b.to) || a.from.localeCompare(b.from));
}
