import { type CompletionItem, CompletionItemKind, type CompletionList, InsertTextFormat } from 'vscode-languageserver-types';
import type { DesignUnit, Instance } from '../syntax';
import type { Snapshot } from '../workspace';
import { signature } from './hover';

export const KEYWORDS = [
  'module', 'endmodule', 'input', 'output', 'inout', 'wire', 'reg', 'logic', 'bit', 'integer', 'parameter', 'localparam',
  'assign', 'always', 'always_ff', 'always_comb', 'always_latch', 'initial', 'begin', 'end', 'if', 'else', 'case', 'casez',
  'casex', 'endcase', 'default', 'for', 'while', 'repeat', 'forever', 'generate', 'endgenerate', 'genvar', 'function',
  'endfunction', 'task', 'endtask', 'posedge', 'negedge', 'or', 'and', 'not', 'signed', 'unsigned', 'interface',
  'endinterface', 'modport', 'package', 'endpackage', 'import', 'typedef', 'enum', 'struct', 'packed', 'union', 'unique',
  'priority', 'return', 'automatic', 'int', 'byte', 'shortint', 'longint', 'real', 'time', 'string', 'void', 'const',
];

export const SYSTEM_TASKS = [
  '$display', '$write', '$monitor', '$strobe', '$finish', '$stop', '$time', '$realtime', '$clog2', '$signed', '$unsigned',
  '$bits', '$size', '$random', '$urandom', '$urandom_range', '$readmemh', '$readmemb', '$fopen', '$fclose', '$fwrite',
  '$fdisplay', '$dumpfile', '$dumpvars', '$error', '$warning', '$info', '$fatal', '$countones', '$onehot', '$onehot0',
  '$isunknown', '$past', '$rose', '$fell', '$stable', '$sformatf', '$cast', '$left', '$right', '$high', '$low',
];

const MODULE_LIMIT = 100;

/** The first letter typed starts the name, the rest follow in order (as editors filter). */
function matchesTyped(name: string, typed: string): boolean {
  if (typed === '') return true;
  if (name[0] !== typed[0]) return false;
  let i = 1;
  for (let j = 1; j < name.length && i < typed.length; j++) if (name[j] === typed[i]) i++;
  return i === typed.length;
}

/** Completion at an offset: ports inside .( ), macros after `, system tasks after $, otherwise names in scope, modules and keywords. */
export function completion(snapshot: Snapshot, path: string, offset: number): CompletionList {
  let incomplete = false;
  const items = completionItems(snapshot, path, offset, () => (incomplete = true));
  return { isIncomplete: incomplete, items };
}

