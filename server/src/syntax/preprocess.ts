import { type Problem, problem, type Span } from '../base';

/**
 * The preprocessor. It does not expand macros into the text: it records every directive,
 * masks what the parser must not see (directive lines and inactive `ifdef branches) with
 * spaces, and keeps every offset, so a node's offset in the parsed text is its offset in the
 * user's file. Macro usages stay in the text; the grammar reads most of them as
 * text_macro_usage, and the model looks their expansions up when it needs them.
 */

export interface MacroParam {
  name: string;
  defaultValue?: string;
}

export interface MacroDef {
  name: string;
  /** Undefined for an object-like macro, a list (maybe empty) for a function-like one. */
  params?: MacroParam[];
  body: string;
  /** The file that defines it; undefined for macros predefined in settings or on the command line. */
  path?: string;
  nameSpan: Span;
  span: Span;
}

export interface MacroUse {
  name: string;
  /** From the backtick to the closing parenthesis of the arguments, if any. */
  span: Span;
  nameSpan: Span;
  args?: string[];
  /** The definition in force at this point of the file, if any. */
  definition?: MacroDef;
}

export interface IncludeDirective {
  /** The path as written between the quotes. */
  target: string;
  span: Span;
  targetSpan: Span;
  /** The file it resolved to, when it did. */
  resolved?: string;
}

export interface ConditionalBlock {
  /** From the `ifdef to the end of its `endif. */
  span: Span;
}

export interface PreprocessResult {
  /** The input with directives and inactive text replaced by spaces; same length, same newlines. */
  text: string;
  defines: MacroDef[];
  macroUses: MacroUse[];
  includes: IncludeDirective[];
  inactive: Span[];
  conditionals: ConditionalBlock[];
  problems: Problem[];
  /** The macro table at the end of the file, predefined and included macros included. */
  macros: Map<string, MacroDef>;
  /** Files read through `include, with their text, for cache keys. */
  dependencies: Map<string, string>;
  /** `default_nettype none seen while active. */
  defaultNettypeNone: boolean;
  /** Every comment, in order; items pick up the comments just above them. */
  comments: Span[];
  /**
   * `NAME that expands to a longer identifier is written as _NAME (same length) for the
   * parser; this maps each such placeholder to the identifier it stands for.
   */
  aliases: Map<string, string>;
}

export interface IncludeResolver {
  /** Finds an included file; returns its absolute path and text. */
  resolve(target: string, fromPath: string | undefined): { path: string; text: string } | undefined;
}

export interface PreprocessOptions {
  path?: string;
  predefined?: ReadonlyMap<string, MacroDef>;
  resolver?: IncludeResolver;
  /** Names known to be defined somewhere in the workspace: not reported as undefined. */
  knownMacroNames?: (name: string) => boolean;
}

const MAX_INCLUDE_DEPTH = 24;

/** Directives that take the rest of the line as arguments and are simply masked. */
const LINE_DIRECTIVES = new Set([
  'timescale', 'default_nettype', 'line', 'pragma', 'begin_keywords', 'unconnected_drive', 'default_decay_time',
  'default_trireg_strength', 'delay_mode_distributed', 'delay_mode_path', 'delay_mode_unit', 'delay_mode_zero',
]);
const WORD_DIRECTIVES = new Set([
  'resetall', 'celldefine', 'endcelldefine', 'nounconnected_drive', 'end_keywords', 'undefineall', 'protect', 'endprotect',
]);
const BUILTIN_MACROS = new Set(['__FILE__', '__LINE__']);

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === 36;
}

interface CondFrame {
  /** Whether the enclosing text is active. */
  parentActive: boolean;
  /** Whether a branch of this conditional has been taken already. */
  taken: boolean;
  active: boolean;
  start: number;
  inactiveStart: number;
  sawElse: boolean;
}

