import { type Problem, problem, type Span } from '../base';
import { MapBuilder, SourceMap } from './sourceMap';
import { type KeywordRegion, keywordsNotIn, renameKeywords } from './keywords';

/**
 * The preprocessor (IEEE 1800-2017 clause 22). It expands: macro usages are replaced by their
 * bodies (arguments substituted, `` pasted, `" stringified, directives inside bodies obeyed,
 * nested usages expanded), `include inserts the included file's preprocessed text, and
 * directives and inactive `ifdef branches are blanked. What the parser reads is the expanded
 * text; `map` leads every offset in it back to the user's file: text the user wrote at that
 * place maps exactly (an argument of a macro too), the rest of an expansion maps to the
 * invocation (or `include directive) as a whole, as compilers keep expansion locations.
 *
 * The user's own text keeps its offsets wherever no expansion happened: directives and
 * inactive text are blanked in place (newlines kept), so a file without macro usages or
 * includes maps as the identity.
 *
 * Work is bounded: expansion depth, the size of the expanded text and the work spent expanding
 * are capped per file; past a cap, usages are left unexpanded and one problem says so.
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
  /** Where each argument's text starts and ends in the file (trimmed). */
  argSpans?: Span[];
  /** The definition in force at this point of the file, if any. */
  definition?: MacroDef;
  /** True when the usage was expanded into the parsed text. */
  expanded?: boolean;
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

export interface LineDirective {
  /** The directive in the user's file. */
  span: Span;
  /** The line number the next line is to have, the file name and the level (0, 1 or 2) given. */
  line: number;
  file: string;
  level: number;
}

export interface PreprocessResult {
  /** The preprocessed text: macros expanded, includes inserted, directives and inactive text blanked. Readers take names from it. */
  text: string;
  /**
   * What the parser reads: `text`, except that inside `begin_keywords regions words that are
   * keywords only of later versions are renamed, same length (`text` itself when there are none).
   */
  parseText: string;
  /** `line directives of the user's file (IEEE 1800-2017 22.12), recorded; they change no offset. */
  lineDirectives: LineDirective[];
  /** From offsets of `text` to offsets of the user's file. */
  map: SourceMap;
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
  /** `default_nettype none in force at the end of the file (`resetall and `default_nettype wire clear it). */
  defaultNettypeNone: boolean;
  /** Every comment of the user's file, in order; items pick up the comments just above them. */
  comments: Span[];
}

export interface IncludeResolver {
  /** Finds an included file; returns its absolute path and text. */
  resolve(target: string, fromPath: string | undefined): { path: string; text: string } | undefined;
}

/**
 * Include resolution remembered for one indexing run, by target and including folder: a
 * header is found and read once, not once per file that includes it.
 */
export function rememberingResolver(inner: IncludeResolver): IncludeResolver {
  const known = new Map<string, ReturnType<IncludeResolver['resolve']>>();
  return {
    resolve(target, fromPath) {
      const key = `${target}\n${fromPath ? fromPath.slice(0, fromPath.lastIndexOf('/') + 1) : ''}`;
      if (!known.has(key)) known.set(key, inner.resolve(target, fromPath));
      return known.get(key);
    },
  };
}

export interface PreprocessOptions {
  path?: string;
  predefined?: ReadonlyMap<string, MacroDef>;
  resolver?: IncludeResolver;
  /** Names known to be defined somewhere in the workspace: not reported as undefined. */
  knownMacroNames?: (name: string) => boolean;
  /** Expand macros and insert includes (the default); false only collects directives and blanks them. */
  expand?: boolean;
}

const MAX_INCLUDE_DEPTH = 24;
/** Nested expansions deeper than this are taken for recursion. */
const MAX_EXPANSION_DEPTH = 64;
/** The expanded text may be this many characters longer than the file... */
const OUTPUT_ALLOWANCE = 256_000;
/** ...plus this many times the file's length. */
const OUTPUT_FACTOR = 8;
/** Usages expanded per file: this many, plus one per this many characters of the file. */
const EXPANSIONS_ALLOWANCE = 20_000;
const CHARS_PER_EXPANSION = 2;

/** Directives that take the rest of the line as arguments and are simply blanked. */
const LINE_DIRECTIVES = new Set([
  'timescale', 'default_nettype', 'line', 'pragma', 'begin_keywords', 'unconnected_drive', 'default_decay_time',
  'default_trireg_strength', 'delay_mode_distributed', 'delay_mode_path', 'delay_mode_unit', 'delay_mode_zero',
]);
const WORD_DIRECTIVES = new Set([
  'resetall', 'celldefine', 'endcelldefine', 'nounconnected_drive', 'end_keywords', 'undefineall', 'protect', 'endprotect',
]);
const BUILTIN_MACROS = new Set(['__FILE__', '__LINE__']);

