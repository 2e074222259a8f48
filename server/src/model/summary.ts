import { contentHash, type Problem, type Span, textDiff } from '../base';
import {
  Extractor,
  type DesignUnit,
  type IncludeDirective,
  type IncrementalParser,
  type MacroDef,
  type MacroUse,
  type PreprocessOptions,
  preprocess,
  syntaxProblems,
  topLevelNodes,
  type Tree,
  type PreprocessResult,
} from '../syntax';
import { problem } from '../base';
import type { SourceMap } from '../syntax';

/** Bumped whenever the summary's shape or content changes, so old disk caches are ignored. */
export const SUMMARY_SCHEMA = 26;

/** Files above this size are preprocessed but not parsed, so one huge file cannot stall the server. */
export const MAX_PARSE_CHARS = 4_000_000;

/**
 * A file's summary: a plain, serialisable function of its text and macro context. It is what
 * the workspace index keeps for every file and caches on disk by content hash.
 */
export interface FileSummary {
  schema: number;
  /** Hash of the text and of everything that went into preprocessing it. */
  hash: string;
  textHash: string;
  lineCount: number;
  units: DesignUnit[];
  defines: MacroDef[];
  macroUses: MacroUse[];
  includes: IncludeDirective[];
  inactive: Span[];
  conditionals: Span[];
  problems: Problem[];
  defaultNettypeNone: boolean;
  /** Included files and the hashes of their text when this summary was made. */
  dependencies: Record<string, string>;
  parsed: boolean;
}

/** A file with its tree: kept for open documents, dropped right after indexing otherwise. */
export interface ParsedFile {
  path: string;
  text: string;
  /** The preprocessed text: macros expanded, includes inserted, directives and inactive branches blanked; names are read from it. */
  maskedText: string;
  /** What the parser read: maskedText with `begin_keywords renames (same length); the same string when there are none. */
  parsedText: string;
  /** From offsets of maskedText to the user's offsets. */
  map: SourceMap;
  tree: Tree | undefined;
  preprocessed: PreprocessResult;
  summary: FileSummary;
  /** Units by hash of their masked text, offsets relative to the unit start; reused across edits. */
  unitCache: Map<string, DesignUnit>;
}

export function contextHash(options: PreprocessOptions): string {
  const parts: string[] = [];
  for (const [name, def] of options.predefined ?? []) parts.push(`${name}=${def.body}`);
  return contentHash(parts.sort().join('\n'));
}

export function parseFile(
  path: string,
  text: string,
  options: PreprocessOptions,
  parser: IncrementalParser,
  previous?: ParsedFile,
  /** Keep per-unit copies for the next edit (open documents); indexing runs do not need them. */
  forEditing = true,
): ParsedFile {
  const textHash = contentHash(text);
  const pre = preprocess(text, { ...options, path, expand: text.length <= MAX_PARSE_CHARS });
  const dependencies: Record<string, string> = {};
  for (const [dep, depText] of pre.dependencies) dependencies[dep] = contentHash(depText);
  const hash = contentHash(`${textHash}|${contextHash(options)}|${Object.entries(dependencies).map(([p, h]) => `${p}:${h}`).join(',')}`);
  const problems: Problem[] = [...pre.problems];
  let tree: Tree | undefined;
  let units: DesignUnit[] = [];
  const unitCache = new Map<string, DesignUnit>();
  const parsed = text.length <= MAX_PARSE_CHARS;
  if (parsed) {
    tree = parser.parse(pre.parseText, previous?.tree ? { tree: previous.tree, text: previous.parsedText } : undefined);
    const map = pre.map;
    // Units are reused in place only while both versions read the user's text offset for offset.
    const identity = map.isIdentity && (!previous || previous.map.isIdentity);
    const previousUnits = previous && identity ? new Map(previous.summary.units.filter((u) => u.contentKey).map((u) => [u.contentKey!, u])) : undefined;
    const comments = map.isIdentity ? pre.comments : pre.comments.map((c) => map.toOutputSpan(c));
    units = extractUnits(tree, pre.text, pre.parseText, text, comments, map, previous?.unitCache, forEditing ? unitCache : undefined, previousUnits, previous && identity ? unchangedWindow(previous, text, pre.parseText) : undefined);
    // Units nobody keeps for the next edit are moved in place; a kept one is copied.
    if (!map.isIdentity) units = toSourceUnits(units, map, pre.includes, !forEditing);
    const syntax = syntaxProblems(tree, pre.text);
    problems.push(...(map.isIdentity ? syntax : syntax.map((p) => inSource(p, map, text))));
  } else {
    problems.push(problem('file-too-large', { start: 0, end: Math.min(text.length, 1) }, `This file has ${text.length} characters; files over ${MAX_PARSE_CHARS} are not parsed, so it offers no outline or navigation.`));
  }
  const summary: FileSummary = {
    schema: SUMMARY_SCHEMA,
    hash,
    textHash,
    lineCount: countLines(text),
    units,
    defines: pre.defines,
    macroUses: pre.macroUses.map(stripDefinition),
    includes: pre.includes,
    inactive: pre.inactive,
    conditionals: pre.conditionals.map((c) => c.span),
    problems,
    defaultNettypeNone: pre.defaultNettypeNone,
    dependencies,
    parsed,
  };
  return { path, text, maskedText: pre.text, parsedText: pre.parseText, map: pre.map, tree, preprocessed: pre, summary, unitCache };
}

