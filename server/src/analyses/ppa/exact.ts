import { combineHashes, contentHash } from '../../base';
import { FIGURES_VERSION, readFigures, SynthesisError, type SynthesisFigures } from './report';
import { type Reader, type SynthesisJob, synthesisScript } from './script';
import { targetKey } from './target';

/**
 * Exact mode: real Yosys + ABC on one module and everything it instantiates. The runner (a
 * worker pool in the adapters) does the running; this file builds the job, keys it by content,
 * caches the answer and reads the figures.
 */
export interface RunRequest {
  args: string[];
  files: Record<string, string>;
  /** Files to bring back from Yosys's virtual file system after the run. */
  outputs: string[];
  timeoutMs: number;
}

export interface RunResult {
  log: string;
  outputs: Record<string, string | undefined>;
  /** Yosys's exit code (0 for success). */
  code: number;
}

export interface SynthesisRunner {
  /** Runs Yosys; rejects with a CancelledError when the signal aborts, a TimeoutError after timeoutMs. */
  run(request: RunRequest, signal?: AbortSignal): Promise<RunResult>;
}

export class CancelledError extends Error {}
export class TimeoutError extends Error {}

export interface SynthesisResult {
  module: string;
  target: string;
  figures: SynthesisFigures;
  /** The content key: the same sources, options and target give the same key. */
  key: string;
  ms: number;
  /** The saved recipe's transforms the figures were synthesized with, if any. */
  recipe?: string[];
}

/** Content key of a job: every file's text, the script and the target. */
export function jobKey(job: SynthesisJob): string {
  const { args } = synthesisScript(job);
  const files = Object.keys(job.files).sort().map((f) => `${f}:${contentHash(job.files[f])}`);
  return combineHashes([targetKey(job.target), ...args, ...files, `figures ${FIGURES_VERSION}`]);
}

/** Answers by content key, most recent kept; a failure is remembered as well (same input, same failure). */
export class SynthesisCache {
  private readonly entries = new Map<string, Promise<SynthesisResult>>();
  constructor(private readonly capacity = 256) {}

  get(key: string): Promise<SynthesisResult> | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, value: Promise<SynthesisResult>): void {
    this.entries.set(key, value);
    // Cancelled and timed-out runs say nothing about the input: forget them.
    value.catch((error: unknown) => {
      if (error instanceof CancelledError || error instanceof TimeoutError) this.entries.delete(key);
    });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}

export async function synthesize(job: SynthesisJob, runner: SynthesisRunner, options: { cache?: SynthesisCache; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<SynthesisResult> {
  const key = jobKey(job);
  const cached = options.cache?.get(key);
  if (cached) {
    try {
      return await cached;
    } catch (error) {
      // Joined a run that another caller cancelled (the cache forgets it as it settles): this
      // caller did not cancel, so it runs the job itself.
      if (!(error instanceof CancelledError) || options.signal?.aborted) throw error;
    }
  }
  const run = (async () => {
    const started = Date.now();
    const timeoutMs = options.timeoutMs ?? 60000;
    const attempt = (reader: Reader) => {
      const { args, files } = synthesisScript(job, reader);
      const remaining = Math.max(1000, timeoutMs - (Date.now() - started));
      return runner.run({ args, files, outputs: ['rtlens_stat.json', 'rtlens_ltp.txt'], timeoutMs: remaining }, options.signal);
    };
    let reader: Reader = 'slang';
    let result = await attempt(reader);
    if (failed(result)) {
      // Slang is the stricter reader: Verilog it refuses, Yosys's own reader may take. The
      // message, when both stop, is slang's (it names the file, line and construct).
      const fallback = await attempt('verilog');
      if (failed(fallback)) throw new SynthesisError(describeFailure(result.log, job.top));
      reader = 'verilog';
      result = fallback;
    }
    const figures = { ...readFigures(job.target, job.top, result.log, result.outputs['rtlens_stat.json'], result.outputs['rtlens_ltp.txt']), reader };
    return { module: job.top, target: job.target.name, figures, key, ms: Date.now() - started, ...(job.recipe?.commands.length ? { recipe: job.recipe.steps } : {}) };
  })();
  options.cache?.set(key, run);
  return run;
}

function failed(result: RunResult): boolean {
  return result.code !== 0 && !result.outputs['rtlens_stat.json'];
}

/** A Yosys failure as one line a hardware engineer can act on. */
export function describeFailure(log: string, top: string): string {
  // slang: `file:line:column: error: message`.
  const slang = /^(\S+?):(\d+):\d+: error: (\S.*)$/m.exec(log);
  const unknown = slang ? /^unknown module '([^']+)'/.exec(slang[3]) : null;
  if (slang && unknown) return `${slang[1]} line ${slang[2]} instantiates '${unknown[1]}', which no workspace file defines: synthesis needs every submodule`;
  if (slang) return `Yosys could not read ${slang[1]} line ${slang[2]}: ${slang[3].trim()}`;
  // slang without a place: the design as a whole (a top whose parameters have no defaults, for one).
  const general = /^error: (\S.*)$/m.exec(log);
  if (general) {
    const hint = /is not a valid top-level module/.test(general[1]) ? ': a module is synthesized at its default parameters, so every parameter needs a default (and no interface ports)' : '';
    return `Yosys: ${general[1].trim()}${hint}`;
  }
  const line = /^(?:(\S+?):(\d+):\s*)?ERROR:\s*(\S.*)$/m.exec(log);
  if (!line) return `Yosys stopped on '${top}' without an error message`;
  const error = line[3].trim();
  if (line[1]) return `Yosys could not read ${line[1]} line ${line[2]}: ${error}`;
  const missing = /Module `\\?([^']+)' referenced in module `\\?([^']+)' in cell `\\?([^']+)' is not part of the design/.exec(error);
  if (missing) return `'${missing[2]}' instantiates '${missing[1]}' (instance '${missing[3]}'), which no workspace file defines: synthesis needs every submodule`;
  return `Yosys: ${error}`;
}