/** The text with every character but line breaks made a space (a regex replace cost a call per character). */
export function spacesKeepingLines(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10 || c === 13) {
      out += ' '.repeat(i - from) + s[i];
      from = i + 1;
    }
  }
  return out + ' '.repeat(s.length - from);
}

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 9 && c !== 13 && c !== 12) return false;
  }
  return true;
}

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === 36;
}

/** A run of an input's text and where it came from: src >= 0 is the user's offset of its first character. */
interface Piece {
  start: number;
  end: number;
  src: number;
  /** Text copied from an included file: that file, and the offset there of the piece's first character. */
  file?: string;
  fileOffset?: number;
}

/** Text being scanned: the user's file, an included file, or a macro's expansion. */
interface Input {
  text: string;
  pieces: Piece[];
  path: string | undefined;
  /** The user's file itself (offsets are the user's). */
  top: boolean;
  /** A file (the user's or an included one), not a macro's expansion. */
  file: boolean;
}

interface CondFrame {
  parentActive: boolean;
  taken: boolean;
  active: boolean;
  start: number;
  inactiveStart: number;
  sawElse: boolean;
}

/** What one preprocess run shares across its nested scans; the records of the user's file are the result's own. */
interface Context extends Pick<PreprocessResult, 'defines' | 'macroUses' | 'includes' | 'inactive' | 'conditionals' | 'problems' | 'comments'> {
  macros: Map<string, MacroDef>;
  options: PreprocessOptions;
  dependencies: Map<string, string>;
  out: MapBuilder;
  expand: boolean;
  outputLimit: number;
  workLimit: number;
  work: number;
  expansionLimit: number;
  expansions: number;
  includeStack: string[];
  defaultNettypeNone: boolean;
  limitReported: boolean;
  recursionReported: Set<number>;
  lineStarts?: number[];
  topText: string;
  /** Open `begin_keywords: the hidden keywords of each, innermost last. */
  keywordStack: (ReadonlySet<string> | undefined)[];
  keywordRegions: KeywordRegion[];
  lineDirectives: LineDirective[];
}

export function preprocess(input: string, options: PreprocessOptions = {}): PreprocessResult {
  const macros = new Map<string, MacroDef>(options.predefined ?? []);
  const outputLimit = OUTPUT_ALLOWANCE + OUTPUT_FACTOR * input.length;
  const ctx: Context = {
    macros,
    options,
    dependencies: new Map(),
    out: new MapBuilder(),
    expand: options.expand !== false,
    outputLimit,
    workLimit: 4 * outputLimit,
    work: 0,
    expansionLimit: EXPANSIONS_ALLOWANCE + Math.floor(input.length / CHARS_PER_EXPANSION),
    expansions: 0,
    includeStack: [options.path ?? '<input>'],
    defines: [],
    macroUses: [],
    includes: [],
    inactive: [],
    conditionals: [],
    problems: [],
    comments: [],
    defaultNettypeNone: false,
    limitReported: false,
    recursionReported: new Set(),
    topText: input,
    keywordStack: [],
    keywordRegions: [],
    lineDirectives: [],
  };
  scan(ctx, { text: input, pieces: [{ start: 0, end: input.length, src: 0 }], path: options.path, top: true, file: true }, undefined, 0);
  const { text, map } = ctx.out.finish(input.length);
  return {
    text,
    parseText: renameKeywords(text, ctx.keywordRegions),
    lineDirectives: ctx.lineDirectives,
    map,
    defines: ctx.defines,
    macroUses: ctx.macroUses,
    includes: ctx.includes,
    inactive: ctx.inactive.sort((a, b) => a.start - b.start),
    conditionals: ctx.conditionals,
    problems: ctx.problems,
    macros,
    dependencies: ctx.dependencies,
    defaultNettypeNone: ctx.defaultNettypeNone,
    comments: ctx.comments,
  };
}

/**
 * Scans one input, writing what the parser reads to ctx.out. `within` is the user's span that
 * everything here stands for, except text whose piece says where the user wrote it; it is
 * undefined only for the user's file itself.
 */
function scan(ctx: Context, input: Input, within: Span | undefined, depth: number): void {
  new Scanner(ctx, input, within, depth).run();
}

/**
 * One scan. The loop over ordinary text is a small method of its own and each directive has
 * one: a single function holding all of them took the JIT 150-270 ms to compile, again after
 * every deoptimisation, in every index worker.
 */
class Scanner {
  private readonly text: string;
  private readonly top: boolean;
  private readonly length: number;
  private readonly macros: Map<string, MacroDef>;
  private readonly stack: CondFrame[] = [];
  private active = true;
  private copyFrom = 0;

  constructor(
    private readonly ctx: Context,
    private readonly input: Input,
    private readonly within: Span | undefined,
    private readonly depth: number,
  ) {
    this.text = input.text;
    this.top = input.top;
    this.length = input.text.length;
    this.macros = ctx.macros;
  }

