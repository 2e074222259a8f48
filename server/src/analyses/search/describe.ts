/**
 * Multi-grain descriptions (MG-Verilog): every module, block (always, assign, generate,
 * instance) and signal gets a one-line summary and the text the index reads, made from the
 * code, its comments and the module's data-flow graph. Hardware patterns are recognised from
 * the graph and the assignments (state machines, counters, shift registers, CRC/LFSR, Gray
 * code, synchronizers, FIFOs, memories, arbiters, handshakes, decoders), so a question in
 * words ("module that synchronizes an async reset") meets code that never says so.
 */
import { children, commentsOf, type Expr, printExpression, type Span } from '../../base';
import type { Assignment, Block, DesignUnit, Port, Signal } from '../../model';
import { moduleGraph, type ModuleGraph } from '../../graph';
import { readable } from './words';

export type Granularity = 'module' | 'block' | 'signal';

/** What a document stands for inside its module: found again by identity, not by offsets (units move when a file is edited above them). */
export type ItemRef = { kind: 'module' } | { kind: 'block'; index: number } | { kind: 'instance'; index: number } | { kind: 'signal'; name: string };

/** A document's id: its unit and its item (saved packs make ids again from items with it). */
export function itemId(path: string, module: string, item: ItemRef): string {
  const base = `${path}#${module}`;
  switch (item.kind) {
    case 'module':
      return `m:${base}`;
    case 'block':
      return `b:${base}#${item.index}`;
    case 'instance':
      return `i:${base}#${item.index}`;
    case 'signal':
      return `s:${base}#${item.name}`;
  }
}

export interface SearchDoc {
  id: string;
  granularity: Granularity;
  path: string;
  module: string;
  item: ItemRef;
  /** The signal (signal docs) or the first signal a block drives. */
  signal?: string;
  /** A block's label: "always_ff @(posedge clk)", "assign", "instance u_fifo (sync_fifo)". */
  block?: string;
  summary: string;
  /** Index fields. */
  name: string;
  comment: string;
  /** Recognised patterns and roles (state machine, counter, synchronizer, ...): strong evidence. */
  pattern: string;
  text: string;
  code: string;
  /** Signals a block drives, or that drive a signal (graph edges for re-ranking). */
  drives: string[];
  reads: string[];
}

