import { type DocumentSymbol, SymbolKind, type SymbolInformation } from 'vscode-languageserver-types';
import type { LineIndex, Span } from '../base';
import type { DesignUnit } from '../syntax';
import type { Snapshot } from '../workspace';

/** The outline: unit > ports, parameters, signals, blocks, instances, functions. */
export function documentSymbols(snapshot: Snapshot, path: string): DocumentSymbol[] {
  const summary = snapshot.summary(path);
  const lineIndex = snapshot.lineIndex(path);
  if (!summary || !lineIndex) return [];
  const out: DocumentSymbol[] = [];
  for (const unit of summary.units) {
    if (unit.kind === 'unit') {
      out.push(...unitChildren(unit, lineIndex));
      continue;
    }
    out.push(symbol(lineIndex, unit.name || '<unnamed>', unit.kind, UNIT_SYMBOL[unit.kind] ?? SymbolKind.Module, unit.span, unit.nameSpan, unitChildren(unit, lineIndex)));
  }
  return out;
}

const UNIT_SYMBOL: Record<string, SymbolKind> = {
  module: SymbolKind.Module,
  interface: SymbolKind.Interface,
  package: SymbolKind.Package,
  program: SymbolKind.Module,
  class: SymbolKind.Class,
  primitive: SymbolKind.Module,
  checker: SymbolKind.Module,
};

function unitChildren(unit: DesignUnit, lineIndex: LineIndex): DocumentSymbol[] {
  const children: DocumentSymbol[] = [];
  for (const p of unit.params) {
    children.push(symbol(lineIndex, p.name, `${p.local ? 'localparam' : 'parameter'}${p.value !== undefined ? ` = ${p.value}` : ''}`, SymbolKind.Constant, p.span, p.nameSpan));
  }
  for (const p of unit.ports) {
    children.push(symbol(lineIndex, p.name, [p.direction, p.type, p.range].filter(Boolean).join(' '), SymbolKind.Field, p.span, p.nameSpan));
  }
  for (const s of unit.signals) {
    const kind = s.kind === 'typedef' ? SymbolKind.TypeParameter : s.kind === 'enum-member' ? SymbolKind.EnumMember : s.kind === 'modport' ? SymbolKind.Interface : SymbolKind.Variable;
    children.push(symbol(lineIndex, s.name, [s.type, s.range, s.array, s.scope ? `in ${s.scope}` : ''].filter(Boolean).join(' '), kind, s.span, s.nameSpan));
  }
  for (const b of unit.blocks) {
    const name = b.label ? `${b.kind} : ${b.label}` : b.kind;
    children.push(symbol(lineIndex, name, b.detail.slice(0, 60), b.kind.startsWith('generate') ? SymbolKind.Namespace : SymbolKind.Event, b.span, b.labelSpan ?? { start: b.span.start, end: b.span.start + b.kind.length }));
  }
  for (const i of unit.instances) {
    children.push(symbol(lineIndex, i.name || i.module, i.module, SymbolKind.Object, i.span, i.nameSpan));
  }
  for (const f of unit.subprograms) {
    children.push(symbol(lineIndex, f.name, f.kind, f.kind === 'function' ? SymbolKind.Function : SymbolKind.Method, f.span, f.nameSpan));
  }
  return children.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function symbol(lineIndex: LineIndex, name: string, detail: string, kind: SymbolKind, span: Span, selection: Span, children?: DocumentSymbol[]): DocumentSymbol {
  const range = lineIndex.range(span);
  let selectionRange = lineIndex.range(selection);
  // LSP requires the selection inside the range.
  if (selection.start < span.start || selection.end > span.end) selectionRange = { start: range.start, end: range.start };
  return { name: name || '?', detail, kind, range, selectionRange, children };
}

/** Workspace symbols: units, and their ports, instances and functions, matched by subsequence. */
export function workspaceSymbols(snapshot: Snapshot, query: string, uriOf: (path: string) => string, limit = 500): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  const q = query.toLowerCase();
  const matches = (name: string) => fuzzyMatch(name.toLowerCase(), q);
  for (const { path, unit } of snapshot.allUnits()) {
    if (out.length >= limit) break;
    const lineIndex = () => snapshot.lineIndex(path)!;
    if (unit.kind !== 'unit' && matches(unit.name)) {
      out.push({ name: unit.name, kind: UNIT_SYMBOL[unit.kind] ?? SymbolKind.Module, location: { uri: uriOf(path), range: lineIndex().range(unit.nameSpan) } });
    }
    if (q.length < 2) continue;
    for (const f of unit.subprograms) if (matches(f.name)) out.push({ name: f.name, kind: SymbolKind.Function, containerName: unit.name, location: { uri: uriOf(path), range: lineIndex().range(f.nameSpan) } });
    for (const i of unit.instances) if (matches(i.name)) out.push({ name: i.name, kind: SymbolKind.Object, containerName: unit.name, location: { uri: uriOf(path), range: lineIndex().range(i.nameSpan) } });
  }
  return out.slice(0, limit);
}

function fuzzyMatch(name: string, query: string): boolean {
  if (!query) return true;
  let i = 0;
  for (const c of name) if (c === query[i]) i++;
  return i === query.length;
}