  run(): void {
    const text = this.text;
    const length = this.length;
    let i = 0;
    while (i < length) {
      const c = text.charCodeAt(i);
      if (c === 47) {
        const d = text.charCodeAt(i + 1);
        if (d === 47 || d === 42) i = this.comment(i, d === 47);
        else i++;
      } else if (c === 34) i = skipString(text, i);
      else if (c === 92) {
        let j = i + 1;
        while (j < length) {
          const e = text.charCodeAt(j);
          if (e === 32 || e === 9 || e === 10 || e === 13) break;
          j++;
        }
        i = j;
      } else if (isIdentStart(c) || (c >= 48 && c <= 57)) {
        // A name, or a number with its letters (8'hFF): skipped in one pass.
        i++;
        while (i < length && isIdentPart(text.charCodeAt(i))) i++;
      } else if (c === 96) i = this.backtick(i);
      else i++;
    }
    for (const frame of this.stack) {
      if (frame.parentActive) this.endInactive(frame, length);
      this.report(problem('unbalanced-conditional', { start: frame.start, end: Math.min(length, frame.start + 7) }, 'This conditional is never closed with `endif.'));
    }
    this.flush(length);
  }

  /** A comment at i; returns its end. */
  private comment(i: number, line: boolean): number {
    let end: number;
    if (line) end = this.lineEnd(i);
    else {
      const close = this.text.indexOf('*/', i + 2);
      end = close < 0 ? this.length : close + 2;
    }
    if (this.top && this.active) this.ctx.comments.push({ start: i, end });
    // Comments of included files and macro bodies are nobody's documentation here: one
    // separator instead (a header's comments, copied into every file including it, doubled
    // some files' parsing).
    else if (!this.top && this.active) this.directive(i, end);
    return end;
  }

  /** A backtick at `start`: a directive or a macro usage; returns where scanning goes on. */
  private backtick(start: number): number {
    const nameStart = start + 1;
    const nameEnd = this.readIdent(nameStart);
    if (nameEnd === nameStart) return start + 1;
    const name = this.text.slice(nameStart, nameEnd);
    switch (name) {
      case 'ifdef':
      case 'ifndef':
        return this.ifdef(name, start, nameEnd);
      case 'elsif':
      case 'else':
        return this.elseBranch(name, start, nameEnd);
      case 'endif':
        return this.endif(start, nameEnd);
    }
    if (!this.active) return name === 'define' ? defineEnd(this.text, nameEnd) : nameEnd;
    switch (name) {
      case 'define':
        return this.define(start, nameEnd);
      case 'undef': {
        const a = this.skipBlanks(nameEnd);
        const b = this.readIdent(a);
        this.macros.delete(this.text.slice(a, b));
        this.directive(start, b);
        return b;
      }
      case 'include':
        return this.include(start, nameEnd);
    }
    if (LINE_DIRECTIVES.has(name)) return this.lineDirective(name, start, nameEnd);
    if (WORD_DIRECTIVES.has(name)) return this.wordDirective(name, start, nameEnd);
    return this.macroUse(name, start, nameEnd);
  }

  private ifdef(name: string, start: number, nameEnd: number): number {
    const cond = this.evalCondition(nameEnd);
    const value = name === 'ifdef' ? cond.value : !cond.value;
    const active = this.active;
    const frame: CondFrame = { parentActive: active, taken: value, active: active && value, start, inactiveStart: -1, sawElse: false };
    if (active) this.directive(start, cond.end);
    this.stack.push(frame);
    this.setActive();
    if (frame.parentActive && !frame.active) frame.inactiveStart = cond.end;
    return cond.end;
  }

  private elseBranch(name: string, start: number, nameEnd: number): number {
    const frame = this.stack[this.stack.length - 1];
    let end = nameEnd;
    let value = true;
    if (name === 'elsif') {
      const cond = this.evalCondition(nameEnd);
      end = cond.end;
      value = cond.value;
    }
    if (!frame) {
      this.report(problem('unbalanced-conditional', { start, end: nameEnd }, `\`${name} without a matching \`ifdef or \`ifndef.`));
      if (this.active) this.directive(start, end);
      return end;
    }
    if (frame.sawElse) this.report(problem('unbalanced-conditional', { start, end: nameEnd }, `\`${name} after \`else in the same conditional.`));
    if (name === 'else') frame.sawElse = true;
    if (frame.active) {
      this.directive(start, end);
      frame.active = false;
      frame.inactiveStart = end;
    } else if (frame.parentActive && !frame.taken && value) {
      this.flush(start);
      this.endInactive(frame, start);
      this.blank(start, end);
      this.copyFrom = end;
      frame.active = true;
      frame.taken = true;
    }
    this.setActive();
    return end;
  }

  private endif(start: number, nameEnd: number): number {
    const frame = this.stack.pop();
    if (!frame) {
      this.report(problem('unbalanced-conditional', { start, end: nameEnd }, '`endif without a matching `ifdef or `ifndef.'));
      if (this.active) this.directive(start, nameEnd);
      return nameEnd;
    }
    if (frame.parentActive) {
      this.flush(start);
      this.endInactive(frame, start);
      this.blank(start, nameEnd);
      this.copyFrom = nameEnd;
    }
    if (this.top) this.ctx.conditionals.push({ span: { start: frame.start, end: nameEnd } });
    this.setActive();
    return nameEnd;
  }

