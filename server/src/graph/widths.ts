import { evaluateExpr, parseRange, rangeWidth } from '../base';
import type { DesignUnit } from '../model';

const SIMPLE_TYPES = /^(|wire|reg|logic|bit|tri|wand|wor|uwire|(input|output|inout) ?)( signed| unsigned)?$/;

/**
 * Width of a plain name in a unit: a port or signal of a simple type with no unpacked
 * dimensions; 'free' for a parameter (it adapts to its context); undefined if not known.
 */
export function nameWidth(unit: DesignUnit, name: string, values: Map<string, number>, expand: (text: string) => string): number | 'free' | undefined {
  const port = unit.ports.find((p) => p.name === name);
  if (port) return port.direction === 'interface' || !SIMPLE_TYPES.test(port.type) ? undefined : checkedWidth(expand(port.range), values);
  const signal = unit.signals.find((s) => s.name === name && s.scope === '');
  if (signal) {
    if (signal.array || (signal.kind !== 'net' && signal.kind !== 'variable') || !SIMPLE_TYPES.test(signal.type)) return undefined;
    return checkedWidth(expand(signal.range), values);
  }
  const param = unit.params.find((p) => p.name === name);
  return param && !param.type ? 'free' : undefined;
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

