import { parentPort, workerData } from 'node:worker_threads';
import { parseFile } from '../model';
import { Workspace, type WorkspaceOptions } from '../workspace';
import { IncrementalParser, rememberingResolver } from '../syntax';
import { loadNodeGrammar, nodeFileSystem } from './host';

/**
 * A worker of the cold-indexing pool: it parses the files it is sent and answers with their
 * summaries. Trees never leave the worker.
 */
interface Job {
  id: number;
  paths: string[];
}

async function main(): Promise<void> {
  const { options, knownPaths } = workerData as { options: WorkspaceOptions; knownPaths: string[] };
  const grammar = await loadNodeGrammar();
  const workspace = new Workspace(nodeFileSystem, grammar, options);
  workspace.addKnownPaths(knownPaths);
  const parser = new IncrementalParser(grammar);
  // Headers are read once per worker, not once per file including them.
  const preprocessing = { ...workspace.preprocessOptions(), resolver: rememberingResolver(workspace.resolver) };
  parentPort!.on('message', (job: Job) => {
    const results = [];
    for (const path of job.paths) {
      const text = nodeFileSystem.readFile(path);
      if (text === undefined) {
        results.push({ path, summary: undefined });
        continue;
      }
      try {
        const parsed = parseFile(path, text, preprocessing, parser, undefined, false);
        parsed.tree?.delete();
        results.push({ path, summary: parsed.summary });
      } catch (error) {
        results.push({ path, summary: undefined, error: String(error) });
      }
    }
    parentPort!.postMessage({ id: job.id, results });
  });
  parentPort!.postMessage({ ready: true });
}

void main();