  private define(start: number, nameEnd: number): number {
    const text = this.text;
    const end = defineEnd(text, nameEnd);
    this.directive(start, end);
    const macroNameStart = this.skipBlanks(nameEnd);
    const macroNameEnd = this.readIdent(macroNameStart);
    if (macroNameEnd === macroNameStart) {
      this.report(problem('syntax-error', { start, end: nameEnd }, '`define needs a macro name.'));
      return end;
    }
    let bodyStart = macroNameEnd;
    let params: MacroParam[] | undefined;
    if (text.charCodeAt(macroNameEnd) === 40) {
      const list = readParams(text, macroNameEnd, end);
      if (list) {
        params = list.params;
        bodyStart = list.end;
      }
    }
    const input = this.input;
    const def: MacroDef = {
      name: text.slice(macroNameStart, macroNameEnd),
      params,
      body: macroBody(text.slice(bodyStart, end)),
      path: input.path,
      // In a file (this one or an included one) spans are that file's; in an expansion, the usage's.
      nameSpan: input.file ? { start: macroNameStart, end: macroNameEnd } : this.within!,
      span: input.file ? { start, end } : this.within!,
    };
    this.macros.set(def.name, def);
    if (this.top) this.ctx.defines.push(def);
    return end;
  }

  private include(start: number, nameEnd: number): number {
    const { text, ctx, input } = this;
    const a = this.skipBlanks(nameEnd);
    const open = text.charCodeAt(a);
    let target = '';
    let targetSpan: Span = { start: a, end: a };
    let end = a;
    if (open === 34 || open === 60) {
      const close = text.indexOf(open === 34 ? '"' : '>', a + 1);
      const eol = this.lineEnd(a);
      if (close >= 0 && close < eol) {
        target = text.slice(a + 1, close);
        targetSpan = { start: a + 1, end: close };
        end = close + 1;
      } else end = eol;
    } else if (open === 96) {
      const b = this.readIdent(a + 1);
      const def = this.macros.get(text.slice(a + 1, b));
      target = def ? stripQuotes(def.body.trim()) : '';
      targetSpan = { start: a, end: b };
      end = b;
    } else end = this.argsEnd(a);
    this.directive(start, end);
    const record: IncludeDirective = { target, span: { start, end }, targetSpan };
    if (this.top) ctx.includes.push(record);
    if (!target) {
      this.report(problem('syntax-error', { start, end }, '`include needs a file name in quotes.'));
      return end;
    }
    const found = ctx.options.resolver?.resolve(target, input.path);
    if (!found) {
      this.report(problem('include-not-found', targetSpan, `Cannot find include file '${target}' next to this file, in the include folders, or anywhere in the workspace.`));
      return end;
    }
    record.resolved = found.path;
    if (ctx.includeStack.includes(found.path) || ctx.includeStack.length > MAX_INCLUDE_DEPTH) {
      this.report(problem('include-cycle', targetSpan, `'${target}' is already being included (${ctx.includeStack.length > MAX_INCLUDE_DEPTH ? 'nesting too deep' : 'a cycle'}); it is not included again.`));
      return end;
    }
    ctx.dependencies.set(found.path, found.text);
    ctx.includeStack.push(found.path);
    const inner: Input = { text: found.text, pieces: [{ start: 0, end: found.text.length, src: -1, file: found.path, fileOffset: 0 }], path: found.path, top: false, file: true };
    const span = this.userSpan(start, end);
    if (ctx.expand) {
      // The included text stands for the directive; a separator keeps tokens apart.
      scan(ctx, inner, span, this.depth + 1);
      ctx.out.opaque('\n', span);
    } else scan({ ...ctx, out: new MapBuilder(), keywordRegions: [] }, inner, span, this.depth + 1);
    ctx.includeStack.pop();
    return end;
  }

  private lineDirective(name: string, start: number, nameEnd: number): number {
    const ctx = this.ctx;
    const end = this.argsEnd(nameEnd);
    const args = this.text.slice(nameEnd, end).trim();
    if (name === 'default_nettype') ctx.defaultNettypeNone = args === 'none';
    this.directive(start, end);
    if (name === 'begin_keywords') {
      ctx.keywordStack.push(keywordsNotIn(stripQuotes(args)));
      setKeywords(ctx, ctx.keywordStack[ctx.keywordStack.length - 1]);
    } else if (name === 'line' && this.top) {
      const line = readLineDirective(args);
      if (line) ctx.lineDirectives.push({ span: { start, end }, ...line });
    }
    return end;
  }

