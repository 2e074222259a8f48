import { combineHashes, contentHash, overlaps, type Span } from '../../base';
import type { Instantiation } from '../../graph';
import type { DesignUnit, FileSummary } from '../../model';
import { collectSources, type Estimate, estimateModule, type PpaContext, type SourceAccess, type SynthesisCache, type SynthesisFigures, type SynthesisJob, type SynthesisRunner, synthesize, SynthesisError, CancelledError } from '../ppa';
import { type ProofResult, proveEquivalent } from './prove';
import { findRewrites, type Goal, type Rewrite } from './rewrites';
import { applyEdits } from './text';

/**
 * PPA-aware suggestions: the rewrites of a module (rewrites.ts), each with the module's
 * estimated figures before and after (at once, from the graph: the edited file is re-read
 * into an overlay of the workspace), and on demand a check: the proof that a
 * behaviour-preserving rewrite keeps behaviour (prove.ts) and real synthesis of both
 * versions. A suggestion is shown when its estimate shows a gain, and offered to apply when
 * the synthesized figures show one too and, if it claims to keep behaviour, the proof says so.
 */
export interface SuggestContext {
  ppa: PpaContext;
  /** The summary a file would have with this text, without changing the workspace. */
  summarize(path: string, text: string): FileSummary | undefined;
  /**
   * Estimates after a rewrite, by suggestion id (kept by the caller across requests: the
   * editor asks for code actions at every cursor move, and each estimate re-reads the file).
   */
  estimates?: Map<string, Figures | null>;
}

/** One module's figures on the current target, estimated or synthesized. */
export interface Figures {
  /** Square micrometres on a cell library, LUTs on an FPGA. */
  area?: number;
  /** Nanoseconds on a cell library, logic levels on an FPGA. */
  delay?: number;
  ffs: number;
  latches: number;
}

export interface Suggestion extends Rewrite {
  /** Stable for the same rewrite of the same text. */
  id: string;
  path: string;
  /** Hash of the file text the suggestion was made on: the edits apply to that text only. */
  textHash: string;
  areaUnit: 'um2' | 'LUTs';
  delayUnit: 'ns' | 'levels';
  estimate: { before: Figures; after: Figures; gain: boolean };
}

export interface SuggestionCheck {
  id: string;
  /** For behaviour-preserving rewrites only. */
  proof?: ProofResult;
  before?: Figures;
  after?: Figures;
  /** The synthesized figures show a gain on the rewrite's goal. */
  gain: boolean;
  /** Safe to apply as a rewrite that keeps behaviour: proven equivalent. */
  safe: boolean;
  /** What the editor does with it: offer to apply (never automatically). */
  offered: boolean;
  /** One line for the user: figures, proof, and why it is or is not offered. */
  summary: string;
  error?: string;
}

/** The workspace as it would be with one file's text replaced. */
export function overlayAccess(base: SourceAccess, path: string, text: string, summary: FileSummary): SourceAccess {
  const own = new Map(summary.units.map((u) => [u.name, u]));
  const ownInstantiations = (name: string): Instantiation[] =>
    summary.units.flatMap((parent) => parent.instances.filter((i) => i.module === name).map((instance) => ({ path, parent, instance })));
  return {
    unit: (name, from) => {
      const found = base.unit(name, from);
      // The rewritten file's copy, unless the asking file sees another file's copy first.
      if (own.has(name) && (from === undefined || from === path || !found || found.path === path)) return { path, unit: own.get(name)! };
      return found && found.path !== path ? found : undefined;
    },
    instantiations: (name) => [...base.instantiations(name).filter((i) => i.path !== path), ...ownInstantiations(name)],
    allUnits: () => [...base.allUnits().filter((u) => u.path !== path), ...summary.units.map((unit) => ({ path, unit }))],
    macroValue: base.macroValue ? (name) => base.macroValue!(name) : undefined,
    text: (p) => (p === path ? text : base.text(p)),
    summary: (p) => (p === path ? summary : base.summary(p)),
    macroDefinitions: base.macroDefinitions ? (name) => base.macroDefinitions!(name) : undefined,
    resolveInclude: base.resolveInclude ? (t, from) => base.resolveInclude!(t, from) : undefined,
  };
}

