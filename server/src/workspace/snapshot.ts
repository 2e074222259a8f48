import type { LineIndex, Span } from '../base';
import type { FileSummary, ParsedFile } from '../model';
import type { DesignUnit, IncludeDirective, MacroDef, Occurrence } from '../syntax';
import type { DesignIndex, Instantiation } from '../graph';
import type { DiagnosticsConfig, UnitRef, Workspace } from './workspace';

/** A project's file order: lower first; undefined (or Infinity) for a file it does not list. */
export type FileOrder = (path: string) => number | undefined;

/** Included files followed when ordering copies of a name for a file. */
const MAX_INCLUDED = 256;

/** Folder steps between two folders (as path segments): up to the common ancestor, then down. */
function folderDistance(a: readonly string[], b: readonly string[]): number {
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return a.length - common + (b.length - common);
}

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

  /** The `include directives of workspace files that name this file (directly), by path. */
  includers(path: string): { path: string; include: IncludeDirective }[] {
    const out: { path: string; include: IncludeDirective }[] = [];
    for (const dependent of this.workspace.dependents(path).sort()) {
      for (const include of this.summary(dependent)?.includes ?? []) if (include.resolved === path) out.push({ path: dependent, include });
    }
    return out;
  }

  /** Files (not headers) that declare names at file scope ($unit), in path order. */
  compilationUnitScopes(): readonly UnitRef[] {
    return this.workspace.compilationUnitScopes();
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

  /**
   * Units (modules, interfaces, packages, ...) of a name across the workspace. With `from`
   * (the file asking), the nearest first: see `nearest`.
   */
  units(name: string, from?: string): readonly UnitRef[] {
    const refs = this.workspace.moduleRefs(name);
    return from === undefined || refs.length < 2 ? refs : this.nearest(refs, from);
  }

  /**
   * The definition of a module or interface of this name (a package only when nothing else
   * has the name). Several files may declare the same name (one design per configuration):
   * with `from`, the copy that file sees first.
   */
  unit(name: string, from?: string): UnitRef | undefined {
    const refs = this.units(name, from);
    return refs.find((r) => r.unit.kind !== 'package') ?? refs[0];
  }

  /**
   * Copies of one name ordered for a file: the file's own, then the files it includes (in
   * include order, transitively), then by the project's file order when one is plugged in
   * (`fileOrder`: files it lists first, in its order), then the nearest folder (same folder,
   * then fewest folder steps apart), then by path.
   */
  private nearest(refs: readonly UnitRef[], from: string): UnitRef[] {
    const included = this.includeOrder(from);
    const order = this.fileOrder();
    const fromDirs = from.split('/').slice(0, -1);
    const keyOf = (path: string): number[] => {
      if (path === from) return [0, 0];
      const inc = included.get(path);
      if (inc !== undefined) return [1, inc];
      const rank = order?.(path);
      if (rank !== undefined && Number.isFinite(rank)) return [2, rank];
      return [3, folderDistance(fromDirs, path.split('/').slice(0, -1))];
    };
    const keyed = refs.map((ref) => ({ ref, key: keyOf(ref.path) }));
    keyed.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || (a.ref.path < b.ref.path ? -1 : a.ref.path > b.ref.path ? 1 : 0));
    return keyed.map((k) => k.ref);
  }

  /**
   * The project's file order (a filelist), when the workspace provides one as `fileRank(path)`:
   * a number, lower first, or undefined or Infinity for a file the list does not name (so a
   * workspace without a project orders nothing here).
   */
  private fileOrder(): FileOrder | undefined {
    const rank = (this.workspace as unknown as { fileRank?: FileOrder }).fileRank;
    return typeof rank === 'function' ? (path) => rank.call(this.workspace, path) : undefined;
  }

  /** Files a file includes, transitively, in the order they are included (bounded). */
  private includeOrder(from: string): Map<string, number> {
    // A snapshot held across an edit reads the workspace as it is now: no cache then.
    const current = this.workspace.version === this.version;
    const cached = current ? this.includes.get(from) : undefined;
    if (cached) return cached;
    const out = new Map<string, number>();
    const queue = [from];
    for (let i = 0; i < queue.length && out.size < MAX_INCLUDED; i++) {
      for (const inc of this.summary(queue[i])?.includes ?? []) {
        const target = inc.resolved;
        if (!target || target === from || out.has(target)) continue;
        out.set(target, out.size);
        queue.push(target);
      }
    }
    if (this.includes.size > 1000) this.includes.clear();
    if (current) this.includes.set(from, out);
    return out;
  }

  private readonly includes = new Map<string, Map<string, number>>();

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
