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
import { itemId, type Granularity, type ItemRef } from './describe';

/** Bumped when descriptions or the pack's layout change: older packs are rebuilt. */
export const PACK_SCHEMA = 2;

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

const GRAINS: Granularity[] = ['module', 'block', 'signal'];
const KINDS: ItemRef['kind'][] = ['module', 'block', 'instance', 'signal'];

/**
 * A document as saved, a tuple (a pack holds hundreds of thousands: keys would be a third of
 * its bytes): grain, item kind, item index or name, signal, block, summary, drives, reads,
 * span start and end, first and last line, snippet. Its unit gives its path and module, and
 * with its item its id.
 */
type SavedDoc = [number, number, number | string, string | 0, string | 0, string, string[], string[], number, number, number, number, string | 0];
type SavedUnit = [string, string, string, string[], SavedDoc[]];

function save(d: DocMeta): SavedDoc {
  const item = d.item;
  const value = item.kind === 'signal' ? item.name : item.kind === 'module' ? 0 : item.index;
  const at = d.at!;
  return [GRAINS.indexOf(d.granularity), KINDS.indexOf(item.kind), value, d.signal ?? 0, d.block ?? 0, d.summary, d.drives, d.reads, at.span.start, at.span.end, at.line, at.endLine, at.snippet ?? 0];
}

function load(t: SavedDoc, path: string, module: string, repository: string): DocMeta | undefined {
  const granularity = GRAINS[t[0]];
  const kind = KINDS[t[1]];
  if (!granularity || !kind) return undefined;
  const item: ItemRef = kind === 'module' ? { kind } : kind === 'signal' ? { kind, name: String(t[2]) } : { kind, index: Number(t[2]) };
  return {
    id: itemId(path, module, item),
    granularity,
    path,
    module,
    item,
    ...(t[3] !== 0 ? { signal: t[3] } : {}),
    ...(t[4] !== 0 ? { block: t[4] } : {}),
    summary: t[5],
    drives: t[6],
    reads: t[7],
    repository,
    at: { span: { start: t[8], end: t[9] }, line: t[10], endLine: t[11], ...(t[12] !== 0 ? { snippet: t[12] } : {}) },
  };
}

/** The pack's bytes, with the caller's validity data (`extra`, JSON). */
export function encodePack(pack: RepositoryPack, extra: unknown): Uint8Array {
  const units: SavedUnit[] = pack.units.map((u) => [u.path, u.module, u.key, u.children, u.docs.map(save)]);
  return encodeSegment(pack.segment, { schema: PACK_SCHEMA, summarySchema: SUMMARY_SCHEMA, extra, units }, false);
}

/** A saved pack under the name given; undefined when the bytes are not a pack of this version. */
export function decodePack(bytes: Uint8Array, name: string): { pack: RepositoryPack; extra: unknown } | undefined {
  let units: PackedUnit[] | undefined;
  // The documents (and with them the ids the segment needs) from the header's units.
  const idsOf = (header: unknown): string[] | undefined => {
    const h = header as { schema?: number; summarySchema?: number; units?: SavedUnit[] } | null;
    if (!h || h.schema !== PACK_SCHEMA || h.summarySchema !== SUMMARY_SCHEMA || !Array.isArray(h.units)) return undefined;
    const ids: string[] = [];
    units = [];
    for (const u of h.units) {
      if (!Array.isArray(u) || !Array.isArray(u[4])) return undefined;
      const [path, module, key, children] = u;
      const docs: DocMeta[] = [];
      for (const t of u[4]) {
        const d = Array.isArray(t) ? load(t, path, module, name) : undefined;
        if (!d) return undefined;
        docs.push(d);
        ids.push(d.id);
      }
      units.push({ path, module, key, children, docs });
    }
    return ids;
  };
  const decoded = decodeSegment(bytes, idsOf);
  if (!decoded || !units) return undefined;
  return { pack: { name, segment: decoded.segment, units }, extra: (decoded.header as { extra?: unknown }).extra };
}
/** A repository's name for its hits: its folder's name, numbered when another already has it. */
export function repositoryName(root: string, taken: ReadonlySet<string>): string {
  const base = basename(root) || root;
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base} (${i})`;
  return name;
}
