import { parseFile } from '../model';
import type { Workspace } from '../workspace';
import { IncrementalParser, rememberingResolver } from '../syntax';

/**
 * Parses files in the calling thread into the workspace's index: the Node indexer's small
 * workspaces (indexer.ts) and the browser's web worker (web/main.ts), where no other thread
 * parses. `sliceMs`: after that much work, yield to the event loop so requests are answered
 * between slices (the web worker's only thread); Infinity never yields. Imports nothing of Node.
 * Returns how many files were parsed.
 */
export async function parseInThread(
  workspace: Workspace,
  paths: readonly string[],
  read: (path: string) => string | undefined,
  options: { sliceMs?: number; isCancelled?: () => boolean; onProgress?: (done: number) => void } = {},
): Promise<number> {
  const parser = new IncrementalParser(workspace.grammar);
  const preprocessing = { ...workspace.preprocessOptions(), resolver: rememberingResolver(workspace.resolver) };
  const sliceMs = options.sliceMs ?? Infinity;
  let done = 0;
  let slice = performance.now();
  try {
    for (const p of paths) {
      if (options.isCancelled?.()) break;
      const text = read(p);
      if (text === undefined) continue;
      const parsed = parseFile(p, text, preprocessing, parser, undefined, false);
      parsed.tree?.delete();
      workspace.setSummary(p, parsed.summary);
      done++;
      if (sliceMs === Infinity) {
        if (done % 50 === 0) options.onProgress?.(done);
      } else if (performance.now() - slice > sliceMs) {
        options.onProgress?.(done);
        await new Promise((resolve) => setTimeout(resolve, 0));
        slice = performance.now();
      }
    }
  } finally {
    parser.delete();
  }
  return done;
}