function stripDefinition(use: MacroUse): MacroUse {
  if (!use.definition) return use;
  const d = use.definition;
  return { ...use, definition: { name: d.name, params: d.params, body: d.body, path: d.path, nameSpan: d.nameSpan, span: d.span } };
}

/** Lines as `wc -l` and editors' line numbers agree on: a final newline does not start a line. */
function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.length > 0 && !text.endsWith('\n') ? n + 1 : n;
}

function extractUnits(
  tree: Tree,
  text: string,
  /** What the parser read: text, or text with `begin_keywords renames; unit keys hash it. */
  parsedText: string,
  source: string,
  comments: readonly Span[],
  map: SourceMap,
  previousCache: Map<string, DesignUnit> | undefined,
  cache: Map<string, DesignUnit> | undefined,
  previousUnits?: Map<string, DesignUnit>,
  unchanged?: Unchanged,
): DesignUnit[] {
  const identity = map.isIdentity;
  const extractor = new Extractor(text, comments, source, identity ? undefined : map, parsedText === text ? undefined : parsedText);
  // Without the identity map, a unit's key holds the user's text it maps to as well.
  const aliasKey = '';
  const key = (from: number, end: number) => (identity ? unitKey(parsedText, source, from, end, aliasKey) : unitKey(parsedText, source.slice(map.toSource(from, 'start'), map.toSource(end, 'end')), from, end, aliasKey, true));
  const units: DesignUnit[] = [];
  const loose = [];
  for (const { node, kind } of topLevelNodes(tree)) {
    if (!kind) {
      loose.push(node);
      continue;
    }
    const start = node.startIndex;
    // Comments above the unit belong to its key too: they end up in its summary.
    const from = Math.max(0, start - 400);
    // A unit the edit did not reach is the previous object, moved in place: no copy to make
    // and collect, and its cached data-flow graph (keyed by the object) stays valid.
    const kept = unchanged?.unitAt(from, start, node.endIndex, aliasKey);
    if (kept) {
      const cachedCopy = previousCache?.get(kept.contentKey!);
      if (cachedCopy) cache?.set(kept.contentKey!, cachedCopy);
      if (kept.span.start !== start) shiftInPlace(kept, start - kept.span.start);
      units.push(kept);
      continue;
    }
    const unitKey = key(from, node.endIndex);
    const cached = previousCache?.get(unitKey);
    if (cached) {
      cache?.set(unitKey, cached);
      // Units above an edit keep their offsets: reuse the previous object instead of a copy.
      const previous = previousUnits?.get(unitKey);
      units.push(previous && previous.span.start === start ? previous : shifted(cached, start));
      continue;
    }
    const unit = extractor.unit(node, kind);
    unit.contentKey = unitKey;
    cache?.set(unitKey, shifted(unit, -start));
    units.push(unit);
  }
  if (loose.length > 0) {
    const scope = extractor.fileScope(loose, { start: 0, end: text.length });
    if (scope.params.length + scope.signals.length + scope.subprograms.length + scope.instances.length + scope.imports.length > 0) units.push(scope);
  }
  return units;
}

/** A unit's content key: its parsed and source text (hashed once when they are the same). */
function unitKey(text: string, source: string, from: number, end: number, aliasKey: string, sourceIsSlice = false): string {
  const masked = text.slice(from, end);
  const original = sourceIsSlice ? source : source.slice(from, end);
  const maskedHash = contentHash(masked);
  return maskedHash + (original === masked ? maskedHash : contentHash(original)) + aliasKey;
}

/**
 * Units read from expanded text, with every span moved to the user's offsets. A design unit
 * that an `include brought in wholly (a module in a header) belongs to the header: it is left
 * out here, the header's own summary has it; what a header adds inside a unit or at file
 * scope stays, with the `include directive as its place.
 */
function toSourceUnits(units: DesignUnit[], map: SourceMap, includes: readonly IncludeDirective[], inPlace: boolean): DesignUnit[] {
  // Nothing was expanded or included: every span is already the user's, and every unit is theirs.
  if (map.isIdentity && inPlace) return units;
  const out: DesignUnit[] = [];
  for (const unit of units) {
    // Read before the spans move (in place, `unit` is `mapped`).
    const written = unit.kind === 'unit' || map.isExact(unit.nameSpan.start, unit.nameSpan.end);
    const mapped = inPlace ? mapSpansInPlace(unit, map) : mapSpans(unit, map);
    if (!written && includes.some((i) => i.span.start <= mapped.nameSpan.start && mapped.nameSpan.end <= i.span.end)) continue;
    out.push(mapped);
  }
  return out;
}

