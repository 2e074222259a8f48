#!/usr/bin/env node
// One repository, in its own process (bench/real/bench.mjs runs it):
//
//   node bench/real/probe.mjs REPO_DIR [--samples 200] [--seed 1] [--examples 5]
//
// 1. Per file, one after the other in this thread: a raw web-tree-sitter parse of the text (no
//    preprocessing), and RTLens's own work on the file as the index workers do it (parseFile:
//    preprocess, parse, extract, summary). Each is the fastest of up to 3 runs for files that
//    take under 5 ms, so small files are not all noise. Parse errors before and after
//    preprocessing are counted from the same trees.
// 2. The summaries go into a Workspace (as the indexer's in-process path puts them), then every
//    file's Error diagnostics are read as `rtlens check` reads them (ide fileProblems, the
//    severity of base severityOf).
// 3. Definition sample: from the trees of step 1, up to --samples module instantiations and
//    --samples identifier uses (seeded reservoir sampling), asked of ide `definition`. An
//    answer is right when the text at the location is the name and the tree of that file has a
//    declaration of it there (a parent node that declares, by a list of our own), in the scope
//    the use sees (its own module when the module declares the name, else a package, the
//    compilation unit or a module/interface name; for a name in a header, also the unit that
//    includes the header). Names that nothing in the repository
//    declares (vendor cells, implicit nets, names from macros) are counted apart.
// Prints one JSON line.
import * as path from 'node:path';
import { OUT, require } from '../lib.mjs';
import { Rng } from '../generate.mjs';

const OUT_MORE = {
  model: OUT.syntax.replace('/syntax/index.js', '/model/index.js'),
  ide: OUT.syntax.replace('/syntax/index.js', '/ide/index.js'),
  base: OUT.syntax.replace('/syntax/index.js', '/base/index.js'),
};

const args = process.argv.slice(2);
const flag = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const root = path.resolve(args[0]);
const SAMPLES = Number(flag('--samples', 200));
const EXAMPLES = Number(flag('--examples', 5)); // misses listed per kind
const rng = new Rng(Number(flag('--seed', 1)));
const MAX_NODES = 2_000_000; // per file: the walk of step 3 is bounded

const { loadGrammar, IncrementalParser } = require(OUT.syntax);
const { grammarPaths, findHdlFiles, nodeFileSystem } = require(OUT.host);
const { Workspace, Snapshot } = require(OUT.workspace);
const { parseFile } = require(OUT_MORE.model);
const { fileProblems, definition } = require(OUT_MORE.ide);
const { severityOf } = require(OUT_MORE.base);

// Parent node types whose identifier child is the name being declared there.
const DECLARING = new Set([
  'param_assignment', 'type_assignment', 'specparam_assignment', 'ansi_port_declaration', 'port', 'net_decl_assignment',
  'variable_decl_assignment', 'enum_name_declaration', 'type_declaration', 'net_type_declaration', 'list_of_genvar_identifiers',
  'list_of_port_identifiers', 'list_of_variable_identifiers', 'list_of_variable_port_identifiers', 'list_of_tf_variable_identifiers',
  'function_body_declaration', 'task_body_declaration', 'function_prototype', 'task_prototype', 'tf_port_item', 'name_of_instance',
  'generate_block', 'seq_block', 'par_block', 'for_variable_declaration', 'loop_variables', 'modport_item', 'class_declaration',
  'clocking_declaration', 'property_declaration', 'sequence_declaration', 'covergroup_declaration', 'package_declaration',
  'checker_declaration', 'udp_declaration', 'interface_declaration',
]);
const COVERAGE = new Set(['cover_point', 'cover_cross', 'bins_or_options', 'bins_selection']);
const HEADERS = new Set(['module_ansi_header', 'module_nonansi_header', 'interface_ansi_header', 'interface_nonansi_header', 'program_ansi_header', 'program_nonansi_header']);
const UNITS = new Map([
  ['module_declaration', 'module'], ['interface_declaration', 'module'], ['program_declaration', 'module'], ['checker_declaration', 'module'],
  ['package_declaration', 'package'], ['class_declaration', 'class'],
]);
// An identifier under these is not a plain use of a name in scope.
const NOT_A_USE = new Set(['module_instantiation', 'text_macro_usage', 'named_port_connection', 'named_parameter_assignment', 'ERROR']);

function isDeclaration(node) {
  const parent = node.parent;
  if (!parent) return false;
  if (DECLARING.has(parent.type) || HEADERS.has(parent.type)) return true;
  if (parent.type === 'genvar_initialization') return parent.text.startsWith('genvar');
  // Coverage names: `cp: coverpoint x`, `x: cross a, b`, `bins idle = {0}`, `bins q = binsof(cp)`.
  if (COVERAGE.has(parent.type)) return parent.childForFieldName('name')?.startIndex === node.startIndex || (parent.type === 'bins_selection' && parent.firstNamedChild?.nextNamedSibling?.startIndex === node.startIndex);
  return isMacroParameterName(node);
}

