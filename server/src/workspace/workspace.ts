import {
  basename,
  contentHash,
  type Problem,
  dirname,
  extensionOf,
  HEADER_EXTENSIONS,
  type FileSystem,
  joinPath,
  LineIndex,
  logBug,
  normalizePath,
  type Span,
} from '../base';
import type { Instantiation } from '../graph';
import { type FileSummary, parseFile, type ParsedFile, SUMMARY_SCHEMA, contextHash } from '../model';
import {
  type DesignUnit,
  type Grammar,
  IncrementalParser,
  type IncludeResolver,
  identifiersIn,
  type MacroDef,
  type Occurrence,
  type PreprocessOptions,
  preprocess,
} from '../syntax';
import type { WorkspaceProject } from './project';

/**
 * The workspace: every HDL file's summary, the open documents with their trees, and the
 * cross-file indices (modules, packages, macros, files by name). Changes come in through
 * the methods below; features read a Snapshot.
 */

export interface WorkspaceOptions {
  /** Workspace folders, absolute. */
  roots: string[];
  /** Extra include folders, absolute or relative to the first root. */
  includeDirs: string[];
  /** Predefined macros: NAME -> value ('' for a flag). */
  defines: Record<string, string>;
  /**
   * The project configuration in use (a filelist, FuseSoC core or Bender manifest, read by
   * `project.ts`): its include folders come after `includeDirs`, its macros under `defines`
   * (a setting wins), its file order is `fileRank`.
   */
  project?: WorkspaceProject;
}

export interface DiagnosticsConfig {
  implicitNets: boolean;
  /** Diagnostic codes switched off. */
  disabled: string[];
}

export interface UnitRef {
  path: string;
  unit: DesignUnit;
}

interface FileEntry {
  path: string;
  summary: FileSummary;
  /** Present while the document is open in the editor (or recently asked about). */
  parsed?: ParsedFile;
  open: boolean;
}

/** How many closed files keep a tree around for features that asked about them. */
const PARSED_CACHE_SIZE = 6;

export class Workspace {
  private readonly entries = new Map<string, FileEntry>();
  private readonly modules = new Map<string, UnitRef[]>();
  private readonly instancesOf = new Map<string, Instantiation[]>();
  private readonly macros = new Map<string, { path: string; def: MacroDef }[]>();
  private readonly byBasename = new Map<string, Set<string>>();
  /** Files (not headers) with declarations at file scope ($unit), by path. */
  private readonly unitScopes = new Map<string, DesignUnit>();
  /** unitScopes in path order, made on first use after a change. */
  private unitScopesSorted: readonly UnitRef[] | undefined;
  private readonly occurrenceCache = new Map<string, Occurrence[]>();
  private recentlyParsed: string[] = [];
  private parser: IncrementalParser;
  private options: WorkspaceOptions;
  private predefined: Map<string, MacroDef>;
  private ranks = new Map<string, number>();
  diagnostics: DiagnosticsConfig = { implicitNets: true, disabled: [] };
  /**
   * Bumped when what one file can see of another changes (units, ports, parameters, package
   * items, macros, includes): per-unit problems computed under an older value are stale.
   */
  interfaceVersion = 0;
  private readonly unitProblems = new Map<string, { version: string; problems: Problem[] }>();
  /** Bumped on every change; a snapshot remembers the version it saw. */
  version = 0;

  constructor(
    readonly fs: FileSystem,
    readonly grammar: Grammar,
    options: WorkspaceOptions,
  ) {
    this.parser = new IncrementalParser(grammar);
    this.options = options;
    this.predefined = predefinedMacros(options.defines);
    this.applyProject();
  }

  setOptions(options: WorkspaceOptions): void {
    this.options = options;
    this.applyProject();
    this.version++;
  }

  private applyProject(): void {
    const project = this.options.project;
    this.predefined = predefinedMacros({ ...(project?.defines ?? {}), ...this.options.defines });
    this.ranks = new Map();
    for (const [i, file] of (project?.files ?? []).entries()) if (!this.ranks.has(file)) this.ranks.set(file, i);
  }

  /** The project configuration in use, if any. */
  project(): WorkspaceProject | undefined {
    return this.options.project;
  }

  /**
   * Where a file comes in the project's compilation order (lower is earlier); Infinity for a
   * file the project does not name, or when there is no project. For module lookup order.
   */
  fileRank(path: string): number {
    return this.ranks.get(path) ?? Infinity;
  }