export function preprocess(input: string, options: PreprocessOptions = {}): PreprocessResult {
  const macros = new Map<string, MacroDef>(options.predefined ?? []);
  const dependencies = new Map<string, string>();
  const result = run(input, options.path, macros, options, dependencies, [options.path ?? '<input>'], true);
  return { ...result, macros, dependencies };
}

function run(
  text: string,
  path: string | undefined,
  macros: Map<string, MacroDef>,
  options: PreprocessOptions,
  dependencies: Map<string, string>,
  includeStack: string[],
  top: boolean,
): Omit<PreprocessResult, 'macros' | 'dependencies'> {
  const comments: Span[] = [];
  const aliases = new Map<string, string>();
  const length = text.length;
  const masks: Span[] = [];
  const replacements: Replacement[] = [];
  const defines: MacroDef[] = [];
  const macroUses: MacroUse[] = [];
  const includes: IncludeDirective[] = [];
  const inactive: Span[] = [];
  const conditionals: ConditionalBlock[] = [];
  const problems: Problem[] = [];
  const stack: CondFrame[] = [];
  let active = true;
  let defaultNettypeNone = false;

  const report = (p: Problem) => {
    if (top) problems.push(p);
  };

  /** Skips spaces and tabs (not newlines). */
  const skipBlanks = (i: number) => {
    while (i < length) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9) i++;
      else break;
    }
    return i;
  };
  /** Skips all white space and comments. */
  const skipSpace = (i: number) => {
    while (i < length) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12) i++;
      else if (c === 47 && text.charCodeAt(i + 1) === 47) {
        const nl = text.indexOf('\n', i);
        i = nl < 0 ? length : nl;
      } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
        const close = text.indexOf('*/', i + 2);
        i = close < 0 ? length : close + 2;
      } else break;
    }
    return i;
  };
  const readIdent = (i: number) => {
    let j = i;
    if (j < length && isIdentStart(text.charCodeAt(j))) {
      j++;
      while (j < length && isIdentPart(text.charCodeAt(j))) j++;
    }
    return j;
  };
  const lineEnd = (i: number) => {
    const nl = text.indexOf('\n', i);
    return nl < 0 ? length : nl;
  };
  /** End of a directive's arguments on this line, stopping before a // comment. */
  const argsEnd = (i: number) => {
    const end = lineEnd(i);
    const comment = text.indexOf('//', i);
    return comment >= 0 && comment < end ? comment : end;
  };

  const setActive = () => {
    const wasActive = active;
    active = stack.length === 0 || stack[stack.length - 1].active;
    return wasActive;
  };

  const isDefined = (name: string) => macros.has(name);

  /** Evaluates an `ifdef condition: a name, or (SystemVerilog 2023) an expression of names with ! && || and (). */
  const evalCondition = (i: number): { value: boolean; end: number } => {
    i = skipBlanks(i);
    if (text.charCodeAt(i) !== 40) {
      const end = readIdent(i);
      return { value: end > i && isDefined(text.slice(i, end)), end };
    }
    let depth = 0;
    let j = i;
    for (; j < length; j++) {
      const c = text.charCodeAt(j);
      if (c === 40) depth++;
      else if (c === 41 && --depth === 0) {
        j++;
        break;
      } else if (c === 10) break;
    }
    const expr = text.slice(i, j);
    const js = expr.replace(/[A-Za-z_][A-Za-z0-9_$]*/g, (name) => (isDefined(name) ? '1' : '0'));
    let value = false;
    if (/^[01!&|()\s]*$/.test(js)) {
      value = evalBoolean(js);
    }
    return { value, end: j };
  };

  const beginInactive = (frame: CondFrame, at: number) => {
    frame.inactiveStart = at;
  };
  const endInactive = (frame: CondFrame, at: number) => {
    if (frame.inactiveStart >= 0 && at > frame.inactiveStart) {
      inactive.push({ start: frame.inactiveStart, end: at });
      masks.push({ start: frame.inactiveStart, end: at });
    }
    frame.inactiveStart = -1;
  };

  /** Reads balanced macro arguments starting at an open parenthesis. */
  const readArgs = (open: number): { args: string[]; end: number } | undefined => {
    const args: string[] = [];
    let depth = 0;
    let argStart = open + 1;
    for (let j = open; j < length; j++) {
      const c = text.charCodeAt(j);
      if (c === 34) {
        j = skipString(text, j) - 1;
        continue;
      }
      if (c === 47 && text.charCodeAt(j + 1) === 47) {
        j = lineEnd(j) - 1;
        continue;
      }
      if (c === 47 && text.charCodeAt(j + 1) === 42) {
        const close = text.indexOf('*/', j + 2);
        j = close < 0 ? length : close + 1;
        continue;
      }
      if (c === 40 || c === 91 || c === 123) depth++;
      else if (c === 41 || c === 93 || c === 125) {
        depth--;
        if (depth === 0) {
          args.push(text.slice(argStart, j).trim());
          return { args, end: j + 1 };
        }
      } else if (c === 44 && depth === 1) {
        args.push(text.slice(argStart, j).trim());
        argStart = j + 1;
      }
    }
    return undefined;
  };

  let i = 0;
  while (i < length) {
    const c = text.charCodeAt(i);
    // Comments and strings: directives inside them do not count.
    if (c === 47 && text.charCodeAt(i + 1) === 47) {
      const end = lineEnd(i);
      if (top && active) comments.push({ start: i, end });
      i = end;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? length : close + 2;
      if (top && active) comments.push({ start: i, end });
      i = end;
      continue;
    }
    if (c === 34) {
      i = skipString(text, i);
      continue;
    }
    if (c === 92) {
      // Escaped identifier: runs to white space.
      let j = i + 1;
      while (j < length) {
        const d = text.charCodeAt(j);
        if (d === 32 || d === 9 || d === 10 || d === 13) break;
        j++;
      }
      i = j;
      continue;
    }
    if (isIdentStart(c)) {
      i = readIdent(i);
      continue;
    }
    if (c !== 96) {
      i++;
      continue;
    }
    // A backtick: a directive or a macro usage.
    const start = i;
    const nameStart = i + 1;
    const nameEnd = readIdent(nameStart);
    if (nameEnd === nameStart) {
      i++;
      continue;
    }
    const name = text.slice(nameStart, nameEnd);
    switch (name) {
      case 'ifdef':
      case 'ifndef': {
        const cond = evalCondition(nameEnd);
        const value = name === 'ifdef' ? cond.value : !cond.value;
        const frame: CondFrame = { parentActive: active, taken: value, active: active && value, start, inactiveStart: -1, sawElse: false };
        const end = cond.end;
        if (active) masks.push({ start, end });
        stack.push(frame);
        setActive();
        if (frame.parentActive && !frame.active) beginInactive(frame, end);
        i = end;
        continue;
      }
      case 'elsif':
      case 'else': {
        const frame = stack[stack.length - 1];
        let end = nameEnd;
        let value = true;
        if (name === 'elsif') {
          const cond = evalCondition(nameEnd);
          end = cond.end;
          value = cond.value;
        }
        if (!frame) {
          report(problem('unbalanced-conditional', { start, end: nameEnd }, `\`${name} without a matching \`ifdef or \`ifndef.`));
          if (active) masks.push({ start, end });
          i = end;
          continue;
        }
        if (frame.sawElse) {
          report(problem('unbalanced-conditional', { start, end: nameEnd }, `\`${name} after \`else in the same conditional.`));
        }
        if (name === 'else') frame.sawElse = true;
        if (frame.active) {
          // The branch that was active ends here.
          frame.active = false;
          masks.push({ start, end });
          beginInactive(frame, end);
        } else if (frame.parentActive && !frame.taken && value) {
          endInactive(frame, start);
          masks.push({ start, end });
          frame.active = true;
          frame.taken = true;
        } else if (frame.parentActive) {
          // Stays inactive; the directive itself is inside the inactive region already.
        }
        setActive();
        i = end;
        continue;
      }
      case 'endif': {
        const frame = stack.pop();
        if (!frame) {
          report(problem('unbalanced-conditional', { start, end: nameEnd }, '`endif without a matching `ifdef or `ifndef.'));
          if (active) masks.push({ start, end: nameEnd });
          i = nameEnd;
          continue;
        }
        if (frame.parentActive) {
          endInactive(frame, start);
          masks.push({ start, end: nameEnd });
        }
        conditionals.push({ span: { start: frame.start, end: nameEnd } });
        setActive();
        i = nameEnd;
        continue;
      }
    }
    if (!active) {
      // Inside an inactive branch only conditionals matter; skip a define's continuation lines.
      i = name === 'define' ? defineEnd(text, nameEnd) : nameEnd;
      continue;
    }
    switch (name) {
      case 'define': {
        const end = defineEnd(text, nameEnd);
        masks.push({ start, end });
        const macroNameStart = skipBlanks(nameEnd);
        const macroNameEnd = readIdent(macroNameStart);
        if (macroNameEnd === macroNameStart) {
          report(problem('syntax-error', { start, end: nameEnd }, '`define needs a macro name.'));
          i = end;
          continue;
        }
        let bodyStart = macroNameEnd;
        let params: MacroParam[] | undefined;
        if (text.charCodeAt(macroNameEnd) === 40) {
          const close = text.indexOf(')', macroNameEnd);
          if (close >= 0 && close < end) {
            params = text
              .slice(macroNameEnd + 1, close)
              .split(',')
              .map((p) => p.trim())
              .filter((p) => p.length > 0)
              .map((p) => {
                const eq = p.indexOf('=');
                return eq < 0 ? { name: p } : { name: p.slice(0, eq).trim(), defaultValue: p.slice(eq + 1).trim() };
              });
            bodyStart = close + 1;
          }
        }
        const def: MacroDef = {
          name: text.slice(macroNameStart, macroNameEnd),
          params,
          body: macroBody(text.slice(bodyStart, end)),
          path,
          nameSpan: { start: macroNameStart, end: macroNameEnd },
          span: { start, end },
        };
        macros.set(def.name, def);
        defines.push(def);
        i = end;
        continue;
      }
      case 'undef': {
        const a = skipBlanks(nameEnd);
        const b = readIdent(a);
        macros.delete(text.slice(a, b));
        masks.push({ start, end: b });
        i = b;
        continue;
      }
      case 'include': {
        const a = skipBlanks(nameEnd);
        const open = text.charCodeAt(a);
        let target = '';
        let targetSpan: Span = { start: a, end: a };
        let end = a;
        if (open === 34 || open === 60) {
          const closeChar = open === 34 ? '"' : '>';
          const close = text.indexOf(closeChar, a + 1);
          const eol = lineEnd(a);
          if (close >= 0 && close < eol) {
            target = text.slice(a + 1, close);
            targetSpan = { start: a + 1, end: close };
            end = close + 1;
          } else {
            end = eol;
          }
        } else if (open === 96) {
          // `include `MACRO: the macro's body names the file.
          const b = readIdent(a + 1);
          const def = macros.get(text.slice(a + 1, b));
          target = def ? def.body.trim().replace(/^["<]|[">]$/g, '') : '';
          targetSpan = { start: a, end: b };
          end = b;
        } else {
          end = argsEnd(a);
        }
        masks.push({ start, end });
        const directive: IncludeDirective = { target, span: { start, end }, targetSpan };
        includes.push(directive);
        if (!target) {
          report(problem('syntax-error', { start, end }, '`include needs a file name in quotes.'));
          i = end;
          continue;
        }
        const found = options.resolver?.resolve(target, path);
        if (!found) {
          report(problem('include-not-found', targetSpan, `Cannot find include file '${target}' next to this file, in the include folders, or anywhere in the workspace.`));
        } else if (includeStack.includes(found.path) || includeStack.length > MAX_INCLUDE_DEPTH) {
          directive.resolved = found.path;
          report(problem('include-cycle', targetSpan, `'${target}' is already being included (${includeStack.length > MAX_INCLUDE_DEPTH ? 'nesting too deep' : 'a cycle'}); it is not included again.`));
        } else {
          directive.resolved = found.path;
          dependencies.set(found.path, found.text);
          const inner = run(found.text, found.path, macros, options, dependencies, [...includeStack, found.path], false);
          if (inner.defaultNettypeNone) defaultNettypeNone = true;
        }
        i = end;
        continue;
      }
    }
    if (LINE_DIRECTIVES.has(name)) {
      const end = argsEnd(nameEnd);
      if (name === 'default_nettype') defaultNettypeNone = text.slice(nameEnd, end).trim() === 'none';
      masks.push({ start, end });
      i = end;
      continue;
    }
    if (WORD_DIRECTIVES.has(name)) {
      masks.push({ start, end: nameEnd });
      i = nameEnd;
      continue;
    }
    // A macro usage.
    const definition = macros.get(name);
    let end = nameEnd;
    let args: string[] | undefined;
    const wantsArgs = definition ? definition.params !== undefined : true;
    if (wantsArgs) {
      const open = definition ? skipSpace(nameEnd) : nameEnd;
      if (text.charCodeAt(open) === 40) {
        const read = readArgs(open);
        if (read) {
          args = read.args;
          end = read.end;
        }
      }
    }
    const use: MacroUse = { name, span: { start, end }, nameSpan: { start: nameStart, end: nameEnd }, args, definition };
    macroUses.push(use);
    // A usage whose expansion fits in its own text is replaced by it (padded with spaces), so
    // the parser reads real code where the grammar cannot place a macro (`input a `DEFAULT,).
    if (top && definition) {
      const expansion = expandMacro(use, macros);
      if (expansion !== undefined) {
        const flat = expansion.replace(/\s+/g, ' ').trim();
        if (flat.length <= end - start && !flat.includes('`') && !flat.includes('//') && !flat.includes('/*')) replacements.push({ start, end, text: flat });
        else if (!args && /^[A-Za-z_][A-Za-z0-9_$]*$/.test(flat)) {
          const placeholder = `_${name}`;
          aliases.set(placeholder, flat);
          replacements.push({ start, end, text: placeholder });
        }
      }
    }
    if (!definition && !BUILTIN_MACROS.has(name) && !(options.knownMacroNames?.(name) ?? false)) {
      report(problem('undefined-macro', use.nameSpan, `Macro \`${name} is not defined in this file, its includes, the settings, or any workspace file.`));
    } else if (definition?.params) {
      const given = args?.length ?? 0;
      const required = definition.params.filter((p) => p.defaultValue === undefined).length;
      if (args === undefined) {
        report(problem('macro-arguments', use.nameSpan, `Macro \`${name} takes arguments (${definition.params.map((p) => p.name).join(', ')}).`));
      } else if (given > definition.params.length || given < required) {
        report(problem('macro-arguments', use.span, `Macro \`${name} takes ${definition.params.length} argument(s); ${given} given.`));
      }
    }
    i = end;
  }

  for (const frame of stack) {
    if (frame.parentActive) endInactive(frame, length);
    report(problem('unbalanced-conditional', { start: frame.start, end: Math.min(length, frame.start + 7) }, 'This conditional is never closed with `endif.'));
  }

  return {
    text: applyMasks(text, [...masks, ...replacements]),
    defines,
    macroUses,
    includes,
    inactive: inactive.sort((a, b) => a.start - b.start),
    conditionals,
    problems,
    defaultNettypeNone,
    comments,
    aliases,
  };
}

