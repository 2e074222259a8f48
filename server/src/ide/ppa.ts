import type { CodeLens, Hover } from 'vscode-languageserver-types';
import { MarkupKind } from 'vscode-languageserver-types';
import { type Estimate, estimateModule, fmaxMhz, modelFor, type PpaContext, registerOverhead, type SynthesisResult, weight } from '../analyses/ppa';
import type { DesignUnit } from '../model';
import type { Snapshot } from '../workspace';
import type { PpaHotspotsResult, PpaRowView } from './views';

/**
 * PPA in the editor: a code lens on every module header with the estimate (updated as you
 * type) or, once a background synthesis of the current sources has finished, the synthesized
 * figures, marked as such; and a hover on the header with the breakdown.
 */
export interface SynthesisState {
  result?: SynthesisResult;
  error?: string;
  running?: boolean;
}

export interface PpaView {
  ctx: PpaContext;
  /** What is known of the real synthesis of a module's current sources (the copy `from` sees first). */
  synthesis(module: string, from?: string): SynthesisState | undefined;
  /** The clock period the user targets, for slack and fmax. */
  clockPeriodNs?: number;
}

/** One module's row: the shape the client shows (views.ts, mirrored in protocol/), built here. */
export type PpaRow = PpaRowView;

function compact(n: number): string {
  if (n >= 10000) return `${(n / 1000).toFixed(0)}k`;
  if (n >= 1000) return `${(n / 1000).toFixed(1)}k`;
  return String(Math.round(n * 10) / 10);
}

function modulesOf(snapshot: Snapshot, path: string): DesignUnit[] {
  return (snapshot.summary(path)?.units ?? []).filter((u) => u.kind === 'module');
}

/** One module's figures: synthesized when current, otherwise the estimate. */
export function ppaRow(snapshot: Snapshot, view: PpaView, path: string, unit: DesignUnit, uriOf: (p: string) => string): PpaRow {
  const { estimate, latency, reason } = estimateModule(view.ctx, path, unit);
  const line = (snapshot.lineIndex(path)?.line1(unit.nameSpan.start) ?? 1) - 1;
  const state = view.synthesis(unit.name, path);
  const fpga = view.ctx.target.kind === 'fpga';
  const overhead = view.ctx.target.kind === 'asic' ? registerOverhead(view.ctx.target.liberty) : undefined;
  const base = { module: unit.name, uri: uriOf(path), line, latencyCycles: latency?.max ?? 0 };
  if (state?.result) {
    const f = state.result.figures;
    const sequential = f.ffs > 0;
    return { ...base, kind: 'synthesized', cells: f.cells, ...(fpga ? { luts: f.luts } : { areaUm2: f.areaUm2, delayNs: f.delayNs }), ffs: f.ffs, logicLevels: f.logicLevels, ...(sequential ? { fmaxMhz: fmaxMhz(f.delayNs, overhead) } : {}) };
  }
  return { ...base, kind: 'estimate', ...estimateFields(estimate, fpga), ...(state?.error ? { error: state.error } : reason ? { error: reason } : {}) };
}

function estimateFields(estimate: Estimate | undefined, fpga: boolean): Partial<PpaRow> {
  if (!estimate) return {};
  return { ...(fpga ? { luts: estimate.luts } : { cells: estimate.cells, areaUm2: estimate.areaUm2, delayNs: estimate.delayNs }), ffs: estimate.ffs, logicLevels: estimate.logicLevels, errorPct: estimate.errorPct.area, delayErrorPct: estimate.errorPct.delay, ...(estimate.calibratedOn > 0 ? { calibratedOn: estimate.calibratedOn } : {}) };
}

