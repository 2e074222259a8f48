import { type FoldingRange, FoldingRangeKind } from 'vscode-languageserver-types';
import type { Span } from '../base';
import type { Snapshot } from '../workspace';

/** Folding: units, blocks, instances with their connections, `ifdef regions, long comments. */
export function foldingRanges(snapshot: Snapshot, path: string): FoldingRange[] {
  const summary = snapshot.summary(path);
  const lineIndex = snapshot.lineIndex(path);
  if (!summary || !lineIndex) return [];
  const out: FoldingRange[] = [];
  const add = (span: Span, kind?: FoldingRangeKind) => {
    const start = lineIndex.lineOf(span.start);
    const end = lineIndex.lineOf(span.end);
    if (end > start) out.push({ startLine: start, endLine: end - 1 >= start ? end - (kind === FoldingRangeKind.Region ? 0 : 1) : end, kind });
  };
  for (const unit of summary.units) {
    if (unit.kind === 'unit') continue;
    add(unit.span);
    add(unit.headerSpan);
    for (const b of unit.blocks) add(b.span);
    for (const i of unit.instances) add(i.span);
    for (const f of unit.subprograms) add(f.span);
  }
  for (const c of summary.conditionals) add(c, FoldingRangeKind.Region);
  const parsed = snapshot.isOpen(path) ? snapshot.parsed(path) : undefined;
  for (const c of parsed?.preprocessed.comments ?? []) add(c, FoldingRangeKind.Comment);
  return out;
}
