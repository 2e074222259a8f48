import { basename, dirname, extensionOf, type FileSystem, joinPath, normalizePath } from '../base';

/**
 * Project configuration as real projects write it: filelists (`.f`, `.vc`, `.flist`, including
 * the `file`/`list`/`include` list files some projects use), FuseSoC CAPI2 `.core` files and
 * Bender manifests. Each is read into one `ProjectConfig`: ordered source files, include
 * folders, macros, library folders and files, the top module when the format names one, and
 * the problems found (with line numbers), so a bad project file is reported, never thrown.
 *
 * Pure: files are read through the FileSystem interface. Every reader is linear in its input
 * and bounded (file size, nesting depth, number of files).
 */

export type ProjectKind = 'filelist' | 'fusesoc' | 'bender';

export interface ProjectProblem {
  /** The file the problem is in (a nested filelist, or the project file itself). */
  path: string;
  /** 1-based; 0 when the problem is about the file as a whole. */
  line: number;
  message: string;
}

export interface ProjectConfig {
  kind: ProjectKind;
  path: string;
  /** Source files in compilation order, absolute, without duplicates. */
  files: string[];
  includeDirs: string[];
  defines: Record<string, string>;
  /** `-y` folders (module NAME is in NAME + one of libraryExtensions). */
  libraryDirs: string[];
  /** `-v` files. */
  libraryFiles: string[];
  /** `+libext+` extensions, with their dots. */
  libraryExtensions: string[];
  top?: string;
  /** Every file read to make this configuration (the project file and nested filelists). */
  sources: string[];
  /** Environment variables referenced but not given. */
  unresolved: string[];
  problems: ProjectProblem[];
}

export interface ProjectOptions {
  /** The folder `-f` paths and top-level relative paths are taken from (the workspace root). */
  root: string;
  /** Environment for `$VAR` / `${VAR}`. */
  env?: Record<string, string | undefined>;
  /** FuseSoC target (default: `default`, else the first); Bender targets that are set. */
  target?: string;
  benderTargets?: string[];
  /**
   * Whether a folder exists (FileSystem.exists answers for files); lets a relative include
   * folder fall back to the project file's own folder. Without it, folders are taken as given.
   */
  folderExists?: (path: string) => boolean;
  /** FuseSoC core files of the workspace, where `depend:` entries are looked up by name. */
  cores?: string[];
  /** Bender manifests of the workspace (`.bender` checkouts included), where `dependencies:` are looked up by package name. */
  manifests?: string[];
}

/** Bounds: a project file larger than this is refused; nesting and counts are capped. */
const MAX_FILE_CHARS = 4_000_000;
const MAX_NESTING = 32;
const MAX_FILES = 100_000;
const MAX_YAML_DEPTH = 64;
/** Problems listed one by one; past this, one last problem counts the rest. */
const MAX_PROBLEMS = 200;

const FILELIST_EXTENSIONS = ['.f', '.vc', '.flist'];

/** Whether a path names a project file RTLens can read. */
export function isProjectFile(path: string): boolean {
  const name = basename(path);
  if (name === 'Bender.yml') return true;
  const ext = extensionOf(path);
  return ext === '.core' || FILELIST_EXTENSIONS.includes(ext);
}

export function projectKindOf(path: string): ProjectKind {
  if (basename(path) === 'Bender.yml') return 'bender';
  if (extensionOf(path) === '.core') return 'fusesoc';
  return 'filelist';
}

/** Project files among workspace paths: shallowest first, then by name. */
export function projectCandidates(paths: Iterable<string>): string[] {
  const depth = (p: string) => p.split('/').length;
  return [...paths].filter(isProjectFile).sort((a, b) => depth(a) - depth(b) || a.localeCompare(b));
}

/** One entry of a folder listing, as the adapter gives it. */
export interface FolderEntry {
  name: string;
  folder: boolean;
}

/** Bounds of the walk that finds project files: entries looked at, folder depth, files kept. */
const WALK_ENTRIES = 50_000;
const WALK_DEPTH = 12;
const WALK_FOUND = 500;

/**
 * Project files under the roots, shallowest first: a bounded walk over a listing the adapter
 * supplies (hidden folders and node_modules skipped, and whatever `skip` says).
 */
export function findProjectFiles(roots: readonly string[], list: (folder: string) => FolderEntry[] | undefined, skip: (path: string) => boolean = () => false): string[] {
  const found: string[] = [];
  let budget = WALK_ENTRIES;
  const walk = (folder: string, depth: number) => {
    if (depth > WALK_DEPTH || budget <= 0 || found.length >= WALK_FOUND) return;
    for (const entry of list(folder) ?? []) {
      if (--budget <= 0) return;
      const full = joinPath(folder, entry.name);
      if (skip(full)) continue;
      if (entry.folder) {
        // Hidden folders are skipped, except `.bender`, where Bender checks dependencies out.
        if (entry.name !== 'node_modules' && (!entry.name.startsWith('.') || entry.name === '.bender')) walk(full, depth + 1);
      } else if (isProjectFile(full) && found.length < WALK_FOUND) found.push(full);
    }
  };
  for (const root of roots) walk(normalizePath(root), 0);
  return projectCandidates(found);
}

/** Reads a project file of any kind. Never throws: what cannot be read is a problem. */
export function loadProject(fs: FileSystem, path: string, options: ProjectOptions): ProjectConfig {
  const kind = projectKindOf(path);
  const config = emptyConfig(kind, path);
  let text: string | undefined;
  try {
    text = fs.readFile(path);
  } catch {
    text = undefined;
  }
  if (text === undefined) {
    config.problems.push({ path, line: 0, message: `cannot read the project file ${path}` });
    return config;
  }
  if (text.length > MAX_FILE_CHARS) {
    config.problems.push({ path, line: 0, message: `project file too large (${text.length} characters; the limit is ${MAX_FILE_CHARS})` });
    return config;
  }
  config.sources.push(path);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (kind === 'filelist') readFilelist(fs, path, text, options, config);
  else if (kind === 'fusesoc') readCore(fs, path, text, options, config);
  else readBender(fs, path, text, options, config);
  if (config.problems.length > MAX_PROBLEMS) {
    const more = config.problems.length - MAX_PROBLEMS;
    config.problems.length = MAX_PROBLEMS;
    config.problems.push({ path, line: 0, message: `${more} more problems not listed` });
  }
  return config;
}