/**
 * `parameter \`BSG_INV_PARAM(width_p)` in a file that does not include the macro's definition
 * (its project compiles the defines file first): the usage stays in the tree where the
 * param_assignment's name is, and its sole argument, the name alone, is what it declares.
 */
function isMacroParameterName(node) {
  let arg = node.parent;
  for (let up = 0; arg && arg.type !== 'actual_argument' && up < 6; up++) arg = arg.parent;
  if (arg?.type !== 'actual_argument' || arg.text.trim() !== node.text) return false;
  const list = arg.parent;
  const usage = list?.parent;
  const assignment = usage?.parent;
  return list?.type === 'list_of_actual_arguments' && list.namedChildCount === 1 && usage.type === 'text_macro_usage' &&
    assignment?.type === 'param_assignment' && assignment.firstNamedChild?.startIndex === usage.startIndex;
}

/** Reservoir of at most k items, seeded. */
class Reservoir {
  constructor(k) {
    this.k = k;
    this.seen = 0;
    this.items = [];
  }
  offer(item) {
    this.seen++;
    if (this.items.length < this.k) this.items.push(item);
    else {
      const j = rng.int(0, this.seen - 1);
      if (j < this.k) this.items[j] = item;
    }
  }
}

/**
 * Declarations, unit spans, instance and use candidates of one tree. The tree is of the
 * expanded text; `map` leads its offsets to the file's, and only names written in the file
 * itself (not in a macro body or an included header) are taken.
 */
function collect(file, tree, text, map, facts, included, includeSites, instances, uses) {
  const exact = (start, end) => !map || map.isExact(start, end);
  const user = (offset, bias = 'start') => (map ? map.toSource(offset, bias) : offset);
  const declarations = []; // { name, start }
  const headers = []; // { name, start }
  const units = []; // { start, end, kind }
  const cursor = tree.walk();
  let visited = 0;
  let unitDepth = 0;
  const unitStack = [];
  const visit = () => {
    const type = cursor.nodeType;
    const kind = UNITS.get(type);
    if (kind && unitDepth === 0) units.push({ start: user(cursor.startIndex), end: user(cursor.endIndex, 'end'), kind });
    return kind;
  };
  // Iterative pre-order walk.
  let kind = visit();
  outer: for (;;) {
    if (++visited > MAX_NODES) break;
    if (kind) unitDepth++;
    unitStack.push(kind);
    if (cursor.gotoFirstChild()) {
      kind = visit();
      continue;
    }
    // A leaf.
    unitStack.pop();
    if (kind) unitDepth--;
    const type = cursor.nodeType;
    if (type === 'simple_identifier' || type === 'escaped_identifier') {
      const node = cursor.currentNode;
      const name = node.text;
      const start = user(node.startIndex);
      if (!exact(node.startIndex, node.endIndex)) {
        // A name an expansion or an include wrote: not at a place of this file. A declaration an
        // include wrote is one of the header's, at its place there (a header of parameter or
        // signal lines has no tree of its own that declares them: it parses only in place).
        const origin = map?.origin(node.startIndex, node.endIndex);
        if (origin && isDeclaration(node)) included.push({ file: origin.path, name, start: origin.span.start });
      } else if (isDeclaration(node)) {
        declarations.push({ name, start });
        if (HEADERS.has(node.parent.type) || node.parent.type === 'package_declaration') headers.push({ name, start, kind: node.parent.type });
      } else {
        const parent = node.parent;
        const before = text.slice(Math.max(0, node.startIndex - 3), node.startIndex).trimEnd();
        if (parent?.type === 'module_instantiation' && parent.firstNamedChild?.startIndex === node.startIndex) {
          if (unitDepth > 0) instances.offer({ file, name, start });
        } else if (parent && !NOT_A_USE.has(parent.type) && !before.endsWith('.') && !before.endsWith('`') && unitDepth > 0 && !node.hasError) {
          uses.offer({ file, name, start });
        }
      }
    }
    for (;;) {
      if (cursor.gotoNextSibling()) {
        kind = visit();
        continue outer;
      }
      if (!cursor.gotoParent()) break outer;
      const k = unitStack.pop();
      if (k) unitDepth--;
    }
  }
  cursor.delete?.();
  facts.set(file, { declarations, headers, units });
  // Where headers are included: a name a header uses is declared in the unit around the
  // `include (text copied from a header is an opaque segment naming the header).
  const sites = new Set();
  for (const seg of map?.segments ?? []) {
    if (seg.exact || seg.file === undefined || sites.has(`${seg.file}\0${seg.src}`)) continue;
    sites.add(`${seg.file}\0${seg.src}`);
    includeSites.push({ header: seg.file, file, at: seg.src });
  }
}

