import { CancelledError, type SynthesisCache, type SynthesisRunner } from '../ppa';
import { checkSuggestion, findSuggestions, type SuggestContext, type Suggestion, type SuggestionCheck } from './suggest';

/**
 * The workspace audit ("RTLens: Find PPA Opportunities", `rtlens suggest DIR --check`): every
 * rewrite of every module of the given files, then the check of each candidate (synthesis before
 * and after on the current target, and the proof for rewrites that keep behaviour) on the
 * worker pool, one candidate at a time so the pool stays free for the editor's own requests.
 * The estimate gates what is checked when `gate` is set (the editor's audit); the command line
 * checks every candidate. Progress after every file and every check; cancellable between them
 * and inside a check.
 */
export interface AuditRow {
  suggestion: Suggestion;
  /** 1-based line of the rewrite's start. */
  line: number;
  check?: SuggestionCheck;
  /** Why it was not checked, when it was not (the estimate shows no gain, the check limit). */
  skipped?: string;
}

export interface AuditCounts {
  files: number;
  lines: number;
  /** Candidates the detectors found. */
  found: number;
  /** Candidates synthesized before and after (and proven where they keep behaviour). */
  checked: number;
  proven: number;
  refuted: number;
  /** Proof undecided, unsupported or failed. */
  unproven: number;
  /** Synthesis shows a gain and, where behaviour is kept, the proof says so. */
  offered: number;
  /** Checks that failed (synthesis error, missing module). */
  errors: number;
  findMs: number;
  checkMs: number;
}

export interface AuditProgress {
  phase: 'find' | 'check';
  done: number;
  total: number;
  /** The file or the suggestion being worked on. */
  item?: string;
}

export interface AuditOptions {
  check?: boolean;
  /** Check only candidates whose estimate shows a gain. */
  gate?: boolean;
  /** At most this many checks (the rest are listed, not checked). */
  maxChecks?: number;
  timeoutMs?: number;
  proofTimeoutMs?: number;
  cache?: SynthesisCache;
  signal?: AbortSignal;
  onProgress?: (p: AuditProgress) => void;
  /** Each row once checked (or skipped): what a cancelled audit still has. */
  onChecked?: (row: AuditRow) => void;
}

export interface AuditResult {
  rows: AuditRow[];
  counts: AuditCounts;
  /** Cancelled: the rows found and checked until then. */
  cancelled?: boolean;
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function lineCount(text: string): number {
  let n = text.length > 0 && !text.endsWith('\n') ? 1 : 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Relative area change of a check (negative: smaller), or undefined without figures. */
export function areaChange(check: SuggestionCheck | undefined): number | undefined {
  const a = check?.before?.area;
  const b = check?.after?.area;
  return a !== undefined && b !== undefined && a > 0 ? (b - a) / a : undefined;
}

/** Offered first, then the largest synthesized area saving, then proven, then the estimate's gain; text order last. */
export function compareRows(x: AuditRow, y: AuditRow): number {
  const rank = (r: AuditRow) => (r.check?.offered ? 0 : r.check?.safe ? 1 : r.check ? 2 : r.suggestion.estimate.gain ? 3 : 4);
  return (
    rank(x) - rank(y) ||
    (areaChange(x.check) ?? 0) - (areaChange(y.check) ?? 0) ||
    x.suggestion.path.localeCompare(y.suggestion.path) ||
    x.line - y.line ||
    x.suggestion.kind.localeCompare(y.suggestion.kind)
  );
}

export async function auditSuggestions(
  ctx: SuggestContext,
  paths: readonly string[],
  textOf: (path: string) => string | undefined,
  runner: SynthesisRunner | undefined,
  options: AuditOptions = {},
): Promise<AuditResult> {
  const counts: AuditCounts = { files: 0, lines: 0, found: 0, checked: 0, proven: 0, refuted: 0, unproven: 0, offered: 0, errors: 0, findMs: 0, checkMs: 0 };
  const rows: AuditRow[] = [];
  const texts = new Map<string, string>();
  let cancelled = false;
  const stop = () => (cancelled ||= options.signal?.aborted === true);
  const findStart = performance.now();
  for (const [i, path] of paths.entries()) {
    if (stop()) break;
    options.onProgress?.({ phase: 'find', done: i, total: paths.length, item: path });
    const text = textOf(path);
    if (text === undefined) continue;
    texts.set(path, text);
    counts.files++;
    counts.lines += lineCount(text);
    for (const s of findSuggestions(ctx, path, text)) rows.push({ suggestion: s, line: lineAt(text, s.span.start) });
    await tick();
  }
  counts.findMs = performance.now() - findStart;
  counts.found = rows.length;
  if (options.check && runner && !cancelled) {
    const checkStart = performance.now();
    const limit = options.maxChecks ?? Infinity;
    const queue = rows.filter((r) => {
      if (options.gate && !r.suggestion.estimate.gain) {
        r.skipped = 'the estimate shows no gain';
        return false;
      }
      return true;
    });
    // The estimate's most promising first, so a limit or a cancel keeps the best.
    queue.sort((a, b) => Number(b.suggestion.estimate.gain) - Number(a.suggestion.estimate.gain));
    for (const [i, row] of queue.entries()) {
      if (stop()) {
        row.skipped = 'cancelled before its check';
        continue;
      }
      if (i >= limit) {
        row.skipped = `more than ${limit} candidates: not checked`;
        continue;
      }
      options.onProgress?.({ phase: 'check', done: i, total: Math.min(queue.length, limit), item: `${row.suggestion.module}: ${row.suggestion.title}` });
      try {
        row.check = await checkSuggestion(ctx, row.suggestion, texts.get(row.suggestion.path)!, runner, {
          cache: options.cache,
          timeoutMs: options.timeoutMs,
          proofTimeoutMs: options.proofTimeoutMs,
          signal: options.signal,
        });
      } catch (error) {
        if (!(error instanceof CancelledError)) throw error;
        cancelled = true;
        row.skipped = 'cancelled during its check';
        continue;
      }
      counts.checked++;
      if (row.check.error) counts.errors++;
      const status = row.check.proof?.status;
      if (status === 'proven') counts.proven++;
      else if (status === 'refuted') counts.refuted++;
      else if (status !== undefined) counts.unproven++;
      if (row.check.offered) counts.offered++;
      options.onChecked?.(row);
    }
    counts.checkMs = performance.now() - checkStart;
  }
  rows.sort(compareRows);
  return { rows, counts, ...(cancelled ? { cancelled: true } : {}) };
}