  /** Every include folder, absolute: the configured ones, then the project's. */
  includeDirs(): string[] {
    const root = this.options.roots[0] ?? '/';
    const dirs = this.options.includeDirs.map((dir) => joinPath(root, dir));
    for (const dir of this.options.project?.includeDirs ?? []) if (!dirs.includes(dir)) dirs.push(dir);
    return dirs;
  }

  getOptions(): WorkspaceOptions {
    return this.options;
  }

  /** Preprocessing context for a file: predefined macros and include resolution. */
  preprocessOptions(): PreprocessOptions {
    return { predefined: this.predefined, resolver: this.resolver };
  }

  contextHash(): string {
    const base = contextHash(this.preprocessOptions());
    // Include folders decide which header a file reads: a project switch invalidates the cache.
    return this.options.project ? contentHash(`${base}|${this.includeDirs().join('|')}`) : base;
  }

  readonly resolver: IncludeResolver = {
    resolve: (target, fromPath) => {
      const path = this.resolveIncludePath(target, fromPath);
      if (!path) return undefined;
      const text = this.readText(path);
      return text === undefined ? undefined : { path, text };
    },
  };

  resolveIncludePath(target: string, fromPath: string | undefined): string | undefined {
    const candidates: string[] = [];
    if (fromPath) candidates.push(joinPath(dirname(fromPath), target));
    for (const dir of this.includeDirs()) candidates.push(joinPath(dir, target));
    for (const candidate of candidates) {
      if (this.entries.has(candidate) || this.fs.exists(candidate)) return candidate;
    }
    // No filelist needed: any workspace file whose path ends with the target will do; the one
    // closest to the including file wins.
    const matches = [...(this.byBasename.get(basename(target)) ?? [])].filter((p) => p === target || p.endsWith(`/${normalizePath(target)}`));
    if (matches.length === 0) return undefined;
    if (matches.length === 1 || !fromPath) return matches.sort()[0];
    return matches.sort((a, b) => commonPrefix(b, fromPath) - commonPrefix(a, fromPath) || a.localeCompare(b))[0];
  }

  /** The current text of a file: the editor's if open, else the disk's. */
  readText(path: string): string | undefined {
    const entry = this.entries.get(path);
    if (entry?.open && entry.parsed) return entry.parsed.text;
    try {
      return this.fs.readFile(path);
    } catch (error) {
      logBug(`reading ${path}`, error);
      return undefined;
    }
  }

  // ----- changes -----

  /** Makes paths known to include resolution before their summaries exist (cold indexing). */
  addKnownPaths(paths: Iterable<string>): void {
    for (const path of paths) {
      const base = basename(path);
      let set = this.byBasename.get(base);
      if (!set) this.byBasename.set(base, (set = new Set()));
      set.add(path);
    }
  }

  /** Adds or replaces a file's summary made elsewhere (a worker, the disk cache). */
  setSummary(path: string, summary: FileSummary): void {
    const entry = this.entries.get(path);
    if (entry?.open) return;
    this.replace(path, { path, summary, open: false });
  }

  /** Re-reads a closed file from disk. */
  refreshFromDisk(path: string): void {
    const entry = this.entries.get(path);
    if (entry?.open) return;
    const text = this.fs.readFile(path);
    if (text === undefined) {
      this.remove(path);
      return;
    }
    const parsed = this.parse(path, text, undefined, undefined, false);
    this.dropTree(parsed);
    this.replace(path, { path, summary: parsed.summary, open: false });
  }

  openDocument(path: string, text: string): ParsedFile {
    const previous = this.entries.get(path)?.parsed;
    const parsed = this.parse(path, text, previous, this.includerContext(path));
    this.replace(path, { path, summary: parsed.summary, parsed, open: true });
    return parsed;
  }

  /** The summary a file would have with this text; the workspace is left as it was (what-if edits: suggestions). */
  summarizeText(path: string, text: string): FileSummary {
    const parsed = this.parse(path, text, undefined, this.includerContext(path), false);
    parsed.tree?.delete();
    return parsed.summary;
  }

  changeDocument(path: string, text: string): ParsedFile {
    return this.openDocument(path, text);
  }

