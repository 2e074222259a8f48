/**
 * The text index under search: fielded BM25+ (k 1.2, b 0.7, d 0.5; a field's length counted in
 * its distinct terms; a document's score multiplied by the number of query terms it meets, as
 * MiniSearch scores, which this replaces), kept in segments:
 *  - one live segment for the workspace, changed document by document as files are edited;
 *  - one frozen segment per other repository (`rtlens.search.repositories`): typed arrays,
 *    built once, saved as bytes and loaded again without tokenizing anything.
 * Statistics (documents per term and field, average field lengths) are summed over the
 * segments at query time, so every document is scored on one scale wherever it lives.
 */
import { terms } from './words';

/** name, comment, pattern, text, code: the order of SearchDoc's index fields. */
export const FIELD_COUNT = 5;
const K = 1.2;
const B = 0.7;
const D = 0.5;
/** A term met more often than this in one field counts as this often (tf is stored in 16 bits). */
const MAX_TF = 0xffff;

export interface TextMatch {
  id: string;
  score: number;
  /** The query terms the document met. */
  queryTerms: string[];
  /** Where the document is (for `TermIndex.holds`). */
  at: DocAt;
}

/** A scored document's segment and its number there (-1 in the live segment). */
export interface DocAt {
  segment: Segment;
  local: number;
}

/** What a query accumulates per document. */
export interface Scored {
  score: number;
  terms: string[];
  at: DocAt;
}

export interface Segment {
  readonly size: number;
  readonly fieldTotals: Float64Array;
  /** Documents holding the term in each field, FIELD_COUNT numbers; undefined when none. */
  fieldDf(term: string): ArrayLike<number> | undefined;
  /** Documents holding the term in any field. */
  df(term: string): number;
  /** Every document holding the term, with its term frequencies and field lengths. */
  scan(term: string, visit: (id: string, local: number, tf: ArrayLike<number>, tfAt: number, len: ArrayLike<number>, lenAt: number) => void): void;
  /** Whether a document (by id, or by its number in a frozen segment) holds a term. */
  has(id: string, local: number, term: string): boolean;
}

/** Term frequencies per field and distinct terms per field of one document's fields. */
function tokenizeFields(fields: readonly string[]): { tf: Map<string, Uint16Array>; len: Uint16Array } {
  const tf = new Map<string, Uint16Array>();
  const len = new Uint16Array(FIELD_COUNT);
  for (let f = 0; f < FIELD_COUNT; f++) {
    const seen = new Set<string>();
    for (const t of terms(fields[f] ?? '')) {
      let row = tf.get(t);
      if (!row) tf.set(t, (row = new Uint16Array(FIELD_COUNT)));
      if (row[f] < MAX_TF) row[f]++;
      seen.add(t);
    }
    len[f] = Math.min(MAX_TF, seen.size);
  }
  return { tf, len };
}

/** The workspace's segment: documents added and removed one by one. */
class LiveSegment implements Segment {
  private readonly docs = new Map<string, { tf: Map<string, Uint16Array>; len: Uint16Array }>();
  private readonly postings = new Map<string, Set<string>>();
  private readonly perField = new Map<string, Uint32Array>();
  readonly fieldTotals = new Float64Array(FIELD_COUNT);

  get size(): number {
    return this.docs.size;
  }

  add(id: string, fields: readonly string[]): void {
    this.remove(id);
    const doc = tokenizeFields(fields);
    this.docs.set(id, doc);
    for (let f = 0; f < FIELD_COUNT; f++) this.fieldTotals[f] += doc.len[f];
    for (const [t, row] of doc.tf) {
      let set = this.postings.get(t);
      if (!set) this.postings.set(t, (set = new Set()));
      set.add(id);
      let counts = this.perField.get(t);
      if (!counts) this.perField.set(t, (counts = new Uint32Array(FIELD_COUNT)));
      for (let f = 0; f < FIELD_COUNT; f++) if (row[f] > 0) counts[f]++;
    }
  }

  remove(id: string): boolean {
    const doc = this.docs.get(id);
    if (!doc) return false;
    this.docs.delete(id);
    for (let f = 0; f < FIELD_COUNT; f++) this.fieldTotals[f] -= doc.len[f];
    for (const [t, row] of doc.tf) {
      const set = this.postings.get(t);
      set?.delete(id);
      if (set && set.size === 0) {
        this.postings.delete(t);
        this.perField.delete(t);
        continue;
      }
      const counts = this.perField.get(t);
      if (counts) for (let f = 0; f < FIELD_COUNT; f++) if (row[f] > 0) counts[f]--;
    }
    return true;
  }

