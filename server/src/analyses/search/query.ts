/**
 * Query understanding by rules: which granularity the question asks for ("module that ...",
 * "which block ...", "signal that ..."), and which words of it are identifiers of the design.
 */
import type { Granularity } from './describe';
import { isStopWord, stem, terms } from './words';
import { GRAIN_MODEL } from './grainModel';

export const MAX_QUERY_CHARS = 1000;

export interface Understood {
  /** The text searched (trimmed, cut to MAX_QUERY_CHARS). */
  text: string;
  terms: string[];
  granularity?: Granularity;
  /** When no rule tells the grain, the grain model's belief in each, the likeliest at 1 (grainWeightsOf). */
  grainWeights?: Partial<Record<Granularity, number>>;
  /** Words naming where the thing is ("... of the timer", "in uart_rx, ..."): a module to look inside. */
  context: string[];
  /** The question is about instances (where a module is used). */
  instances: boolean;
  /** Words of the query that look like identifiers (snake_case, camelCase, or a known name). */
  identifiers: string[];
  /** Why the query cannot be searched, when it cannot. */
  problem?: string;
  truncated: boolean;
}

/** Words that say which granularity is asked for, wherever they stand in the question. */
const EXPLICIT: { granularity: Granularity; re: RegExp }[] = [
  { granularity: 'signal', re: /\b(signal|signals|wire|wires|net|nets)\b/ },
  { granularity: 'block', re: /\b(block(?! ram\b)|blocks|always|process|assign(ment)?s?|statement|instantiat\w*|instances?)\b/ },
  { granularity: 'module', re: /\b(module|modules|component|components|entity)\b/ },
];

/** Questions that ask for a whole design unit ("how do I ...", "something that ..."). */
const MODULE_PHRASES = /^(how (do|can|would) (i|we|you)|is there a|what (implements|does)|something that|a design that|an? (ip|core)\b)/;

/**
 * The head noun of the question's subject (the last word before "of", "in", "that", ...) tells
 * the grain when no explicit word does: "chip select of the SPI master" asks for a signal,
 * "cache hit check comparing the tag" for a block, "serial transmitter that sends bytes" for a module.
 */
const HEAD_NOUNS: Record<string, Granularity> = {};
for (const w of 'flag flags bit bits pointer pointers select selects enable enables strobe strobes pulse operand operands address addresses data value values register registers reg regs request requests grant grants status mask vector index tag word bus clock reset output outputs input inputs level line lines id ids number amount size length offset result sum product remainder quotient threshold limit sample byte bytes state opcode immediate operand carry overflow parity error acknowledge ack response tick ticks pin pins port ports'.split(' ')) HEAD_NOUNS[w] = 'signal';
for (const w of 'logic mux multiplexer multiplexers loop loops check checks computation calculation update updates generation decoding comparison comparisons shifter transition transitions path paths detection conversion chain chains lines fsm machine arbitration handshaking delay delays stage sequencing compare write decision selection stages multiplication multiplications'.split(' ')) HEAD_NOUNS[w] = 'block';
for (const w of 'unit controller engine peripheral core design ip subsystem wrapper implementation converter transmitter receiver generator synchronizer synchroniser arbiter fifo queue cache decoder encoder multiplier divider filter accelerator array timer uart ram rom buffer element io slice'.split(' ')) HEAD_NOUNS[w] = 'module';
// "delay lines", "state machine": the last word decides; "lines" alone is a signal bundle, with delay a block.
const BREAKS = /^(of|in|inside|within|for|from|that|which|who|where|when|on|to|between|with|after|before|used|driven|feeding|comparing|holding|telling|saying|going|coming|into|by|as|at|per|over|across|through|around|behind|against|like|than|while|if|whenever|so|because|along|toward|towards|past|via|under|above|below)$/;
const LEADING = /^(where|which|what|who|how|is|are|does|do|find|show|me|the|a|an|there|that|this|these|those|get|locate|i|we|you|can|could|need|want|looking|look|for|to|see)$/;