  closeDocument(path: string): void {
    const entry = this.entries.get(path);
    if (!entry) return;
    entry.open = false;
    const lastText = entry.parsed?.text;
    this.forgetTree(entry);
    const disk = this.fs.exists(path) ? this.fs.readFile(path) : undefined;
    if (disk === undefined) this.remove(path);
    // Saved before closing (the usual case): the summary is already the disk's.
    else if (disk !== lastText) this.refreshFromDisk(path);
  }

  remove(path: string): void {
    const entry = this.entries.get(path);
    if (!entry) return;
    this.interfaceVersion++;
    this.unindex(entry);
    this.forgetTree(entry);
    this.entries.delete(path);
    this.version++;
  }

  /** Re-reads every closed file whose summary depends on `path` (it includes it). */
  dependents(path: string): string[] {
    const out: string[] = [];
    for (const entry of this.entries.values()) {
      if (path in entry.summary.dependencies) out.push(entry.path);
    }
    return out;
  }

  private parse(path: string, text: string, previous: ParsedFile | undefined, context?: Map<string, MacroDef>, forEditing = true): ParsedFile {
    const options = this.preprocessOptions();
    if (context) options.predefined = context;
    return parseFile(path, text, options, this.parser, previous, forEditing);
  }

  /**
   * A header is read with the macros in force where a workspace file includes it, so its
   * `ifdef branches show as they compile; no filelist needed.
   */
  private includerContext(path: string): Map<string, MacroDef> | undefined {
    if (!HEADER_EXTENSIONS.includes(extensionOf(path))) return undefined;
    for (const entry of this.entries.values()) {
      const include = entry.summary.includes.find((i) => i.resolved === path);
      if (!include) continue;
      const text = this.readText(entry.path);
      if (text === undefined) continue;
      const before = preprocess(text.slice(0, include.span.start), { ...this.preprocessOptions(), path: entry.path });
      return before.macros;
    }
    return undefined;
  }

  private replace(path: string, entry: FileEntry): void {
    const old = this.entries.get(path);
    if (!old || interfaceOf(old.summary) !== interfaceOf(entry.summary)) this.interfaceVersion++;
    if (old) {
      this.unindex(old);
      if (old.parsed && old.parsed !== entry.parsed) this.dropTree(old.parsed);
    }
    this.entries.set(path, entry);
    this.index(entry);
    this.version++;
  }

  private index(entry: FileEntry): void {
    for (const unit of entry.summary.units) {
      for (const instance of unit.instances) pushTo(this.instancesOf, instance.module, { path: entry.path, parent: unit, instance });
      if (unit.kind === 'unit' || !unit.name) continue;
      pushTo(this.modules, unit.name, { path: entry.path, unit });
    }
    for (const def of entry.summary.defines) pushTo(this.macros, def.name, { path: entry.path, def });
    const scope = entry.summary.units.find((u) => u.kind === 'unit');
    if (scope && !HEADER_EXTENSIONS.includes(extensionOf(entry.path)) && declaresAny(scope)) {
      this.unitScopes.set(entry.path, scope);
      this.unitScopesSorted = undefined;
    }
    const base = basename(entry.path);
    let set = this.byBasename.get(base);
    if (!set) this.byBasename.set(base, (set = new Set()));
    set.add(entry.path);
  }

  private unindex(entry: FileEntry): void {
    for (const unit of entry.summary.units) {
      removeFrom(this.modules, unit.name, (r) => r.path === entry.path);
      for (const instance of unit.instances) removeFrom(this.instancesOf, instance.module, (r) => r.path === entry.path);
    }
    for (const def of entry.summary.defines) removeFrom(this.macros, def.name, (r) => r.path === entry.path);
    if (this.unitScopes.delete(entry.path)) this.unitScopesSorted = undefined;
    this.byBasename.get(basename(entry.path))?.delete(entry.path);
  }

  /** Files (not headers) that declare names at file scope, with that scope, in path order. */
  compilationUnitScopes(): readonly UnitRef[] {
    this.unitScopesSorted ??= [...this.unitScopes].sort(([a], [b]) => a.localeCompare(b)).map(([path, unit]) => ({ path, unit }));
    return this.unitScopesSorted;
  }

  private dropTree(parsed: ParsedFile): void {
    parsed.tree?.delete();
    parsed.tree = undefined;
  }

  private forgetTree(entry: FileEntry): void {
    if (entry.parsed) this.dropTree(entry.parsed);
    entry.parsed = undefined;
    this.recentlyParsed = this.recentlyParsed.filter((p) => p !== entry.path);
  }