  fieldDf(term: string): ArrayLike<number> | undefined {
    return this.perField.get(term);
  }

  df(term: string): number {
    return this.postings.get(term)?.size ?? 0;
  }

  scan(term: string, visit: (id: string, local: number, tf: ArrayLike<number>, tfAt: number, len: ArrayLike<number>, lenAt: number) => void): void {
    const set = this.postings.get(term);
    if (!set) return;
    for (const id of set) {
      const doc = this.docs.get(id)!;
      visit(id, -1, doc.tf.get(term)!, 0, doc.len, 0);
    }
  }

  has(id: string, _local: number, term: string): boolean {
    return this.docs.get(id)?.tf.has(term) ?? false;
  }

  terms(id: string): string[] {
    return [...(this.docs.get(id)?.tf.keys() ?? [])];
  }
}

/** The arrays of a frozen segment, as saved. */
export interface FrozenArrays {
  ids: string[];
  terms: string[];
  /** Postings of term i: termStart[i] .. termStart[i + 1]. */
  termStart: Uint32Array;
  postDoc: Uint32Array;
  /** FIELD_COUNT frequencies per posting. */
  postTf: Uint16Array;
  /** FIELD_COUNT document counts per term. */
  termFieldDf: Uint32Array;
  /** FIELD_COUNT distinct-term counts per document. */
  docLen: Uint16Array;
}

/** Another repository's segment: built once from its documents, never changed, saved as bytes. */
export class FrozenSegment implements Segment {
  readonly size: number;
  readonly fieldTotals = new Float64Array(FIELD_COUNT);
  private readonly termIds = new Map<string, number>();

  constructor(readonly arrays: FrozenArrays) {
    this.size = arrays.ids.length;
    arrays.terms.forEach((t, i) => this.termIds.set(t, i));
    for (let d = 0; d < this.size; d++) for (let f = 0; f < FIELD_COUNT; f++) this.fieldTotals[f] += arrays.docLen[d * FIELD_COUNT + f];
  }

  static build(docs: readonly { id: string; fields: readonly string[] }[]): FrozenSegment {
    const tokenized = docs.map((d) => tokenizeFields(d.fields));
    const termIds = new Map<string, number>();
    const counts: number[] = [];
    for (const doc of tokenized) {
      for (const t of doc.tf.keys()) {
        let i = termIds.get(t);
        if (i === undefined) {
          termIds.set(t, (i = counts.length));
          counts.push(0);
        }
        counts[i]++;
      }
    }
    const termCount = counts.length;
    const termStart = new Uint32Array(termCount + 1);
    for (let i = 0; i < termCount; i++) termStart[i + 1] = termStart[i] + counts[i];
    const total = termStart[termCount];
    const postDoc = new Uint32Array(total);
    const postTf = new Uint16Array(total * FIELD_COUNT);
    const termFieldDf = new Uint32Array(termCount * FIELD_COUNT);
    const docLen = new Uint16Array(docs.length * FIELD_COUNT);
    const fill = termStart.slice(0, termCount);
    tokenized.forEach((doc, d) => {
      docLen.set(doc.len, d * FIELD_COUNT);
      for (const [t, row] of doc.tf) {
        const i = termIds.get(t)!;
        const at = fill[i]++;
        postDoc[at] = d;
        postTf.set(row, at * FIELD_COUNT);
        for (let f = 0; f < FIELD_COUNT; f++) if (row[f] > 0) termFieldDf[i * FIELD_COUNT + f]++;
      }
    });
    return new FrozenSegment({ ids: docs.map((d) => d.id), terms: [...termIds.keys()], termStart, postDoc, postTf, termFieldDf, docLen });
  }

  fieldDf(term: string): ArrayLike<number> | undefined {
    const i = this.termIds.get(term);
    return i === undefined ? undefined : this.arrays.termFieldDf.subarray(i * FIELD_COUNT, (i + 1) * FIELD_COUNT);
  }

  df(term: string): number {
    const i = this.termIds.get(term);
    return i === undefined ? 0 : this.arrays.termStart[i + 1] - this.arrays.termStart[i];
  }

  scan(term: string, visit: (id: string, local: number, tf: ArrayLike<number>, tfAt: number, len: ArrayLike<number>, lenAt: number) => void): void {
    const i = this.termIds.get(term);
    if (i === undefined) return;
    const { termStart, postDoc, postTf, docLen, ids } = this.arrays;
    for (let p = termStart[i]; p < termStart[i + 1]; p++) {
      const d = postDoc[p];
      visit(ids[d], d, postTf, p * FIELD_COUNT, docLen, d * FIELD_COUNT);
    }
  }

