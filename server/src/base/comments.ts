// Comments of source text found by a scan: what /\/\/([^\n]*)|\/\*([\s\S]*?)\*\//g finds, in time linear in the
// text. That pattern, on a text with an unterminated block comment, searches for its end again from every later
// slash-star (quadratic: 70 s on 500k characters of "/* a ").

/** A comment: `//` to the end of its line (the newline excluded), or slash-star to the first star-slash after it. */
export interface Comment {
  start: number;
  end: number;
  /** The text between the delimiters. */
  body: string;
}

/** The comments of a text, in order, as the regular expression above matches them. */
export function commentsOf(text: string): Comment[] {
  const out: Comment[] = [];
  let unterminated = false; // once a block comment has no end, no later one has
  let i = text.indexOf('/');
  while (i >= 0 && i + 1 < text.length) {
    const next = text[i + 1];
    if (next === '/') {
      const newline = text.indexOf('\n', i + 2);
      const end = newline < 0 ? text.length : newline;
      out.push({ start: i, end, body: text.slice(i + 2, end) });
      i = text.indexOf('/', end);
    } else if (next === '*' && !unterminated) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) {
        unterminated = true;
        i = text.indexOf('/', i + 1);
      } else {
        out.push({ start: i, end: close + 2, body: text.slice(i + 2, close) });
        i = text.indexOf('/', close + 2);
      }
    } else i = text.indexOf('/', i + 1);
  }
  return out;
}

/** The text with each comment replaced by what `replace` returns for it. */
export function replaceComments(text: string, replace: (comment: Comment) => string): string {
  const comments = commentsOf(text);
  if (comments.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const c of comments) {
    parts.push(text.slice(at, c.start), replace(c));
    at = c.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}
