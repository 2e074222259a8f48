/**
 * Query understanding by rules: which granularity the question asks for ("module that ...",
 * "which block ...", "signal that ..."), and which words of it are identifiers of the design.
 */
import type { Granularity } from './describe';
import { terms } from './words';

export const MAX_QUERY_CHARS = 1000;

export interface Understood {
  /** The text searched (trimmed, cut to MAX_QUERY_CHARS). */
  text: string;
  terms: string[];
  granularity?: Granularity;
  /** Words of the query that look like identifiers (snake_case, camelCase, or a known name). */
  identifiers: string[];
  /** Why the query cannot be searched, when it cannot. */
  problem?: string;
  truncated: boolean;
}

const HINTS: { granularity: Granularity; re: RegExp }[] = [
  { granularity: 'signal', re: /\b(signal|signals|wire|wires|net|flag|flags|bit|bits|bus|port|pin|strobe|pulse|output|input|line|variable|value|register that holds|reg that|pointer|status bit)\b/ },
  { granularity: 'block', re: /\b(block|blocks|always|process|assign(ment)?s?|statement|logic (that|which|where)|code (that|which|where)|where (is|are|do|does) .* (computed|calculated|updated|converted|generated|decoded|incremented|decremented|assigned|set|cleared|registered|latched|selected|muxed|compared|checked|detected|shifted|instantiated)|instance of|instantiat)/ },
  { granularity: 'module', re: /\b(module|modules|component|unit|ip|core|design|top[- ]level|entity|peripheral|controller)\b/ },
];

/** What a query is: its terms, a granularity hint, identifiers. */
export function understand(raw: string, isKnownName: (name: string) => boolean): Understood {
  const trimmed = raw.replace(/\s+/g, ' ').trim();
  const truncated = trimmed.length > MAX_QUERY_CHARS;
  const text = truncated ? trimmed.slice(0, MAX_QUERY_CHARS) : trimmed;
  if (!text) return { text, terms: [], identifiers: [], problem: 'Empty query: type a question ("where is the instruction decoder") or a name.', truncated };
  const queryTerms = terms(text);
  if (queryTerms.length === 0) {
    const problem = /[^\x00-\x7f]/.test(text) ? 'No searchable words in the query: the index holds ASCII words of the code and its comments.' : 'No searchable words in the query (only common words).';
    return { text, terms: [], identifiers: [], problem, truncated };
  }
  const lower = text.toLowerCase();
  // The first hint in the text wins ("which block drives the signal" asks for a block).
  let granularity: Granularity | undefined;
  let at = Infinity;
  for (const { granularity: g, re } of HINTS) {
    const m = re.exec(lower);
    if (m && m.index < at) {
      at = m.index;
      granularity = g;
    }
  }
  const identifiers: string[] = [];
  for (const word of text.split(/[^A-Za-z0-9_$]+/)) {
    if (word.length < 2) continue;
    if (/_|[a-z][A-Z]/.test(word) || isKnownName(word)) identifiers.push(word);
  }
  return { text, terms: queryTerms, granularity, identifiers: [...new Set(identifiers)], truncated };
}