/** A deep copy with every {start, end} moved from parsed offsets to the user's. */
export function mapSpans<T>(value: T, map: SourceMap): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const obj = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    const isSpan = typeof obj.start === 'number' && typeof obj.end === 'number';
    const mapped = isSpan ? map.toSourceSpan(obj as unknown as Span) : undefined;
    for (const key in obj) {
      const x = obj[key];
      if (mapped && key === 'start') out[key] = mapped.start;
      else if (mapped && key === 'end') out[key] = mapped.end;
      else out[key] = typeof x === 'object' ? walk(x) : x;
    }
    // A name an `include brought in keeps the place it was written in the header.
    const name = obj.nameSpan as Span | undefined;
    if (name && typeof name.start === 'number') {
      const origin = map.origin(name.start, name.end);
      if (origin) out.origin = origin;
    }
    return out;
  };
  return walk(value) as T;
}

/** mapSpans without the copy, for values nothing else holds (an object met twice, such as a loop header its assignments share, moves once). */
export function mapSpansInPlace<T>(value: T, map: SourceMap): T {
  const seen = new Set<object>();
  const walk = (v: object): void => {
    if (seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const x of v) if (x !== null && typeof x === 'object') walk(x);
      return;
    }
    const obj = v as Record<string, unknown>;
    // The name's origin is read before its span is moved.
    const name = obj.nameSpan as Span | undefined;
    const origin = name && typeof name.start === 'number' ? map.origin(name.start, name.end) : undefined;
    for (const key in obj) {
      const x = obj[key];
      if (x !== null && typeof x === 'object') walk(x);
    }
    if (typeof obj.start === 'number' && typeof obj.end === 'number') {
      const mapped = map.toSourceSpan(obj as unknown as Span);
      obj.start = mapped.start;
      obj.end = mapped.end;
    }
    if (origin) obj.origin = origin;
  };
  if (value !== null && typeof value === 'object') walk(value);
  return value;
}

function inSource(p: Problem, map: SourceMap, text: string): Problem {
  const span = map.toSourceSpan(p.span);
  if (span.end <= span.start) span.end = Math.min(text.length, span.start + 1);
  const inExpansion = !map.isExact(p.span.start, Math.max(p.span.start + 1, p.span.end));
  return { ...p, span, message: inExpansion ? `${p.message} (in the expansion of the macro or include here)` : p.message };
}

interface Unchanged {
  /** The previous version's unit whose text (and comment margin) lies outside the edit, found by its old position; undefined otherwise. */
  unitAt(from: number, start: number, end: number, aliasKey: string): DesignUnit | undefined;
}

/**
 * What an edit left alone: text before the first change and after the last, in both the
 * source and the masked text. A unit wholly inside either part has the key it had, found by
 * its previous position, so it is not hashed again.
 */
function unchangedWindow(previous: ParsedFile, text: string, masked: string): Unchanged {
  const a = textDiff(previous.text, text);
  const b = textDiff(previous.parsedText, masked);
  const prefix = Math.min(a.prefix, b.prefix);
  const suffix = Math.min(a.suffix, b.suffix);
  const delta = text.length - previous.text.length;
  const byStart = new Map(previous.summary.units.filter((u) => u.contentKey).map((u) => [u.span.start, u]));
  return {
    unitAt(from, start, end, aliasKey) {
      const before = end <= prefix;
      const after = from >= text.length - suffix;
      if (!before && !after) return undefined;
      const old = byStart.get(before ? start : start - delta);
      if (!old?.contentKey || old.span.end - old.span.start !== end - start || !old.contentKey.endsWith(aliasKey) || old.contentKey.length !== 32 + aliasKey.length) return undefined;
      // Taken once: the map is by old position, so two identical units never share an object.
      byStart.delete(before ? start : start - delta);
      return old;
    },
  };
}

/** A deep copy with every {start, end} moved by delta. */
export function shifted<T>(value: T, delta: number): T {
  if (delta === 0) return structuredCloneLite(value);
  return shift(value, delta) as T;
}

function shift(value: unknown, delta: number): unknown {
  if (Array.isArray(value)) return value.map((v) => shift(v, delta));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const isSpan = typeof obj.start === 'number' && typeof obj.end === 'number';
  for (const key in obj) {
    const v = obj[key];
    if (isSpan && (key === 'start' || key === 'end')) out[key] = (v as number) + delta;
    else out[key] = typeof v === 'object' ? shift(v, delta) : v;
  }
  return out;
}

/** Every {start, end} inside value moved by delta, in place; an object reached twice moves once. */
function shiftInPlace(value: unknown, delta: number, seen = new WeakSet<object>()): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const v of value) shiftInPlace(v, delta, seen);
    return;
  }
  const obj = value as Record<string, unknown>;
  if (typeof obj.start === 'number' && typeof obj.end === 'number') {
    obj.start += delta;
    obj.end = (obj.end as number) + delta;
  }
  for (const key in obj) {
    const v = obj[key];
    if (v !== null && typeof v === 'object') shiftInPlace(v, delta, seen);
  }
}

function structuredCloneLite<T>(value: T): T {
  return shift(value, 0) as T;
}