/**
 * Problems about a manifest's keys: the line is looked up (a scan of the lines, split once)
 * only while problems are still listed, so a manifest naming many absent files stays linear.
 */
function keyedProblems(config: ProjectConfig, text: string, path = config.path): (key: string, message: string) => void {
  let lines: string[] | undefined;
  return (key, message) => {
    let line = 0;
    if (config.problems.length < MAX_PROBLEMS) line = lineOfKey((lines ??= text.split('\n')), key);
    config.problems.push({ path, line, message });
  };
}

function emptyConfig(kind: ProjectKind, path: string): ProjectConfig {
  return { kind, path, files: [], includeDirs: [], defines: {}, libraryDirs: [], libraryFiles: [], libraryExtensions: [], sources: [], unresolved: [], problems: [] };
}

/** Sets beside the lists they mirror, so adding to a list of many files stays linear. */
const listSets = new WeakMap<string[], Set<string>>();

function pushUnique(list: string[], value: string): void {
  let set = listSets.get(list);
  if (!set) listSets.set(list, (set = new Set(list)));
  if (set.has(value)) return;
  set.add(value);
  list.push(value);
}

// ---------------------------------------------------------------------------------------------
// Filelists

interface Token {
  text: string;
  line: number;
  /** Whether the token was quoted (a quoted token is never an option). */
  quoted: boolean;
  /** Whether the token starts a line (list-file keywords are recognised only there). */
  first: boolean;
}

/** Splits a filelist into tokens: whitespace separated, quotes group, `//`, `#` and `/* *\/` comments dropped. */
export function tokenizeFilelist(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  let lineStart = true;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
      lineStart = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      i += 2;
      while (i < n && !(text[i] === '*' && text[i + 1] === '/')) {
        if (text[i] === '\n') line++;
        i++;
      }
      i += 2;
      continue;
    }
    if (c === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    const startLine = line;
    let value = '';
    let quoted = false;
    while (i < n) {
      const d = text[i];
      if (d === '"' || d === "'") {
        if (value === '') quoted = true;
        i++;
        while (i < n && text[i] !== d && text[i] !== '\n') value += text[i++];
        if (text[i] === d) i++;
        continue;
      }
      if (d === ' ' || d === '\t' || d === '\r' || d === '\n' || d === '\f' || d === '\v') break;
      if (d === '/' && text[i + 1] === '/' && value.length > 0 && value[value.length - 1] !== ':') break;
      if (d === '\\' && text[i + 1] === '\n') {
        // A line continuation.
        i += 2;
        line++;
        break;
      }
      value += d;
      i++;
    }
    tokens.push({ text: value, line: startLine, quoted, first: lineStart });
    lineStart = false;
  }
  return tokens;
}

/** `$VAR`, `${VAR}` and `$(VAR)` replaced from env; missing names are returned, their text left in place. */
export function expandEnv(text: string, env: Record<string, string | undefined>): { text: string; missing: string[] } {
  if (!text.includes('$')) return { text, missing: [] };
  let out = '';
  const missing: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const open = text[i + 1];
    let name = '';
    let end = i + 1;
    if (open === '{' || open === '(') {
      const close = open === '{' ? '}' : ')';
      const at = text.indexOf(close, i + 2);
      if (at < 0) {
        out += c;
        i++;
        continue;
      }
      name = text.slice(i + 2, at);
      end = at + 1;
    } else {
      while (end < text.length && isNameChar(text[end])) end++;
      name = text.slice(i + 1, end);
    }
    if (!name) {
      out += c;
      i++;
      continue;
    }
    const value = env[name];
    if (value === undefined) {
      missing.push(name);
      out += text.slice(i, end);
    } else out += value;
    i = end;
  }
  return { text: out, missing };
}

function isNameChar(c: string): boolean {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c === '_';
}

/** Tool options that take the next token as their value (which is then not a source file). */
const OPTIONS_WITH_VALUE = new Set(['-CFLAGS', '-LDFLAGS', '-o', '-Mdir', '--Mdir', '-work', '-l', '-L', '-j', '--threads', '--trace-depth', '--x-assign', '--x-initial', '-timescale', '--timescale', '-suppress', '-error', '-warning', '-G', '-P', '-pvalue', '-libmap', '-lib', '-makelib']);

/** List-file keywords (`file x.v`, `list sub.f`, `include dir`, `define NAME`): paths relative to the list. */
const LIST_KEYWORDS = new Set(['file', 'list', 'include', 'define']);

