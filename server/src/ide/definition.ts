import type { Location } from 'vscode-languageserver-types';
import type { Snapshot } from '../workspace';
import { type Declaration, targetAt } from './resolve';

/** Go to definition: instance -> module, .port -> port, name -> declaration, macro -> `define, `include -> file. */
export function definition(snapshot: Snapshot, path: string, offset: number, uriOf: (path: string) => string): Location[] {
  const target = targetAt(snapshot, path, offset);
  if (!target) return [];
  if (target.kind === 'include') {
    const resolved = target.include.resolved ?? snapshot.resolveInclude(target.include.target, path);
    return resolved ? [{ uri: uriOf(resolved), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }] : [];
  }
  if (target.kind === 'macro') return target.definitions.flatMap((d) => locationOf(snapshot, d, uriOf));
  return target.declaration ? locationOf(snapshot, target.declaration, uriOf) : [];
}

export function locationOf(snapshot: Snapshot, declaration: Declaration, uriOf: (path: string) => string): Location[] {
  if (!declaration.path) return [];
  const lineIndex = snapshot.lineIndex(declaration.path);
  if (!lineIndex) return [];
  return [{ uri: uriOf(declaration.path), range: lineIndex.range(declaration.nameSpan) }];
}
