import type { Span } from '../base';
import type { FileSummary } from '../model';
import type {
  Block,
  DesignUnit,
  IncludeDirective,
  Instance,
  MacroDef,
  MacroUse,
  Occurrence,
  Parameter,
  Port,
  Signal,
  Subprogram,
} from '../syntax';
import type { Snapshot, UnitRef } from '../workspace';

/**
 * Name resolution shared by every feature: what is under the cursor, and which declaration a
 * name in a unit refers to. Scopes are the unit's own declarations (all generate and named
 * block scopes flattened), its package imports, then the file's and workspace's $unit items;
 * a name a header does not declare, where the header is included.
 */

export type Declaration =
  | { kind: 'port'; name: string; path: string; unit: DesignUnit; nameSpan: Span; item: Port }
  | { kind: 'parameter'; name: string; path: string; unit: DesignUnit; nameSpan: Span; item: Parameter }
  | { kind: 'signal'; name: string; path: string; unit: DesignUnit; nameSpan: Span; item: Signal }
  | { kind: 'instance'; name: string; path: string; unit: DesignUnit; nameSpan: Span; item: Instance }
  | { kind: 'subprogram'; name: string; path: string; unit: DesignUnit; nameSpan: Span; item: Subprogram }
  | { kind: 'label'; name: string; path: string; unit: DesignUnit; nameSpan: Span; item: Block }
  | { kind: 'unit'; name: string; path: string; unit: DesignUnit; nameSpan: Span; item: DesignUnit }
  | { kind: 'macro'; name: string; path: string | undefined; nameSpan: Span; item: MacroDef }
  /** A name declared inside a function, task, loop or block: found from the identifiers. */
  | { kind: 'local'; name: string; path: string; unit: DesignUnit; nameSpan: Span; item: Occurrence }
  /** An implicit net (IEEE 1800-2017 6.10): undeclared, first named as an assign target or in a port connection. */
  | { kind: 'implicit-net'; name: string; path: string; unit: DesignUnit; nameSpan: Span; item: Occurrence };

export type Target =
  | { kind: 'occurrence'; path: string; unit: DesignUnit | undefined; occurrence: Occurrence; declaration: Declaration | undefined; instance?: Instance }
  | { kind: 'macro'; path: string; use?: MacroUse; definitions: Declaration[]; span: Span; name: string }
  | { kind: 'include'; path: string; include: IncludeDirective; span: Span };

export function targetAt(snapshot: Snapshot, path: string, offset: number): Target | undefined {
  const summary = snapshot.summary(path);
  if (!summary) return undefined;
  for (const use of summary.macroUses) {
    if (use.span.start <= offset && offset <= use.nameSpan.end) {
      return { kind: 'macro', path, use, definitions: macroDeclarations(snapshot, use.name, use.definition), span: use.nameSpan, name: use.name };
    }
  }
  for (const def of summary.defines) {
    if (def.nameSpan.start <= offset && offset <= def.nameSpan.end) {
      return { kind: 'macro', path, definitions: [{ kind: 'macro', name: def.name, path, nameSpan: def.nameSpan, item: def }], span: def.nameSpan, name: def.name };
    }
  }
  for (const include of summary.includes) {
    if (include.span.start <= offset && offset <= include.span.end) return { kind: 'include', path, include, span: include.targetSpan };
  }
  const unit = snapshot.unitAt(path, offset);
  const within = unit && unit.kind !== 'unit' ? unit.span : { start: 0, end: snapshot.text(path)?.length ?? 0 };
  const occurrences = snapshot.occurrences(path, within);
  const occurrence = occurrenceAt(occurrences, offset);
  if (!occurrence) return undefined;
  const instance = unit?.instances.find((i) => i.span.start <= offset && offset <= i.span.end);
  return { kind: 'occurrence', path, unit, occurrence, instance, declaration: declarationOf(snapshot, path, unit, occurrence, instance) };
}

function occurrenceAt(occurrences: readonly Occurrence[], offset: number): Occurrence | undefined {
  let low = 0;
  let high = occurrences.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const o = occurrences[mid];
    if (o.span.end < offset) low = mid + 1;
    else if (o.span.start > offset) high = mid - 1;
    else return o;
  }
  return undefined;
}

export function macroDeclarations(snapshot: Snapshot, name: string, inForce?: MacroDef): Declaration[] {
  const out: Declaration[] = [];
  if (inForce) out.push({ kind: 'macro', name, path: inForce.path, nameSpan: inForce.nameSpan, item: inForce });
  for (const { path, def } of snapshot.macroDefinitions(name)) {
    if (inForce && def.path === inForce.path && def.nameSpan.start === inForce.nameSpan.start) continue;
    out.push({ kind: 'macro', name, path, nameSpan: def.nameSpan, item: def });
  }
  return out;
}