function latchCount(unit: DesignUnit): number {
  return unit.blocks.reduce((n, b) => n + (b.flow?.latches?.length ?? 0), 0);
}

function estimatedFigures(estimate: Estimate | undefined, unit: DesignUnit, fpga: boolean): Figures {
  return { area: fpga ? estimate?.luts : estimate?.areaUm2, delay: fpga ? estimate?.logicLevels : estimate?.delayNs, ffs: estimate?.ffs ?? 0, latches: latchCount(unit) };
}

export function synthesizedFigures(f: SynthesisFigures, fpga: boolean): Figures {
  const latches = f.latches ?? Object.entries(f.cellsByType).filter(([type]) => /latch/i.test(type)).reduce((n, [, c]) => n + c, 0);
  return { area: fpga ? f.luts : f.areaUm2, delay: fpga ? f.logicLevels : f.delayNs, ffs: f.ffs, latches };
}

/**
 * Whether `after` improves on `before` for the goal: by 2% at least without paying more in
 * area x delay, or, for area, by any amount without paying anything (smaller and no slower: a
 * local rewrite in a large module saves little of its whole area, and synthesis is
 * deterministic); latches: fewer, or else by 2% of area at least.
 */
export function isGain(goal: Goal, before: Figures, after: Figures): boolean {
  // A latch is worth removing when the target has latch cells; on an FPGA without them it
  // becomes a loop through a LUT, and then its area and delay decide.
  if (goal === 'latch' && after.latches < before.latches) return true;
  const { area: a0, delay: d0 } = before;
  const { area: a1, delay: d1 } = after;
  if (goal === 'area' || goal === 'latch') {
    if (a0 === undefined || a1 === undefined || !(a1 < a0)) return false;
    // Any saving at no cost counts for a rewrite meant to save area; a latch default changes
    // behaviour, and with no latch removed it needs the 2% below (not a rounding of synthesis).
    if (goal === 'area' && d0 !== undefined && d1 !== undefined && d1 <= d0) return true;
    if (!(a1 < a0 * 0.98)) return false;
    return d0 === undefined || d1 === undefined || d0 === 0 || a1 * d1 <= a0 * d0;
  }
  return d0 !== undefined && d1 !== undefined && d1 < d0 * 0.98;
}

function percent(before: number | undefined, after: number | undefined): string {
  if (before === undefined || after === undefined || before === 0) return '';
  const exact = ((after - before) / before) * 100;
  // Below 1%, one decimal: a small saving is not shown as none.
  const p = Math.abs(exact) < 1 ? Math.round(exact * 10) / 10 : Math.round(exact);
  return `${p > 0 ? '+' : p < 0 ? '\u2212' : '\u00b1'}${Math.abs(p)}%`;
}

/** `area −31%, delay +4%` (or latches 8 → 0). */
export function describeChange(goal: Goal, before: Figures, after: Figures, fpga: boolean): string {
  const parts: string[] = [];
  const area = percent(before.area, after.area);
  const delay = percent(before.delay, after.delay);
  if (area) parts.push(`${fpga ? 'LUTs' : 'area'} ${area}`);
  if (delay) parts.push(`${fpga ? 'levels' : 'delay'} ${delay}`);
  if (goal === 'latch' || before.latches !== after.latches) parts.push(`latches ${before.latches} \u2192 ${after.latches}`);
  if (before.ffs !== after.ffs) parts.push(`flip-flops ${before.ffs} \u2192 ${after.ffs}`);
  return parts.join(', ');
}

