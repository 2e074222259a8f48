import type { SignatureHelp } from 'vscode-languageserver-types';
import type { Snapshot } from '../workspace';
import { instanceAround } from './completion';

/** Inside an instance's connections: the module's ports, the one being connected active. */
export function signatureHelp(snapshot: Snapshot, path: string, offset: number): SignatureHelp | undefined {
  const unit = snapshot.unitAt(path, offset);
  if (!unit) return undefined;
  const instance = instanceAround(snapshot, path, unit, offset);
  if (!instance) return undefined;
  const target = snapshot.unit(instance.module, path);
  if (!target) return undefined;
  const text = snapshot.text(path) ?? '';
  const open = instance.connectionListSpan?.start ?? text.indexOf('(', instance.nameSpan.end);
  if (open < 0 || offset <= open) return undefined;
  const module = target.unit;
  const labels = module.ports.map((p) => [p.direction, p.type, p.range, p.name].filter(Boolean).join(' '));
  const inside = text.slice(open + 1, offset);
  // The port being connected: the last .name( before the cursor, else count top-level commas.
  let active = 0;
  const named = [...inside.matchAll(/\.\s*([A-Za-z_][A-Za-z0-9_$]*)/g)].pop();
  if (named) active = Math.max(0, module.ports.findIndex((p) => p.name === named[1]));
  else {
    let depth = 0;
    for (const c of inside) {
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') depth--;
      else if (c === ',' && depth === 0) active++;
    }
  }
  return {
    signatures: [{
      label: `${module.name} (${labels.join(', ')})`,
      parameters: labels.map((label, i) => ({ label, documentation: module.ports[i].comment })),
      documentation: module.comment,
    }],
    activeSignature: 0,
    activeParameter: active,
  };
}