export function declarationOf(
  snapshot: Snapshot,
  path: string,
  unit: DesignUnit | undefined,
  occurrence: Occurrence,
  instance: Instance | undefined,
): Declaration | undefined {
  const name = occurrence.name;
  switch (occurrence.role) {
    case 'instance-type':
      return unitDeclaration(snapshot.unit(name, path));
    case 'package':
      return unitDeclaration(snapshot.units(name, path).find((r) => r.unit.kind === 'package') ?? snapshot.unit(name, path));
    case 'port-connection': {
      const target = instance && snapshot.unit(instance.module, path);
      const port = target?.unit.ports.find((p) => p.name === name);
      return port && target ? { kind: 'port', name, path: target.path, unit: target.unit, nameSpan: port.nameSpan, item: port } : undefined;
    }
    case 'parameter-override': {
      const target = instance && snapshot.unit(instance.module, path);
      const param = target?.unit.params.find((p) => p.name === name);
      return param && target ? { kind: 'parameter', name, path: target.path, unit: target.unit, nameSpan: param.nameSpan, item: param } : undefined;
    }
    case 'member': {
      const text = snapshot.text(path) ?? '';
      const head = memberHead(text, occurrence.span.start);
      if (!head) return undefined;
      if (head.separator === '::') {
        const pkg = snapshot.units(head.name, path).find((r) => r.unit.kind === 'package' || r.unit.kind === 'class');
        return pkg ? lookupInUnit(pkg.path, pkg.unit, name) : undefined;
      }
      // a.b: a is an instance (b is its port) or an interface port (b is the interface's item).
      if (!unit) return undefined;
      const headDecl = lookupInUnit(path, unit, head.name);
      if (headDecl?.kind === 'instance') {
        const target = snapshot.unit(headDecl.item.module, path);
        return target ? lookupInUnit(target.path, target.unit, name) : undefined;
      }
      if (headDecl?.kind === 'port' && headDecl.item.direction === 'interface') {
        const ifaceName = headDecl.item.type.split('.')[0];
        const target = snapshot.unit(ifaceName, path);
        return target ? lookupInUnit(target.path, target.unit, name) : undefined;
      }
      return undefined;
    }
    case 'macro':
      return macroDeclarations(snapshot, name)[0];
    default:
      return (
        lookupName(snapshot, path, unit, name, occurrence.span.start) ??
        (unit ? localDeclaration(snapshot, path, unit, occurrence) ?? implicitNet(snapshot, path, unit, occurrence) : undefined) ??
        (occurrence.role === 'declaration' ? undefined : inIncluders(snapshot, path, name) ?? inCompilationUnit(snapshot, path, name))
      );
  }
}

/**
 * A name declared at file scope of another file (not a header) of the workspace: one
 * compilation unit, as tools compile a file list (a definitions file with enums and
 * parameters outside any module, compiled first).
 */
function inCompilationUnit(snapshot: Snapshot, path: string, name: string): Declaration | undefined {
  for (const scope of snapshot.compilationUnitScopes()) {
    if (scope.path === path) continue;
    const found = lookupInUnit(scope.path, scope.unit, name);
    if (found) return found;
  }
  return undefined;
}

/** Includers asked, and header levels followed up, for a name a header does not declare. */
const MAX_INCLUDERS = 16;
const MAX_INCLUDE_LEVELS = 4;

/**
 * A name a header uses but does not declare: it is declared where the header is included
 * (the including unit's signals and ports, its imports, the includer's file scope). The
 * first includer that declares it, in path order; up through headers that include headers.
 */
function inIncluders(snapshot: Snapshot, path: string, name: string, level = 0, seen = new Set<string>([path])): Declaration | undefined {
  if (level >= MAX_INCLUDE_LEVELS) return undefined;
  const sites = snapshot.includers(path).slice(0, MAX_INCLUDERS);
  for (const { path: includer, include } of sites) {
    const unit = snapshot.unitAt(includer, include.span.start);
    const found = lookupName(snapshot, includer, unit, name, include.span.start);
    if (found) return found;
  }
  for (const { path: includer } of sites) {
    if (seen.has(includer)) continue;
    seen.add(includer);
    const found = inIncluders(snapshot, includer, name, level + 1, seen);
    if (found) return found;
  }
  return undefined;
}

/** Name -> offset of the first assign target or port connection naming it (where an implicit net would be declared). */
export function firstImplicitNets(occurrences: readonly Occurrence[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const o of occurrences) if (o.role === 'reference' && o.implicitNetContext && !out.has(o.name)) out.set(o.name, o.span.start);
  return out;
}

