/**
 * Spans are half-open ranges of offsets into a file's text. An offset counts UTF-16 code
 * units of the JavaScript string, which is what web-tree-sitter reports for string input.
 */
export interface Span {
  start: number;
  end: number;
}

export function span(start: number, end: number): Span {
  return { start, end };
}

export function contains(outer: Span, offset: number): boolean {
  return outer.start <= offset && offset <= outer.end;
}

export function containsSpan(outer: Span, inner: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}