function lineStarts(text) {
  const out = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

async function main() {
  const files = findHdlFiles([root]);
  const grammar = await loadGrammar(grammarPaths());
  const workspace = new Workspace(nodeFileSystem, grammar, { roots: [root], includeDirs: [], defines: {} });
  workspace.addKnownPaths(files);
  const rawParser = grammar.newParser();
  const parser = new IncrementalParser(grammar);
  const perFile = [];
  const facts = new Map();
  const included = []; // declarations written in headers, seen where they are included
  const includeSites = []; // { header, file, at }: where a header's text was included
  const texts = new Map();
  const instances = new Reservoir(SAMPLES);
  const uses = new Reservoir(SAMPLES);
  let rawErrorFiles = 0;
  let preErrorFiles = 0;
  let rawTotal = 0;
  let rtTotal = 0;
  let lines = 0;
  const crashed = [];
  // Warm-up, not measured: the first files measured would carry the JIT's start (one core's
  // first 104-line file measured 786 ms against its 43 ms raw parse, 18x).
  let warmChars = 0;
  for (const file of files) {
    if (warmChars > 200_000) break;
    const text = nodeFileSystem.readFile(file);
    if (text === undefined || text.length > 100_000) continue;
    warmChars += text.length;
    rawParser.parse(text).delete();
    try {
      parseFile(file, text, workspace.preprocessOptions(), parser, undefined, false).tree?.delete();
    } catch {
      // reported by the measured pass
    }
  }
  for (const file of files) {
    const text = nodeFileSystem.readFile(file);
    if (text === undefined) continue;
    texts.set(file, text);
    let raw = Infinity;
    let rt = Infinity;
    let rawError = false;
    let parsed;
    for (let rep = 0; rep < 3; rep++) {
      let t = performance.now();
      const tree = rawParser.parse(text);
      raw = Math.min(raw, performance.now() - t);
      rawError = tree.rootNode.hasError;
      tree.delete();
      t = performance.now();
      try {
        const p = parseFile(file, text, workspace.preprocessOptions(), parser, undefined, false);
        rt = Math.min(rt, performance.now() - t);
        if (parsed) p.tree?.delete();
        else parsed = p;
      } catch (error) {
        crashed.push({ file: path.relative(root, file), error: String(error?.message ?? error).slice(0, 200) });
        break;
      }
      if (raw >= 5) break;
    }
    if (!parsed) continue;
    rawTotal += raw;
    rtTotal += rt;
    lines += parsed.summary.lineCount;
    if (rawError) rawErrorFiles++;
    const preError = parsed.tree ? parsed.tree.rootNode.hasError : false;
    if (preError) preErrorFiles++;
    // How much text the parser read for this file (macros expanded, headers inserted), per character of the file.
    const expansion = text.length > 0 ? parsed.maskedText.length / text.length : 1;
    perFile.push({ file: path.relative(root, file), lines: parsed.summary.lineCount, rawMs: raw, rtlensMs: rt, rawError, preError, expansion });
    if (parsed.tree) {
      collect(file, parsed.tree, parsed.maskedText, parsed.map, facts, included, includeSites, instances, uses);
      parsed.tree.delete();
    }
    workspace.setSummary(file, parsed.summary);
  }
  rawParser.delete();
  parser.delete();

  // ---- Error diagnostics after the whole index, as `rtlens check` reads them.
  const snapshot = new Snapshot(workspace);
  const errors = []; // { file, line, code, message }
  const lineOf = (file, offset) => snapshot.lineIndex(file)?.line1(offset) ?? 1;
  for (const file of [...workspace.paths()].sort()) {
    let problems;
    try {
      problems = fileProblems(snapshot, file);
    } catch (error) {
      crashed.push({ file: path.relative(root, file), error: `fileProblems: ${String(error?.message ?? error).slice(0, 200)}` });
      continue;
    }
    for (const p of problems) {
      if (severityOf(p) !== 'error') continue;
      errors.push({ file: path.relative(root, file), line: lineOf(file, p.span.start), code: p.code, message: p.message.slice(0, 200) });
    }
  }

  // ---- Definition sample, checked against the trees.
  for (const d of included) {
    const f = facts.get(d.file);
    if (!f) facts.set(d.file, { declarations: [{ name: d.name, start: d.start }], headers: [], units: [] });
    else if (!f.declarations.some((x) => x.start === d.start && x.name === d.name)) f.declarations.push({ name: d.name, start: d.start });
  }
  const declaredHeaders = new Map(); // name -> [{file, start}]
  const declaredNames = new Set();
  for (const [file, f] of facts) {
    for (const h of f.headers) {
      const list = declaredHeaders.get(h.name) ?? [];
      list.push({ file, start: h.start });
      declaredHeaders.set(h.name, list);
    }
    for (const d of f.declarations) declaredNames.add(d.name);
  }
  const starts = new Map();
  const offsetOf = (file, pos) => {
    let s = starts.get(file);
    if (!s) {
      const text = texts.get(file) ?? nodeFileSystem.readFile(file) ?? '';
      s = lineStarts(text);
      starts.set(file, s);
    }
    return (s[pos.line] ?? Infinity) + pos.character;
  };
  const unitOf = (file, offset) => facts.get(file)?.units.find((u) => u.start <= offset && offset < u.end);
  const ask = (file, start) => {
    try {
      return definition(snapshot, file, start, (p) => p).map((l) => ({ file: l.uri, start: offsetOf(l.uri, l.range.start) }));
    } catch (error) {
      crashed.push({ file: path.relative(root, file), error: `definition: ${String(error?.message ?? error).slice(0, 200)}` });
      return [];
    }
  };
  const textAt = (loc, n) => (texts.get(loc.file) ?? nodeFileSystem.readFile(loc.file) ?? '').slice(loc.start, loc.start + n);
  const where = (file, start) => `${path.relative(root, file)}:${lineOf(file, start)}`;

  const inst = { sampled: instances.items.length, candidates: instances.seen, external: 0, right: 0, wrong: 0, unresolved: 0, examples: [], rightExamples: [] };
  for (const s of instances.items) {
    if (!declaredHeaders.has(s.name)) {
      inst.external++;
      continue;
    }
    const locs = ask(s.file, s.start);
    const ok = locs.find((l) => textAt(l, s.name.length) === s.name && declaredHeaders.get(s.name).some((h) => h.file === l.file && h.start === l.start));
    if (ok) {
      inst.right++;
      if (inst.rightExamples.length < 3) inst.rightExamples.push(`${where(s.file, s.start)} ${s.name} -> ${where(ok.file, ok.start)}`);
    }
    else {
      if (locs.length === 0) inst.unresolved++;
      else inst.wrong++;
      if (inst.examples.length < EXAMPLES) inst.examples.push(`${where(s.file, s.start)} ${s.name} -> ${locs.length ? locs.map((l) => where(l.file, l.start)).join(', ') : 'nothing'}`);
    }
  }

  const use = { sampled: uses.items.length, candidates: uses.seen, external: 0, right: 0, wrong: 0, unresolved: 0, examples: [], rightExamples: [] };
  for (const s of uses.items) {
    if (!declaredNames.has(s.name)) {
      use.external++;
      continue;
    }
    const useUnit = unitOf(s.file, s.start);
    const local = useUnit && facts.get(s.file).declarations.some((d) => d.name === s.name && d.start >= useUnit.start && d.start < useUnit.end);
    const locs = ask(s.file, s.start);
    const good = (l) => {
      if (textAt(l, s.name.length) !== s.name) return false;
      const f = facts.get(l.file);
      if (!f?.declarations.some((d) => d.start === l.start && d.name === s.name)) return false;
      if (local) return l.file === s.file && l.start >= useUnit.start && l.start < useUnit.end;
      const targetUnit = unitOf(l.file, l.start);
      // A header's name declared in a unit that includes the header.
      if (targetUnit && includeSites.some((site) => site.header === s.file && site.file === l.file && targetUnit.start <= site.at && site.at < targetUnit.end)) return true;
      if (!targetUnit || targetUnit.kind !== 'module') return true; // a package, a class, the compilation unit
      return f.headers.some((h) => h.start === l.start); // a module or interface name
    };
    const ok = locs.find(good);
    if (ok) {
      use.right++;
      if (use.rightExamples.length < 3) use.rightExamples.push(`${where(s.file, s.start)} ${s.name} -> ${where(ok.file, ok.start)}`);
    }
    else {
      if (locs.length === 0) use.unresolved++;
      else use.wrong++;
      if (use.examples.length < EXAMPLES) use.examples.push(`${where(s.file, s.start)} ${s.name} -> ${locs.length ? locs.map((l) => where(l.file, l.start)).join(', ') : 'nothing'}`);
    }
  }

  workspace.dispose();
  console.log(JSON.stringify({ root, files: perFile.length, lines, rawTotalMs: rawTotal, rtlensTotalMs: rtTotal, rawErrorFiles, preErrorFiles, perFile, errors, definitions: { instances: inst, uses: use }, crashed }));
}

main().catch((error) => {
  console.error(error?.stack ?? String(error));
  process.exitCode = 1;
});