  has(_id: string, d: number, term: string): boolean {
    const i = this.termIds.get(term);
    if (d < 0 || i === undefined) return false;
    // Postings of a term are in document order: a binary search.
    const { termStart, postDoc } = this.arrays;
    let lo = termStart[i];
    let hi = termStart[i + 1];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (postDoc[mid] < d) lo = mid + 1;
      else hi = mid;
    }
    return lo < termStart[i + 1] && postDoc[lo] === d;
  }

}

export class TermIndex {
  private readonly live = new LiveSegment();
  private readonly frozen = new Map<string, FrozenSegment>();

  constructor(private readonly boosts: readonly number[]) {}

  get size(): number {
    let n = this.live.size;
    for (const s of this.frozen.values()) n += s.size;
    return n;
  }

  /** Adds (or replaces) a workspace document: its FIELD_COUNT field texts. */
  add(id: string, fields: readonly string[]): void {
    this.live.add(id, fields);
  }

  remove(id: string): void {
    this.live.remove(id);
  }

  /** The distinct terms of a workspace document. */
  termsOf(id: string): string[] {
    return this.live.terms(id);
  }

  attach(name: string, segment: FrozenSegment): void {
    this.detach(name);
    this.frozen.set(name, segment);
  }

  detach(name: string): FrozenSegment | undefined {
    const s = this.frozen.get(name);
    if (!s) return undefined;
    this.frozen.delete(name);
    return s;
  }

  private segments(): Segment[] {
    return [this.live, ...this.frozen.values()];
  }

  /** Documents holding a term in any field, over every segment. */
  df(term: string): number {
    let n = 0;
    for (const s of this.segments()) n += s.df(term);
    return n;
  }

  /** Whether a scored document holds a term. */
  holds(match: TextMatch, term: string): boolean {
    return match.at.segment.has(match.id, match.at.local, term);
  }

  /**
   * Scores the documents meeting any of the terms (OR), each term weighted by `weightOf`.
   * `into` accumulates across calls (a term added later adds to the same scores); take the
   * final list with `results`.
   */
  score(queryTerms: readonly string[], weightOf: (term: string) => number, into: Map<string, Scored> = new Map()): Map<string, Scored> {
    const segments = this.segments();
    let count = 0;
    const totals = new Float64Array(FIELD_COUNT);
    for (const s of segments) {
      count += s.size;
      for (let f = 0; f < FIELD_COUNT; f++) totals[f] += s.fieldTotals[f];
    }
    if (count === 0) return into;
    const avg = Array.from(totals, (t) => Math.max(t / count, 1e-9));
    for (const term of new Set(queryTerms)) {
      const weight = weightOf(term);
      const matching = new Float64Array(FIELD_COUNT);
      for (const s of segments) {
        const per = s.fieldDf(term);
        if (per) for (let f = 0; f < FIELD_COUNT; f++) matching[f] += per[f];
      }
      const idf = Array.from(matching, (m) => Math.log(1 + (count - m + 0.5) / (m + 0.5)));
      for (const s of segments) {
        s.scan(term, (id, local, tf, tfAt, len, lenAt) => {
          let score = 0;
          for (let f = 0; f < FIELD_COUNT; f++) {
            const n = tf[tfAt + f];
            if (n === 0) continue;
            score += this.boosts[f] * idf[f] * (D + (n * (K + 1)) / (n + K * (1 - B + (B * len[lenAt + f]) / avg[f])));
          }
          score *= weight;
          const known = into.get(id);
          if (known) {
            known.score += score;
            if (!known.terms.includes(term)) known.terms.push(term);
          } else into.set(id, { score, terms: [term], at: { segment: s, local } });
        });
      }
    }
    return into;
  }

  /**
   * Scored documents best first, each score multiplied by the number of query terms it met; with
   * `limit`, only the best `limit` (and those tied with the last), without sorting the rest.
   */
  static results(scored: Map<string, Scored>, limit = Infinity): TextMatch[] {
    let floor = -Infinity;
    if (scored.size > limit) {
      const all = new Float64Array(scored.size);
      let i = 0;
      for (const r of scored.values()) all[i++] = r.score * r.terms.length;
      all.sort();
      floor = all[all.length - limit];
    }
    const out: TextMatch[] = [];
    for (const [id, r] of scored) {
      const score = r.score * r.terms.length;
      if (score >= floor) out.push({ id, score, queryTerms: r.terms, at: r.at });
    }
    out.sort((a, b) => b.score - a.score);
    return out;
  }
}