function readFilelist(fs: FileSystem, path: string, text: string, options: ProjectOptions, config: ProjectConfig): void {
  const env = options.env ?? {};
  const root = normalizePath(options.root);
  const active = new Set<string>();
  const missingFiles = new Set<string>();

  const visit = (file: string, content: string, base: string, depth: number) => {
    active.add(file);
    const tokens = tokenizeFilelist(content);
    const problem = (line: number, message: string) => config.problems.push({ path: file, line, message });
    const own = dirname(file);
    /** Expands env references; undefined (and one problem) when some are missing. */
    // One problem per missing variable and file (at its first use), not one per line using it.
    const unset = new Map<string, { line: number; uses: number; example: string }>();
    const expand = (token: Token): string | undefined => {
      const { text: value, missing } = expandEnv(token.text, env);
      if (missing.length === 0) return value;
      for (const name of missing) {
        pushUnique(config.unresolved, name);
        const known = unset.get(name);
        if (known) known.uses++;
        else unset.set(name, { line: token.line, uses: 1, example: token.text });
      }
      return undefined;
    };
    const folderExists = options.folderExists;
    /** A path from this file: against its base, else (when that does not exist) against the file's own folder. */
    const resolve = (value: string, relativeTo = base, folder = false): string => {
      const primary = joinPath(relativeTo, value);
      if (relativeTo === own || value.startsWith('/')) return primary;
      const exists = folder ? folderExists : (p: string) => fs.exists(p);
      if (!exists || exists(primary)) return primary;
      const secondary = joinPath(own, value);
      return exists(secondary) ? secondary : primary;
    };
    const addFile = (token: Token, list: string[], relativeTo?: string) => {
      const value = expand(token);
      if (value === undefined) return;
      if (config.files.length + config.libraryFiles.length >= MAX_FILES) {
        if (config.files.length + config.libraryFiles.length === MAX_FILES) problem(token.line, `more than ${MAX_FILES} files: the rest are ignored`);
        return;
      }
      const full = resolve(value, relativeTo);
      if (!fs.exists(full)) {
        if (!missingFiles.has(full)) problem(token.line, `file not found: ${value}`);
        missingFiles.add(full);
      }
      pushUnique(list, full);
    };
    const addDir = (token: Token, value: string, list: string[], relativeTo?: string) => {
      const expanded = expand({ ...token, text: value });
      if (expanded === undefined || expanded === '') return;
      pushUnique(list, resolve(expanded, relativeTo, true));
    };
    const addDefine = (token: Token, value: string) => {
      const expanded = expand({ ...token, text: value });
      if (expanded === undefined || expanded === '') return;
      const eq = expanded.indexOf('=');
      if (eq === 0) return;
      if (eq < 0) config.defines[expanded] = '';
      else config.defines[expanded.slice(0, eq)] = expanded.slice(eq + 1);
    };
    const nest = (token: Token, relativeToOwn: boolean) => {
      const value = expand(token);
      if (value === undefined) return;
      const nested = resolve(value, relativeToOwn ? own : base);
      if (active.has(nested)) {
        problem(token.line, `filelist includes itself: ${value}`);
        return;
      }
      if (depth + 1 > MAX_NESTING) {
        problem(token.line, `filelists nested deeper than ${MAX_NESTING}: ${value} ignored`);
        return;
      }
      let nestedText: string | undefined;
      try {
        nestedText = fs.readFile(nested);
      } catch {
        nestedText = undefined;
      }
      if (nestedText === undefined) {
        problem(token.line, `filelist not found: ${value}`);
        return;
      }
      if (nestedText.length > MAX_FILE_CHARS) {
        problem(token.line, `filelist too large: ${value}`);
        return;
      }
      pushUnique(config.sources, nested);
      // -F and `list`: the nested file's paths are relative to its own folder; -f: to the root.
      visit(nested, nestedText, relativeToOwn ? dirname(nested) : root, depth + 1);
    };

    for (let k = 0; k < tokens.length; k++) {
      const token = tokens[k];
      const t = token.text;
      const next = (): Token | undefined => {
        const value = tokens[k + 1];
        if (!value || value.line !== token.line) {
          problem(token.line, `${t} needs a value`);
          return undefined;
        }
        k++;
        return value;
      };
      if (token.quoted) {
        // A quoted token is a path, never an option.
        addFile(token, config.files);
        continue;
      }
      if (token.first && LIST_KEYWORDS.has(t) && tokens[k + 1]?.line === token.line) {
        const value = tokens[++k];
        if (t === 'file') addFile(value, config.files, own);
        else if (t === 'list') nest(value, true);
        else if (t === 'include') addDir(value, value.text, config.includeDirs, own);
        else {
          const third = tokens[k + 1];
          if (third && third.line === value.line && !value.text.includes('=')) {
            k++;
            addDefine(value, `${value.text}=${third.text}`);
          } else addDefine(value, value.text);
        }
        continue;
      }
      if (t.startsWith('+')) {
        const parts = t.split('+').slice(1);
        const option = parts[0]?.toLowerCase();
        const values = parts.slice(1).filter((p) => p !== '');
        if (option === 'incdir') for (const v of values) addDir(token, v, config.includeDirs);
        else if (option === 'define') for (const v of values) addDefine(token, v);
        else if (option === 'libext') for (const v of values) pushUnique(config.libraryExtensions, v.startsWith('.') ? v : `.${v}`);
        else if (option === 'top' && values[0]) config.top = values[0];
        // Other plusargs (+notimingchecks, +librescan, ...) do not change what the files mean.
        continue;
      }
      if (t.startsWith('-') && t.length > 1) {
        if (t === '-f' || t === '-F' || t === '-file') {
          const value = next();
          if (value) nest(value, t === '-F');
        } else if (t === '-v') {
          const value = next();
          if (value) addFile(value, config.libraryFiles);
        } else if (t === '-y') {
          const value = next();
          if (value) addDir(value, value.text, config.libraryDirs);
        } else if (t === '-I' || t === '-incdir' || t === '--include') {
          const value = next();
          if (value) addDir(value, value.text, config.includeDirs);
        } else if (t.startsWith('-I')) addDir(token, t.slice(2), config.includeDirs);
        else if (t === '-D' || t === '-define') {
          const value = next();
          if (value) addDefine(value, value.text);
        } else if (t.startsWith('-D')) addDefine(token, t.slice(2));
        else if (t === '-top' || t === '--top-module' || t === '--top') {
          const value = next();
          if (value) config.top = value.text;
        } else if (t.startsWith('--top-module=') || t.startsWith('--top=')) config.top = t.slice(t.indexOf('=') + 1);
        else if (OPTIONS_WITH_VALUE.has(t)) next();
        // Other options (-sverilog, -timescale=..., -Wall) do not name files.
        continue;
      }
      addFile(token, config.files);
    }
    for (const [name, { line, uses, example }] of unset) {
      problem(line, `environment variable $${name} is not set: ${uses === 1 ? `'${example}' is` : `${uses} entries using it (such as '${example}') are`} skipped`);
    }
    active.delete(file);
  };
  visit(path, text, root, 0);
}

// ---------------------------------------------------------------------------------------------
// A YAML subset: block maps and lists, flow lists and maps, quoted and plain scalars, comments.

export type YamlValue = string | null | YamlValue[] | YamlMap;
export interface YamlMap {
  [key: string]: YamlValue;
}

export class YamlError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

interface YamlLine {
  indent: number;
  text: string;
  line: number;
}

/**
 * Reads the YAML that project manifests use, anchors, aliases and `<<` merges included.
 * Throws YamlError (with its line) on what it does not support: block scalars (`|`, `>`),
 * tags, complex keys, tabs in indentation, several documents. Linear in the input (aliases
 * share values; merges copy one map's keys, and aliases are capped); nesting is capped.
 */
