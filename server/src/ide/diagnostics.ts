import { Diagnostic, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver-types';
import { extensionOf, HEADER_EXTENSIONS, type LineIndex, type Problem, problem, severityOf } from '../base';
import { expandMacro, type DesignUnit } from '../syntax';
import { semanticProblems } from '../graph';
import type { Snapshot } from '../workspace';
import { firstImplicitNets, nettypeNoneAt, visibleNames } from './resolve';

/**
 * Diagnostics for one file: the summary's own problems (preprocessor, syntax) and the
 * cross-file checks (instances against their modules, declarations, identifiers).
 */
export function fileProblems(snapshot: Snapshot, path: string): Problem[] {
  const summary = snapshot.summary(path);
  if (!summary) return [];
  const out: Problem[] = [];
  // A header (or any file another file includes) with no module or package of its own is a
  // fragment meant for the middle of another file (a list of ports or parameter values):
  // alone it need not parse; it is read where it is included.
  const ownUnits = summary.units.every((u) => u.kind === 'unit');
  const fragment = ownUnits && (HEADER_EXTENSIONS.includes(extensionOf(path)) || (summary.problems.some((p) => p.code === 'syntax-error') && snapshot.isIncluded(path)));
  for (const p of summary.problems) {
    if (fragment && (p.code === 'syntax-error' || p.code === 'missing-token')) continue;
    // Verilog macros are global to a compilation: one defined in any workspace file is known.
    if (p.code === 'undefined-macro') {
      const name = (snapshot.text(path) ?? '').slice(p.span.start, p.span.end);
      if (snapshot.macroDefinitions(name).length > 0) continue;
      // A header that was not found may define it (a generated one, often): not sure, so a warning.
      const missing = summary.includes.find((i) => !i.resolved);
      if (missing) {
        out.push({ ...p, severity: 'warning', message: `${p.message} It may come from '${missing.target}', which was not found.` });
        continue;
      }
    }
    out.push(p);
  }
  // Everything a unit's checks read besides the unit itself and the workspace interface.
  const context = `${summary.defaultNettypeNone}|${summary.parsed}|${summary.includes.map((i) => i.resolved ?? '-').join(',')}`;
  for (const unit of summary.units) {
    if (unit.kind === 'unit' || unit.kind === 'class') continue;
    const nettypeNone = nettypeNoneAt(snapshot, path, unit.span.start);
    out.push(...snapshot.cachedUnitProblems(path, unit, `${context}|${nettypeNone}`, () => unitProblems(snapshot, path, unit, nettypeNone)));
  }
  return applySuppressions(snapshot, path, out);
}

function unitProblems(snapshot: Snapshot, path: string, unit: DesignUnit, nettypeNone: boolean): Problem[] {
  const summary = snapshot.summary(path)!;
  const out: Problem[] = [];
  checkDuplicates(unit, out);
  checkInstances(snapshot, unit, out);
  checkDuplicateUnit(snapshot, path, unit, out);
  if (!summary.parsed) return out;
  checkIdentifiers(snapshot, path, unit, nettypeNone, out);
  const macroSpans = summary.macroUses.filter((u) => unit.span.start <= u.span.start && u.span.end <= unit.span.end).map((u) => u.span);
  out.push(...semanticProblems({ index: snapshot, path, unit, occurrences: snapshot.occurrences(path, unit.span), macroSpans }));
  return out;
}

const PRIMITIVES = new Set([
  'and', 'nand', 'or', 'nor', 'xor', 'xnor', 'buf', 'not', 'bufif0', 'bufif1', 'notif0', 'notif1', 'pullup', 'pulldown',
  'nmos', 'pmos', 'rnmos', 'rpmos', 'cmos', 'rcmos', 'tran', 'rtran', 'tranif0', 'tranif1', 'rtranif0', 'rtranif1',
]);

function checkInstances(snapshot: Snapshot, unit: DesignUnit, out: Problem[]): void {
  for (const instance of unit.instances) {
    if (PRIMITIVES.has(instance.module)) continue;
    const target = snapshot.unit(instance.module);
    if (!target) {
      out.push(problem('unknown-module', instance.moduleSpan, `No module named '${instance.module}' in the workspace.`, { severity: 'warning' }));
      continue;
    }
    const module = target.unit;
    // With several definitions of one name (models for different targets), a port of any counts.
    const definitions = snapshot.units(instance.module).filter((r) => r.unit.kind === module.kind);
    const ports = new Map(definitions.flatMap((d) => d.unit.ports.map((p) => [p.name, p] as const)));
    const params = new Set(definitions.flatMap((d) => d.unit.params.map((p) => p.name)));
    const named = instance.connections.filter((c) => c.name !== undefined);
    const ordered = instance.connections.filter((c) => c.name === undefined);
    for (const c of named) {
      if (!ports.has(c.name!)) {
        out.push(problem('unknown-port', c.nameSpan!, `Module '${module.name}' has no port '${c.name}'.`, {
          related: [{ path: target.path, span: module.nameSpan, message: `'${module.name}' is defined here` }],
        }));
      }
    }
    if (ordered.length > module.ports.length && module.ports.length >= 0 && ordered.length > 0 && !(ordered.length === 1 && !ordered[0].value)) {
      out.push(problem('too-many-connections', ordered[module.ports.length]?.span ?? instance.nameSpan, `Module '${module.name}' has ${module.ports.length} port(s); ${ordered.length} connected by position.`));
    }
    if (named.length > 0 && !instance.wildcard && module.kind === 'module') {
      const connected = new Set(named.map((c) => c.name));
      const missing = module.ports.filter((p) => !connected.has(p.name) && p.direction !== 'output');
      if (missing.length > 0) {
        out.push(problem('missing-port', instance.nameSpan, `Instance '${instance.name}' leaves input port${missing.length > 1 ? 's' : ''} ${missing.map((p) => `'${p.name}'`).join(', ')} of '${module.name}' unconnected.`));
      }
    }
    for (const p of instance.params) {
      if (p.name && !params.has(p.name)) {
        // A header RTLens could not read whole may declare it: not sure, so a warning.
        const unsure = definitions.map((d) => headerUnread(snapshot, d.path, d.unit)).find((why) => why);
        out.push(unsure
          ? problem('unknown-parameter', p.nameSpan!, `Module '${module.name}' has no parameter '${p.name}' that RTLens could read; its header has ${unsure}.`, { severity: 'warning' })
          : problem('unknown-parameter', p.nameSpan!, `Module '${module.name}' has no parameter '${p.name}'.`));
      }
    }
  }
}

/**
 * Why a unit's header (its parameter and port lists) may hold more than was read: a syntax
 * error or a macro usage left unexpanded inside it. Undefined when it was read whole.
 */
function headerUnread(snapshot: Snapshot, path: string, unit: DesignUnit): string | undefined {
  const summary = snapshot.summary(path);
  if (!summary) return undefined;
  const inside = (s: { start: number; end: number }) => unit.headerSpan.start <= s.start && s.start < unit.headerSpan.end;
  if (summary.problems.some((q) => (q.code === 'syntax-error' || q.code === 'missing-token') && inside(q.span))) return 'a syntax error';
  if (summary.macroUses.some((u) => !u.expanded && inside(u.span))) return 'a macro usage that was not expanded';
  return undefined;
}

function checkDuplicates(unit: DesignUnit, out: Problem[]): void {
  const seen = new Map<string, { kind: string }>();
  const declare = (name: string, scope: string, kind: string, span: Problem['span']) => {
    const key = `${scope}\u0000${name}`;
    const previous = seen.get(key);
    if (previous) {
      // Non-ANSI style declares a port, then its net or reg type: not a duplicate.
      const portAndType = !unit.ansi && ((previous.kind === 'port' && (kind === 'net' || kind === 'variable')) || (kind === 'port' && (previous.kind === 'net' || previous.kind === 'variable')));
      if (!portAndType) out.push(problem('duplicate-declaration', span, `'${name}' is already declared in this ${scope ? 'block' : unit.kind}.`));
      return;
    }
    seen.set(key, { kind });
  };
  for (const p of unit.ports) declare(p.name, '', 'port', p.nameSpan);
  for (const p of unit.params) declare(p.name, p.scope ?? '', 'parameter', p.nameSpan);
  for (const s of unit.signals) if (s.kind !== 'modport') declare(s.name, s.scope, s.kind, s.nameSpan);
  for (const i of unit.instances) if (i.name) declare(i.name, i.scope, 'instance', i.nameSpan);
}

function checkDuplicateUnit(snapshot: Snapshot, path: string, unit: DesignUnit, out: Problem[]): void {
  const others = snapshot.units(unit.name).filter((r) => r.unit.kind === unit.kind && !(r.path === path && r.unit.span.start === unit.span.start));
  if (others.length > 0) {
    out.push(problem('duplicate-module', unit.nameSpan, `${capitalise(unit.kind)} '${unit.name}' is also defined in ${others.map((o) => o.path.split('/').pop()).join(', ')}.`, {
      related: others.map((o) => ({ path: o.path, span: o.unit.nameSpan, message: 'also defined here' })),
    }));
  }
}

function checkIdentifiers(snapshot: Snapshot, path: string, unit: DesignUnit, nettypeNone: boolean, out: Problem[]): void {
  const summary = snapshot.summary(path)!;
  // An unresolved include inside the unit could declare anything: stay silent.
  if (summary.includes.some((i) => !i.resolved && unit.span.start <= i.span.start && i.span.end <= unit.span.end)) return;
  const occurrences = snapshot.occurrences(path, unit.span);
  const names = visibleNames(snapshot, path, unit);
  for (const o of occurrences) if (o.role === 'declaration' || o.role === 'port-list') names.add(o.name);
  // Words that macro expansions inside the unit bring in.
  const macros = new Map<string, import('../syntax').MacroDef>();
  for (const use of summary.macroUses) {
    if (use.span.start < unit.span.start || use.span.end > unit.span.end) continue;
    const def = use.definition ?? snapshot.macroDefinitions(use.name)[0]?.def;
    if (!def) continue;
    macros.set(def.name, def);
    const expansion = expandMacro(use, macros) ?? def.body;
    for (const word of expansion.match(/[A-Za-z_][A-Za-z0-9_$]*/g) ?? []) names.add(word);
  }
  const reported = new Set<string>();
  // IEEE 1364-2005 / 1800-2017 6.10: an undeclared name that is a continuous assignment's target
  // or in a port connection declares an implicit 1-bit wire for the whole module (unless
  // `default_nettype none): one warning where it is declared (the first such place), and its
  // other uses, before or after, are uses of that net.
  const implicitNets = nettypeNone ? new Map<string, number>() : firstImplicitNets(occurrences);
  for (const o of occurrences) {
    if (o.role !== 'reference' && o.role !== 'call') continue;
    if (names.has(o.name) || reported.has(`${o.name}@${o.span.start}`)) continue;
    if (snapshot.units(o.name).length > 0) continue;
    if (o.role === 'call' && snapshot.subprogramNames().has(o.name)) continue;
    const implicitAt = o.role === 'reference' ? implicitNets.get(o.name) : undefined;
    if (implicitAt !== undefined && implicitAt !== o.span.start) continue;
    reported.add(`${o.name}@${o.span.start}`);
    if (implicitAt !== undefined) {
      out.push(problem('implicit-net', o.span, `'${o.name}' is not declared; it becomes an implicit 1-bit wire.`));
    } else {
      out.push(problem('undeclared-identifier', o.span, `'${o.name}' is not declared in ${unit.kind} '${unit.name}'${unit.imports.length ? ' or the packages it imports' : ''}.`));
    }
  }
}

function applySuppressions(snapshot: Snapshot, path: string, problems: Problem[]): Problem[] {
  const config = snapshot.diagnosticsConfig;
  const disabled = new Set(config.disabled);
  if (!config.implicitNets) disabled.add('implicit-net');
  const text = snapshot.text(path) ?? '';
  const hasInline = text.includes('rtlens-disable');
  const lineIndex = hasInline ? snapshot.lineIndex(path) : undefined;
  return problems.filter((p) => {
    if (disabled.has(p.code)) return false;
    if (!lineIndex) return true;
    const line = lineIndex.lineOf(p.span.start);
    const here = text.slice(lineIndex.lineStart(line), lineIndex.lineEnd(line));
    const above = line > 0 ? text.slice(lineIndex.lineStart(line - 1), lineIndex.lineEnd(line - 1)) : '';
    return !suppresses(here, 'rtlens-disable-line', p.code) && !suppresses(above, 'rtlens-disable-next-line', p.code);
  });
}

function suppresses(line: string, marker: string, code: string): boolean {
  const at = line.indexOf(marker);
  if (at < 0) return false;
  const rest = line.slice(at + marker.length).trim();
  return rest === '' || rest.split(/[\s,]+/).includes(code);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const SEVERITY: Record<string, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(p: Problem, lineIndex: LineIndex, uriOf: (path: string) => string, lineIndexOf: (path: string) => LineIndex | undefined): Diagnostic {
  const diagnostic = Diagnostic.create(lineIndex.range(p.span), p.message, SEVERITY[severityOf(p)], p.code, 'rtlens');
  if (p.unnecessary) diagnostic.tags = [DiagnosticTag.Unnecessary];
  if (p.related) {
    diagnostic.relatedInformation = [];
    for (const r of p.related) {
      const index = lineIndexOf(r.path);
      if (index) diagnostic.relatedInformation.push({ location: { uri: uriOf(r.path), range: index.range(r.span) }, message: r.message });
    }
  }
  return diagnostic;
}

/** Inactive `ifdef branches, shown faded. */
export function inactiveRegions(snapshot: Snapshot, path: string): Problem[] {
  return (snapshot.summary(path)?.inactive ?? []).map((span) => ({
    code: 'inactive-branch' as const,
    span,
    message: 'Inactive preprocessor branch (its `ifdef condition is false).',
    severity: 'hint' as const,
    unnecessary: true,
  }));
}
