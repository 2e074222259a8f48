// Plain-text scanning of HDL files for the Verilator oracle (bench/real/oracle.mjs): which
// modules and packages a file declares, which packages and modules it refers to. It is written
// apart from RTLens's own parser on purpose: the oracle must not inherit RTLens's mistakes.
// Every regular expression here has star height 1 and runs over text whose comments and
// strings were blanked first.

/** Comments and string literals replaced by spaces (newlines kept, so offsets and lines hold). */
export function blankComments(text) {
  const out = text.split('');
  const n = text.length;
  const blank = (from, to) => {
    for (let k = from; k < to && k < n; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  let i = 0;
  while (i < n) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      let end = text.indexOf('\n', i);
      if (end < 0) end = n;
      blank(i, end);
      i = end;
    } else if (c === '/' && text[i + 1] === '*') {
      let end = text.indexOf('*/', i + 2);
      end = end < 0 ? n : end + 2;
      blank(i, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      // Keep the quotes: `include "file" still reads as an include with an empty name.
      blank(i + 1, j);
      i = j + 1;
    } else i++;
  }
  return out.join('');
}

const MODULE_RE = /\b(?:module|macromodule|interface|program)\s+([A-Za-z_][A-Za-z0-9_$]*)/g;
const PACKAGE_RE = /\bpackage\s+([A-Za-z_][A-Za-z0-9_$]*)/g;
// After `module automatic`: the name that follows the lifetime.
const NEXT_NAME_RE = /\s+([A-Za-z_][A-Za-z0-9_$]*)/y;
const SCOPE_RE = /\b([A-Za-z_][A-Za-z0-9_$]*)\s*::/g;
// NAME #(  or  NAME inst (  or  NAME inst [ : what an instantiation looks like; only names
// that some file declares as a module are kept.
const INSTANCE_RE = /\b([A-Za-z_][A-Za-z0-9_$]*)(?:\s*#|\s+[A-Za-z_][A-Za-z0-9_$]*\s*[([])/g;
const INCLUDE_RE = /`include\s*"/g;
const MACRO_USE_RE = /`([A-Za-z_][A-Za-z0-9_$]*)/g;
const MACRO_DEF_RE = /`define\s+([A-Za-z_][A-Za-z0-9_$]*)/g;
const DIRECTIVES = new Set(['define', 'undef', 'undefineall', 'include', 'ifdef', 'ifndef', 'elsif', 'else', 'endif', 'timescale', 'default_nettype', 'resetall', 'celldefine', 'endcelldefine', 'unconnected_drive', 'nounconnected_drive', 'pragma', 'line', 'begin_keywords', 'end_keywords', '__FILE__', '__LINE__']);

function names(re, text) {
  const out = new Set();
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let name = m[1];
    if (name === 'automatic' || name === 'static') {
      NEXT_NAME_RE.lastIndex = re.lastIndex;
      const n = NEXT_NAME_RE.exec(text);
      if (!n) continue;
      name = n[1];
    }
    out.add(name);
  }
  return out;
}

/** What one file declares and refers to, from its text. */
export function scanFile(text) {
  const t = blankComments(text);
  // `interface class`, `program` inside a string... the blanked text has no strings left.
  const modules = [...names(MODULE_RE, t)].filter((n) => n !== 'class');
  const packages = [...names(PACKAGE_RE, t)];
  const scopes = names(SCOPE_RE, t);
  const candidates = names(INSTANCE_RE, t);
  // Names of included files: found in the blanked text, read from the original at the same offsets.
  const includes = [];
  INCLUDE_RE.lastIndex = 0;
  for (let m = INCLUDE_RE.exec(t); m; m = INCLUDE_RE.exec(t)) {
    const close = text.indexOf('"', INCLUDE_RE.lastIndex);
    if (close > 0 && close - INCLUDE_RE.lastIndex < 300) includes.push(text.slice(INCLUDE_RE.lastIndex, close));
  }
  INCLUDE_RE.lastIndex = 0;
  const macroDefs = [...names(MACRO_DEF_RE, t)];
  const macroUses = [...names(MACRO_USE_RE, t)].filter((m) => !DIRECTIVES.has(m) && !macroDefs.includes(m));
  return { modules, packages, scopeRefs: [...scopes], instanceCandidates: [...candidates], includes, macroDefs, macroUses };
}

/** Length of the common folder prefix of two forward-slash paths, in folders. */
export function closeness(a, b) {
  const x = a.split('/');
  const y = b.split('/');
  let k = 0;
  while (k < x.length - 1 && k < y.length - 1 && x[k] === y[k]) k++;
  return k;
}

/** Of several files declaring the same name, the one closest to `from` (then the first by path). */
export function closest(from, files) {
  let best;
  let bestScore = -1;
  for (const f of files) {
    const s = closeness(from, f);
    if (s > bestScore) {
      best = f;
      bestScore = s;
    }
  }
  return best;
}

/**
 * The repository's declarations: module name -> files, package name -> files, and each file's
 * scan. `files` are absolute paths, `read` gives their text.
 */
export function scanRepository(files, read) {
  const scans = new Map();
  const moduleFiles = new Map();
  const packageFiles = new Map();
  const macroFiles = new Map();
  const add = (map, key, file) => {
    const list = map.get(key);
    if (list) list.push(file);
    else map.set(key, [file]);
  };
  for (const f of files) {
    const text = read(f);
    if (text === undefined) continue;
    const s = scanFile(text);
    scans.set(f, s);
    for (const m of s.modules) add(moduleFiles, m, f);
    for (const p of s.packages) add(packageFiles, p, f);
    for (const m of s.macroDefs) add(macroFiles, m, f);
  }
  return { files: [...scans.keys()], scans, moduleFiles, packageFiles, macroFiles };
}

/**
 * What Verilator must be given besides -y folders to read `file`: the files of the modules it
 * (transitively) instantiates, the files of the packages all of those refer to (packages in
 * dependency order), and the files defining macros they use without defining or including
 * them (a filelist would have given those first). Bounded: at most `limit` files are visited.
 */
export function closureOf(file, repo, limit = 400) {
  const { scans, moduleFiles, packageFiles, macroFiles } = repo;
  const moduleSet = new Set([file]);
  const queue = [file];
  const packageNames = new Set();
  while (queue.length > 0 && moduleSet.size < limit) {
    const f = queue.shift();
    const s = scans.get(f);
    if (!s) continue;
    for (const p of s.scopeRefs) if (packageFiles.has(p)) packageNames.add(p);
    for (const m of s.instanceCandidates) {
      const defs = moduleFiles.get(m);
      if (!defs || s.modules.includes(m)) continue;
      const g = closest(file, defs);
      if (!moduleSet.has(g)) {
        moduleSet.add(g);
        queue.push(g);
      }
    }
  }
  // Packages referring to packages: close over them, then order dependencies first.
  const packageFileOf = (p) => closest(file, packageFiles.get(p));
  const pending = [...packageNames];
  while (pending.length > 0) {
    const p = pending.pop();
    const s = scans.get(packageFileOf(p));
    for (const q of s?.scopeRefs ?? []) {
      if (packageFiles.has(q) && !packageNames.has(q)) {
        packageNames.add(q);
        pending.push(q);
      }
    }
  }
  const ordered = [];
  const state = new Map();
  const visit = (f) => {
    if (state.get(f)) return; // done, or on the stack (a cycle: keep the order we have)
    state.set(f, 1);
    for (const q of scans.get(f)?.scopeRefs ?? []) if (packageNames.has(q)) visit(packageFileOf(q));
    ordered.push(f);
  };
  for (const p of [...packageNames].sort()) visit(packageFileOf(p));
  const packageList = [...new Set(ordered)];
  const modules = [...moduleSet].filter((f) => f !== file && !packageList.includes(f));
  // Macros used in any of those files and defined in none of them: the closest file defining each.
  const inClosure = [file, ...packageList, ...modules];
  const defined = new Set(inClosure.flatMap((f) => scans.get(f)?.macroDefs ?? []));
  const macroList = [];
  for (const f of inClosure) {
    for (const m of scans.get(f)?.macroUses ?? []) {
      if (defined.has(m) || !macroFiles?.has(m)) continue;
      const g = closest(file, macroFiles.get(m));
      for (const d of scans.get(g)?.macroDefs ?? []) defined.add(d);
      if (g !== file && !macroList.includes(g)) macroList.push(g);
    }
  }
  // `include "dir/file.svh": the folder an include path must name for it to be found.
  const includeRoots = [];
  for (const f of [...inClosure, ...macroList]) {
    for (const target of scans.get(f)?.includes ?? []) {
      if (!target.includes('/') || target.startsWith('/')) continue;
      const found = closest(file, (repo.files ?? []).filter((g) => g.endsWith('/' + target)));
      const dir = found?.slice(0, found.length - target.length - 1);
      if (dir && !includeRoots.includes(dir)) includeRoots.push(dir);
    }
  }
  return { packages: packageList, modules: modules.filter((f) => !macroList.includes(f)), macros: macroList.filter((f) => !packageList.includes(f)), includeRoots, truncated: queue.length > 0 };
}
