import type { SearchAnswer, SearchHit, SearchIndex } from './searchIndex';

/**
 * A question about the design, answered with context for a language model (the `@rtlens` chat
 * participant, `rtlens ask`): the best search hits, the context packs of the first few (the item,
 * its drivers and loads, its module's ports, the modules that instantiate it), and the prompt
 * that carries them, cut to a budget. Retrieval and prompt live here, not in the editor, so the
 * CLI and the tests reach them.
 */
export interface AskOptions {
  /** Search hits to return (default 5). */
  k?: number;
  /** Hits whose context pack goes into the prompt (default 3). */
  packs?: number;
  /** The prompt's context at most, in characters (default 48000, at least 4000). */
  maxChars?: number;
}

export interface AskContext {
  title: string;
  markdown: string;
}

export interface AskAnswer {
  question: string;
  answer: SearchAnswer;
  /** The context of the first `packs` hits: their context packs, or their own summary and snippet. */
  context: AskContext[];
  /** The whole prompt for a model: instructions, context (cut to maxChars), question. */
  prompt: string;
  /** The context was cut to fit. */
  clipped: boolean;
}

export const ASK_DEFAULTS = { k: 5, packs: 3, maxChars: 48_000 } as const;

/** How a hit is named in answers: module, module.signal, or module · block. */
export function hitLabel(hit: Pick<SearchHit, 'granularity' | 'module' | 'signal' | 'block'>): string {
  if (hit.granularity === 'signal' && hit.signal) return `${hit.module}.${hit.signal}`;
  if (hit.granularity === 'block') return `${hit.module} · ${hit.block ?? 'block'}`;
  return hit.module;
}

export function ask(index: SearchIndex, question: string, options: AskOptions = {}, partial = false): AskAnswer {
  const k = Math.max(1, Math.min(50, Math.floor(options.k ?? ASK_DEFAULTS.k)));
  const packs = Math.max(0, Math.min(k, Math.floor(options.packs ?? ASK_DEFAULTS.packs)));
  const text = question.trim();
  const answer = index.search(text, { k }, partial);
  const context: AskContext[] = [];
  for (const hit of answer.hits.slice(0, packs)) {
    const pack = index.contextPack(hit.key);
    if (pack?.markdown) context.push({ title: pack.title, markdown: pack.markdown });
    else context.push({ title: hitLabel(hit), markdown: `### ${hitLabel(hit)}\n${hit.summary}\n${hit.snippet ? `\n\`\`\`verilog\n${hit.snippet}\n\`\`\`\n` : ''}` });
  }
  const { prompt, clipped } = askPrompt(text, context, options.maxChars);
  return { question: text, answer, context, prompt, clipped };
}

/** The prompt for a model: what it is asked to do, the context cut to `maxChars`, the question. */
export function askPrompt(question: string, context: readonly AskContext[], maxChars: number = ASK_DEFAULTS.maxChars): { prompt: string; clipped: boolean } {
  const budget = Math.max(4_000, Math.floor(maxChars));
  const joined = context.map((c) => c.markdown).join('\n\n---\n\n');
  const clipped = joined.length > budget;
  const body = clipped ? `${joined.slice(0, budget)}\n\n(context cut to fit the model)` : joined;
  const prompt = [
    'You answer questions about a Verilog/SystemVerilog design. Below is context that the RTLens extension',
    'retrieved from the workspace for the question: the best matching modules, blocks or signals, each with',
    "its drivers and loads, its module's ports and the modules that instantiate it. Answer from this context;",
    'name modules, signals and files as they are written, and say so when the context does not answer the question.',
    '',
    '# Context',
    body,
    '',
    '# Question',
    question,
  ].join('\n');
  return { prompt, clipped };
}