export function parseYaml(text: string): YamlValue {
  const lines: YamlLine[] = [];
  const raw = text.split('\n');
  for (let i = 0; i < raw.length; i++) {
    let s = raw[i];
    if (s.endsWith('\r')) s = s.slice(0, -1);
    let indent = 0;
    while (indent < s.length && s[indent] === ' ') indent++;
    if (s[indent] === '\t') {
      const rest = s.slice(indent).trim();
      if (rest !== '' && !rest.startsWith('#')) throw new YamlError(i + 1, 'tab in indentation (YAML allows spaces only)');
    }
    const content = stripComment(s.slice(indent)).trimEnd();
    if (content === '') continue;
    if (content === '---' || content.startsWith('--- ')) {
      if (lines.length > 0) throw new YamlError(i + 1, 'several YAML documents in one file are not supported');
      continue;
    }
    if (content === '...') break;
    if (indent === 0 && content.startsWith('%')) continue;
    lines.push({ indent, text: content, line: i + 1 });
  }
  if (lines.length === 0) return null;
  const reader = new YamlReader(lines);
  const value = reader.block(lines[0].indent, 0);
  if (reader.at < lines.length) throw new YamlError(lines[reader.at].line, 'unexpected indentation');
  return value;
}

/** The text before a comment: `#` at the start or after a space, outside quotes. */
function stripComment(s: string): string {
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if ((c === '"' || c === "'") && (i === 0 || ' \t[{,:-'.includes(s[i - 1]))) quote = c;
    else if (c === '#' && (i === 0 || s[i - 1] === ' ' || s[i - 1] === '\t')) return s.slice(0, i);
  }
  return s;
}

/** Where a block-map key ends: the first `:` followed by a space or the end, outside quotes and brackets. */
function keyColon(s: string): number {
  let quote = '';
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ':' && depth === 0 && (i + 1 === s.length || s[i + 1] === ' ')) return i;
  }
  return -1;
}

/** Alias uses allowed in one document (aliases share, never copy, except for `<<` merges). */
const MAX_ALIASES = 10_000;

class YamlReader {
  at = 0;
  private readonly anchors = new Map<string, YamlValue>();
  private aliasUses = 0;
  constructor(private readonly lines: YamlLine[]) {}

  /** The value an alias names (`*name`). */
  readonly alias = (name: string, line: number): YamlValue => {
    if (++this.aliasUses > MAX_ALIASES) throw new YamlError(line, `more than ${MAX_ALIASES} aliases`);
    if (!this.anchors.has(name)) throw new YamlError(line, `unknown alias *${name}`);
    return this.anchors.get(name)!;
  };

  readonly anchor = (name: string, value: YamlValue): void => {
    this.anchors.set(name, value);
  };

  /** The value after `key:` or `- `: an optional `&anchor`, then an alias, an inline value or a nested block. */
  private valueAfter(text: string, line: YamlLine, indent: number, depth: number, sameIndentList: boolean): YamlValue {
    let rest = text;
    let anchor: string | undefined;
    if (rest.startsWith('&')) {
      const space = rest.indexOf(' ');
      anchor = space < 0 ? rest.slice(1) : rest.slice(1, space);
      rest = space < 0 ? '' : rest.slice(space + 1).trim();
      if (!anchor) throw new YamlError(line.line, 'an anchor (&) without a name');
    }
    let value: YamlValue;
    if (rest === '') value = this.nested(indent, depth, sameIndentList);
    else if (rest.startsWith('*')) value = this.alias(rest.slice(1).trim(), line.line);
    else value = this.inlineMaybeMultiline(rest, line, depth);
    if (anchor) this.anchor(anchor, value);
    return value;
  }

  block(indent: number, depth: number): YamlValue {
    if (depth > MAX_YAML_DEPTH) throw new YamlError(this.lines[this.at].line, `nested deeper than ${MAX_YAML_DEPTH} levels`);
    const first = this.lines[this.at];
    if (isListItem(first.text)) return this.list(indent, depth);
    if (keyColon(first.text) >= 0) return this.map(indent, depth);
    // A lone scalar (or flow collection) as the whole block.
    this.at++;
    return this.inline(first.text, first, depth);
  }

  private list(indent: number, depth: number): YamlValue[] {
    const out: YamlValue[] = [];
    while (this.at < this.lines.length) {
      const line = this.lines[this.at];
      if (line.indent < indent) break;
      if (line.indent > indent) throw new YamlError(line.line, 'unexpected indentation in a list');
      if (!isListItem(line.text)) break;
      const rest = line.text.slice(1).trimStart();
      if (rest === '') {
        this.at++;
        out.push(this.nested(indent, depth, false));
        continue;
      }
      const column = indent + (line.text.length - rest.length);
      if (isListItem(rest) || keyColon(rest) >= 0) {
        // `- key: value` or `- - x`: the item is a block starting at the column after the dash.
        this.lines[this.at] = { indent: column, text: rest, line: line.line };
        out.push(this.block(column, depth + 1));
        continue;
      }
      this.at++;
      out.push(this.valueAfter(rest, line, indent, depth, false));
    }
    return out;
  }

  private map(indent: number, depth: number): YamlMap {
    const out: YamlMap = Object.create(null) as YamlMap;
    const merges: YamlValue[] = [];
    while (this.at < this.lines.length) {
      const line = this.lines[this.at];
      if (line.indent < indent) break;
      if (line.indent > indent) throw new YamlError(line.line, 'unexpected indentation in a map');
      if (isListItem(line.text)) break;
      const colon = keyColon(line.text);
      if (colon < 0) throw new YamlError(line.line, `expected 'key: value', found '${line.text}'`);
      const key = scalar(line.text.slice(0, colon).trim(), line.line) ?? '';
      if (key.startsWith('?')) throw new YamlError(line.line, 'complex keys (?) are not supported');
      const rest = line.text.slice(colon + 1).trim();
      this.at++;
      const value = this.valueAfter(rest, line, indent, depth, true);
      if (key === '<<') merges.push(value);
      else out[key] = value;
    }
    // `<<: *base` (or a list of them): keys of the merged maps the map does not set itself.
    for (const merge of merges) {
      for (const source of Array.isArray(merge) ? merge : [merge]) {
        if (typeof source !== 'object' || source === null || Array.isArray(source)) continue;
        for (const [k, v] of Object.entries(source)) if (!(k in out)) out[k] = v;
      }
    }
    return out;
  }

  /** The value under a `key:` or `-` with nothing after it: a deeper block, a same-indent list (maps only), or null. */
  private nested(indent: number, depth: number, sameIndentList: boolean): YamlValue {
    const next = this.lines[this.at];
    if (!next) return null;
    if (next.indent > indent) return this.block(next.indent, depth + 1);
    if (sameIndentList && next.indent === indent && isListItem(next.text)) return this.list(indent, depth + 1);
    return null;
  }

