import { evaluateExpr, parseRange, rangeWidth } from '../base';
import type { DesignUnit } from '../model';

const SIMPLE_TYPES = /^(|wire|reg|logic|bit|tri|wand|wor|uwire|(input|output|inout) ?)( signed| unsigned)?$/;

/**
 * Width of a plain name in a unit: a port or signal of a simple type with no unpacked
 * dimensions; 'free' for a parameter (it adapts to its context); undefined if not known.
 */
export function nameWidth(unit: DesignUnit, name: string, values: Map<string, number>, expand: (text: string) => string): number | 'free' | undefined {
  const names = namesOf(unit);
  const port = names.ports.get(name);
  if (port) return port.direction === 'interface' || !SIMPLE_TYPES.test(port.type) ? undefined : checkedWidth(expand(port.range), values);
  const signal = names.signals.get(name);
  if (signal) {
    if (signal.array || (signal.kind !== 'net' && signal.kind !== 'variable') || !SIMPLE_TYPES.test(signal.type)) return undefined;
    return checkedWidth(expand(signal.range), values);
  }
  const param = names.params.get(name);
  return param && !param.type ? 'free' : undefined;
}

type Port = DesignUnit['ports'][number];
type Signal = DesignUnit['signals'][number];
type Param = DesignUnit['params'][number];

/** A unit's ports, signals and parameters by name: the first of each name, module scope first. */
const unitNames = new WeakMap<DesignUnit, { ports: Map<string, Port>; signals: Map<string, Signal>; params: Map<string, Param> }>();

function namesOf(unit: DesignUnit): { ports: Map<string, Port>; signals: Map<string, Signal>; params: Map<string, Param> } {
  let names = unitNames.get(unit);
  if (!names) {
    names = { ports: new Map(), signals: new Map(), params: new Map() };
    for (const p of unit.ports) if (!names.ports.has(p.name)) names.ports.set(p.name, p);
    for (const s of unit.signals) if (s.scope === '' && !names.signals.has(s.name)) names.signals.set(s.name, s);
    // A name declared only inside generate blocks (a register file in the else branch): its
    // declaration there, when every block that declares it agrees on the type and range.
    const scoped = new Map<string, Signal | null>();
    for (const s of unit.signals) {
      if (s.scope === '' || names.signals.has(s.name)) continue;
      const seen = scoped.get(s.name);
      if (seen === undefined) scoped.set(s.name, s);
      else if (seen !== null && (seen.type !== s.type || seen.range !== s.range || seen.array !== s.array || seen.kind !== s.kind)) scoped.set(s.name, null);
    }
    for (const [name, s] of scoped) if (s) names.signals.set(name, s);
    for (const p of unit.params) if (!names.params.has(p.name)) names.params.set(p.name, p);
    unitNames.set(unit, names);
  }
  return names;
}

/**
 * A range's width, unless a bound comes out negative: [W-1:0] with a default W of 0 marks a
 * module meant to be used with its parameters set (simulation libraries), not a 2-bit vector.
 */
export function checkedWidth(range: string, values: Map<string, number>): number | undefined {
  const bounds = parseRange(range);
  if (bounds && [bounds.hi, bounds.lo].some((b) => (evaluateExpr(b, values) ?? 0) < 0)) return undefined;
  return rangeWidth(range, values);
}