/**
 * Whether `default_nettype none is in force at an offset: the last `default_nettype or
 * `resetall written before it in the file's active text decides (files often open with
 * `resetall / `default_nettype none and close with `resetall). With neither before the offset,
 * a file whose own text has none takes what its preprocessing saw (a header it includes).
 */
const MAX_DIRECTIVE_SCAN = 20000;

export function nettypeNoneAt(snapshot: Snapshot, path: string, offset: number): boolean {
  const summary = snapshot.summary(path);
  const text = snapshot.text(path);
  if (!summary || text === undefined) return false;
  const inactive = summary.inactive;
  let seen = false;
  // Bounded: a file of thousands of macro usages falls back to the file's flag.
  let budget = MAX_DIRECTIVE_SCAN;
  for (let at = text.lastIndexOf('`', offset); at >= 0; at = at > 0 ? text.lastIndexOf('`', at - 1) : -1) {
    if (--budget < 0) return summary.defaultNettypeNone;
    const nettype = text.startsWith('default_nettype', at + 1);
    if (!nettype && !text.startsWith('resetall', at + 1)) continue;
    seen = true;
    if (inactive.some((s) => s.start <= at && at < s.end) || inLineComment(text, at)) continue;
    if (!nettype) return false;
    const lineEnd = text.indexOf('\n', at);
    return /^\s+none\b/.test(text.slice(at + 16, lineEnd < 0 ? text.length : lineEnd));
  }
  return seen || text.includes('`default_nettype', offset) ? false : summary.defaultNettypeNone;
}

function inLineComment(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at) + 1;
  return text.slice(lineStart, at).includes('//');
}

/**
 * A name nothing declares but that a continuous assignment's target or a port connection names:
 * an implicit 1-bit wire of the module, declared where it is first so named (not under
 * `default_nettype none, where it stays undeclared).
 */
function implicitNet(snapshot: Snapshot, path: string, unit: DesignUnit, occurrence: Occurrence): Declaration | undefined {
  if (occurrence.role !== 'reference' || unit.kind === 'unit' || unit.kind === 'package' || nettypeNoneAt(snapshot, path, unit.span.start)) return undefined;
  const occurrences = snapshot.occurrences(path, unit.span);
  const first = occurrences.find((o) => o.name === occurrence.name && o.role === 'reference' && o.implicitNetContext);
  return first ? { kind: 'implicit-net', name: occurrence.name, path, unit, nameSpan: first.span, item: first } : undefined;
}

/**
 * A loop variable, function argument or local, or a block label: the nearest declaration of
 * the name before the use (or the occurrence itself when it declares).
 */
function localDeclaration(snapshot: Snapshot, path: string, unit: DesignUnit, occurrence: Occurrence): Declaration | undefined {
  if (occurrence.role === 'declaration') return { kind: 'local', name: occurrence.name, path, unit, nameSpan: occurrence.span, item: occurrence };
  let best: Occurrence | undefined;
  for (const o of snapshot.occurrences(path, unit.span)) {
    if (o.span.start > occurrence.span.start) break;
    if (o.role === 'declaration' && o.name === occurrence.name) best = o;
  }
  return best ? { kind: 'local', name: best.name, path, unit, nameSpan: best.span, item: best } : undefined;
}

/** The name before the . or :: that precedes an offset. */
function memberHead(text: string, offset: number): { name: string; separator: '.' | '::' } | undefined {
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  let separator: '.' | '::';
  if (text[i] === '.') {
    separator = '.';
    i--;
  } else if (text[i] === ':' && text[i - 1] === ':') {
    separator = '::';
    i -= 2;
  } else return undefined;
  while (i >= 0 && /\s/.test(text[i])) i--;
  // Skip a select: a[3].b
  if (text[i] === ']') {
    let depth = 0;
    for (; i >= 0; i--) {
      if (text[i] === ']') depth++;
      else if (text[i] === '[' && --depth === 0) {
        i--;
        break;
      }
    }
  }
  const end = i + 1;
  while (i >= 0 && /[A-Za-z0-9_$]/.test(text[i])) i--;
  const name = text.slice(i + 1, end);
  return name ? { name, separator } : undefined;
}

function unitDeclaration(ref: UnitRef | undefined): Declaration | undefined {
  if (!ref) return undefined;
  return { kind: 'unit', name: ref.unit.name, path: ref.path, unit: ref.unit, nameSpan: ref.unit.nameSpan, item: ref.unit };
}

/** A name declared directly in a unit (any scope inside it). */
export function lookupInUnit(path: string, unit: DesignUnit, name: string, before?: number): Declaration | undefined {
  const found = lookupInUnitHere(path, unit, name, before);
  // A declaration an `include brought in is shown where it was written, in the header.
  const origin = found && 'origin' in found.item ? found.item.origin : undefined;
  return found && origin ? { ...found, path: origin.path, nameSpan: origin.span } : found;
}