/** Comments and identifiers of a span of source text. */
function sourceParts(text: string | undefined, span: Span): { comments: string; code: string } {
  if (text === undefined) return { comments: '', code: '' };
  const body = text.slice(span.start, Math.min(span.end, span.start + 20000));
  const comments: string[] = [];
  const code = body.replace(/\/\/([^\n]*)|\/\*([\s\S]*?)\*\//g, (_m, line: string | undefined, block: string | undefined) => {
    comments.push((line ?? block ?? '').trim());
    return ' ';
  });
  // Each identifier once: the index needs the words, not their counts in a long block.
  const words = new Set(code.replace(/\b\d+'[sS]?[bBoOdDhH][0-9a-fA-F_xXzZ?]+|\b\d+\b/g, ' ').match(/[A-Za-z_][A-Za-z0-9_$]*/g) ?? []);
  return { comments: comments.join(' ').slice(0, 2000), code: [...words].slice(0, 200).join(' ') };
}

/** The comment lines at the top of a file (a file header often says what the module is). */
export function leadingComment(text: string | undefined, before: number): string {
  if (text === undefined) return '';
  const head = text.slice(0, Math.min(before, 4000));
  let out = '';
  let last = -1;
  for (const c of commentsOf(head)) {
    const body = c.body.replace(/^[\s*=\-#/]+|(?<![\s*=\-#/])[\s*=\-#/]+$/g, '');
    // Comments a blank line apart (or an empty comment line) are separate paragraphs: prose() reads them one by one.
    const apart = last >= 0 && /\n[ \t]*\r?\n/.test(head.slice(last, c.start));
    out += body ? `${out && apart ? '\n\n' : out ? '\n' : ''}${body}` : out ? '\n' : '';
    last = c.end;
  }
  return out.replace(/\n{3,}/g, '\n\n').trim();
}

/** Words of licence and file-bookkeeping text: headers of real repositories open with it, and it says nothing of the design. */
const BOILERPLATE = /\b(copyright|(sub)?licen[cs]ed?|spdx|free of charge|without restriction|furnished|the software|noninfringement|in no event|express or implied|warrant(y|ies)|all rights reserved|redistribut\w*|permission is hereby|merchantability|liability|apache|solderpad|gnu|gpl|mit license|bsd|provided "?as is|tort|damages|author|revision history|\$id|\$date|\$revision|email|e-mail|https?:|www\.)/i;

/**
 * A comment's prose without licence and bookkeeping: its paragraphs (blank lines, or lines of
 * rule characters, apart) that read like a licence or a changelog are dropped, and so are short
 * "Key: value" lines of authors, dates and versions.
 */
export function prose(comment: string | undefined): string {
  if (!comment) return '';
  // Paragraphs by lines (a blank line or a line of rule characters ends one): no pattern runs over
  // more than one line, so a long run of blank lines or dashes costs its length once.
  const paragraphs: string[][] = [[]];
  for (const line of comment.split('\n')) {
    if (RULE_LINE.test(line)) {
      if (paragraphs[paragraphs.length - 1].length > 0) paragraphs.push([]);
    } else if (!(line.length <= 400 && (KEY_LINE.test(line) || (line.includes('@') && EMAIL.test(line))))) paragraphs[paragraphs.length - 1].push(line);
  }
  const kept: string[] = [];
  for (const lines of paragraphs) {
    const body = lines.join('\n');
    const hits = body.match(BOILERPLATE_ALL)?.length ?? 0;
    // Two licence words make a licence paragraph. One in a short paragraph is a line of it
    // ("Copyright 2015" under the title "Wishbone UART"): that line goes, the title stays. One in a
    // long description is a mention.
    if (hits >= 2) continue;
    const text = hits === 1 && body.length < 300 ? lines.filter((l) => !BOILERPLATE.test(l)).join('\n') : body;
    if (text.trim()) kept.push(text);
  }
  return kept.join('\n').replace(/[-=*#~_+]{4,}/g, ' ');
}

/** A line with no words: blank, or a rule of dashes, stars, equals signs. */
const RULE_LINE = /^[\s\-=*#/\\|~_+]*$/;
/** "Author: ...", "Date: ...", "Revision 1.2: ...": bookkeeping, not a description. */
const KEY_LINE = /^[^a-z]*(author|date|created|modified|version|revision|file(name)?|project|company|engineer|contact|history|tool versions?|target devices?|dependencies|e-?mail|language|(additional )?contributions?( by)?)\b[^:\n]{0,20}:/i;
const EMAIL = /\S@[\w-]+\.\w/;
const BOILERPLATE_ALL = new RegExp(BOILERPLATE.source, 'gi');

const firstSentence = (s: string | undefined): string => {
  if (!s) return '';
  const clean = s.replace(/^[\s*=\-#/]+/, '').replace(/\s+/g, ' ').trim();
  const m = /^(.{8,160}?[.!?])(\s|$)/.exec(clean);
  return (m ? m[1] : clean.slice(0, 160)).trim();
};

/** An expression with its bit and part selects emptied (x[W-1:0] -> x[]): their arithmetic is indexing. */
/**
 * The nodes of an expression that compute its value: not index arithmetic inside selects
 * (x[W-1:0]) and not replications of constants ({(AW+1){1'b0}}, a reset value).
 */
function valueNodes(expr: Expr): Expr[] {
  const out: Expr[] = [];
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (e.kind === 'replicate' && constantTree(e.item)) continue;
    out.push(e);
    if (e.kind === 'select') stack.push(e.target);
    else if (e.kind !== 'replicate') stack.push(...children(e));
    else stack.push(e.item);
  }
  return out;
}

function constantTree(e: Expr): boolean {
  return e.kind === 'number' || ((e.kind === 'concat' || e.kind === 'replicate' || e.kind === 'unary' || e.kind === 'binary') && children(e).every(constantTree));
}

const isOne = (e: Expr) => e.kind === 'number' && e.value === 1;

/** Words for what an expression does, from its operators. */
function operatorWords(rhs: Expr | undefined): string[] {
  if (!rhs) return [];
  const out: string[] = [];
  const all = valueNodes(rhs);
  const binary = (ops: readonly string[]) => all.filter((e): e is Extract<Expr, { kind: 'binary' }> => e.kind === 'binary' && ops.includes(e.op));
  const unary = (ops: readonly string[]) => all.some((e) => e.kind === 'unary' && ops.includes(e.op));
  const adds = binary(['+']);
  if (adds.length > 0) out.push(adds.some((e) => isOne(e.right) || isOne(e.left)) ? 'increment' : 'add sum adder');
  const subs = binary(['-']);
  if (subs.length > 0 || unary(['-'])) out.push(subs.some((e) => isOne(e.right)) ? 'decrement' : 'subtract difference');
  if (binary(['*', '**']).length > 0) out.push('multiply product multiplier');
  if (binary(['/', '%']).length > 0) out.push('divide');
  if (binary(['^', '~^', '^~']).length > 0 || unary(['^', '~^', '^~'])) out.push('xor parity');
  if (binary(['==', '!=', '===', '!==']).length > 0) out.push('compare equal match');
  if (binary(['<', '<=', '>', '>=']).length > 0) out.push('compare less greater');
  if (binary(['<<', '>>', '<<<', '>>>']).length > 0) out.push('shift');
  if (all.some((e) => e.kind === 'ternary')) out.push('select multiplexer');
  if (rhs.kind === 'concat' || (rhs.kind === 'replicate' && !constantTree(rhs.item))) out.push('concatenate');
  if (unary(['~', '!', '~&', '~|', '~^'])) out.push('invert not');
  return out;
}

/** Comments on an assignment's own line and the line above it: what the author said about it. */
function commentsNear(text: string | undefined, span: Span): string {
  if (text === undefined) return '';
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  const prevStart = text.lastIndexOf('\n', lineStart - 2) + 1;
  let lineEnd = text.indexOf('\n', span.end);
  if (lineEnd < 0) lineEnd = text.length;
  const around = text.slice(prevStart, Math.min(lineEnd, prevStart + 600));
  const out: string[] = [];
  for (const m of around.matchAll(/\/\/([^\n]*)/g)) out.push(m[1].trim());
  return out.join(' ');
}

/** Loop variables of the for loops around an assignment (i in `for (i = 0; ...)`): elaboration, not hardware. */
function loopVariables(a: Assignment): string[] {
  return (a.loops ?? []).map((h) => h.variable);
}

/** Patterns of one assignment: counter, shift register, Gray code, XOR feedback. */
function assignmentPatterns(a: Assignment, clocked: boolean): string[] {
  const out: string[] = [];
  if (a.targets.length > 0 && a.targets.every((t) => loopVariables(a).includes(t) || /^(i|j|k|n|idx)$/.test(t) && !clocked)) return out;
  const t = a.targets[0];
  if (!t || !a.rhs) return out;
  const rhs = a.rhs;
  const all = valueNodes(rhs);
  const self = (name: string) => all.some((e) => e.kind === 'name' && e.name === name);
  const readsSelf = self(t) || a.sources.some((s) => s !== t && /next|nxt|_d$|_n$/.test(t) && s === t.replace(/_?(next|nxt|d|n)$/, ''));
  const steps = all.filter((e) => e.kind === 'binary' && (e.op === '+' || e.op === '-') && isOne(e.right));
  if (steps.length > 0 && (readsSelf || clocked)) out.push(steps.some((e) => e.kind === 'binary' && e.op === '-') ? 'counter decrements count down' : 'counter increments count up');
  const halved = (e: Expr) => e.kind === 'binary' && e.op === '>>' && e.left.kind === 'name' && isOne(e.right);
  if (all.some((e) => e.kind === 'binary' && e.op === '^' && (halved(e.left) || halved(e.right)))) out.push('binary to gray code convert conversion');
  const xor = all.some((e) => (e.kind === 'binary' || e.kind === 'unary') && e.op === '^');
  if (rhs.kind === 'concat' && rhs.parts.length > 1 && rhs.parts[0].kind === 'select' && rhs.parts[0].target.kind === 'name' && self(t)) out.push(xor ? 'shift register with xor feedback lfsr crc' : 'shift register');
  else if (xor && self(t) && all.some((e) => e.kind === 'select')) out.push('xor feedback crc lfsr');
  return out;
}

function blockLabel(block: Block): string {
  if (block.kind === 'assign') return `assign ${block.detail}`.trim();
  if (block.kind.startsWith('generate')) return `${block.kind.replace('-', ' ')}${block.label ? ` ${block.label}` : ''} ${block.detail}`.trim();
  return `${block.kind} ${block.detail}`.trim();
}

interface Roles {
  clocks: Set<string>;
  resets: Set<string>;
}

function rolesOf(graph: ModuleGraph): Roles {
  const clocks = new Set<string>();
  const resets = new Set<string>();
  for (const r of graph.registers.values()) {
    clocks.add(r.clock.signal);
    if (r.reset) resets.add(r.reset.signal);
  }
  return { clocks, resets };
}

/** Recognised patterns of a module, as phrases (their words are indexed). */
export function modulePatterns(unit: DesignUnit, graph: ModuleGraph, stages = synchronizerStages(unit, graph)): string[] {
  const out: string[] = [];
  const names = [...unit.ports.map((p) => p.name), ...unit.signals.map((s) => s.name)];
  const has = (re: RegExp) => names.some((n) => re.test(n));
  const low = (n: string) => n.toLowerCase();
  const portNames = unit.ports.map((p) => low(p.name));
  if (portNames.some((n) => /valid|vld/.test(n)) && portNames.some((n) => /ready|rdy/.test(n))) out.push('valid ready handshake flow control');
  if (portNames.some((n) => /(^|_)req/.test(n)) && portNames.some((n) => /(^|_)(ack|gnt|grant)/.test(n))) out.push('request acknowledge handshake');
  const memories = unit.signals.filter((s) => s.array && s.kind !== 'typedef');
  if (memories.length > 0) out.push(`memory array ${memories.map((m) => m.name).join(' ')}`);
  if (memories.length > 0 && has(/ptr|pointer|wp|rp|waddr|raddr/i) && has(/full|empty/i)) out.push('fifo first in first out queue buffer with write and read pointers full empty');
  if (has(/gray/i)) out.push('gray code pointers');
  const states = unit.signals.filter((s) => /(^|_)(state|fsm|st|ps|cs|ns)(_|$|q$|r$|reg$)|state/i.test(s.name) && s.kind !== 'typedef');
  const enums = unit.signals.some((s) => s.kind === 'enum-member');
  if (states.length > 0 || enums) out.push(`finite state machine fsm states ${unit.signals.filter((s) => s.kind === 'enum-member').map((s) => readable(s.name)).slice(0, 12).join(' ')}`);
  const clocks = new Set([...graph.registers.values()].map((r) => r.clock.signal));
  if (clocks.size > 1) out.push(`multiple clock domains ${[...clocks].join(' ')} clock domain crossing cdc`);
  if (stages.size > 0) out.push('synchronizer flip flop chain metastability two stage double flop');
  if ([...stages.values()].some((p) => p.includes('reset')) && unit.ports.some((p) => /rst|reset/i.test(p.name) && p.direction === 'output')) out.push('reset synchronizer asynchronous assert synchronous deassert release');
  if (has(/(^|_)req/i) && has(/(^|_)(gnt|grant)/i)) out.push(`arbiter arbitration grant requests${has(/rr|round|last|prio|pointer|ptr/i) ? ' round robin priority' : ''}`);
  if (unit.instances.length > 0) out.push(`instantiates ${[...new Set(unit.instances.map((i) => i.module))].map((m) => `${m} ${readable(m)}`).join(' ')}`);
  return out;
}

/**
 * Registers that are stages of a synchronizer: a plain copy of an input or of a register of
 * another clock, or (a reset synchronizer) a register with an asynchronous reset that loads a
 * constant, copied again by a register of the same clock (the two-flop chain).
 */
function synchronizerStages(unit: DesignUnit, graph: ModuleGraph): Map<string, string> {
  const out = new Map<string, string>();
  const inputs = new Set(unit.ports.filter((p) => p.direction === 'input').map((p) => p.name));
  const clocks = rolesOf(graph).clocks;
  const copyOf = (name: string): string | undefined => {
    const from = [...new Set((graph.drivers.get(name) ?? []).map((e) => e.from).filter(Boolean))];
    return from.length === 1 ? from[0] : undefined;
  };
  for (const [name, reg] of graph.registers) {
    const source = copyOf(name);
    const constant = !source && !!reg.reset && (graph.drivers.get(name) ?? []).every((e) => !e.from);
    const fromOutside = source ? (inputs.has(source) ? !clocks.has(source) : graph.registers.has(source) && graph.registers.get(source)!.clock.signal !== reg.clock.signal) : constant;
    if (!fromOutside) continue;
    const next = [...graph.registers.entries()].find(([n, r]) => n !== name && r.clock.signal === reg.clock.signal && copyOf(n) === name);
    if (!next) continue;
    const what = !source ? 'reset release asynchronous assert synchronous deassert' : inputs.has(source) ? 'asynchronous input' : `crossing from ${readable(graph.registers.get(source)!.clock.signal)}`;
    out.set(name, `synchronizer first stage metastability ${what}`);
    out.set(next[0], 'synchronized second stage synchronizer output two flop');
  }
  return out;
}

/** Documents of one unit: the module, its blocks and instances, its ports and signals. */
export function describeUnit(path: string, unit: DesignUnit, text: string | undefined, fileHeader: string): SearchDoc[] {
  const graph = moduleGraph(path, unit);
  const roles = rolesOf(graph);
  const stages = synchronizerStages(unit, graph);
  const docs: SearchDoc[] = [];
  const patterns = modulePatterns(unit, graph, stages);
  const inputs = unit.ports.filter((p) => p.direction === 'input').length;
  const outputs = unit.ports.filter((p) => p.direction === 'output').length;
  const ownComment = prose(unit.comment);
  const header = prose(fileHeader);
  const moduleComment = [ownComment, header].filter(Boolean).join(' ');
  const short = patterns.map((p) => p.split(' ').slice(0, 3).join(' ')).filter((p) => !p.startsWith('instantiates'));
  const lead = firstSentence(ownComment) || firstSentence(header);
  docs.push({
    id: itemId(path, unit.name, { kind: 'module' }),
    granularity: 'module',
    path,
    module: unit.name,
    item: { kind: 'module' },
    summary: `${unit.kind} ${unit.name}${lead ? ` — ${lead}` : ''}${short.length ? ` [${short.join('; ')}]` : ''} (${inputs} in, ${outputs} out${unit.instances.length ? `, ${unit.instances.length} instances` : ''})`,
    name: `${unit.name} ${readable(unit.name)}`,
    comment: moduleComment,
    pattern: patterns.filter((p) => !p.startsWith('instantiates')).join(' '),
    text: [patterns.filter((p) => p.startsWith('instantiates')).join(' '), unit.ports.map((p) => `${p.direction} ${readable(p.name)}`).join(' '), unit.params.map((p) => readable(p.name)).join(' ')].join(' '),
    // Not its signals' names: they speak for the signals, and would make every module match every word.
    code: '',
    drives: [],
    reads: [],
  });
  unit.blocks.forEach((block, index) => {
    if (block.kind === 'initial' || block.kind === 'final') return;
    const flow = block.flow;
    const clocked = !!flow && flow.edges.length > 0 && !flow.sensitivity.includes('*');
    const targets = [...new Set(flow?.assignments.flatMap((a) => a.targets) ?? [])];
    const sources = [...new Set(flow?.assignments.flatMap((a) => a.sources) ?? [])];
    const conditions = [...new Set(flow?.assignments.flatMap((a) => a.conditions) ?? [])];
    const words: string[] = [];
    if (clocked) {
      const clock = flow!.edges.find((e) => !roles.resets.has(e.signal)) ?? flow!.edges[0];
      words.push(`sequential clocked register flip flop update on ${clock.edge === 'posedge' ? 'rising' : 'falling'} edge of ${readable(clock.signal)}`);
      if (flow!.edges.length > 1) words.push('asynchronous reset');
    } else if (block.kind === 'assign') words.push('continuous assignment combinational');
    else if (block.kind.startsWith('generate')) words.push('generate replicated instances loop');
    else words.push('combinational logic');
    const patternsHere = new Set<string>();
    const operators = new Set<string>();
    for (const a of flow?.assignments ?? []) {
      for (const w of operatorWords(a.rhs)) operators.add(w);
      for (const p of assignmentPatterns(a, clocked)) patternsHere.add(p);
    }
    if (targets.some((t) => graph.registers.has(t) && /state|fsm/i.test(t)) || (targets.some((t) => /state/i.test(t)) && conditions.some((c) => /state/i.test(c)))) patternsHere.add('state machine transition next state logic');
    if (!clocked && targets.length >= 4 && conditions.length > 0) patternsHere.add('decoder decode control signals');
    if (flow?.latches?.length) patternsHere.add('latch');
    if (targets.some((t) => stages.has(t))) patternsHere.add('synchronizer two flop chain metastability');
    if (flow?.assignments.some((a) => a.loops?.length)) patternsHere.add('for loop iterate over each');
    const { comments, code } = sourceParts(text, block.span);
    const label = blockLabel(block);
    const lead = firstSentence(block.comment) || firstSentence(comments);
    const drivesText = targets.slice(0, 6).join(', ');
    docs.push({
      id: itemId(path, unit.name, { kind: 'block', index }),
      granularity: 'block',
      path,
      module: unit.name,
      item: { kind: 'block', index },
      signal: targets[0],
      block: label,
      summary: `${label}${drivesText ? ` → ${drivesText}${targets.length > 6 ? ', …' : ''}` : ''}${lead ? ` — ${lead}` : ''}${patternsHere.size ? ` [${[...patternsHere].map((p) => p.split(' ').slice(0, 3).join(' ')).slice(0, 3).join(', ')}]` : ''}`,
      name: `${block.label ? readable(block.label) : ''} ${targets.map((t) => `${t} ${readable(t)}`).join(' ')}`,
      comment: `${block.comment ?? ''} ${comments}`,
      pattern: [...patternsHere].join(' '),
      text: `${words.join(' ')} ${[...operators].join(' ')} when ${conditions.map(readable).join(' ')} from ${sources.slice(0, 40).map(readable).join(' ')}`,
      code,
      drives: targets,
      reads: sources,
    });
  });
  unit.instances.forEach((instance, index) => {
    const label = `instance ${instance.name} (${instance.module})`;
    const connected = instance.connections.flatMap((c) => c.names ?? []);
    docs.push({
      id: itemId(path, unit.name, { kind: 'instance', index }),
      granularity: 'block',
      path,
      module: unit.name,
      item: { kind: 'instance', index },
      block: label,
      summary: `${label}${instance.comment ? ` — ${firstSentence(instance.comment)}` : ''}`,
      name: `${instance.name} ${readable(instance.name)}`,
      comment: instance.comment ?? '',
      pattern: '',
      text: `instance instantiation of module ${instance.module} ${readable(instance.module)} connected to ${connected.slice(0, 40).map(readable).join(' ')}`,
      code: instance.connections.map((c) => `${c.name ?? ''} ${c.value ?? ''}`).join(' '),
      drives: [],
      reads: connected,
    });
  });
  const declared: (Port | Signal)[] = [...unit.ports, ...unit.signals.filter((s) => s.kind === 'net' || s.kind === 'variable')];
  const seen = new Set<string>();
  for (const s of declared) {
    if (seen.has(s.name)) continue;
    seen.add(s.name);
    const port = 'direction' in s ? s : undefined;
    const drivers = graph.drivers.get(s.name) ?? [];
    const loads = graph.loads.get(s.name) ?? [];
    const reg = graph.registers.get(s.name);
    const roleWords: string[] = [];
    if (port) roleWords.push(`${port.direction} port`);
    else roleWords.push('internal');
    if (roles.clocks.has(s.name)) roleWords.push('clock');
    if (roles.resets.has(s.name)) roleWords.push('reset asynchronous');
    if (reg) roleWords.push(`register flip flop registered on ${readable(reg.clock.signal)}`);
    else if (drivers.length > 0) roleWords.push('combinational wire');
    const array = 'array' in s && s.array ? `memory array ${s.array}` : '';
    if (!s.range && !array) roleWords.push('one bit flag');
    const assigns: Assignment[] = [];
    // Each driving block once, and no further than six assignments: a signal driven from many
    // branches of one large block made this a walk over that block per branch.
    const visited = new Set<number>();
    for (const e of drivers) {
      if (assigns.length >= 6) break;
      if (visited.has(e.block)) continue;
      visited.add(e.block);
      for (const a of unit.blocks[e.block]?.flow?.assignments ?? []) {
        if (assigns.length >= 6) break;
        if (a.targets.includes(s.name) && !assigns.includes(a)) assigns.push(a);
      }
    }
    const patternsHere = new Set<string>();
    const operators = new Set<string>();
    for (const a of assigns) {
      for (const w of operatorWords(a.rhs)) operators.add(w);
      for (const p of assignmentPatterns(a, !!reg)) patternsHere.add(p);
    }
    const near = assigns.map((a) => commentsNear(text, a.span)).filter(Boolean).join(' ');
    // What the author wrote above the blocks that drive it describes it too.
    const blockNotes = [...new Set(drivers.map((e) => e.block))].slice(0, 3).map((b) => unit.blocks[b]?.comment ?? '').filter(Boolean).join(' ');
    const stage = stages.get(s.name);
    if (stage) patternsHere.add(stage);
    const from = [...new Set(drivers.map((e) => e.from).filter(Boolean))];
    const to = [...new Set(loads.map((e) => e.to).filter(Boolean))];
    const conditions = [...new Set(drivers.flatMap((e) => e.conditions))];
    const comment = s.comment ?? '';
    const kindWord = port ? port.direction : reg ? 'reg' : 'wire';
    docs.push({
      id: itemId(path, unit.name, { kind: 'signal', name: s.name }),
      granularity: 'signal',
      path,
      module: unit.name,
      item: { kind: 'signal', name: s.name },
      signal: s.name,
      summary: `${kindWord}${s.range ? ` ${s.range}` : ''} ${s.name}${array ? ` ${(s as Signal).array}` : ''}${comment ? ` — ${firstSentence(comment)}` : ''}${patternsHere.size ? ` [${[...patternsHere].map((p) => p.split(' ').slice(0, 3).join(' ')).slice(0, 2).join(', ')}]` : ''}${reg ? ` (register on ${reg.clock.signal})` : ''}`,
      name: `${s.name} ${readable(s.name)}`,
      comment: `${comment} ${near} ${blockNotes}`,
      pattern: [...patternsHere].join(' '),
      text: `${roleWords.join(' ')} ${array} ${[...operators].join(' ')} from ${from.slice(0, 12).map(readable).join(' ')} when ${conditions.slice(0, 8).map(readable).join(' ')}`,
      code: `${assigns.map((a) => (a.rhs ? (text?.slice(a.rhs.span.start, a.rhs.span.end) ?? printExpression(a.rhs)) : '')).join(' ').slice(0, 600)} to ${to.slice(0, 12).map(readable).join(' ')}`,
      drives: to,
      reads: from,
    });
  }
  return docs;
}