  /** An inline value; a flow collection may continue on the next lines until its brackets close. */
  private inlineMaybeMultiline(text: string, line: YamlLine, depth: number): YamlValue {
    if (text[0] !== '[' && text[0] !== '{') return this.inline(text, line, depth);
    const parts = [text];
    const state = { depth: 0, quote: '' };
    bracketDepth(text, state);
    // Each added line is scanned once, carrying the depth and quote state.
    while (state.depth > 0 && this.at < this.lines.length) {
      const next = this.lines[this.at++].text;
      parts.push(next);
      bracketDepth(next, state);
    }
    return this.inline(parts.join(' '), line, depth);
  }

  private inline(text: string, line: YamlLine, depth: number): YamlValue {
    const c = text[0];
    if (c === '|' || c === '>') throw new YamlError(line.line, 'block scalars (| and >) are not supported');
    if (c === '!') throw new YamlError(line.line, 'tags are not supported');
    if (c === '[' || c === '{') {
      const flow = new FlowReader(text, line.line, depth, this);
      const value = flow.value();
      flow.end();
      return value;
    }
    return scalar(text, line.line);
  }
}

function isListItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

/** Adds a piece of flow text to a running bracket depth (quotes carried across pieces). */
function bracketDepth(text: string, state: { depth: number; quote: string }): void {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (state.quote) {
      if (c === '\\' && state.quote === '"') i++;
      else if (c === state.quote) state.quote = '';
    } else if (c === '"' || c === "'") state.quote = c;
    else if (c === '[' || c === '{') state.depth++;
    else if (c === ']' || c === '}') state.depth--;
  }
}

/** A scalar: quoted ones unquoted, `~`/`null` as null, everything else as its text. */
function scalar(text: string, line: number): string | null {
  const t = text.trim();
  if (t === '' || t === '~' || t === 'null' || t === 'Null' || t === 'NULL') return null;
  if (t[0] === '"' || t[0] === "'") {
    const reader = new FlowReader(t, line, 0);
    const value = reader.quoted();
    reader.end();
    return value;
  }
  return t;
}

class FlowReader {
  private i = 0;
  constructor(
    private readonly s: string,
    private readonly line: number,
    private readonly depth: number,
    private readonly names?: { alias(name: string, line: number): YamlValue; anchor(name: string, value: YamlValue): void },
  ) {}

  /** An anchor or alias name: up to a space, a comma or a closing bracket. */
  private name(): string {
    const start = ++this.i;
    while (this.i < this.s.length && !' ,]}'.includes(this.s[this.i])) this.i++;
    const name = this.s.slice(start, this.i);
    if (!name) this.fail('an anchor or alias without a name');
    return name;
  }

  private fail(message: string): never {
    throw new YamlError(this.line, message);
  }

  private skip(): void {
    while (this.i < this.s.length && (this.s[this.i] === ' ' || this.s[this.i] === '\t')) this.i++;
  }

  end(): void {
    this.skip();
    if (this.i < this.s.length) this.fail(`unexpected '${this.s.slice(this.i, this.i + 20)}' after the value`);
  }

  value(nesting = 0): YamlValue {
    if (this.depth + nesting > MAX_YAML_DEPTH) this.fail(`nested deeper than ${MAX_YAML_DEPTH} levels`);
    this.skip();
    const c = this.s[this.i];
    if (c === '[') return this.list(nesting);
    if (c === '{') return this.map(nesting);
    if (c === '"' || c === "'") return this.quoted();
    if (c === '*' && this.names) return this.names.alias(this.name(), this.line);
    if (c === '&' && this.names) {
      const name = this.name();
      const value = this.value(nesting + 1);
      this.names.anchor(name, value);
      return value;
    }
    if (c === '&' || c === '*') this.fail('anchors and aliases are not supported here');
    if (c === '!') this.fail('tags are not supported');
    return this.plain();
  }

  private list(nesting: number): YamlValue[] {
    this.i++;
    const out: YamlValue[] = [];
    for (;;) {
      this.skip();
      if (this.i >= this.s.length) this.fail("unclosed '['");
      if (this.s[this.i] === ']') {
        this.i++;
        return out;
      }
      let item = this.value(nesting + 1);
      this.skip();
      if (this.s[this.i] === ':') {
        // `[key: value]`: a one-pair map inside the list.
        this.i++;
        const map = Object.create(null) as YamlMap;
        map[keyText(item, this.line)] = this.itemValue(nesting);
        item = map;
        this.skip();
      }
      out.push(item);
      if (this.i >= this.s.length) this.fail("unclosed '['");
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== ']') this.fail(`expected ',' or ']' in a flow list`);
    }
  }

  private map(nesting: number): YamlMap {
    this.i++;
    const out = Object.create(null) as YamlMap;
    for (;;) {
      this.skip();
      if (this.i >= this.s.length) this.fail("unclosed '{'");
      if (this.s[this.i] === '}') {
        this.i++;
        return out;
      }
      const key = keyText(this.value(nesting + 1), this.line);
      this.skip();
      if (this.s[this.i] === ':') {
        this.i++;
        out[key] = this.itemValue(nesting);
      } else out[key] = null;
      this.skip();
      if (this.i >= this.s.length) this.fail("unclosed '{'");
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== '}') this.fail(`expected ',' or '}' in a flow map`);
    }
  }

  /** The value after `key:` inside a flow collection (empty means null). */
  private itemValue(nesting: number): YamlValue {
    this.skip();
    const c = this.s[this.i];
    if (c === ',' || c === '}' || c === ']' || c === undefined) return null;
    return this.value(nesting + 1);
  }

  quoted(): string {
    const q = this.s[this.i++];
    let out = '';
    while (this.i < this.s.length) {
      const c = this.s[this.i++];
      if (c === q) {
        if (q === "'" && this.s[this.i] === "'") {
          out += "'";
          this.i++;
          continue;
        }
        return out;
      }
      if (c === '\\' && q === '"') {
        const e = this.s[this.i++];
        out += e === 'n' ? '\n' : e === 't' ? '\t' : e === '0' ? '\0' : e ?? '';
        continue;
      }
      out += c;
    }
    this.fail(`unclosed ${q === '"' ? 'double' : 'single'} quote`);
  }

  /** A plain scalar in flow context: up to `,`, `]`, `}`, or a `:` followed by a space or a bracket. */
  private plain(): string | null {
    const start = this.i;
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === ',' || c === ']' || c === '}' || c === '[' || c === '{') break;
      if (c === ':') {
        const d = this.s[this.i + 1];
        if (d === undefined || d === ' ' || d === ',' || d === ']' || d === '}' || d === '{' || d === '[') break;
      }
      this.i++;
    }
    return scalar(this.s.slice(start, this.i), this.line);
  }
}

