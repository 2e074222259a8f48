import * as fs from 'node:fs';
import * as path from 'node:path';
import { type FileSystem, globToRegExp, isHdlFile, normalizePath } from '../base';
import { type Grammar, loadGrammar } from '../syntax';

/**
 * The Node side of the core's interfaces: the file system, the walk that finds HDL files,
 * and where the grammar's wasm files are (next to the bundle, or in node_modules when run
 * from compiled sources in tests).
 */
// Pure, in base since the web server needs them too; kept importable from here.
export { globToRegExp, isExcluded } from '../base';

export const nodeFileSystem: FileSystem = {
  readFile(p) {
    try {
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
  exists(p) {
    try {
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  },
};

export function grammarPaths(): { runtimeWasm: string; grammarWasm: string } {
  return wasmPaths();
}

function wasmPaths(): { runtimeWasm: string; grammarWasm: string } {
  const candidates = [__dirname, path.join(__dirname, '..'), path.resolve(__dirname, '../../../..'), path.resolve(__dirname, '../../..')];
  for (const dir of candidates) {
    const runtime = path.join(dir, 'tree-sitter.wasm');
    const grammar = path.join(dir, 'tree-sitter-systemverilog.wasm');
    if (fs.existsSync(runtime) && fs.existsSync(grammar)) return { runtimeWasm: runtime, grammarWasm: grammar };
    const rootRuntime = path.join(dir, 'node_modules/web-tree-sitter/tree-sitter.wasm');
    const rootGrammar = path.join(dir, 'grammars/tree-sitter-systemverilog.wasm');
    const npmGrammar = path.join(dir, 'node_modules/tree-sitter-systemverilog/tree-sitter-systemverilog.wasm');
    if (fs.existsSync(rootRuntime) && (fs.existsSync(rootGrammar) || fs.existsSync(npmGrammar))) {
      return { runtimeWasm: rootRuntime, grammarWasm: fs.existsSync(rootGrammar) ? rootGrammar : npmGrammar };
    }
  }
  throw new Error(`RTLens cannot find tree-sitter.wasm and tree-sitter-systemverilog.wasm near ${__dirname}`);
}

export function loadNodeGrammar(): Promise<Grammar> {
  return loadGrammar(grammarPaths());
}

/** Every HDL file under the roots, minus excluded ones; never follows symlinked folders twice. */
export function findHdlFiles(roots: string[], exclude: string[] = []): string[] {
  const patterns = exclude.map(globToRegExp);
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (dir: string) => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = normalizePath(path.join(dir, entry.name));
      if (patterns.some((p) => p.test(full) || p.test(full + '/'))) continue;
      if (entry.isDirectory()) {
        if (entry.name === 'node_modules' || entry.name === '.git') continue;
        walk(full);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && isHdlFile(full)) out.push(full);
    }
  };
  for (const root of roots) walk(root);
  return out.sort();
}

/** The built-in cell library (rtlens_generic.lib): dist/data next to the bundle, or server/data in the repository. */
export function genericLiberty(): { path: string; text: string } {
  const candidates = [path.join(__dirname, 'data'), path.join(__dirname, '../data'), path.resolve(__dirname, '../../data'), path.resolve(__dirname, '../../../../server/data')];
  for (const dir of candidates) {
    const file = path.join(dir, 'rtlens_generic.lib');
    if (fs.existsSync(file)) return { path: file, text: fs.readFileSync(file, 'utf8') };
  }
  throw new Error(`RTLens cannot find its built-in cell library near ${__dirname}`);
}