/** The words of the subject: after the question words, up to the first preposition or relative word ("in uart_rx, the flag ..." skips the leading phrase). */
function headPhrase(lower: string): string[] {
  const clauses = lower.split(',');
  const text = clauses.length > 1 && /^\s*(in|inside|within|for)\b/.test(clauses[0]) ? clauses.slice(1).join(',') : lower;
  // Hyphenated compounds (less-than, load-use, write-back) are one word here.
  const words = text.split(/[^a-z0-9_-]+/).map((w) => w.replace(/^-+|(?<!-)-+$/g, '')).filter(Boolean);
  let i = 0;
  while (i < words.length && LEADING.test(words[i])) i++;
  const out: string[] = [];
  for (; i < words.length && !BREAKS.test(words[i]); i++) out.push(words[i]);
  return out;
}

/** The words of "in X, ...", "... of the X", "... in the X": where the asked-for item lives. */
function contextWords(lower: string): string[] {
  const out: string[] = [];
  // "in the X, ...": the place is what lies before the comma, without its article.
  const lead = /^\s*(in|inside|within)\s([^,]*),/.exec(lower);
  if (lead) out.push(...lead[2].replace(/^\s*the\s/, '').split(/[^a-z0-9_]+/));
  for (const m of lower.matchAll(/\b(of|in|inside|within)\s+(the|a|an)\s+([a-z0-9_-][a-z0-9_ -]*?)(?=$|[,.?;]|\s(that|which|when|where|for|to|on|from|with|so|because)\b)/g)) out.push(...m[3].split(/[^a-z0-9_]+/));
  return out.filter((w) => w.length > 1);
}

/** Participles after the head noun ("valid bits travelling along", "data held in"). */
const PARTICIPLE = /^(\w+(ing|ed)|held|kept|made|built|sent|left|taken|given|seen|shown|written|driven|chosen|done|set|put|read)$/;

function headGranularity(lower: string, head: string[]): Granularity | undefined {
  // "which unit decides ...", "what block holds ...": the noun right after the question word.
  if (/^(which|what)\b/.test(lower) && head.length > 1 && HEAD_NOUNS[head[0]]) return HEAD_NOUNS[head[0]];
  let end = head.length;
  while (end > 1 && PARTICIPLE.test(head[end - 1])) end--;
  const last = head[end - 1]?.split('-').pop();
  if (!last) return undefined;
  if (last === 'lines' && /delay lines?/.test(lower)) return 'block';
  if (/\btop[- ]level\b/.test(head.join(' '))) return 'module';
  return HEAD_NOUNS[last];
}

/**
 * Features of a question for the grain model: its first word after the question words, the last
 * word of its subject, the word that ends the subject, and every term.
 */
export function grainFeatures(text: string): string[] {
  const words = text.toLowerCase().split(/[^a-z0-9_-]+/).filter(Boolean);
  let i = 0;
  while (i < words.length && LEADING.test(words[i])) i++;
  const out: string[] = [];
  if (i < words.length) out.push(`F:${stem(words[i])}`);
  let j = i;
  while (j < words.length && !BREAKS.test(words[j])) j++;
  if (j > i) out.push(`H:${stem(words[j - 1])}`);
  if (j < words.length) out.push(`B:${words[j]}`);
  // The head-noun rule's answer, as evidence the model weighs by how often it was right.
  const lower = text.toLowerCase();
  const rule = headGranularity(lower, headPhrase(lower));
  if (rule) out.push(`R:${rule}`);
  for (const t of new Set(terms(text))) out.push(`W:${t}`);
  return out;
}

/** A naive Bayes model of the grain a question asks for (scripts/fit-search-grain.mjs writes it). */
export interface GrainModel {
  grains: Granularity[];
  /** log P(grain). */
  prior: number[];
  /** log P(feature | grain) per grain, for the features seen in training. */
  features: Record<string, number[]>;
}

