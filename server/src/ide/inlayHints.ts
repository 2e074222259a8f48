import { type InlayHint, InlayHintKind } from 'vscode-languageserver-types';
import type { Span } from '../base';
import type { Snapshot } from '../workspace';
import { evaluate, expandObjectMacros } from './hover';

/**
 * Inlay hints on instances: the port name before each positional connection, and the value
 * each parameter resolves to where the module's default or the override is a constant.
 */
export function inlayHints(snapshot: Snapshot, path: string, range: Span): InlayHint[] {
  const summary = snapshot.summary(path);
  const lineIndex = snapshot.lineIndex(path);
  if (!summary || !lineIndex) return [];
  const out: InlayHint[] = [];
  for (const unit of summary.units) {
    if (unit.span.end < range.start || unit.span.start > range.end) continue;
    const values = new Map<string, number>();
    for (const p of unit.params) {
      const v = p.value !== undefined ? evaluate(expandObjectMacros(snapshot, p.value), values) : undefined;
      if (v !== undefined) values.set(p.name, v);
    }
    for (const instance of unit.instances) {
      if (instance.span.end < range.start || instance.span.start > range.end) continue;
      const target = snapshot.unit(instance.module);
      if (!target) continue;
      const module = target.unit;
      instance.connections.forEach((connection, i) => {
        if (connection.name !== undefined || !connection.valueSpan) return;
        const port = module.ports[i];
        if (!port) return;
        out.push({ position: lineIndex.position(connection.valueSpan.start), label: `${port.name}:`, kind: InlayHintKind.Parameter, paddingRight: true });
      });
      // Resolved values of the module's parameters for this instance.
      const overrides = new Map<string, string>();
      instance.params.forEach((p, i) => {
        const name = p.name ?? module.params.filter((q) => !q.local)[i]?.name;
        if (name && p.value !== undefined) overrides.set(name, p.value);
      });
      const resolved = new Map<string, number>();
      const parts: string[] = [];
      for (const p of module.params) {
        const text = overrides.get(p.name) ?? p.value;
        const value = text === undefined ? undefined : evaluate(expandObjectMacros(snapshot, text), overrides.has(p.name) ? values : resolved);
        if (value !== undefined) resolved.set(p.name, value);
        if (!p.local && value !== undefined) parts.push(`${p.name}=${value}`);
      }
      if (parts.length > 0 && (instance.params.length > 0 || module.params.some((p) => !p.local))) {
        out.push({ position: lineIndex.position(instance.nameSpan.end), label: ` ${parts.join(', ')}`, kind: InlayHintKind.Type, paddingLeft: true, tooltip: `Parameters of ${module.name} for this instance` });
      }
    }
  }
  return out;
}