/** The rewrites of the modules of a file (those touching `span` when given), with estimates. */
export function findSuggestions(ctx: SuggestContext, path: string, text: string, options: { span?: Span } = {}): Suggestion[] {
  const summary = ctx.ppa.access.summary(path);
  if (!summary || summary.textHash !== contentHash(text)) return [];
  const fpga = ctx.ppa.target.kind === 'fpga';
  const textHash = contentHash(text);
  const out: Suggestion[] = [];
  for (const unit of summary.units) {
    if (unit.kind !== 'module' || (options.span && !overlaps(unit.span, options.span) && !(options.span.start === options.span.end && options.span.start >= unit.span.start && options.span.start <= unit.span.end))) continue;
    const rewrites = findRewrites({ index: ctx.ppa.access, path, text, unit, inactive: summary.inactive }).filter((r) => !options.span || overlaps(r.span, options.span) || (options.span.start >= r.span.start && options.span.start <= r.span.end));
    if (rewrites.length === 0) continue;
    const before = estimatedFigures(estimateModule(ctx.ppa, path, unit).estimate, unit, fpga);
    for (const rewrite of rewrites) {
      const id = combineHashes([rewrite.kind, rewrite.module, textHash, JSON.stringify(rewrite.edits)]).slice(0, 16);
      const key = `${id}|${ctx.ppa.target.name}|${ctx.ppa.calibration ? 'calibrated' : ''}`;
      let after = ctx.estimates?.get(key);
      if (after === undefined) {
        after = estimateAfter(ctx, path, text, rewrite, fpga) ?? null;
        if (ctx.estimates) {
          if (ctx.estimates.size > 512) ctx.estimates.clear();
          ctx.estimates.set(key, after);
        }
      }
      if (!after) continue;
      out.push({
        ...rewrite,
        id,
        path,
        textHash,
        areaUnit: fpga ? 'LUTs' : 'um2',
        delayUnit: fpga ? 'levels' : 'ns',
        estimate: { before, after, gain: isGain(rewrite.goal, before, after) },
      });
    }
  }
  return out;
}

/** The rewritten file read back: the estimate after, or undefined when the rewrite does not read back cleanly (then it is never offered). */
function estimateAfter(ctx: SuggestContext, path: string, text: string, rewrite: Rewrite, fpga: boolean): Figures | undefined {
  const rewritten = rewriteText(ctx, path, text, rewrite);
  if (!rewritten) return undefined;
  return estimatedFigures(estimateModule({ ...ctx.ppa, access: rewritten.access }, path, rewritten.unit).estimate, rewritten.unit, fpga);
}

function rewriteText(ctx: SuggestContext, path: string, text: string, rewrite: Rewrite): { text: string; access: SourceAccess; unit: DesignUnit } | undefined {
  let newText: string;
  let summary: FileSummary | undefined;
  try {
    newText = applyEdits(text, rewrite.edits);
    summary = ctx.summarize(path, newText);
  } catch {
    // Edits that overlap, or text the parser chokes on: no suggestion.
    return undefined;
  }
  const unit = summary?.units.find((u) => u.name === rewrite.module);
  if (!summary || !unit || unit.hasErrors || summary.problems.some((p) => p.code === 'syntax-error' || p.code === 'missing-token')) return undefined;
  return { text: newText, access: overlayAccess(ctx.ppa.access, path, newText, summary), unit };
}

/** The original module with the hint's observer wire added before its `endmodule`, as the proof reads it. */
function hintedOriginal(ctx: SuggestContext, suggestion: Suggestion, text: string): { before: SynthesisJob; properties: readonly string[]; lemma: boolean; caseSplit?: { port: string; width: number }[] } | undefined {
  const unit = ctx.ppa.access.unit(suggestion.module, suggestion.path);
  if (!unit || unit.path !== suggestion.path || !suggestion.proofHint) return undefined;
  const at = text.lastIndexOf('endmodule', unit.unit.span.end);
  if (at < unit.unit.span.start) return undefined;
  const instrumented = suggestion.proofHint.observer ? `${text.slice(0, at)}${suggestion.proofHint.observer}\n${text.slice(at)}` : text;
  const summary = ctx.summarize(suggestion.path, instrumented);
  if (!summary) return undefined;
  const collected = collectSources(overlayAccess(ctx.ppa.access, suggestion.path, instrumented, summary), suggestion.module, ctx.ppa.target, ctx.ppa.defines, ctx.ppa.root, suggestion.path);
  return collected ? { before: collected.job, properties: suggestion.proofHint.properties, lemma: suggestion.proofHint.observer !== undefined, caseSplit: suggestion.proofHint.caseSplit } : undefined;
}