  /**
   * Problems of one unit, computed once per unit content and workspace interface: an edit
   * inside one module re-checks that module only.
   */
  cachedUnitProblems(path: string, unit: DesignUnit, context: string, compute: () => Problem[]): Problem[] {
    if (!unit.contentKey) return compute();
    const key = `${path}\u0000${unit.contentKey}`;
    const version = `${this.interfaceVersion}|${context}|${JSON.stringify(this.diagnostics)}`;
    const hit = this.unitProblems.get(key);
    const base = unit.span.start;
    if (hit && hit.version === version) return hit.problems.map((p) => shiftProblem(p, base));
    const problems = compute();
    if (this.unitProblems.size > 2000) this.unitProblems.clear();
    this.unitProblems.set(key, { version, problems: problems.map((p) => shiftProblem(p, -base)) });
    return problems;
  }

  // ----- reads (through Snapshot) -----

  entry(path: string): FileEntry | undefined {
    return this.entries.get(path);
  }

  paths(): IterableIterator<string> {
    return this.entries.keys();
  }

  moduleRefs(name: string): readonly UnitRef[] {
    return this.modules.get(name) ?? [];
  }

  instantiationsOf(name: string): readonly Instantiation[] {
    return this.instancesOf.get(name) ?? [];
  }

  allModuleNames(): IterableIterator<string> {
    return this.modules.keys();
  }

  macroRefs(name: string): readonly { path: string; def: MacroDef }[] {
    return this.macros.get(name) ?? [];
  }

  predefinedMacro(name: string): MacroDef | undefined {
    return this.predefined.get(name);
  }

  /** The parsed form of a file, parsing a closed one on demand (a few stay cached). */
  parsed(path: string): ParsedFile | undefined {
    const entry = this.entries.get(path);
    // A file too large to parse has no tree by design: its preprocessed form is all there is.
    if (entry?.parsed && (entry.parsed.tree || !entry.parsed.summary.parsed)) return entry.parsed;
    const text = this.readText(path);
    if (text === undefined) return undefined;
    const parsed = this.parse(path, text, undefined);
    if (entry) {
      entry.parsed = parsed;
      if (entry.summary.hash !== parsed.summary.hash) {
        this.unindex(entry);
        entry.summary = parsed.summary;
        this.index(entry);
        this.version++;
      }
      this.recentlyParsed.push(path);
      while (this.recentlyParsed.length > PARSED_CACHE_SIZE) {
        const evicted = this.entries.get(this.recentlyParsed.shift()!);
        if (evicted && !evicted.open) this.forgetTree(evicted);
      }
    }
    return parsed;
  }

  /** Identifier occurrences inside a span of a file (usually one design unit), cached by content. */
  occurrences(path: string, within: Span): Occurrence[] {
    const parsed = this.parsed(path);
    if (!parsed?.tree) return [];
    // Keyed by content alone, offsets stored relative to the span: an edit above a unit moves
    // it without invalidating its identifiers.
    const map = parsed.map;
    const inParsed = map.isIdentity ? within : map.toOutputSpan(within);
    // The tree is read from parsedText, the names from maskedText: they differ only by `begin_keywords renames.
    const renamed = parsed.parsedText !== parsed.maskedText ? contentHash(parsed.parsedText.slice(inParsed.start, inParsed.end)) : '';
    const key = contentHash(parsed.maskedText.slice(inParsed.start, inParsed.end)) + renamed + (map.isIdentity ? '' : contentHash(parsed.text.slice(within.start, within.end)));
    const hit = this.occurrenceCache.get(key);
    if (hit) return hit.map((o) => ({ ...o, span: { start: o.span.start + within.start, end: o.span.end + within.start } }));
    // Names inside an unexpanded macro usage are not the user's code; names an expansion wrote
    // are not the user's text either, except those of the arguments, which map exactly.
    const uses = parsed.summary.macroUses.filter((u) => !u.expanded);
    let found = identifiersIn(parsed.tree, parsed.maskedText, inParsed);
    if (!map.isIdentity) {
      found = inSourceOrder(
        found.filter((o) => map.isExact(o.span.start, o.span.end)).map((o) => ({ ...o, span: map.toSourceSpan(o.span) })),
      );
    }
    found = found.filter((o) => !insideAny(uses, o.span.start));
    if (this.occurrenceCache.size > 400) this.occurrenceCache.clear();
    this.occurrenceCache.set(key, found.map((o) => ({ ...o, span: { start: o.span.start - within.start, end: o.span.end - within.start } })));
    return found;
  }