  private wordDirective(name: string, start: number, nameEnd: number): number {
    const ctx = this.ctx;
    if (name === 'resetall') ctx.defaultNettypeNone = false;
    else if (name === 'undefineall') {
      for (const key of [...this.macros.keys()]) if (!ctx.options.predefined?.has(key)) this.macros.delete(key);
    }
    this.directive(start, nameEnd);
    // After the directive is written, so the region ends where the output stands.
    if (name === 'end_keywords') {
      ctx.keywordStack.pop();
      setKeywords(ctx, ctx.keywordStack[ctx.keywordStack.length - 1]);
    }
    return nameEnd;
  }

  private macroUse(name: string, start: number, nameEnd: number): number {
    const { text, ctx, input, top } = this;
    const nameStart = start + 1;
    const definition = this.macros.get(name);
    let end = nameEnd;
    let args: { start: number; end: number }[] | undefined;
    if (definition ? definition.params !== undefined : true) {
      const open = definition ? this.skipSpace(nameEnd) : nameEnd;
      if (text.charCodeAt(open) === 40) {
        const read = readArgs(text, open);
        if (read) {
          args = read.args;
          end = read.end;
        }
      }
    }
    const use: MacroUse | undefined = top
      ? { name, span: { start, end }, nameSpan: { start: nameStart, end: nameEnd }, args: args?.map((a) => text.slice(a.start, a.end)), argSpans: args, definition }
      : undefined;
    if (use) ctx.macroUses.push(use);
    if (definition?.params) {
      const given = args?.length ?? 0;
      const required = definition.params.filter((p) => p.defaultValue === undefined).length;
      if (args === undefined) {
        this.report(problem('macro-arguments', { start: nameStart, end: nameEnd }, `Macro \`${name} takes arguments (${definition.params.map((p) => p.name).join(', ')}).`));
        return end;
      }
      // `M() for a one-parameter macro passes one empty argument.
      if (given > definition.params.length || (given < required && !(given === 1 && required === 1 && args[0].end === args[0].start))) {
        this.report(problem('macro-arguments', { start, end }, `Macro \`${name} takes ${definition.params.length} argument(s); ${given} given.`));
      }
    }
    if (BUILTIN_MACROS.has(name) && !definition && ctx.expand) {
      this.flush(start);
      const value = name === '__FILE__' ? JSON.stringify(input.path ?? '') : String(lineOf(ctx, top ? start : this.within!.start));
      if (top) ctx.out.opaque(value + ' '.repeat(Math.max(0, end - start - value.length)), { start, end });
      else ctx.out.opaque(value, this.within!);
      this.copyFrom = end;
      if (use) use.expanded = true;
      return end;
    }
    if (!definition) {
      if (top && !BUILTIN_MACROS.has(name) && !(ctx.options.knownMacroNames?.(name) ?? false)) {
        this.report(problem('undefined-macro', { start: nameStart, end: nameEnd }, `Macro \`${name} is not defined in this file, its includes, the settings, or any workspace file.`));
      }
      return end;
    }
    if (!ctx.expand) return end;
    const span = this.userSpan(start, end);
    if (this.depth >= MAX_EXPANSION_DEPTH) {
      if (!ctx.recursionReported.has(span.start)) {
        ctx.recursionReported.add(span.start);
        ctx.problems.push(problem('macro-recursion', span, `Macro expansion nests more than ${MAX_EXPANSION_DEPTH} deep here (\`${name} expands into itself?); the rest is left unexpanded.`));
      }
      return end;
    }
    const expansion = substitute(definition, args?.map((a) => ({ text: text.slice(a.start, a.end), pieces: top ? [{ start: 0, end: a.end - a.start, src: a.start }] : shiftPieces(piecesIn(input.pieces, a.start, a.end), -a.start) })));
    ctx.work += expansion.text.length;
    if (++ctx.expansions > ctx.expansionLimit || ctx.work > ctx.workLimit || ctx.out.length + expansion.text.length > ctx.outputLimit) {
      if (!ctx.limitReported) {
        ctx.limitReported = true;
        ctx.problems.push(problem('macro-expansion-limit', span, `Macro expansion in this file passed its limit (${ctx.outputLimit} characters, ${ctx.expansionLimit} usages); usages from here on are left unexpanded.`));
      }
      return end;
    }
    this.flush(start);
    const before = ctx.out.length;
    if (expansion.text.indexOf('`') < 0) {
      // Nothing to expand or obey inside: copied as it is (most usages end here).
      for (const p of expansion.pieces) {
        const piece = expansion.text.slice(p.start, p.end);
        if (p.src >= 0) ctx.out.exact(piece, p.src);
        else ctx.out.opaque(piece, span, p.file !== undefined ? { file: p.file, offset: p.fileOffset! } : undefined);
      }
    } else scan(ctx, { text: expansion.text, pieces: expansion.pieces, path: input.path, top: false, file: false }, span, this.depth + 1);
    // An expansion that wrote nothing still stands for its usage in the map.
    if (ctx.out.length === before && top) ctx.out.opaque(' ', span);
    if (use) use.expanded = true;
    this.copyFrom = end;
    return end;
  }