function keyText(value: YamlValue, line: number): string {
  if (typeof value === 'string') return value;
  if (value === null) return '';
  throw new YamlError(line, 'collections as keys are not supported');
}

function yamlOf(config: ProjectConfig, text: string, path = config.path): YamlValue | undefined {
  try {
    return parseYaml(text);
  } catch (error) {
    if (error instanceof YamlError) config.problems.push({ path, line: error.line, message: `cannot read ${basename(path)}: ${error.message.replace(/^line \d+: /, '')}` });
    else config.problems.push({ path, line: 0, message: `cannot read ${basename(path)}: ${String(error)}` });
    return undefined;
  }
}

function isMap(value: YamlValue | undefined): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asList(value: YamlValue | undefined): YamlValue[] {
  if (Array.isArray(value)) return value;
  if (value === undefined || value === null) return [];
  return [value];
}

/**
 * The 1-based line where a key (or list item) first starts a line, else the first line that
 * mentions it, for problems about it; 0 when none does.
 */
function lineOfKey(lines: readonly string[], key: string): number {
  for (let i = 0; i < lines.length; i++) {
    const s = lines[i].trimStart();
    if (s.startsWith(`${key}:`) || s.startsWith(`${key} :`) || s.startsWith(`- ${key}`)) return i + 1;
  }
  for (let i = 0; i < lines.length; i++) if (lines[i].includes(key)) return i + 1;
  return 0;
}

// ---------------------------------------------------------------------------------------------
// FuseSoC CAPI2 core files

const HDL_FILE_TYPE = /^(?:verilogSource|systemVerilogSource)/;

/** Core files read through `depend:`, at most, and how deep dependencies are followed. */
const MAX_CORES = 2_000;

function readCore(fs: FileSystem, path: string, text: string, options: ProjectOptions, config: ProjectConfig): void {
  let index: Map<string, string[]> | undefined;
  const visited = new Set<string>([path]);
  const unresolved: string[] = [];
  const read = (corePath: string, coreText: string, wanted: string | undefined, depth: number) => {
    const problem = keyedProblems(config, coreText, corePath);
    if (!isCapi2(coreText)) {
      config.problems.push({ path: corePath, line: 1, message: `not a FuseSoC CAPI2 core file (the first line must be 'CAPI=2:')` });
      return;
    }
    const doc = yamlOf(config, coreText, corePath);
    if (doc === undefined) return;
    if (!isMap(doc)) {
      config.problems.push({ path: corePath, line: 1, message: 'a core file must be a map (name, filesets, targets)' });
      return;
    }
    const dir = dirname(corePath);
    const filesets = isMap(doc.filesets) ? doc.filesets : (Object.create(null) as YamlMap);
    const targets = isMap(doc.targets) ? doc.targets : undefined;
    // A dependency is read with the same target when it has one, else its default.
    let targetName = depth === 0 || (wanted !== undefined && targets && wanted in targets) ? wanted : undefined;
    if (targetName === undefined) targetName = targets && 'default' in targets ? 'default' : targets ? Object.keys(targets)[0] : undefined;
    const target = targets && targetName !== undefined ? targets[targetName] : undefined;
    if (targetName !== undefined && targets && !isMap(target)) problem('targets', `no target '${targetName}' in the core file`);
    const flags = new Set<string>();
    if (targetName) flags.add(`target_${targetName}`);
    if (isMap(target) && typeof target.default_tool === 'string') flags.add(`tool_${target.default_tool}`);

    let names: string[];
    if (isMap(target)) {
      names = [];
      for (const entry of [...asList(target.filesets), ...asList(target.filesets_append)]) if (typeof entry === 'string') names.push(...useFlagItems(entry, flags));
      const top = target.toplevel;
      if (depth === 0 && typeof top === 'string') config.top = top.trim();
      else if (depth === 0 && Array.isArray(top) && typeof top[0] === 'string') config.top = top[0];
    } else names = Object.keys(filesets);

    for (const name of names) {
      const fileset = filesets[name];
      if (!isMap(fileset)) {
        problem(name, `fileset '${name}' is not defined`);
        continue;
      }
      // Dependencies first: FuseSoC compiles a core's dependencies before the core.
      for (const entry of asList(fileset.depend)) {
        if (typeof entry !== 'string') continue;
        for (const vlnv of useFlagItems(entry, flags)) {
          index ??= coreIndex(fs, options.cores ?? []);
          const found = findCore(index, vlnv);
          if (!found) {
            pushUnique(unresolved, vlnv);
            continue;
          }
          if (visited.has(found) || visited.size >= MAX_CORES || depth + 1 > MAX_NESTING) continue;
          visited.add(found);
          const depText = fs.readFile(found);
          if (depText === undefined || depText.length > MAX_FILE_CHARS) continue;
          pushUnique(config.sources, found);
          read(found, depText, targetName, depth + 1);
        }
      }
      const setType = typeof fileset.file_type === 'string' ? fileset.file_type : undefined;
      for (const entry of asList(fileset.files)) {
        let file: string | undefined;
        let attrs: YamlMap | undefined;
        if (typeof entry === 'string') file = entry;
        else if (isMap(entry)) {
          const keys = Object.keys(entry);
          if (keys.length === 1) {
            file = keys[0];
            const value = entry[file];
            attrs = isMap(value) ? value : undefined;
          }
        }
        if (file === undefined) {
          problem(name, `fileset '${name}': a file entry is neither a path nor 'path: {attributes}'`);
          continue;
        }
        file = file.trim();
        const type = typeof attrs?.file_type === 'string' ? attrs.file_type : setType;
        const hdl = type ? HDL_FILE_TYPE.test(type) : extensionOf(file) !== '' && ['.v', '.sv', '.vh', '.svh', '.svi', '.vl', '.h'].includes(extensionOf(file));
        if (!hdl) continue;
        const full = joinPath(dir, file);
        if (!fs.exists(full)) problem(file, `file not found: ${file} (fileset '${name}')`);
        if (attrs?.is_include_file === 'true' || attrs?.is_include_file === 'True') {
          const includePath = typeof attrs.include_path === 'string' ? joinPath(dir, attrs.include_path) : dirname(full);
          pushUnique(config.includeDirs, includePath);
          continue;
        }
        if (config.files.length < MAX_FILES) pushUnique(config.files, full);
      }
    }

    // Parameters: those of the target that are vlogdefines become macros (the target's `NAME=value` wins).
    const parameters = isMap(doc.parameters) ? doc.parameters : undefined;
    if (depth === 0 && isMap(target)) {
      for (const entry of asList(target.parameters)) {
        if (typeof entry !== 'string') continue;
        for (const item of useFlagItems(entry, flags)) {
          const eq = item.indexOf('=');
          const name = eq < 0 ? item : item.slice(0, eq);
          const spec = parameters?.[name];
          if (!isMap(spec)) {
            problem('parameters', `parameter '${name}' is not declared under parameters`);
            continue;
          }
          if (spec.paramtype !== 'vlogdefine') continue;
          const value = eq < 0 ? spec.default : item.slice(eq + 1);
          if (value === undefined || value === null) continue;
          const valueText = typeof value === 'string' ? value : '';
          if (spec.datatype === 'bool') {
            if (valueText === 'true' || valueText === 'True') config.defines[name] = '1';
          } else config.defines[name] = valueText;
        }
      }
    }
  };
  if (!isCapi2(text)) {
    config.problems.push({ path, line: 1, message: `not a FuseSoC CAPI2 core file (the first line must be 'CAPI=2:', found '${firstContentLine(text).slice(0, 40)}')` });
    return;
  }
  read(path, text, options.target, 0);
  if (unresolved.length > 0) {
    const shown = unresolved.slice(0, 4).join(', ');
    keyedProblems(config, text)('depend', `${unresolved.length === 1 ? 'a dependency is' : `${unresolved.length} dependencies are`} not among the workspace's core files (their files are not read): ${shown}${unresolved.length > 4 ? ', ...' : ''}`);
  }
}