  lineIndex(path: string): LineIndex | undefined {
    const entry = this.entries.get(path);
    const text = entry?.parsed?.text ?? this.readText(path);
    if (text === undefined) return undefined;
    const cached = this.lineIndexes.get(path);
    if (cached?.text === text) return cached;
    const index = new LineIndex(text);
    if (this.lineIndexes.size > 256) this.lineIndexes.clear();
    this.lineIndexes.set(path, index);
    return index;
  }

  private readonly lineIndexes = new Map<string, LineIndex>();

  /** For the disk cache: every closed file's summary. */
  summaries(): { path: string; summary: FileSummary }[] {
    return [...this.entries.values()].map((e) => ({ path: e.path, summary: e.summary }));
  }

  dispose(): void {
    for (const entry of this.entries.values()) this.forgetTree(entry);
    this.parser.delete();
  }

  get schema(): number {
    return SUMMARY_SCHEMA;
  }
}

function declaresAny(unit: DesignUnit): boolean {
  return unit.params.length + unit.signals.length + unit.subprograms.length > 0;
}

/**
 * Occurrences mapped back to the user's text, in its order, one per place: a macro argument
 * the body uses several times (`__q <= (__load) ? (__d) : (__q)`) was parsed once per use, in
 * the body's order. A place that declares in one copy is a declaration.
 */
function inSourceOrder(found: Occurrence[]): Occurrence[] {
  found.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const out: Occurrence[] = [];
  for (const o of found) {
    const last = out[out.length - 1];
    if (last && last.span.start === o.span.start && last.span.end === o.span.end) {
      if (o.role === 'declaration' && last.role !== 'declaration') out[out.length - 1] = o;
      continue;
    }
    out.push(o);
  }
  return out;
}

function predefinedMacros(defines: Record<string, string>): Map<string, MacroDef> {
  const map = new Map<string, MacroDef>();
  for (const [name, body] of Object.entries(defines)) {
    map.set(name, { name, body: body ?? '', nameSpan: { start: 0, end: 0 }, span: { start: 0, end: 0 } });
  }
  return map;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function removeFrom<K, V>(map: Map<K, V[]>, key: K, predicate: (v: V) => boolean): void {
  const list = map.get(key);
  if (!list) return;
  const kept = list.filter((v) => !predicate(v));
  if (kept.length === 0) map.delete(key);
  else map.set(key, kept);
}

/** What other files can see of a file: a change here may change their diagnostics. */
/** Interfaces by summary: each summary's is worked out once (an edit compares the old one with the new). */
const interfaces = new WeakMap<FileSummary, string>();

function interfaceOf(summary: FileSummary): string {
  const known = interfaces.get(summary);
  if (known !== undefined) return known;
  const value = computeInterface(summary);
  interfaces.set(summary, value);
  return value;
}

function computeInterface(summary: FileSummary): string {
  const parts: string[] = [];
  for (const u of summary.units) {
    parts.push(`${u.kind} ${u.name} ${u.ansi}`);
    for (const p of u.ports) parts.push(`p ${p.name} ${p.direction} ${p.type} ${p.range}`);
    for (const p of u.params) parts.push(`a ${p.name} ${p.local} ${p.value ?? ''}`);
    for (const f of u.subprograms) parts.push(`f ${f.name}`);
    if (u.kind === 'package' || u.kind === 'unit' || u.kind === 'interface') for (const s of u.signals) parts.push(`s ${s.name} ${s.range}`);
  }
  for (const d of summary.defines) parts.push(`d ${d.name} ${d.body}`);
  for (const i of summary.includes) parts.push(`i ${i.resolved ?? i.target}`);
  return contentHash(parts.join('\n'));
}

/** A problem with its spans (and its related spans in the same file) moved by delta. */
function shiftProblem(p: Problem, delta: number): Problem {
  return { ...p, span: { start: p.span.start + delta, end: p.span.end + delta } };
}

function insideAny(uses: readonly { span: Span }[], offset: number): boolean {
  let low = 0;
  let high = uses.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const span = uses[mid].span;
    if (span.end <= offset) low = mid + 1;
    else if (span.start > offset) high = mid - 1;
    else return true;
  }
  return false;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
