import * as path from 'node:path';
import * as fs from 'node:fs';
import { normalizePath } from '../base';
import { Workspace } from '../workspace';
import { indexWorkspace } from '../workers/indexer';
import { loadNodeGrammar, nodeFileSystem } from '../workers/host';

/**
 * The rtlens command line (contract in CLI.md): the same core the server uses, JSON out.
 * A user error prints one line on stderr and exits 1; never a stack trace.
 */
class UsageError extends Error {}

interface Parsed {
  positional: string[];
  flags: Map<string, string[]>;
}

function parseArgs(argv: string[]): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  const valueFlags = new Set(['--include-dir', '--define', '--top', '--module', '--signal', '--depth', '--liberty', '--target', '--budget', '--k', '--workers', '--cache']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(0, eq) : a;
      let value = eq > 0 ? a.slice(eq + 1) : 'true';
      if (eq < 0 && valueFlags.has(name)) {
        if (i + 1 >= argv.length) throw new UsageError(`${name} needs a value`);
        value = argv[++i];
      }
      flags.set(name, [...(flags.get(name) ?? []), value]);
    } else positional.push(a);
  }
  return { positional, flags };
}

const USAGE = `usage: rtlens <command> [options]
  lsp --stdio                         run the language server on stdio
  index DIR [--include-dir D]... [--define NAME[=VAL]]... [--json] [--cache FILE]
                                      index every HDL file under DIR`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'lsp': {
        // Imported lazily: the server module starts listening on load.
        const { startServer } = await import('../lsp/server');
        startServer();
        return -1;
      }
      case 'index':
        return await indexCommand(parseArgs(rest));
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(USAGE + '\n');
        return command === undefined ? 1 : 0;
      default:
        throw new UsageError(`unknown command '${command}' (try rtlens --help)`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`rtlens: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`rtlens: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

function defines(parsed: Parsed): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of parsed.flags.get('--define') ?? []) {
    const eq = d.indexOf('=');
    if (eq < 0) out[d] = '';
    else out[d.slice(0, eq)] = d.slice(eq + 1);
  }
  return out;
}

async function indexCommand(parsed: Parsed): Promise<number> {
  const dir = parsed.positional[0];
  if (!dir) throw new UsageError('index needs a directory');
  const root = normalizePath(path.resolve(dir));
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`not a directory: ${dir}`);
  const grammar = await loadNodeGrammar();
  const includeDirs = (parsed.flags.get('--include-dir') ?? []).map((d) => normalizePath(path.resolve(d)));
  const workspace = new Workspace(nodeFileSystem, grammar, { roots: [root], includeDirs, defines: defines(parsed) });
  const workers = parsed.flags.has('--workers') ? Number(parsed.flags.get('--workers')![0]) : undefined;
  const stats = await indexWorkspace(workspace, { cacheFile: parsed.flags.get('--cache')?.[0], workers });
  let modules = 0;
  let parseErrorFiles = 0;
  for (const { summary } of workspace.summaries()) {
    modules += summary.units.filter((u) => u.kind === 'module').length;
    if (summary.problems.some((p) => p.code === 'syntax-error' || p.code === 'missing-token')) parseErrorFiles++;
  }
  const result = { files: stats.files, lines: stats.lines, modules, parseErrorFiles, ms: stats.ms, fromCache: stats.fromCache };
  if (parsed.flags.has('--json')) process.stdout.write(JSON.stringify(result) + '\n');
  else process.stdout.write(`${result.files} files, ${result.lines} lines, ${result.modules} modules, ${result.parseErrorFiles} with parse errors, ${result.ms} ms\n`);
  workspace.dispose();
  return 0;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    if (code >= 0) process.exitCode = code;
  });
}