/** The first line that is not blank or a comment. */
function firstContentLine(text: string): string {
  for (let start = 0; start < text.length; ) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end < 0 ? text.length : end).trim();
    if (line !== '' && !line.startsWith('#')) return line;
    if (end < 0) break;
    start = end + 1;
  }
  return '';
}

function isCapi2(text: string): boolean {
  return firstContentLine(text).startsWith('CAPI=2');
}

/** A VLNV (`vendor:library:name:version`, maybe after a version operator) as [vendor, library, name]. */
function vlnvParts(text: string): [string, string, string] | undefined {
  let i = 0;
  while (i < text.length && '<>=^~'.includes(text[i])) i++;
  const parts = text.slice(i).trim().split(':');
  if (parts.length < 3 || !parts[2]) return undefined;
  return [parts[0], parts[1], parts[2]];
}

/** Workspace cores by name, from each file's `name:` line (no full parse). */
function coreIndex(fs: FileSystem, cores: readonly string[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const core of cores.slice(0, MAX_CORES)) {
    const text = fs.readFile(core);
    if (text === undefined || text.length > MAX_FILE_CHARS) continue;
    let name: string | undefined;
    for (let start = 0; start < text.length; ) {
      const end = text.indexOf('\n', start);
      const line = text.slice(start, end < 0 ? text.length : end);
      if (line.startsWith('name')) {
        const colon = line.indexOf(':');
        if (colon > 0 && line.slice(4, colon).trim() === '') {
          name = line.slice(colon + 1).trim();
          if (name.startsWith('"') || name.startsWith("'")) name = name.slice(1, -1);
          break;
        }
      }
      if (end < 0) break;
      start = end + 1;
    }
    const parts = name ? vlnvParts(name) : undefined;
    if (!parts) continue;
    const list = index.get(parts[2]) ?? [];
    list.push(`${parts[0]}:${parts[1]}\u0000${core}`);
    index.set(parts[2], list);
  }
  return index;
}

/** The workspace core a `depend:` entry names: same name, and same vendor and library where both are given. */
function findCore(index: Map<string, string[]>, vlnv: string): string | undefined {
  const parts = vlnvParts(vlnv);
  if (!parts) return undefined;
  for (const entry of index.get(parts[2]) ?? []) {
    const [vl, core] = entry.split('\u0000');
    const [vendor, library] = vl.split(':');
    if ((parts[0] && vendor && parts[0] !== vendor) || (parts[1] && library && parts[1] !== library)) continue;
    return core;
  }
  return undefined;
}

/**
 * The names a FuseSoC use-flag expression selects: `a`, `flag ? (a b)`, `!flag ? (a)`, nested.
 * Unknown flags are unset.
 */