// Saved form of a frozen segment: a little-endian byte layout, arrays aligned to 4 bytes.
const MAGIC = 0x52544c53; // "RTLS"

/**
 * Bytes of a frozen segment and a JSON header (the caller's metadata) in one buffer. With
 * `withIds` false the documents' ids are left out: the caller makes them again from its header
 * (decodeSegment's `idsOf`).
 */
export function encodeSegment(segment: FrozenSegment, header: unknown, withIds = true): Uint8Array {
  const a = segment.arrays;
  // ASCII only (other characters as \u escapes), so loading decodes it byte for byte.
  const head = new TextEncoder().encode(JSON.stringify({ header, ...(withIds ? { ids: a.ids } : {}), terms: a.terms }).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  const pad = (n: number) => (n + 3) & ~3;
  const parts: ArrayBufferView[] = [a.termStart, a.postDoc, a.postTf, a.termFieldDf, a.docLen];
  let size = 8 + pad(head.length) + 4 * parts.length;
  for (const p of parts) size += pad(p.byteLength);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, head.length, true);
  out.set(head, 8);
  let at = 8 + pad(head.length);
  for (const p of parts) {
    view.setUint32(at, p.byteLength, true);
    at += 4;
    out.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
    at += pad(p.byteLength);
  }
  return out;
}

/** The segment and header of encodeSegment's bytes; undefined when they are not such bytes. */
export function decodeSegment(bytes: Uint8Array, idsOf?: (header: unknown) => string[] | undefined): { segment: FrozenSegment; header: unknown } | undefined {
  try {
    if (bytes.byteLength < 8) return undefined;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(0, true) !== MAGIC) return undefined;
    const headLength = view.getUint32(4, true);
    const head = JSON.parse(asciiText(bytes, 8, 8 + headLength)) as { header: unknown; ids?: string[]; terms: string[] };
    const ids = head.ids ?? idsOf?.(head.header);
    if (!Array.isArray(ids) || !Array.isArray(head.terms)) return undefined;
    let at = 8 + ((headLength + 3) & ~3);
    // Copies, not views: a view would keep the whole file's bytes (the header too) in memory,
    // and Node's Buffer.slice is itself a view on a shared pool, so the copy is made by hand.
    const take = <T>(make: (b: ArrayBufferLike, offset: number, length: number) => T, size: number): T => {
      const length = view.getUint32(at, true);
      at += 4;
      if (at + length > bytes.byteLength || length % size !== 0) throw new Error('truncated');
      const copy = new Uint8Array(length);
      copy.set(bytes.subarray(at, at + length));
      at += (length + 3) & ~3;
      return make(copy.buffer, 0, length / size);
    };
    const termStart = take((b, o, n) => new Uint32Array(b, o, n), 4);
    const postDoc = take((b, o, n) => new Uint32Array(b, o, n), 4);
    const postTf = take((b, o, n) => new Uint16Array(b, o, n), 2);
    const termFieldDf = take((b, o, n) => new Uint32Array(b, o, n), 4);
    const docLen = take((b, o, n) => new Uint16Array(b, o, n), 2);
    if (at !== bytes.byteLength) return undefined;
    const T = head.terms.length;
    const N = ids.length;
    const P = postDoc.length;
    if (termStart.length !== T + 1 || termStart[T] !== P || postTf.length !== P * FIELD_COUNT || termFieldDf.length !== T * FIELD_COUNT || docLen.length !== N * FIELD_COUNT) return undefined;
    for (let i = 0; i < T; i++) if (termStart[i] > termStart[i + 1]) return undefined;
    for (let i = 0; i < P; i++) if (postDoc[i] >= N) return undefined;
    return { segment: new FrozenSegment({ ids, terms: head.terms, termStart, postDoc, postTf, termFieldDf, docLen }), header: head.header };
  } catch {
    return undefined;
  }
}

/**
 * Text of an ASCII byte range (encodeSegment writes nothing else): Node's Buffer where there is
 * one (latin1 copies bytes, several times faster than UTF-8 validation on tens of megabytes),
 * else TextDecoder. A byte above 127 (a damaged file) reads as some character and JSON decides.
 */
function asciiText(bytes: Uint8Array, start: number, end: number): string {
  const NodeBuffer = (globalThis as { Buffer?: { from(b: ArrayBufferLike, offset: number, length: number): { toString(encoding: 'latin1', start: number, end: number): string } } }).Buffer;
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', start, end);
  return new TextDecoder().decode(bytes.subarray(start, end));
}
