import { type InlayHint, InlayHintKind } from 'vscode-languageserver-types';
import type { Span } from '../base';
import type { Snapshot } from '../workspace';
import { expandMacros, instanceParameters, resolveParameters } from '../graph';

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
    const expand = (text: string) => expandMacros(snapshot, text);
    const values = resolveParameters(unit, new Map(), expand);
    for (const instance of unit.instances) {
      if (instance.span.end < range.start || instance.span.start > range.end) continue;
      const target = snapshot.unit(instance.module, path);
      if (!target) continue;
      const module = target.unit;
      instance.connections.forEach((connection, i) => {
        if (connection.name !== undefined || !connection.valueSpan) return;
        const port = module.ports[i];
        if (!port) return;
        out.push({ position: lineIndex.position(connection.valueSpan.start), label: `${port.name}:`, kind: InlayHintKind.Parameter, paddingRight: true });
      });
      // Resolved values of the module's parameters for this instance.
      const resolved = instanceParameters(module, instance, values, expand);
      const parts = module.params.filter((p) => !p.local && resolved.has(p.name)).map((p) => `${p.name}=${resolved.get(p.name)}`);
      if (parts.length > 0 && (instance.params.length > 0 || module.params.some((p) => !p.local))) {
        out.push({ position: lineIndex.position(instance.nameSpan.end), label: ` ${parts.join(', ')}`, kind: InlayHintKind.Type, paddingLeft: true, tooltip: `Parameters of ${module.name} for this instance` });
      }
    }
  }
  return out;
}
