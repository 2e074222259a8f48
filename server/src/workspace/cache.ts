import { basename, contentHash } from '../base';
import { type FileSummary, SUMMARY_SCHEMA } from '../model';

/**
 * The on-disk index cache: one JSON document holding, per file, the summary and the hashes it
 * was made from. The adapter reads and writes the bytes; this decides what is still valid.
 */
export interface CacheDocument {
  schema: number;
  contextHash: string;
  files: Record<string, FileSummary>;
}

export function serializeCache(contextHashValue: string, summaries: { path: string; summary: FileSummary }[]): string {
  return [...serializeCacheChunks(contextHashValue, summaries)].join('');
}

/**
 * The same document as serializeCache, in pieces (one per file), for writing without holding
 * the whole text at once: on a large workspace that string and the garbage of building it
 * were most of the language server's peak memory.
 */
export function* serializeCacheChunks(contextHashValue: string, summaries: Iterable<{ path: string; summary: FileSummary }>): Generator<string> {
  yield `{"schema":${SUMMARY_SCHEMA},"contextHash":${JSON.stringify(contextHashValue)},"files":{`;
  let first = true;
  for (const { path, summary } of summaries) {
    yield `${first ? '' : ','}${JSON.stringify(path)}:${JSON.stringify(summary)}`;
    first = false;
  }
  yield '}}';
}

export function parseCache(raw: string | undefined, contextHashValue: string): CacheDocument | undefined {
  if (!raw) return undefined;
  try {
    const doc = JSON.parse(raw) as CacheDocument;
    if (doc.schema !== SUMMARY_SCHEMA || doc.contextHash !== contextHashValue || typeof doc.files !== 'object') return undefined;
    return doc;
  } catch {
    return undefined;
  }
}

/**
 * A cached summary is valid when the file's text and every included file's text hash as they
 * did. `textOf` reads current text; hashes of included files are memoised by the caller's map.
 */
export function cachedSummaryIsValid(
  summary: FileSummary,
  text: string,
  textOf: (path: string) => string | undefined,
  hashMemo: Map<string, string | undefined>,
): boolean {
  if (summary.textHash !== contentHash(text)) return false;
  for (const [dep, hash] of Object.entries(summary.dependencies)) {
    let current = hashMemo.get(dep);
    if (!hashMemo.has(dep)) {
      const depText = textOf(dep);
      current = depText === undefined ? undefined : contentHash(depText);
      hashMemo.set(dep, current);
    }
    if (current !== hash) return false;
  }
  return true;
}

/**
 * The file name of another repository's search pack (search across repositories): the folder's
 * name, readable, and a hash of its path, so two folders of one name keep apart.
 */
export function repositoryCacheName(root: string): string {
  return `search-${(basename(root) || 'root').replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 40)}-${contentHash(root).slice(0, 12)}.pack`;
}