function completionItems(snapshot: Snapshot, path: string, offset: number, markIncomplete: () => void): CompletionItem[] {
  const text = snapshot.text(path) ?? '';
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(Math.max(lineStart, offset - 200), offset);
  let wordStart = before.length;
  while (wordStart > 0 && /[A-Za-z0-9_$`.]/.test(before[wordStart - 1])) wordStart--;
  const word = before.slice(wordStart);
  if (word.startsWith('`')) return macroItems(snapshot);
  if (word.startsWith('$')) return SYSTEM_TASKS.map((t) => ({ label: t, kind: CompletionItemKind.Function, insertText: t.slice(1), filterText: t }));
  const unit = snapshot.unitAt(path, offset);
  if (word.startsWith('.') && unit) {
    const instance = instanceAround(snapshot, path, unit, offset);
    const target = instance && snapshot.unit(instance.module, path);
    if (target) return portItems(target.unit, instance!, before.trimEnd().endsWith('#(') ? 'params' : insideParams(text, instance!, offset) ? 'params' : 'ports');
  }
  const items: CompletionItem[] = [];
  if (unit && unit.kind !== 'unit') {
    for (const p of unit.ports) items.push({ label: p.name, kind: CompletionItemKind.Field, detail: [p.direction, p.type, p.range].filter(Boolean).join(' ') });
    for (const p of unit.params) items.push({ label: p.name, kind: CompletionItemKind.Constant, detail: `${p.local ? 'localparam' : 'parameter'} = ${p.value ?? ''}` });
    for (const s of unit.signals) items.push({ label: s.name, kind: s.kind === 'enum-member' ? CompletionItemKind.EnumMember : CompletionItemKind.Variable, detail: [s.type, s.range].filter(Boolean).join(' ') });
    for (const f of unit.subprograms) items.push({ label: f.name, kind: CompletionItemKind.Function, detail: f.kind });
    for (const imp of unit.imports) {
      for (const pkg of snapshot.units(imp.package, path)) {
        for (const p of pkg.unit.params) if (imp.item === '*' || imp.item === p.name) items.push({ label: p.name, kind: CompletionItemKind.Constant, detail: `${pkg.unit.name}::${p.name}` });
        for (const s of pkg.unit.signals) if (imp.item === '*' || imp.item === s.name) items.push({ label: s.name, kind: CompletionItemKind.EnumMember, detail: `${pkg.unit.name}::${s.name}` });
      }
    }
  }
  // Modules: a large workspace has thousands, so only those matching what is typed, at most
  // MODULE_LIMIT; the list is then incomplete and the editor asks again as typing goes on.
  const typed = word.toLowerCase();
  let modules = 0;
  for (const name of snapshot.unitNames()) {
    if (!matchesTyped(name.toLowerCase(), typed)) continue;
    const ref = snapshot.unit(name, path);
    if (!ref || ref.unit.kind === 'unit') continue;
    if (++modules > MODULE_LIMIT) {
      markIncomplete();
      break;
    }
    if (ref.unit.kind === 'module' || ref.unit.kind === 'interface') items.push(instanceSnippet(ref.unit));
    else items.push({ label: name, kind: CompletionItemKind.Module, detail: ref.unit.kind });
  }
  for (const k of KEYWORDS) items.push({ label: k, kind: CompletionItemKind.Keyword });
  // One item per label: the first (most local) wins.
  const seen = new Set<string>();
  return items.filter((i) => (seen.has(i.label) ? false : (seen.add(i.label), true)));
}

function macroItems(snapshot: Snapshot): CompletionItem[] {
  const seen = new Set<string>();
  const out: CompletionItem[] = [];
  for (const path of snapshot.paths()) {
    for (const def of snapshot.summary(path)!.defines) {
      if (seen.has(def.name)) continue;
      seen.add(def.name);
      // The word at a macro excludes the backtick (language-configuration.json), so the label does too.
      out.push({ label: def.name, kind: CompletionItemKind.Constant, detail: `\`define ${def.name} ${def.body}`.slice(0, 80) });
    }
  }
  return out;
}

function portItems(module: DesignUnit, instance: Instance, which: 'ports' | 'params'): CompletionItem[] {
  const used = new Set((which === 'ports' ? instance.connections : instance.params).map((c) => c.name));
  if (which === 'params') {
    return module.params.filter((p) => !p.local && !used.has(p.name)).map((p) => ({
      label: p.name, kind: CompletionItemKind.Constant, detail: `parameter = ${p.value ?? ''}`, insertText: `${p.name}(\${1:${p.value ?? ''}})`, insertTextFormat: InsertTextFormat.Snippet,
    }));
  }
  return module.ports.filter((p) => !used.has(p.name)).map((p, i) => ({
    label: p.name,
    kind: CompletionItemKind.Field,
    detail: [p.direction, p.type, p.range].filter(Boolean).join(' '),
    insertText: `${p.name}(\${1:${p.name}})`,
    insertTextFormat: InsertTextFormat.Snippet,
    sortText: String(i).padStart(4, '0'),
  }));
}

function insideParams(text: string, instance: Instance, offset: number): boolean {
  return instance.connectionListSpan ? offset < instance.connectionListSpan.start : text.lastIndexOf('#(', offset) > instance.span.start;
}

/** The instance whose parentheses hold the offset; while typing the tree may be broken, so fall back to text. */
export function instanceAround(snapshot: Snapshot, path: string, unit: DesignUnit, offset: number): Instance | undefined {
  const found = unit.instances.find((i) => i.span.start <= offset && offset <= i.span.end);
  if (found) return found;
  // Scanned by hand, never with a backtracking regex: the text may be one huge line.
  const text = snapshot.text(path) ?? '';
  const floor = Math.max(unit.span.start, offset - 4000);
  // The unclosed '(' that holds the offset, with no ';' between.
  let depth = 0;
  let open = -1;
  for (let i = offset - 1; i >= floor; i--) {
    const c = text[i];
    if (c === ';') return undefined;
    if (c === ')') depth++;
    else if (c === '(') {
      if (depth === 0) {
        open = i;
        break;
      }
      depth--;
    }
  }
  if (open < 0) return undefined;
  const name = identifierBefore(text, open, floor);
  if (!name) return undefined;
  let at = skipSpaceBack(text, name.start - 1, floor);
  // An optional #( ... ) between the module and the instance name.
  if (text[at] === ')') {
    let d = 0;
    for (; at >= floor; at--) {
      if (text[at] === ')') d++;
      else if (text[at] === '(' && --d === 0) break;
    }
    at = skipSpaceBack(text, at - 1, floor);
    if (text[at] !== '#') return undefined;
    at = skipSpaceBack(text, at - 1, floor);
  }
  const module = identifierBefore(text, at + 1, floor);
  if (!module || !snapshot.unit(module.text)) return undefined;
  return { module: module.text, moduleSpan: { start: module.start, end: module.start + module.text.length }, name: name.text, nameSpan: { start: name.start, end: name.start + name.text.length }, array: '', params: [], connections: [], wildcard: false, scope: '', span: { start: module.start, end: offset } };
}

function skipSpaceBack(text: string, i: number, floor: number): number {
  while (i >= floor && /\s/.test(text[i])) i--;
  return i;
}

/** The identifier that ends just before `end` (white space allowed between). */
function identifierBefore(text: string, end: number, floor: number): { text: string; start: number } | undefined {
  const last = skipSpaceBack(text, end - 1, floor);
  let i = last;
  while (i >= floor && /[A-Za-z0-9_$]/.test(text[i])) i--;
  const word = text.slice(i + 1, last + 1);
  return /^[A-Za-z_]/.test(word) ? { text: word, start: i + 1 } : undefined;
}

function instanceSnippet(unit: DesignUnit): CompletionItem {
  let n = 1;
  const params = unit.params.filter((p) => !p.local && p.inHeader);
  const paramText = params.length ? ` #(\n${params.map((p) => `\t.${p.name}(\${${n++}:${p.value ?? ''}})`).join(',\n')}\n)` : '';
  const ports = unit.ports.map((p) => `\t.${p.name}(\${${n++}:${p.name}})`).join(',\n');
  return {
    label: unit.name,
    kind: CompletionItemKind.Module,
    // The signature stays out of the item: a large workspace has thousands of modules.
    detail: `${unit.kind} · ${unit.ports.length} port${unit.ports.length === 1 ? '' : 's'} (instantiate)`,
    insertText: `${unit.name}${paramText} \${${n}:u_${unit.name}} (\n${ports}\n);`,
    insertTextFormat: InsertTextFormat.Snippet,
    data: { module: unit.name },
  };
}

/** completionItem/resolve: the module's signature, fetched only for the item in focus. */
export function resolveCompletion(snapshot: Snapshot, item: CompletionItem): CompletionItem {
  const module = (item.data as { module?: string } | undefined)?.module;
  const ref = module ? snapshot.unit(module) : undefined;
  return ref ? { ...item, documentation: { kind: 'markdown', value: signature(ref.unit) } } : item;
}
