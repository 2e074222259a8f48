import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

/**
 * One Yosys (WebAssembly, @yowasp/yosys) per worker thread. The module is compiled on the
 * first job (about 2 s) and reused; the parent terminates the thread to cancel a run or end
 * one that takes too long, and starts a fresh one.
 */
interface Job {
  id: number;
  args: string[];
  files: Record<string, string>;
  outputs: string[];
}

type Tree = { [name: string]: Tree | string | Uint8Array };
type RunYosys = (
  args: string[],
  files: Tree,
  options: { stdout: (b: Uint8Array | null) => void; stderr: (b: Uint8Array | null) => void; decodeASCII?: boolean; fetchProgress?: () => void },
) => Promise<Tree>;

let yosys: Promise<RunYosys> | undefined;

function load(): Promise<RunYosys> {
  // A real dynamic import: the package is an ES module; the bundler must leave this alone.
  const dynamicImport = new Function('url', 'return import(url)') as (url: string) => Promise<{ runYosys: RunYosys }>;
  yosys ??= dynamicImport(pathToFileURL((workerData as { bundle: string }).bundle).href).then((m) => m.runYosys);
  return yosys;
}

function text(value: Tree | string | Uint8Array | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  return undefined;
}

/** 'a/b/c.v' keys as the nested directories the virtual file system wants. */
function tree(files: Record<string, string>): Tree {
  const root: Tree = {};
  for (const [name, content] of Object.entries(files)) {
    const parts = name.split('/').filter((p) => p !== '' && p !== '.');
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      const next = dir[part];
      dir = (next && typeof next === 'object' && !(next instanceof Uint8Array) ? next : (dir[part] = {})) as Tree;
    }
    dir[parts[parts.length - 1]] = content;
  }
  return root;
}

parentPort!.on('message', async (job: Job) => {
  const decoder = new TextDecoder();
  let log = '';
  const sink = (bytes: Uint8Array | null) => {
    if (bytes) log += decoder.decode(bytes, { stream: true });
  };
  let files: Tree | undefined;
  let code = 0;
  try {
    const runYosys = await load();
    // fetchProgress: the package would otherwise print its loading progress on the process's
    // stdout, which is the language server's channel when it talks over stdio.
    files = await runYosys(job.args, tree(job.files), { stdout: sink, stderr: sink, decodeASCII: false, fetchProgress: () => undefined });
  } catch (error) {
    // Yosys exiting non-zero throws an Exit carrying its code and the files it left.
    const exit = error as { code?: number; files?: Tree; message?: string };
    code = typeof exit.code === 'number' ? exit.code : 1;
    files = exit.files;
    if (exit.code === undefined) log += `\nERROR: ${exit.message ?? String(error)}\n`;
  }
  // This Yosys colours its log (slang's diagnostics, ERROR:); the readers want plain text.
  log = log.replace(/\x1b\[[0-9;]*m/g, '');
  const outputs: Record<string, string | undefined> = {};
  for (const name of job.outputs) outputs[name] = text(files?.[name]);
  parentPort!.postMessage({ id: job.id, log, outputs, code });
});
