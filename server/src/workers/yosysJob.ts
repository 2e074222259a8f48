/**
 * One Yosys run in a worker, shared by the Node worker thread (synthWorker.ts) and the browser's
 * web worker (web/yosysWorker.ts): the job's files as the nested folders the package's virtual
 * file system wants, its log as plain text, its exit code and the output files it asked for.
 * Imports nothing, so both bundles can take it.
 */
export type Tree = { [name: string]: Tree | string | Uint8Array };

export type RunYosys = (
  args: string[],
  files: Tree,
  options: { stdout: (b: Uint8Array | null) => void; stderr: (b: Uint8Array | null) => void; decodeASCII?: boolean; fetchProgress?: () => void },
) => Promise<Tree>;

export interface YosysJob {
  id: number;
  args: string[];
  files: Record<string, string>;
  outputs: string[];
}

export interface YosysJobAnswer {
  id: number;
  log: string;
  outputs: Record<string, string | undefined>;
  code: number;
}

function text(value: Tree | string | Uint8Array | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  return undefined;
}

/** 'a/b/c.v' keys as the nested directories the virtual file system wants. */
export function tree(files: Record<string, string>): Tree {
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

/** Runs the job; never rejects (a failure to load Yosys is an ERROR line and code 1). */
export async function runYosysJob(load: () => Promise<RunYosys>, job: YosysJob): Promise<YosysJobAnswer> {
  const decoder = new TextDecoder();
  let log = '';
  const sink = (bytes: Uint8Array | null) => {
    if (bytes) log += decoder.decode(bytes, { stream: true });
  };
  let files: Tree | undefined;
  let code = 0;
  try {
    const runYosys = await load();
    // fetchProgress: the package would otherwise print its loading progress on stdout (the
    // language server's channel when it talks over stdio) or the console.
    files = await runYosys(job.args, tree(job.files), { stdout: sink, stderr: sink, decodeASCII: false, fetchProgress: () => undefined });
  } catch (error) {
    // Yosys exiting non-zero throws an Exit carrying its code and the files it left.
    const exit = error as { code?: number; files?: Tree; message?: string };
    code = typeof exit.code === 'number' ? exit.code : 1;
    files = exit.files;
    if (exit.code === undefined) log += `\nERROR: ${exit.message ?? String(error)}\n`;
  }
  log += decoder.decode();
  // This Yosys colours its log (slang's diagnostics, ERROR:); the readers want plain text.
  log = log.replace(/\x1b\[[0-9;]*m/g, '');
  const outputs: Record<string, string | undefined> = {};
  for (const name of job.outputs) outputs[name] = text(files?.[name]);
  return { id: job.id, log, outputs, code };
}
