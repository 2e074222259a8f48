/**
 * A repository's pack: everything search needs of another repository (`rtlens.search.repositories`)
 * without its workspace in memory: its documents' text index as a frozen segment, what queries
 * read of each document (grain, item, summary, graph edges) and where each one is (span, lines,
 * snippet). Built once from the repository's workspace, saved as bytes, loaded again in a
 * fraction of the time describing it takes. What tells a saved pack is still valid (the files'
 * stamps and hashes) is the caller's, carried in `extra`.
 */
import { basename } from '../../base';
import { SUMMARY_SCHEMA } from '../../model';
import { encodeSegment, decodeSegment, FrozenSegment } from './termIndex';
import { firstUnitStarts, snippetOf, spanOf, unitContentKey, unitDocs, type DocMeta, type SearchSource } from './searchIndex';

/** Bumped when descriptions or the pack's layout change: older packs are rebuilt. */
export const PACK_SCHEMA = 1;

export interface PackedUnit {
  path: string;
  module: string;
  /** The unit's content key when packed. */
  key: string;
  /** path#module of the units it instantiates. */
  children: string[];
  docs: DocMeta[];
}

export interface RepositoryPack {
  /** The repository's name, shown with its hits. */
  name: string;
  segment: FrozenSegment;
  units: PackedUnit[];
}

/** Describes every module and interface of a source (a repository's workspace) into a pack. */
export function buildPack(name: string, source: SearchSource, isCancelled?: () => boolean): RepositoryPack | undefined {
  const firstStart = firstUnitStarts(source);
  const seen = new Set<string>();
  const units: PackedUnit[] = [];
  const texts: { id: string; fields: string[] }[] = [];
  let lastPath: string | undefined;
  let text: string | undefined;
  for (const { path, unit } of source.allUnits()) {
    if (unit.kind !== 'module' && unit.kind !== 'interface') continue;
    const unitKey = `${path}#${unit.name}`;
    if (seen.has(unitKey)) continue;
    seen.add(unitKey);
    if (isCancelled?.()) return undefined;
    if (path !== lastPath) {
      text = source.text(path);
      lastPath = path;
    }
    const lines = source.lineIndex(path);
    const { docs, children } = unitDocs(source, path, unit, text, firstStart.get(path) === unit.span.start);
    const metas: DocMeta[] = [];
    for (const d of docs) {
      const span = spanOf(unit, d.item);
      if (!span) continue;
      const { name: n, comment, pattern, text: t, code, ...meta } = d;
      texts.push({ id: d.id, fields: [n, comment, pattern, t, code] });
      const line = lines ? lines.line1(span.start) : 1;
      const endLine = lines ? lines.line1(Math.max(span.start, span.end - 1)) : line;
      const snippet = text !== undefined ? snippetOf(text, span, d.granularity === 'module' ? 3 : 4) : undefined;
      metas.push({ ...meta, repository: name, at: { span, line, endLine, ...(snippet !== undefined ? { snippet } : {}) } });
    }
    units.push({ path, module: unit.name, key: unitContentKey(unit), children, docs: metas });
  }
  return { name, segment: FrozenSegment.build(texts), units };
}

/** A document as saved: its unit gives its path and module, the segment its id. */
type SavedDoc = Omit<DocMeta, 'id' | 'path' | 'module' | 'repository'>;

/** The pack's bytes, with the caller's validity data (`extra`, JSON). */
export function encodePack(pack: RepositoryPack, extra: unknown): Uint8Array {
  const units = pack.units.map((u) => ({
    path: u.path,
    module: u.module,
    key: u.key,
    children: u.children,
    docs: u.docs.map(({ id: _i, path: _p, module: _m, repository: _r, ...rest }): SavedDoc => rest),
  }));
  return encodeSegment(pack.segment, { schema: PACK_SCHEMA, summarySchema: SUMMARY_SCHEMA, extra, units });
}

/** A saved pack under the name given; undefined when the bytes are not a pack of this version. */
export function decodePack(bytes: Uint8Array, name: string): { pack: RepositoryPack; extra: unknown } | undefined {
  const decoded = decodeSegment(bytes);
  if (!decoded) return undefined;
  const header = decoded.header as { schema?: number; summarySchema?: number; extra?: unknown; units?: { path: string; module: string; key: string; children: string[]; docs: SavedDoc[] }[] } | null;
  if (!header || header.schema !== PACK_SCHEMA || header.summarySchema !== SUMMARY_SCHEMA || !Array.isArray(header.units)) return undefined;
  const ids = decoded.segment.arrays.ids;
  let next = 0;
  const units: PackedUnit[] = [];
  for (const u of header.units) {
    // The parsed objects become the documents (no copies: a pack holds hundreds of thousands).
    const docs = u.docs as DocMeta[];
    for (const d of docs) {
      const id = ids[next++];
      if (id === undefined) return undefined;
      d.id = id;
      d.path = u.path;
      d.module = u.module;
      d.repository = name;
    }
    units.push({ path: u.path, module: u.module, key: u.key, children: u.children, docs });
  }
  if (next !== ids.length) return undefined;
  return { pack: { name, segment: decoded.segment, units }, extra: header.extra };
}

/** A repository's name for its hits: its folder's name, numbered when another already has it. */
export function repositoryName(root: string, taken: ReadonlySet<string>): string {
  const base = basename(root) || root;
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base} (${i})`;
  return name;
}