/** P(grain | question) by the model, as weights relative to the likeliest grain (it gets 1). */
export function grainWeightsOf(text: string, model: GrainModel = GRAIN_MODEL): Partial<Record<Granularity, number>> | undefined {
  if (model.grains.length === 0) return undefined;
  const score = [...model.prior];
  for (const f of grainFeatures(text)) {
    const w = model.features[f];
    if (w) for (let g = 0; g < score.length; g++) score[g] += w[g];
  }
  const best = Math.max(...score);
  const out: Partial<Record<Granularity, number>> = {};
  model.grains.forEach((g, i) => (out[g] = Math.exp(score[i] - best)));
  return out;
}

/** What a query is: its terms, a granularity hint, identifiers. */
export function understand(raw: string, isKnownName: (name: string) => boolean): Understood {
  const trimmed = raw.replace(/\s+/g, ' ').trim();
  const truncated = trimmed.length > MAX_QUERY_CHARS;
  const text = truncated ? trimmed.slice(0, MAX_QUERY_CHARS) : trimmed;
  if (!text) return { text, terms: [], identifiers: [], context: [], instances: false, problem: 'Empty query: type a question ("where is the instruction decoder") or a name.', truncated };
  const queryTerms = terms(text);
  if (queryTerms.length === 0) {
    const problem = /[^\x00-\x7f]/.test(text) ? 'No searchable words in the query: the index holds ASCII words of the code and its comments.' : 'No searchable words in the query (only common words).';
    return { text, terms: [], identifiers: [], context: [], instances: false, problem, truncated };
  }
  const lower = text.toLowerCase();
  // The grain asked for, by rules: an explicit word in the subject ("which block ...", "signal
  // telling ..."); a question for a whole unit ("how do I ...", "top level that ..."); "how many
  // ..." for a count; "where is X <done>" for the block doing it; the subject's head noun; an
  // explicit word elsewhere. When no rule speaks (a third of the questions on real repositories),
  // the grain model weighs the three grains (grainWeightsOf).
  const head = headPhrase(lower);
  const headText = head.join(' ');
  let granularity: Granularity | undefined;
  for (const { granularity: g, re } of EXPLICIT) if (!granularity && re.test(headText)) granularity = g;
  if (!granularity && (MODULE_PHRASES.test(lower) || /\btop[- ]level\b/.test(headText))) granularity = 'module';
  if (!granularity && /^(how many|number of)\b/.test(lower)) granularity = 'signal';
  if (!granularity && /^(where|which line|what line)\b/.test(lower) && /\b\w{3,}(ed|en)\b/.test(lower.split(/\b(is|are|does|do)\b/).slice(2).join(' '))) granularity = 'block';
  if (!granularity) granularity = headGranularity(lower, head);
  if (!granularity) {
    let at = Infinity;
    for (const { granularity: g, re } of EXPLICIT) {
      const m = re.exec(lower);
      if (m && m.index < at) {
        at = m.index;
        granularity = g;
      }
    }
  }
  const grainWeights = granularity ? undefined : grainWeightsOf(text);
  // Identifiers: words written as code (snake_case, camelCase, with digits), or names of the
  // design that are not everyday words of a question.
  const identifiers: string[] = [];
  for (const word of text.split(/[^A-Za-z0-9_$]+/)) {
    if (word.length < 2 || isStopWord(word)) continue;
    if (/_|[a-z][A-Z]|[A-Za-z][0-9]/.test(word) || isKnownName(word)) identifiers.push(word);
  }
  return { text, terms: queryTerms, granularity, ...(grainWeights ? { grainWeights } : {}), identifiers: [...new Set(identifiers)], context: contextWords(lower), instances: /\binstan|\bused\b|\bwired\b|\bconnected\b|\bplaced\b/.test(lower), truncated };
}