function skipString(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length) {
    const d = text.charCodeAt(j);
    if (d === 92) j += 2;
    else if (d === 34) return j + 1;
    else if (d === 10) return j;
    else j++;
  }
  return j;
}

/** A `define runs to the end of the line, continued by a backslash before the newline. */
function defineEnd(text: string, from: number): number {
  let i = from;
  for (;;) {
    const nl = text.indexOf('\n', i);
    if (nl < 0) return text.length;
    let k = nl - 1;
    if (text.charCodeAt(k) === 13) k--;
    if (text.charCodeAt(k) === 92) {
      i = nl + 1;
      continue;
    }
    return nl;
  }
}

function macroBody(raw: string): string {
  return raw
    .replace(/\\\r?\n/g, '\n')
    .replace(/\/\/[^\n]*$/gm, '')
    .replace(/\s+$/g, '')
    .replace(/^[ \t]+/, '');
}

interface Replacement extends Span {
  text: string;
}

/** Blanks masked spans (newlines kept) and writes replacements padded to their span's length. */
function applyMasks(text: string, masks: (Span | Replacement)[]): string {
  if (masks.length === 0) return text;
  masks.sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let at = 0;
  for (const m of masks) {
    const start = Math.max(m.start, at);
    if (m.end <= start) continue;
    parts.push(text.slice(at, start));
    const blank = text.slice(start, m.end).replace(/[^\n\r]/g, ' ');
    parts.push('text' in m && start === m.start ? m.text + blank.slice(m.text.length) : blank);
    at = m.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** Evaluates a boolean expression over 0, 1, !, &&, || and parentheses. */
function evalBoolean(expr: string): boolean {
  const tokens = expr.match(/[01()!]|&&|\|\|/g) ?? [];
  let pos = 0;
  const primary = (): boolean => {
    const t = tokens[pos++];
    if (t === '!') return !primary();
    if (t === '(') {
      const v = or();
      pos++;
      return v;
    }
    return t === '1';
  };
  const and = (): boolean => {
    let v = primary();
    while (tokens[pos] === '&&') {
      pos++;
      v = primary() && v;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (tokens[pos] === '||') {
      pos++;
      v = and() || v;
    }
    return v;
  };
  return or();
}

/**
 * Expands a macro usage for hover: parameters replaced by arguments, nested usages expanded
 * up to a depth, `` and `" handled as the standard says.
 */
export function expandMacro(use: { name: string; args?: string[] }, macros: ReadonlyMap<string, MacroDef>, depth = 0): string | undefined {
  const def = macros.get(use.name);
  if (!def) return undefined;
  let body = def.body;
  if (def.params) {
    const values = new Map<string, string>();
    def.params.forEach((p, index) => values.set(p.name, use.args?.[index] ?? p.defaultValue ?? ''));
    body = body.replace(/`"/g, '"').replace(/`\\`"/g, '\\"');
    body = body.replace(/[A-Za-z_][A-Za-z0-9_$]*/g, (word, offset: number) => {
      if (offset > 0 && body[offset - 1] === '`' && !(offset > 1 && body[offset - 2] === '`')) return word;
      return values.has(word) ? values.get(word)! : word;
    });
    body = body.replace(/``/g, '');
  }
  if (depth >= 16) return body;
  return body.replace(/`([A-Za-z_][A-Za-z0-9_$]*)(\s*\(([^()]*(\([^()]*\))*)*\))?/g, (whole, name: string, call: string | undefined) => {
    const inner = macros.get(name);
    if (!inner) return whole;
    let args: string[] | undefined;
    if (inner.params && call) {
      args = splitArgs(call.trim().slice(1, -1));
    } else if (!inner.params && call) {
      return (expandMacro({ name }, macros, depth + 1) ?? whole) + call;
    }
    return expandMacro({ name, args }, macros, depth + 1) ?? whole;
  });
}

function splitArgs(text: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  args.push(text.slice(start).trim());
  return args;
}
