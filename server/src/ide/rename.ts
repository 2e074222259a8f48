import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { Span } from '../base';
import type { Snapshot } from '../workspace';
import { declarationAt, references } from './references';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;

export type RenameResult = { ok: true; edit: WorkspaceEdit } | { ok: false; reason: string };

/** Where rename may start: the name under the cursor, if it is something we can rename. */
export function prepareRename(snapshot: Snapshot, path: string, offset: number): { span: Span; name: string } | { reason: string } {
  const declaration = declarationAt(snapshot, path, offset);
  if (!declaration) return { reason: 'Nothing to rename here: place the cursor on a declared name.' };
  if (declaration.kind === 'macro') return { reason: 'Renaming macros is not supported yet.' };
  const summary = snapshot.summary(path);
  const occurrence = references(snapshot, declaration).find((r) => r.path === path && r.span.start <= offset && offset <= r.span.end);
  if (!occurrence || !summary) return { reason: 'Nothing to rename here.' };
  return { span: occurrence.span, name: declaration.name };
}

/** Rename of a signal, port (with .port() in every instance) or module (with every instance). */
export function rename(snapshot: Snapshot, path: string, offset: number, newName: string, uriOf: (path: string) => string): RenameResult {
  if (!IDENTIFIER.test(newName)) return { ok: false, reason: `'${newName}' is not a Verilog identifier.` };
  const declaration = declarationAt(snapshot, path, offset);
  if (!declaration || declaration.kind === 'macro') return { ok: false, reason: 'Nothing to rename here: place the cursor on a declared name.' };
  const changes: Record<string, TextEdit[]> = {};
  for (const ref of references(snapshot, declaration)) {
    const lineIndex = snapshot.lineIndex(ref.path);
    if (!lineIndex) continue;
    (changes[uriOf(ref.path)] ??= []).push({ range: lineIndex.range(ref.span), newText: newName });
  }
  // .port (implicit connection) must keep connecting the same signal: .new(old).
  if (declaration.kind === 'port') {
    for (const { path: p, unit } of snapshot.allUnits()) {
      for (const instance of unit.instances) {
        if (instance.module !== declaration.unit.name) continue;
        for (const c of instance.connections) {
          if (c.name !== declaration.name || !c.implicit || !c.nameSpan) continue;
          const lineIndex = snapshot.lineIndex(p)!;
          const edits = (changes[uriOf(p)] ??= []);
          const at = edits.findIndex((e) => e.range.start.line === lineIndex.position(c.nameSpan!.start).line && e.range.start.character === lineIndex.position(c.nameSpan!.start).character);
          if (at >= 0) edits[at] = { range: lineIndex.range(c.nameSpan), newText: `${newName}(${declaration.name})` };
        }
      }
    }
  }
  return { ok: true, edit: { changes } };
}