function lookupInUnitHere(path: string, unit: DesignUnit, name: string, before?: number): Declaration | undefined {
  const port = unit.ports.find((p) => p.name === name);
  if (port) return { kind: 'port', name, path, unit, nameSpan: port.nameSpan, item: port };
  const param = unit.params.find((p) => p.name === name);
  if (param) return { kind: 'parameter', name, path, unit, nameSpan: param.nameSpan, item: param };
  const signals = unit.signals.filter((s) => s.name === name);
  if (signals.length > 0) {
    // Prefer the declaration in the innermost scope that contains the use.
    const inScope = before === undefined ? undefined : signals.filter((s) => s.span.start <= before).pop();
    const signal = inScope ?? signals[0];
    return { kind: 'signal', name, path, unit, nameSpan: signal.nameSpan, item: signal };
  }
  const instance = unit.instances.find((i) => i.name === name);
  if (instance) return { kind: 'instance', name, path, unit, nameSpan: instance.nameSpan, item: instance };
  const sub = unit.subprograms.find((s) => s.name === name);
  if (sub) return { kind: 'subprogram', name, path, unit, nameSpan: sub.nameSpan, item: sub };
  const block = unit.blocks.find((b) => b.label === name);
  if (block && block.labelSpan) return { kind: 'label', name, path, unit, nameSpan: block.labelSpan, item: block };
  return undefined;
}

/** Resolves a plain name used inside a unit. */
export function lookupName(snapshot: Snapshot, path: string, unit: DesignUnit | undefined, name: string, at?: number): Declaration | undefined {
  if (unit) {
    const local = lookupInUnit(path, unit, name, at);
    if (local) return local;
    const imported = viaImports(snapshot, unit, name, path);
    if (imported) return imported;
  }
  const summary = snapshot.summary(path);
  if (summary) {
    const found = inFileScope(path, summary, name);
    if (found) return found;
    // Imports at file scope ($unit) reach every unit of the file that follows them.
    const scope = summary.units.find((u) => u.kind === 'unit');
    const imported = scope && viaImports(snapshot, scope, name, path);
    if (imported) return imported;
    // Declarations brought in by `include inside the unit.
    for (const include of summary.includes) {
      if (!include.resolved || (unit && !(unit.span.start <= include.span.start && include.span.end <= unit.span.end))) continue;
      const included = snapshot.summary(include.resolved);
      const inIncluded = included && inFileScope(include.resolved, included, name);
      if (inIncluded) return inIncluded;
    }
  }
  // A unit name used as a value (a package, an interface type) or a callable in $unit elsewhere.
  const named = snapshot.units(name, path);
  if (named.length > 0) return unitDeclaration(named[0]);
  return undefined;
}

function viaImports(snapshot: Snapshot, unit: DesignUnit, name: string, from: string): Declaration | undefined {
  for (const imp of unit.imports) {
    if (imp.item !== '*' && imp.item !== name) continue;
    for (const pkg of snapshot.units(imp.package, from)) {
      const found = lookupInUnit(pkg.path, pkg.unit, name);
      if (found) return found;
    }
  }
  return undefined;
}

function inFileScope(path: string, summary: FileSummary, name: string): Declaration | undefined {
  const scope = summary.units.find((u) => u.kind === 'unit');
  return scope ? lookupInUnit(path, scope, name) : undefined;
}

/** Every name a unit can see without a package prefix: used by diagnostics and completion. */
export function visibleNames(snapshot: Snapshot, path: string, unit: DesignUnit): Set<string> {
  const names = new Set<string>();
  const addUnit = (u: DesignUnit) => {
    for (const p of u.ports) names.add(p.name);
    for (const p of u.params) names.add(p.name);
    for (const s of u.signals) names.add(s.name);
    for (const i of u.instances) names.add(i.name);
    for (const s of u.subprograms) names.add(s.name);
    for (const b of u.blocks) if (b.label) names.add(b.label);
  };
  const addImports = (u: DesignUnit) => {
    for (const imp of u.imports) {
      for (const pkg of snapshot.units(imp.package)) {
        if (imp.item === '*') addUnit(pkg.unit);
        else names.add(imp.item);
      }
    }
  };
  addUnit(unit);
  addImports(unit);
  const summary = snapshot.summary(path);
  for (const u of summary?.units ?? []) {
    if (u.kind !== 'unit') continue;
    addUnit(u);
    // Imports at file scope ($unit) reach the units of the file.
    addImports(u);
  }
  for (const include of summary?.includes ?? []) {
    if (!include.resolved) continue;
    for (const u of snapshot.summary(include.resolved)?.units ?? []) if (u.kind === 'unit') addUnit(u);
  }
  return names;
}