  private report(p: Problem): void {
    if (this.top) this.ctx.problems.push(p);
  }

  /** Copies [a, b) of the input to the output, exact where the pieces say so. */
  private emit(a: number, b: number): void {
    if (b <= a) return;
    const out = this.ctx.out;
    if (this.top) {
      out.exact(this.text.slice(a, b), a);
      return;
    }
    for (const p of piecesIn(this.input.pieces, a, b)) {
      const s = this.text.slice(p.start, p.end);
      if (p.src >= 0) out.exact(s, p.src);
      // White space between a header's directives, after white space already written, is dropped.
      else if (!(out.endsWithSpace() && isBlank(s))) out.opaque(s, this.within!, p.file !== undefined ? { file: p.file, offset: p.fileOffset! } : undefined);
    }
  }

  /** Blanks [a, b): in the user's file, spaces with the newlines kept; elsewhere one separator. */
  private blank(a: number, b: number): void {
    if (b <= a) return;
    const s = this.text.slice(a, b);
    const out = this.ctx.out;
    if (this.top) out.exact(spacesKeepingLines(s), a);
    // One separator, and none after white space: a header of a hundred `define lines adds nothing.
    else if (!out.endsWithSpace()) out.opaque(s.includes('\n') ? '\n' : ' ', this.within!);
  }

  private flush(to: number): void {
    if (to > this.copyFrom) {
      if (this.active) this.emit(this.copyFrom, to);
      else this.blank(this.copyFrom, to);
    }
    this.copyFrom = Math.max(this.copyFrom, to);
  }

  /** Blanks a directive (or an included comment) at [start, end) of active text. */
  private directive(start: number, end: number): void {
    this.flush(start);
    this.blank(start, end);
    this.copyFrom = end;
  }

  /** The user's span of [a, b) of this input. */
  private userSpan(a: number, b: number): Span {
    return this.top ? { start: a, end: b } : this.within!;
  }

  private skipBlanks(i: number): number {
    const text = this.text;
    while (i < this.length) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9) i++;
      else break;
    }
    return i;
  }

  private skipSpace(i: number): number {
    const text = this.text;
    const length = this.length;
    while (i < length) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12) i++;
      else if (c === 47 && text.charCodeAt(i + 1) === 47) i = this.lineEnd(i);
      else if (c === 47 && text.charCodeAt(i + 1) === 42) {
        const close = text.indexOf('*/', i + 2);
        i = close < 0 ? length : close + 2;
      } else break;
    }
    return i;
  }

  private readIdent(i: number): number {
    const text = this.text;
    let j = i;
    if (j < this.length && isIdentStart(text.charCodeAt(j))) {
      j++;
      while (j < this.length && isIdentPart(text.charCodeAt(j))) j++;
    }
    return j;
  }

  private lineEnd(i: number): number {
    const nl = this.text.indexOf('\n', i);
    return nl < 0 ? this.length : nl;
  }

  private argsEnd(i: number): number {
    const end = this.lineEnd(i);
    const comment = this.text.indexOf('//', i);
    return comment >= 0 && comment < end ? comment : end;
  }

  private setActive(): void {
    const stack = this.stack;
    this.active = stack.length === 0 || stack[stack.length - 1].active;
  }

  private evalCondition(i: number): { value: boolean; end: number } {
    const text = this.text;
    const macros = this.macros;
    i = this.skipBlanks(i);
    if (text.charCodeAt(i) !== 40) {
      const end = this.readIdent(i);
      return { value: end > i && macros.has(text.slice(i, end)), end };
    }
    let depthP = 0;
    let j = i;
    for (; j < this.length; j++) {
      const c = text.charCodeAt(j);
      if (c === 40) depthP++;
      else if (c === 41 && --depthP === 0) {
        j++;
        break;
      } else if (c === 10) break;
    }
    const js = text.slice(i, j).replace(/[A-Za-z_][A-Za-z0-9_$]*/g, (name) => (macros.has(name) ? '1' : '0'));
    return { value: /^[01!&|()\s]*$/.test(js) ? evalBoolean(js) : false, end: j };
  }

  private endInactive(frame: CondFrame, at: number): void {
    if (this.top && frame.inactiveStart >= 0 && at > frame.inactiveStart) this.ctx.inactive.push({ start: frame.inactiveStart, end: at });
    frame.inactiveStart = -1;
  }
}

/**
 * From here on (the output's current end), `hidden` keywords are identifiers: closes the open
 * region and opens one for `hidden`, if any. Regions are disjoint and in order.
 */
function setKeywords(ctx: Context, hidden: ReadonlySet<string> | undefined): void {
  const at = ctx.out.length;
  const last = ctx.keywordRegions[ctx.keywordRegions.length - 1];
  if (last && last.end > at) last.end = at;
  if (hidden && hidden.size > 0) ctx.keywordRegions.push({ start: at, end: Number.MAX_SAFE_INTEGER, hidden });
}

