import type { CodeAction } from 'vscode-languageserver-types';
import type { Span } from '../base';
import { describeChange, findSuggestions, type SuggestContext, type Suggestion, type SuggestionCheck } from '../analyses/suggest';
import type { Snapshot } from '../workspace';
import type { SuggestionView } from './views';

/**
 * PPA-aware suggestions as code actions (refactor.rewrite). A suggestion appears when its
 * estimate shows a gain; its title carries the estimated change until a check (proof and
 * synthesis) has run, then the synthesized one, and it disappears when the check says it is
 * not worth offering. Choosing it never edits: it runs the client's review command, which
 * shows the diff, runs the check and applies only when the user accepts.
 */
export const REVIEW_COMMAND = 'rtlens.suggestion.review';

export function suggestionView(snapshot: Snapshot, s: Suggestion, uri: string, version: number): SuggestionView | undefined {
  const lines = snapshot.lineIndex(s.path);
  if (!lines) return undefined;
  return {
    id: s.id,
    uri,
    version,
    kind: s.kind,
    module: s.module,
    title: s.title,
    detail: s.detail,
    preservesBehaviour: s.preservesBehaviour,
    ...(s.behaviourChange ? { behaviourChange: s.behaviourChange } : {}),
    goal: s.goal,
    areaUnit: s.areaUnit,
    delayUnit: s.delayUnit,
    estimate: s.estimate,
    edits: s.edits.map((e) => ({ range: lines.range({ start: e.start, end: e.end }), newText: e.newText })),
  };
}

export function suggestionActions(
  snapshot: Snapshot,
  ctx: SuggestContext,
  path: string,
  uri: string,
  version: number,
  span: Span,
  checked: (id: string) => SuggestionCheck | undefined,
): CodeAction[] {
  const text = snapshot.text(path);
  if (text === undefined) return [];
  const fpga = ctx.ppa.target.kind === 'fpga';
  const out: CodeAction[] = [];
  for (const s of findSuggestions(ctx, path, text, { span })) {
    // The estimate decides what is shown before a check; once checked (on demand, or by the
    // workspace audit, which checks what the estimate misses, such as a dropped reset), the
    // synthesized figures and the proof decide.
    const check = checked(s.id);
    if (check ? !check.offered : !s.estimate.gain) continue;
    const view = suggestionView(snapshot, s, uri, version);
    if (!view) continue;
    const figures = check?.before && check.after ? `synthesized ${describeChange(s.goal, check.before, check.after, fpga)}` : `estimated ${describeChange(s.goal, s.estimate.before, s.estimate.after, fpga)}`;
    const status = !s.preservesBehaviour ? 'changes behaviour' : check?.safe ? 'proven equivalent' : 'to be proven';
    const title = `RTLens: ${s.title} (${figures}; ${status})`;
    out.push({ title, kind: 'refactor.rewrite', command: { title, command: REVIEW_COMMAND, arguments: [view] } });
  }
  return out;
}