export function useFlagItems(expression: string, flags: ReadonlySet<string>): string[] {
  const tokens: string[] = [];
  let word = '';
  const flush = () => {
    if (word) tokens.push(word);
    word = '';
  };
  for (const c of expression) {
    if (c === '(' || c === ')' || c === '?') {
      flush();
      tokens.push(c);
    } else if (c === ' ' || c === '\t') flush();
    else word += c;
  }
  flush();
  let i = 0;
  const items = (out: string[], keep: boolean, depth: number) => {
    while (i < tokens.length && tokens[i] !== ')') {
      const t = tokens[i++];
      if (tokens[i] === '?' && depth < 16) {
        i++;
        const negated = t.startsWith('!');
        const on = flags.has(negated ? t.slice(1) : t) !== negated;
        if (tokens[i] === '(') {
          i++;
          items(out, keep && on, depth + 1);
          if (tokens[i] === ')') i++;
        } else if (i < tokens.length) {
          const single = tokens[i++];
          if (keep && on) out.push(single);
        }
      } else if (t !== '(' && t !== '?' && keep) out.push(t);
    }
  };
  const out: string[] = [];
  while (i < tokens.length) {
    items(out, true, 0);
    if (tokens[i] === ')') i++;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Bender manifests

function readBender(fs: FileSystem, path: string, text: string, options: ProjectOptions, config: ProjectConfig): void {
  const targets = new Set(options.benderTargets ?? []);
  let index: Map<string, string> | undefined;
  const visited = new Set<string>([path]);
  const unresolved: string[] = [];
  const read = (manifest: string, manifestText: string, depth: number) => {
    const doc = yamlOf(config, manifestText, manifest);
    if (doc === undefined) return;
    if (!isMap(doc)) {
      config.problems.push({ path: manifest, line: 1, message: 'Bender.yml must be a map (package, sources, ...)' });
      return;
    }
    const dir = dirname(manifest);
    const problem = keyedProblems(config, manifestText, manifest);
    // Dependencies first (Bender orders a package after the packages it depends on).
    if (isMap(doc.dependencies)) {
      for (const name of Object.keys(doc.dependencies)) {
        index ??= benderIndex(fs, options.manifests ?? []);
        const found = index.get(name);
        if (!found) {
          pushUnique(unresolved, name);
          continue;
        }
        if (visited.has(found) || visited.size >= MAX_CORES || depth + 1 > MAX_NESTING) continue;
        visited.add(found);
        const depText = fs.readFile(found);
        if (depText === undefined || depText.length > MAX_FILE_CHARS) continue;
        pushUnique(config.sources, found);
        read(found, depText, depth + 1);
      }
    }
    const addDirs = (value: YamlValue | undefined) => {
      for (const d of asList(value)) if (typeof d === 'string') pushUnique(config.includeDirs, joinPath(dir, d));
    };
    const addDefines = (value: YamlValue | undefined) => {
      if (!isMap(value)) return;
      for (const [name, v] of Object.entries(value)) config.defines[name] = typeof v === 'string' ? v : '';
    };
    addDirs(doc.export_include_dirs);
    addDirs(doc.include_dirs);
    addDefines(doc.defines);
    const visit = (entry: YamlValue, nesting: number) => {
      if (nesting > MAX_NESTING) return;
      if (typeof entry === 'string') {
        const full = joinPath(dir, entry);
        if (!fs.exists(full)) problem(entry, `file not found: ${entry}`);
        if (config.files.length < MAX_FILES) pushUnique(config.files, full);
        return;
      }
      if (Array.isArray(entry)) {
        for (const e of entry) visit(e, nesting + 1);
        return;
      }
      if (!isMap(entry)) return;
      if (typeof entry.file === 'string' && entry.files === undefined) {
        visit(entry.file, nesting + 1);
        return;
      }
      if (typeof entry.target === 'string') {
        let on: boolean;
        try {
          on = benderTarget(entry.target, targets);
        } catch (error) {
          problem('target', `cannot read the target expression '${entry.target}': ${String((error as Error).message)}`);
          return;
        }
        if (!on) return;
      }
      addDirs(entry.include_dirs);
      addDefines(entry.defines);
      for (const f of asList(entry.files)) visit(f, nesting + 1);
    };
    if (doc.sources === undefined) {
      if (depth === 0) problem('sources', 'Bender.yml has no sources');
    } else visit(doc.sources, 0);
  };
  read(path, text, 0);
  if (unresolved.length > 0) {
    const shown = unresolved.slice(0, 4).join(', ');
    keyedProblems(config, text)('dependencies', `${unresolved.length === 1 ? 'a dependency is' : `${unresolved.length} dependencies are`} not among the workspace's Bender manifests (run 'bender checkout'; their files are not read): ${shown}${unresolved.length > 4 ? ', ...' : ''}`);
  }
}

/** Workspace Bender manifests by package name, from each file's `package:` block (no full parse). */
function benderIndex(fs: FileSystem, manifests: readonly string[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const manifest of manifests.slice(0, MAX_CORES)) {
    const text = fs.readFile(manifest);
    if (text === undefined || text.length > MAX_FILE_CHARS) continue;
    let inPackage = false;
    for (const raw of text.split('\n')) {
      const line = raw.trimEnd();
      if (line === '' || line.trimStart().startsWith('#')) continue;
      if (line[0] !== ' ') {
        if (inPackage) break;
        inPackage = line.startsWith('package:');
        continue;
      }
      const trimmed = line.trimStart();
      if (inPackage && trimmed.startsWith('name:')) {
        let name = stripComment(trimmed.slice(5)).trim();
        if (name.startsWith('"') || name.startsWith("'")) name = name.slice(1, -1);
        if (name && !index.has(name)) index.set(name, manifest);
        break;
      }
    }
  }
  return index;
}

/** Bender target expressions: `name`, `*`, `all(...)`, `any(...)`, `not(x)`; names case-insensitive. */
export function benderTarget(expression: string, targets: ReadonlySet<string>): boolean {
  const set = new Set([...targets].map((t) => t.toLowerCase()));
  const s = expression;
  let i = 0;
  const skip = () => {
    while (s[i] === ' ') i++;
  };
  const expr = (depth: number): boolean => {
    if (depth > 32) throw new Error('nested too deeply');
    skip();
    if (s[i] === '*') {
      i++;
      return true;
    }
    let name = '';
    while (i < s.length && (isNameChar(s[i]) || s[i] === '-')) name += s[i++];
    if (!name) throw new Error(`unexpected '${s.slice(i, i + 10)}'`);
    skip();
    if (s[i] !== '(') return set.has(name.toLowerCase());
    i++;
    const args: boolean[] = [];
    skip();
    while (i < s.length && s[i] !== ')') {
      args.push(expr(depth + 1));
      skip();
      if (s[i] === ',') i++;
      else if (s[i] !== ')') throw new Error(`expected ',' or ')'`);
      skip();
    }
    if (s[i] !== ')') throw new Error("unclosed '('");
    i++;
    const op = name.toLowerCase();
    if (op === 'all') return args.every(Boolean);
    if (op === 'any') return args.some(Boolean);
    if (op === 'not') {
      if (args.length !== 1) throw new Error('not() takes one argument');
      return !args[0];
    }
    throw new Error(`unknown operator ${name}()`);
  };
  const value = expr(0);
  skip();
  if (i < s.length) throw new Error(`unexpected '${s.slice(i, i + 10)}'`);
  return value;
}

/** What the workspace keeps of a project: plain data (it crosses to index workers). */
export interface WorkspaceProject {
  path: string;
  kind: ProjectKind;
  files: string[];
  includeDirs: string[];
  defines: Record<string, string>;
}

export function workspaceProject(config: ProjectConfig): WorkspaceProject {
  return { path: config.path, kind: config.kind, files: [...config.files, ...config.libraryFiles], includeDirs: config.includeDirs, defines: config.defines };
}