/**
 * The on-demand check of a suggestion: proof (when it claims to keep behaviour) and real
 * synthesis of the module before and after, on the current target.
 */
export async function checkSuggestion(
  ctx: SuggestContext,
  suggestion: Suggestion,
  text: string,
  runner: SynthesisRunner,
  options: { cache?: SynthesisCache; timeoutMs?: number; proofTimeoutMs?: number; signal?: AbortSignal } = {},
): Promise<SuggestionCheck> {
  const fail = (error: string): SuggestionCheck => ({ id: suggestion.id, gain: false, safe: false, offered: false, summary: `Not offered: ${error}`, error });
  if (contentHash(text) !== suggestion.textHash) return fail('the file changed since the suggestion was made');
  const rewritten = rewriteText(ctx, suggestion.path, text, suggestion);
  if (!rewritten) return fail('the rewritten code does not read back cleanly');
  const fpga = ctx.ppa.target.kind === 'fpga';
  const before = collectSources(ctx.ppa.access, suggestion.module, ctx.ppa.target, ctx.ppa.defines, ctx.ppa.root, suggestion.path);
  const after = collectSources(rewritten.access, suggestion.module, ctx.ppa.target, ctx.ppa.defines, ctx.ppa.root, suggestion.path);
  if (!before || !after) return fail(`no module named '${suggestion.module}'`);
  if (before.missing.length > 0) return fail(`'${suggestion.module}' instantiates ${before.missing.join(', ')}, which no workspace file defines`);
  const hinted = suggestion.proofHint ? hintedOriginal(ctx, suggestion, text) : undefined;
  try {
    const proof = suggestion.preservesBehaviour ? proveEquivalent(before.job, after.job, runner, { timeoutMs: options.proofTimeoutMs ?? 30_000, signal: options.signal, hinted }) : Promise.resolve(undefined);
    const synthOptions = { cache: options.cache, timeoutMs: options.timeoutMs, signal: options.signal };
    const [p, s0, s1] = await Promise.all([proof, synthesize(before.job, runner, synthOptions), synthesize(after.job, runner, synthOptions)]);
    const f0 = synthesizedFigures(s0.figures, fpga);
    const f1 = synthesizedFigures(s1.figures, fpga);
    const gain = isGain(suggestion.goal, f0, f1);
    const safe = suggestion.preservesBehaviour && p?.status === 'proven';
    const offered = gain && (safe || !suggestion.preservesBehaviour);
    const change = describeChange(suggestion.goal, f0, f1, fpga);
    const proofText = !suggestion.preservesBehaviour ? `changes behaviour: ${suggestion.behaviourChange}` : p?.status === 'proven' ? `proven equivalent (${p.message}, ${(p.ms / 1000).toFixed(1)} s)` : `not proven: ${p?.message ?? 'no proof'}`;
    const verdict = offered ? '' : !gain ? ' Not offered: synthesis shows no gain.' : ' Not offered: the proof did not succeed.';
    return { id: suggestion.id, proof: p, before: f0, after: f1, gain, safe, offered, summary: `Synthesized on ${ctx.ppa.target.name}: ${change || 'no change'}; ${proofText}.${verdict}` };
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    return fail(error instanceof SynthesisError ? error.message : error instanceof Error ? error.message : String(error));
  }
}