/** `~1.2k cells · 4.1k µm² · 3.2 ns · 2 cycles` (estimate) or without the ~ (synthesized). */
export function ppaSummary(row: PpaRow): string {
  const parts: string[] = [];
  const approx = row.kind === 'estimate' ? '~' : '';
  if (row.luts !== undefined) parts.push(`${approx}${compact(row.luts)} LUTs`, `${row.ffs ?? 0} FFs`);
  else if (row.cells !== undefined) parts.push(`${approx}${compact(row.cells)} cells`);
  if (row.areaUm2 !== undefined) parts.push(`${compact(row.areaUm2)} µm²`);
  if (row.delayNs !== undefined) parts.push(`${row.delayNs.toFixed(2)} ns`);
  else if (row.logicLevels !== undefined) parts.push(`${row.logicLevels} levels`);
  parts.push(`${row.latencyCycles ?? 0} cycle${row.latencyCycles === 1 ? '' : 's'}`);
  if (row.fmaxMhz !== undefined) parts.push(`${row.fmaxMhz} MHz`);
  return parts.join(' · ');
}

export function ppaCodeLenses(snapshot: Snapshot, path: string, view: PpaView, uriOf: (p: string) => string): CodeLens[] {
  const lineIndex = snapshot.lineIndex(path);
  if (!lineIndex) return [];
  const out: CodeLens[] = [];
  for (const unit of modulesOf(snapshot, path)) {
    const row = ppaRow(snapshot, view, path, unit, uriOf);
    const range = lineIndex.range(unit.nameSpan);
    const state = view.synthesis(unit.name, path);
    const tag = row.kind === 'synthesized' ? `synthesized, ${view.ctx.target.name}${state?.result?.recipe ? ', with saved recipe' : ''}` : `estimate ±${row.errorPct ?? '?'}%${row.delayErrorPct !== undefined && row.delayNs !== undefined ? ` area, ±${row.delayErrorPct}% delay` : ''}${row.calibratedOn ? `, calibrated on ${row.calibratedOn} results` : ''}`;
    out.push({ range, command: { title: `${ppaSummary(row)}  (${tag})`, command: 'rtlens.ppaReport', arguments: [{ module: unit.name, uri: uriOf(path) }] } });
    if (state?.running) out.push({ range, command: { title: 'synthesizing…', command: 'rtlens.ppaReport', arguments: [{ module: unit.name, uri: uriOf(path) }] } });
    else if (row.kind === 'estimate') {
      const where = { module: unit.name, uri: uriOf(path) };
      // A failure: its start in the lens (cut at a word), all of it behind a click (a notification with Retry).
      out.push({ range, command: state?.error ? { title: `synthesis failed: ${shortText(state.error, 60)} (details)`, command: 'rtlens.synthesisFailed', arguments: [{ ...where, error: state.error }] } : { title: 'Synthesize', command: 'rtlens.synthesize', arguments: [where] } });
    }
  }
  return out;
}

/** Hover on a module header: the figures, and what dominates them, with links to the lines. */
export function ppaHover(snapshot: Snapshot, path: string, offset: number, view: PpaView, uriOf: (p: string) => string): Hover | undefined {
  const unit = modulesOf(snapshot, path).find((u) => u.nameSpan.start <= offset && offset <= u.nameSpan.end);
  if (!unit) return undefined;
  const row = ppaRow(snapshot, view, path, unit, uriOf);
  const { estimate } = estimateModule(view.ctx, path, unit);
  const lines: string[] = [`**${unit.name}** on \`${view.ctx.target.name}\`: ${ppaSummary(row)}`, ''];
  if (row.kind === 'synthesized') {
    const recipe = view.synthesis(unit.name, path)?.result?.recipe;
    lines.push(`Synthesized with Yosys + ABC for the current sources${recipe ? `, with the saved recipe (\`rtlens.recipes.saved\`: ${recipe.join('; ')}) in place of Yosys's default ABC optimisation and mapping` : ''}.`);
  }
  else lines.push(`Estimate from the data-flow graph (held-out error ±${row.errorPct ?? '?'}% area${row.delayErrorPct !== undefined ? `, ±${row.delayErrorPct}% delay` : ''}${row.calibratedOn ? `, calibrated on ${row.calibratedOn} synthesized results of this workspace or your calibration file` : ''}); save or run *Synthesize* for exact figures.`);
  if (view.clockPeriodNs && row.delayNs !== undefined && view.ctx.target.kind === 'asic') {
    const overhead = registerOverhead(view.ctx.target.liberty) ?? 0;
    const slack = view.clockPeriodNs - row.delayNs - overhead;
    lines.push('', `Clock ${view.clockPeriodNs} ns: slack ${slack >= 0 ? '+' : ''}${slack.toFixed(2)} ns${slack < 0 ? ' (**fails timing**)' : ''}.`);
  }
  if (row.error) lines.push('', `⚠ ${row.error}`);
  const top = estimate?.breakdown.slice(0, 8) ?? [];
  if (top.length > 0) {
    lines.push('', 'Largest contributors:', '');
    for (const c of top) {
      const at = snapshot.lineIndex(c.path)?.line1(c.span.start) ?? 1;
      lines.push(`- ${c.label} — [line ${at}](${uriOf(c.path)}#L${at})`);
    }
  }
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: snapshot.lineIndex(path)?.range(unit.nameSpan) };
}

