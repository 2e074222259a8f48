import { ask, type AskOptions, type SearchAnswer, type SearchHit, type SearchIndex } from '../analyses/search';
import type { Snapshot } from '../workspace';
import type { AskResult, ContextPackResult, SearchGranularity, SearchHitView, SearchResult } from './views';

/** Search results for the editor: URIs and 0-based ranges. The caller brings the index up to date first (Session.searchIndex). */
export function searchView(index: SearchIndex, snapshot: Snapshot, query: string, options: { k?: number; granularity?: SearchGranularity }, partial: boolean, uriOf: (path: string) => string): SearchResult {
  return toView(index.search(typeof query === 'string' ? query : '', { k: options.k, granularity: options.granularity }, partial), snapshot, uriOf);
}

export function findSimilarView(index: SearchIndex, snapshot: Snapshot, path: string, offset: number, k: number | undefined, uriOf: (path: string) => string): SearchResult {
  const answer = index.findSimilar(path, offset, { k });
  const view = toView(answer, snapshot, uriOf);
  if (answer.item && !view.message) view.message = `Similar to ${answer.item.granularity} ${answer.item.granularity === 'block' ? `${answer.item.block} in ${answer.item.module}` : answer.item.granularity === 'signal' ? `${answer.item.module}.${answer.item.signal}` : answer.item.module}`;
  return view;
}

export function contextPackView(index: SearchIndex, key: string | undefined, at: { path: string; offset: number } | undefined): ContextPackResult | null {
  const k = key ?? (at ? index.keyAt(at.path, at.offset) : undefined);
  return (k && index.contextPack(k)) || null;
}

/** A question with its context and prompt for a language model (the chat participant). */
export function askView(index: SearchIndex, snapshot: Snapshot, question: string, options: AskOptions, partial: boolean, uriOf: (path: string) => string): AskResult {
  const answer = ask(index, typeof question === 'string' ? question : '', options, partial);
  const view = toView(answer.answer, snapshot, uriOf);
  return { hits: view.hits, partial: view.partial, ...(view.message ? { message: view.message } : {}), context: answer.context, prompt: answer.prompt, clipped: answer.clipped };
}

function toView(answer: SearchAnswer, snapshot: Snapshot, uriOf: (path: string) => string): SearchResult {
  const hits: SearchHitView[] = [];
  for (const h of answer.hits) {
    const range = rangeOf(snapshot, h);
    if (range) hits.push({ granularity: h.granularity, uri: uriOf(h.path), module: h.module, signal: h.signal, block: h.block, range, score: h.score, summary: h.summary, snippet: h.snippet, key: h.key, ...(h.repository !== undefined ? { repository: h.repository } : {}) });
  }
  return { hits, partial: answer.partial, message: answer.message, understood: answer.understood, ms: Math.round(answer.ms * 10) / 10 };
}

function rangeOf(snapshot: Snapshot, h: SearchHit) {
  const lines = snapshot.lineIndex(h.path);
  return lines?.range(h.span);
}
