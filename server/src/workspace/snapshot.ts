import type { LineIndex, Span } from '../base';
import type { FileSummary, ParsedFile } from '../model';
import type { DesignUnit, MacroDef, Occurrence } from '../syntax';
import type { DesignIndex, Instantiation } from '../graph';
import type { DiagnosticsConfig, UnitRef, Workspace } from './workspace';

/**
 * What a feature reads. Requests run to completion on one thread, so a snapshot taken at the
 * start of a request sees one consistent workspace; `version` tells a stale answer apart.
 */
export class Snapshot implements DesignIndex {
  readonly version: number;

  constructor(private readonly workspace: Workspace) {
    this.version = workspace.version;
  }

  get diagnosticsConfig(): DiagnosticsConfig {
    return this.workspace.diagnostics;
  }

  paths(): string[] {
    return [...this.workspace.paths()];
  }

  summary(path: string): FileSummary | undefined {
    return this.workspace.entry(path)?.summary;
  }

  isOpen(path: string): boolean {
    return this.workspace.entry(path)?.open ?? false;
  }

  text(path: string): string | undefined {
    return this.workspace.readText(path);
  }

  /** Whether another workspace file includes this one. */
  isIncluded(path: string): boolean {
    return this.workspace.dependents(path).length > 0;
  }

  /** The summary a file would have with this text (the workspace does not change). */
  summarizeText(path: string, text: string): FileSummary {
    return this.workspace.summarizeText(path, text);
  }

  parsed(path: string): ParsedFile | undefined {
    return this.workspace.parsed(path);
  }

  lineIndex(path: string): LineIndex | undefined {
    return this.workspace.lineIndex(path);
  }

  occurrences(path: string, within: Span): Occurrence[] {
    return this.workspace.occurrences(path, within);
  }

  /** Units (modules, interfaces, packages, ...) of a name across the workspace. */
  units(name: string): readonly UnitRef[] {
    return this.workspace.moduleRefs(name);
  }

  /** The definition of a module or interface of this name, preferring a non-duplicate. */
  unit(name: string): UnitRef | undefined {
    const refs = this.workspace.moduleRefs(name);
    return refs.find((r) => r.unit.kind !== 'package') ?? refs[0];
  }

  cachedUnitProblems(path: string, unit: DesignUnit, context: string, compute: () => import('../base').Problem[]): import('../base').Problem[] {
    return this.workspace.cachedUnitProblems(path, unit, context, compute);
  }

  instantiations(moduleName: string): readonly Instantiation[] {
    return this.workspace.instantiationsOf(moduleName);
  }

  unitNames(): string[] {
    return [...this.workspace.allModuleNames()];
  }

  allUnits(): UnitRef[] {
    const out: UnitRef[] = [];
    for (const path of this.workspace.paths()) {
      for (const unit of this.workspace.entry(path)!.summary.units) out.push({ path, unit });
    }
    return out;
  }

  /** The unit of a file containing an offset. */
  unitAt(path: string, offset: number): DesignUnit | undefined {
    const summary = this.summary(path);
    if (!summary) return undefined;
    return summary.units.find((u) => u.kind !== 'unit' && u.span.start <= offset && offset <= u.span.end) ?? summary.units.find((u) => u.kind === 'unit');
  }

  macroDefinitions(name: string): { path?: string; def: MacroDef }[] {
    const predefined = this.workspace.predefinedMacro(name);
    return [...this.workspace.macroRefs(name), ...(predefined ? [{ path: undefined, def: predefined }] : [])];
  }

  /** Names of every function and task in the workspace, computed once per snapshot. */
  subprogramNames(): Set<string> {
    if (!this.subprograms) {
      this.subprograms = new Set();
      for (const path of this.workspace.paths()) {
        for (const unit of this.workspace.entry(path)!.summary.units) for (const s of unit.subprograms) this.subprograms.add(s.name);
      }
    }
    return this.subprograms;
  }

  private subprograms: Set<string> | undefined;

  macroValue(name: string): string | undefined {
    const def = this.macroDefinitions(name)[0]?.def;
    return def && !def.params ? def.body : undefined;
  }

  resolveInclude(target: string, fromPath: string): string | undefined {
    return this.workspace.resolveIncludePath(target, fromPath);
  }
}