/** Rows for the report: a module, a file, or the whole workspace. */
export function ppaReport(snapshot: Snapshot, view: PpaView, scope: { path?: string; module?: string }, uriOf: (p: string) => string): PpaRow[] {
  const refs = snapshot.allUnits().filter((r) => r.unit.kind === 'module' && (!scope.path || r.path === scope.path) && (!scope.module || r.unit.name === scope.module));
  return refs.slice(0, 2000).map((r) => ppaRow(snapshot, view, r.path, r.unit, uriOf));
}

/** What to mark in a file: lines with much of a module's area, and the estimated critical path. */
export type Hotspots = PpaHotspotsResult;

/** What to mark in a file: the lines that dominate area, and the estimated critical path. */
export function ppaHotspots(snapshot: Snapshot, path: string, view: PpaView, minSharePct = 10): Hotspots {
  const lineIndex = snapshot.lineIndex(path);
  const out: Hotspots = { area: [], critical: [] };
  const fitted = modelFor(view.ctx.model, view.ctx.target);
  if (!lineIndex || !fitted) return out;
  for (const unit of modulesOf(snapshot, path)) {
    const { features } = estimateModule(view.ctx, path, unit);
    const weighed = features.contributions.map((c) => ({ c, w: weight(fitted.model, c) })).filter((x) => x.w > 0);
    const total = weighed.reduce((a, x) => a + x.w, 0);
    if (total <= 0) continue;
    // One mark per line: contributions of the same line add up.
    const byLine = new Map<number, { w: number; labels: string[]; start: number; end: number }>();
    for (const { c, w } of weighed) {
      if (c.path !== path) continue;
      const line = lineIndex.line1(c.span.start);
      const entry = byLine.get(line) ?? { w: 0, labels: [], start: c.span.start, end: c.span.end };
      entry.w += w;
      entry.labels.push(c.label);
      byLine.set(line, entry);
    }
    const lines = [...byLine.values()].filter((e) => (100 * e.w) / total >= minSharePct).sort((a, b) => b.w - a.w).slice(0, 5);
    for (const e of lines) out.area.push({ range: lineIndex.range({ start: e.start, end: e.end }), sharePct: Math.round((100 * e.w) / total), label: e.labels.slice(0, 3).join('; ') });
    for (const span of features.criticalPath) out.critical.push({ range: lineIndex.range(span), module: unit.name });
  }
  return out;
}

/** At most `max` characters of `text`, cut at a space (never inside a word), with an ellipsis when cut. */
export function shortText(text: string, max: number): string {
  const line = text.split('\n', 1)[0];
  if (line.length <= max && line.length === text.length) return line;
  const space = line.lastIndexOf(' ', max);
  let end = space > max / 2 ? space : Math.min(max, line.length);
  while (end > 0 && ' \t,;:'.includes(line[end - 1])) end--;
  return `${line.slice(0, end)}…`;
}
