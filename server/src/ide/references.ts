import type { Span } from '../base';
import type { Snapshot } from '../workspace';
import { type Declaration, declarationOf, targetAt } from './resolve';

/**
 * References of the declaration under the cursor, across files: local uses inside its unit,
 * .port() connections in every instance of its module, instances of a module, macro uses.
 */
export interface Reference {
  path: string;
  span: Span;
  /** The declaration itself, rather than a use. */
  isDeclaration: boolean;
  /** Written to (left of an assignment) rather than read; only for highlights. */
  kind?: 'read' | 'write';
}

export function declarationAt(snapshot: Snapshot, path: string, offset: number): Declaration | undefined {
  const target = targetAt(snapshot, path, offset);
  if (!target) return undefined;
  if (target.kind === 'macro') return target.definitions[0];
  if (target.kind === 'include') return undefined;
  return target.declaration;
}

export function references(snapshot: Snapshot, declaration: Declaration): Reference[] {
  const out: Reference[] = [];
  const push = (path: string, span: Span, isDeclaration: boolean) => {
    if (!out.some((r) => r.path === path && r.span.start === span.start)) out.push({ path, span, isDeclaration });
  };
  if (declaration.kind === 'macro') {
    if (declaration.path) push(declaration.path, declaration.nameSpan, true);
    for (const path of snapshot.paths()) {
      for (const use of snapshot.summary(path)!.macroUses) if (use.name === declaration.name) push(path, use.nameSpan, false);
    }
    return out;
  }
  push(declaration.path, declaration.nameSpan, true);
  if (declaration.kind === 'unit') {
    for (const { path, unit } of snapshot.allUnits()) {
      for (const instance of unit.instances) if (instance.module === declaration.name) push(path, instance.moduleSpan, false);
      // Package references (pkg::x, import pkg::*) need the identifiers of the file.
      if (declaration.unit.kind === 'package' && unit.imports.some((i) => i.package === declaration.name)) {
        for (const o of snapshot.occurrences(path, unit.span)) if (o.name === declaration.name && o.role === 'package') push(path, o.span, false);
      }
    }
    return out;
  }
  // Uses inside the declaring unit.
  const unit = declaration.unit;
  for (const o of snapshot.occurrences(declaration.path, unit.span)) {
    if (o.name !== declaration.name) continue;
    if (o.role === 'port-connection' || o.role === 'parameter-override' || o.role === 'member' || o.role === 'package' || o.role === 'instance-type' || o.role === 'macro') continue;
    const resolved = declarationOf(snapshot, declaration.path, unit, o, undefined);
    if (resolved && sameDeclaration(resolved, declaration)) push(declaration.path, o.span, o.role === 'declaration' && o.span.start === declaration.nameSpan.start);
    else if (o.role === 'port-list' && declaration.kind === 'port') push(declaration.path, o.span, false);
  }
  // Ports and parameters are also named from every instance of the module.
  if (declaration.kind === 'port' || declaration.kind === 'parameter') {
    for (const { path, unit: other } of snapshot.allUnits()) {
      for (const instance of other.instances) {
        if (instance.module !== unit.name) continue;
        const list = declaration.kind === 'port' ? instance.connections : instance.params;
        for (const c of list) if (c.name === declaration.name && c.nameSpan) push(path, c.nameSpan, false);
      }
    }
  }
  // Packages: items used as pkg::item elsewhere.
  if (unit.kind === 'package') {
    for (const { path, unit: other } of snapshot.allUnits()) {
      if (other === unit) continue;
      // Only units that import the package or name it with :: can refer to its items.
      const imports = other.imports.some((i) => i.package === unit.name);
      const text = snapshot.text(path) ?? '';
      if (!imports && !text.slice(other.span.start, other.span.end).includes(`${unit.name}::`)) continue;
      for (const o of snapshot.occurrences(path, other.span)) {
        if (o.name !== declaration.name) continue;
        const resolved = declarationOf(snapshot, path, other, o, undefined);
        if (resolved && sameDeclaration(resolved, declaration)) push(path, o.span, false);
      }
    }
  }
  return out;
}

export function sameDeclaration(a: Declaration, b: Declaration): boolean {
  return a.path === b.path && a.nameSpan.start === b.nameSpan.start && a.name === b.name;
}

/** Highlights in the current file, with writes told apart from reads. */
export function documentHighlights(snapshot: Snapshot, path: string, offset: number): Reference[] {
  const declaration = declarationAt(snapshot, path, offset);
  if (!declaration) return [];
  const text = snapshot.text(path) ?? '';
  return references(snapshot, declaration)
    .filter((r) => r.path === path)
    .map((r) => ({ ...r, kind: isWrite(text, r.span) ? 'write' : 'read' }));
}

/** A name followed by an assignment operator (after an optional select) is written. */
function isWrite(text: string, span: Span): boolean {
  let i = span.end;
  let depth = 0;
  for (; i < text.length && i < span.end + 200; i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (depth === 0 && !/\s/.test(c)) break;
  }
  const rest = text.slice(i, i + 2);
  return rest === '<=' ? !/[=<]/.test(text[i + 2] ?? '') && isStatementStart(text, span.start) : rest[0] === '=' && rest[1] !== '=';
}

function isStatementStart(text: string, offset: number): boolean {
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  return i < 0 || /[;)\]}:]/.test(text[i]) || /\b(begin|else|default)$/.test(text.slice(Math.max(0, i - 8), i + 1));
}
