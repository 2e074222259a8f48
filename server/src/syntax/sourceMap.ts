import type { Span } from '../base';

/**
 * Where the text the parser reads (the expanded text) came from in the user's file. The
 * expanded text is a run of segments. An exact segment is a copy of the user's text (or of
 * blanks standing for a directive), offset for offset. An opaque segment is text the user did
 * not write at that place: a macro's body, an included file; all of it stands for one span of
 * the user's text, the invocation or the `include directive.
 *
 * Offsets count UTF-16 code units in both texts, as everywhere else.
 */
export interface MapSegment {
  /** Start in the expanded text; the segment ends where the next begins. */
  out: number;
  /** Start in the user's text: the exact copy's first offset, or the opaque span's start. */
  src: number;
  /** End in the user's text (exact: src + length). */
  srcEnd: number;
  exact: boolean;
  /** For opaque text copied as written from an included file: that file and the offset there. */
  file?: string;
  fileOffset?: number;
}

export class SourceMap {
  /** Segments in order of `out`, covering the expanded text without gaps. */
  /** True when the expanded text is the user's text, offset for offset. */
  readonly isIdentity: boolean;

  constructor(
    readonly segments: readonly MapSegment[],
    readonly outLength: number,
    readonly srcLength: number,
  ) {
    this.isIdentity = outLength === srcLength && segments.every((s) => s.exact && s.out === s.src);
  }

  static identity(length: number): SourceMap {
    return new SourceMap([{ out: 0, src: 0, srcEnd: length, exact: true }], length, length);
  }

  private segmentEnd(k: number): number {
    return k + 1 < this.segments.length ? this.segments[k + 1].out : this.outLength;
  }

  /** The segment holding expanded offset `o`; with 'end', the one that ends at `o` wins. */
  private find(o: number, bias: 'start' | 'end'): number {
    const segs = this.segments;
    let low = 0;
    let high = segs.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      const start = segs[mid].out;
      if (bias === 'end' ? start < o : start <= o) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** The user's offset for an expanded offset: inside an expansion, its span's start or end. */
  toSource(o: number, bias: 'start' | 'end' = 'start'): number {
    if (this.segments.length === 0) return Math.min(o, this.srcLength);
    const k = this.find(o, bias);
    const s = this.segments[k];
    if (s.exact) return Math.min(s.src + Math.max(0, o - s.out), s.srcEnd);
    return bias === 'start' ? s.src : s.srcEnd;
  }

  toSourceSpan(span: Span): Span {
    const start = this.toSource(span.start, 'start');
    const end = this.toSource(span.end, span.end > span.start ? 'end' : 'start');
    return { start, end: Math.max(start, end) };
  }

  /**
   * Where [start, end) of the expanded text was written, when it is a copy of an included
   * file's text: that file and the span there.
   */
  origin(start: number, end: number): { path: string; span: Span } | undefined {
    const k = this.find(start, 'start');
    const s = this.segments[k];
    if (!s || s.exact || s.file === undefined || s.fileOffset === undefined || end > this.segmentEnd(k)) return undefined;
    return { path: s.file, span: { start: s.fileOffset + (start - s.out), end: s.fileOffset + (end - s.out) } };
  }

  /** Whether [start, end) of the expanded text is a copy of the user's text. */
  isExact(start: number, end: number): boolean {
    const k = this.find(start, 'start');
    const s = this.segments[k];
    return s !== undefined && s.exact && end <= this.segmentEnd(k);
  }

  /**
   * The expanded offset of a user's offset: exact where the user's text was copied (the first
   * copy); inside an expansion's span, the expansion's first offset.
   */
  toOutput(src: number): number {
    const segs = this.segments;
    if (segs.length === 0) return src;
    // Segments are in the expanded text's order; their user offsets are not monotonic inside an
    // expansion (body, argument, body again, the argument again), but how far they reach is.
    const reach = this.reach;
    let low = 0;
    let high = segs.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (reach[mid] >= src) high = mid;
      else low = mid + 1;
    }
    // From the first segment that reaches the offset: the first exact copy that holds it, else
    // the first expansion whose span holds it (bounded: an expansion of many pieces).
    let opaque = -1;
    for (let j = low, budget = MAX_SCAN; j < segs.length && segs[j].src <= src && budget > 0; j++, budget--) {
      const s = segs[j];
      if (s.exact && src <= s.srcEnd) return s.out + (src - s.src);
      if (!s.exact && src < s.srcEnd && opaque < 0) opaque = j;
    }
    if (opaque >= 0) return segs[opaque].out;
    const s = segs[low];
    return s.exact ? s.out + Math.max(0, Math.min(src - s.src, this.segmentEnd(low) - s.out)) : s.out;
  }

  /** For each segment, the furthest user offset it or any segment before it reaches. */
  private get reach(): number[] {
    if (!this.reachCache) {
      this.reachCache = [];
      let far = -1;
      for (const s of this.segments) this.reachCache.push((far = Math.max(far, s.srcEnd)));
    }
    return this.reachCache;
  }

  private reachCache: number[] | undefined;

  toOutputSpan(span: Span): Span {
    return { start: this.toOutput(span.start), end: this.toOutput(span.end) };
  }
}

/** Segments looked at for one offset inside an expansion (an expansion of many pieces is not walked whole). */
const MAX_SCAN = 4096;

/** Writes the expanded text and its map together. */
export class MapBuilder {
  private readonly parts: string[] = [];
  private readonly segments: MapSegment[] = [];
  length = 0;

  /** Text copied from the user's file at `src`. */
  exact(text: string, src: number): void {
    if (text.length === 0) return;
    const last = this.segments[this.segments.length - 1];
    if (!(last && last.exact && last.srcEnd === src && last.out + (last.srcEnd - last.src) === this.length)) {
      this.segments.push({ out: this.length, src, srcEnd: src + text.length, exact: true });
    } else last.srcEnd = src + text.length;
    this.parts.push(text);
    this.length += text.length;
  }

  /**
   * Text that stands for the user's span `of` (a macro's expansion, an included file); `from`
   * says where it was written as it is, when it is a copy of an included file's text.
   */
  opaque(text: string, of: Span, from?: { file: string; offset: number }): void {
    if (text.length === 0) return;
    const last = this.segments[this.segments.length - 1];
    const continues =
      last && !last.exact && last.src === of.start && last.srcEnd === of.end &&
      (from === undefined ? last.file === undefined : last.file === from.file && last.fileOffset !== undefined && last.fileOffset + (this.length - last.out) === from.offset);
    if (!continues) {
      this.segments.push(from ? { out: this.length, src: of.start, srcEnd: of.end, exact: false, file: from.file, fileOffset: from.offset } : { out: this.length, src: of.start, srcEnd: of.end, exact: false });
    }
    this.parts.push(text);
    this.length += text.length;
  }

  /** Whether the text so far ends with white space (or is empty). */
  endsWithSpace(): boolean {
    const last = this.parts[this.parts.length - 1];
    if (last === undefined) return true;
    const c = last.charCodeAt(last.length - 1);
    return c === 32 || c === 10 || c === 9 || c === 13;
  }

  finish(srcLength: number): { text: string; map: SourceMap } {
    return { text: this.parts.join(''), map: new SourceMap(this.segments, this.length, srcLength) };
  }
}