/** `line number "file" level: its three arguments, or undefined when they are not that. */
function readLineDirective(args: string): { line: number; file: string; level: number } | undefined {
  let i = 0;
  while (i < args.length && args.charCodeAt(i) >= 48 && args.charCodeAt(i) <= 57) i++;
  if (i === 0) return undefined;
  const line = Number(args.slice(0, i));
  const open = args.indexOf('"', i);
  const close = open < 0 ? -1 : args.indexOf('"', open + 1);
  if (open < 0 || close < 0 || args.slice(i, open).trim() !== '') return undefined;
  const level = args.slice(close + 1).trim();
  if (level !== '0' && level !== '1' && level !== '2') return undefined;
  return { line, file: args.slice(open + 1, close), level: Number(level) };
}

function lineOf(ctx: Context, offset: number): number {
  if (!ctx.lineStarts) {
    const starts = [0];
    for (let k = ctx.topText.indexOf('\n'); k !== -1; k = ctx.topText.indexOf('\n', k + 1)) starts.push(k + 1);
    ctx.lineStarts = starts;
  }
  const starts = ctx.lineStarts;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}

function stripQuotes(s: string): string {
  const a = s.charCodeAt(0) === 34 || s.charCodeAt(0) === 60 ? 1 : 0;
  const last = s.charCodeAt(s.length - 1);
  const b = s.length > a && (last === 34 || last === 62) ? s.length - 1 : s.length;
  return s.slice(a, b);
}

/** The pieces of [a, b), cut to it. */
function piecesIn(pieces: readonly Piece[], a: number, b: number): Piece[] {
  const out: Piece[] = [];
  let low = 0;
  let high = pieces.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (pieces[mid].start <= a) low = mid;
    else high = mid - 1;
  }
  for (let k = low; k < pieces.length && pieces[k].start < b; k++) {
    const p = pieces[k];
    const s = Math.max(a, p.start);
    const e = Math.min(b, p.end);
    if (e > s) {
      const cut: Piece = { start: s, end: e, src: p.src >= 0 ? p.src + (s - p.start) : -1 };
      if (p.file !== undefined) {
        cut.file = p.file;
        cut.fileOffset = p.fileOffset! + (s - p.start);
      }
      out.push(cut);
    }
  }
  return out;
}

function shiftPieces(pieces: Piece[], delta: number): Piece[] {
  return pieces.map((p) => ({ ...p, start: p.start + delta, end: p.end + delta }));
}

/** Reads balanced macro arguments from an open parenthesis: each argument's trimmed range. */
function readArgs(text: string, open: number): { args: Span[]; end: number } | undefined {
  const args: Span[] = [];
  let depth = 0;
  let argStart = open + 1;
  const push = (a: number, b: number) => {
    while (a < b && isSpace(text.charCodeAt(a))) a++;
    while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
    args.push({ start: a, end: b });
  };
  for (let j = open; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 34) {
      j = skipString(text, j) - 1;
      continue;
    }
    if (c === 47 && text.charCodeAt(j + 1) === 47) {
      const nl = text.indexOf('\n', j);
      j = (nl < 0 ? text.length : nl) - 1;
      continue;
    }
    if (c === 47 && text.charCodeAt(j + 1) === 42) {
      const close = text.indexOf('*/', j + 2);
      j = close < 0 ? text.length : close + 1;
      continue;
    }
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) {
      depth--;
      if (depth === 0) {
        push(argStart, j);
        return { args, end: j + 1 };
      }
    } else if (c === 44 && depth === 1) {
      push(argStart, j);
      argStart = j + 1;
    }
  }
  return undefined;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12;
}

/** A `define's formal arguments from the open parenthesis after its name, defaults with nested brackets and strings. */
function readParams(text: string, open: number, limit: number): { params: MacroParam[]; end: number } | undefined {
  const read = readArgs(text.slice(0, limit), open);
  if (!read) return undefined;
  const params: MacroParam[] = [];
  for (const a of read.args) {
    const p = text.slice(a.start, a.end);
    if (p.length === 0) continue;
    const eq = p.indexOf('=');
    params.push(eq < 0 ? { name: p } : { name: p.slice(0, eq).trim(), defaultValue: p.slice(eq + 1).trim() });
  }
  return { params, end: read.end };
}

/**
 * A macro's body with its arguments in: formal names outside string literals replaced by the
 * actual text (or the default), `` removed, `" written as ", `\`" as \". Arguments keep their
 * pieces, so text the user wrote in them still maps to where they wrote it.
 */
function substitute(def: MacroDef, args: { text: string; pieces: Piece[] }[] | undefined): { text: string; pieces: Piece[] } {
  const body = def.body;
  const parts: string[] = [];
  const pieces: Piece[] = [];
  let length = 0;
  const lit = (s: string) => {
    if (s.length === 0) return;
    const last = pieces[pieces.length - 1];
    if (last && last.src < 0 && last.end === length) last.end += s.length;
    else pieces.push({ start: length, end: length + s.length, src: -1 });
    parts.push(s);
    length += s.length;
  };
  const values = new Map<string, { text: string; pieces: Piece[] }>();
  def.params?.forEach((p, k) => {
    const given = args?.[k];
    if (given && given.text.length > 0) values.set(p.name, given);
    else values.set(p.name, { text: p.defaultValue ?? '', pieces: [{ start: 0, end: (p.defaultValue ?? '').length, src: -1 }] });
  });
  let inString = false;
  let run = 0;
  let i = 0;
  const n = body.length;
  const flushRun = (to: number) => {
    if (to > run) lit(body.slice(run, to));
  };
  while (i < n) {
    const c = body.charCodeAt(i);
    if (c === 96) {
      const d = body.charCodeAt(i + 1);
      if (d === 96) {
        flushRun(i);
        i += 2;
        run = i;
        continue;
      }
      if (d === 34) {
        flushRun(i);
        lit('"');
        inString = !inString;
        i += 2;
        run = i;
        continue;
      }
      if (d === 92 && body.charCodeAt(i + 2) === 96 && body.charCodeAt(i + 3) === 34) {
        flushRun(i);
        lit('\\"');
        i += 4;
        run = i;
        continue;
      }
      // A directive or macro name: not a formal argument.
      i++;
      while (i < n && isIdentPart(body.charCodeAt(i))) i++;
      continue;
    }
    if (c === 34 && !inString) {
      i = skipString(body, i);
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(body.charCodeAt(j))) j++;
      const value = values.get(body.slice(i, j));
      if (value) {
        flushRun(i);
        for (const p of value.pieces) {
          const s = value.text.slice(p.start, p.end);
          if (s.length === 0) continue;
          pieces.push({ ...p, start: length, end: length + s.length });
          parts.push(s);
          length += s.length;
        }
        run = j;
      }
      i = j;
      continue;
    }
    if (c >= 48 && c <= 57) {
      i++;
      while (i < n && isIdentPart(body.charCodeAt(i))) i++;
      continue;
    }
    i++;
  }
  flushRun(n);
  return { text: parts.join(''), pieces };
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
  return Math.min(j, text.length);
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

/**
 * A macro's body as written: continuation backslashes dropped (their newlines kept, so
 * directives inside the body end where their lines end), // comments outside strings
 * removed, white space trimmed at both ends.
 */
function macroBody(raw: string): string {
  const out: string[] = [];
  let run = 0;
  let i = 0;
  const n = raw.length;
  while (i < n) {
    const c = raw.charCodeAt(i);
    if (c === 92 && (raw.charCodeAt(i + 1) === 10 || (raw.charCodeAt(i + 1) === 13 && raw.charCodeAt(i + 2) === 10))) {
      out.push(raw.slice(run, i), '\n');
      i += raw.charCodeAt(i + 1) === 13 ? 3 : 2;
      run = i;
      continue;
    }
    if (c === 34) {
      i = skipString(raw, i);
      continue;
    }
    if (c === 47 && raw.charCodeAt(i + 1) === 47) {
      out.push(raw.slice(run, i));
      // The comment runs to the end of the line; a continuation at its end continues the body.
      let j = raw.indexOf('\n', i);
      if (j < 0) j = n;
      const cont = raw.charCodeAt(j - 1) === 92 || (raw.charCodeAt(j - 1) === 13 && raw.charCodeAt(j - 2) === 92);
      if (cont && j < n) out.push('\n');
      i = j < n ? j + 1 : n;
      run = i;
      continue;
    }
    if (c === 47 && raw.charCodeAt(i + 1) === 42) {
      const close = raw.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      continue;
    }
    i++;
  }
  out.push(raw.slice(run));
  return out.join('').trim();
}

/** Evaluates a boolean expression over 0, 1, !, &&, || and parentheses. */
function evalBoolean(expr: string): boolean {
  const tokens = expr.match(/[01()!]|&&|\|\|/g) ?? [];
  let pos = 0;
  let steps = 0;
  const primary = (): boolean => {
    if (++steps > 10_000) return false;
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
 * The text a usage expands to, as the parser reads it (for hover and for parameter values
 * written with macros): the same expansion as the preprocessor's, nested usages and
 * directives in the body included, bounded the same way. `macros` is not changed.
 */
export function expandMacro(use: { name: string; args?: string[] }, macros: ReadonlyMap<string, MacroDef>): string | undefined {
  const def = macros.get(use.name);
  if (!def) return undefined;
  const args = use.args?.map((a) => ({ text: a, pieces: [{ start: 0, end: a.length, src: -1 }] }));
  const expansion = substitute(def, def.params ? args : undefined);
  return expandText(expansion.text, macros);
}

/** Preprocesses a piece of text with a given macro table (directives obeyed, macros expanded), bounded. */
export function expandText(text: string, macros: ReadonlyMap<string, MacroDef>): string {
  const result = preprocess(text, { predefined: macros });
  return result.text.replace(/[ \t\n\r]+/g, ' ').trim();
}
