import { CancelledError, quote, readCommands, type SynthesisJob, type SynthesisRunner, TimeoutError } from '../ppa';

/**
 * The equivalence proof of a rewrite: the module before and after, each read with everything
 * it instantiates and flattened, joined in a miter (Yosys `miter -equiv`: one output, high
 * when any output differs), which ABC proves never rises. What was measured in the
 * WebAssembly Yosys 0.55 while building this:
 * - `abc -dff` hands ABC the flip-flops too (as latches with initial value 0), so the miter
 *   is a sequential circuit and ABC's `dprove` proves it for every input sequence: CEC for a
 *   combinational miter, otherwise BMC, induction, interpolation and PDR. Plain `pdr` proved
 *   the shared adder and the dropped reset in under 0.1 s but not a 16-bit counter narrowed
 *   to 4 bits in 20 s; `dprove` proved that one in 1.6 s.
 * - Flip-flops start at 0 in both designs (`setundef -zero -init`) and every input, resets
 *   included, is free from the first cycle on: the proof covers power-up at zero and every
 *   state reached after any reset sequence. Asynchronous resets are modelled synchronously
 *   (`async2sync`) on both sides alike.
 * - `abc -dff` takes one clock domain per call. A design with more than one clock, latches,
 *   or flip-flops ABC cannot take is not proven (the answer says so); it is never passed.
 */
export type ProofStatus = 'proven' | 'refuted' | 'undecided' | 'unsupported' | 'error';

export interface ProofResult {
  status: ProofStatus;
  /** What decided it, in words: the engine and its verdict, or why there was no verdict. */
  message: string;
  ms: number;
}

export const GOLD = 'rtlens_gold';
export const GATE = 'rtlens_gate';

/** The Yosys commands that read both designs and join them in a miter (`rtlens_miter`, output `trigger`). */
function miterCommands(before: SynthesisJob, after: SynthesisJob): { commands: string[]; files: Record<string, string> } {
  const files: Record<string, string> = {};
  for (const [p, t] of Object.entries(before.files)) files[`gold/${p}`] = t;
  for (const [p, t] of Object.entries(after.files)) files[`gate/${p}`] = t;
  const top = quote(before.top);
  const design = (job: SynthesisJob, prefix: string, name: string) => [
    ...readCommands(job, 'verilog', prefix),
    `hierarchy -check -top ${top}`,
    'proc',
    'flatten',
    'memory -nomap',
    'memory_map',
    'opt_clean',
    `rename ${top} ${name}`,
    `design -stash ${prefix}`,
  ];
  const commands = [
    ...design(before, 'gold', GOLD),
    ...design(after, 'gate', GATE),
    `design -copy-from gold -as ${GOLD} ${GOLD}`,
    `design -copy-from gate -as ${GATE} ${GATE}`,
    'async2sync',
    // Not -ignore_gold_x: once setundef makes undefined values 0, it would ignore every 0 bit.
    `miter -equiv -flatten ${GOLD} ${GATE} rtlens_miter`,
    'hierarchy -top rtlens_miter',
    'flatten',
    'opt_clean',
    'setundef -zero -init',
  ];
  return { commands, files };
}

/** The Yosys run that proves `after` equivalent to `before` (same top module name in both) with ABC. */
export function equivalenceScript(before: SynthesisJob, after: SynthesisJob, timeoutSeconds: number): { args: string[]; files: Record<string, string> } {
  const { commands, files } = miterCommands(before, after);
  commands.push(
    'dffunmap',
    'techmap',
    'opt_clean',
    // Cells ABC cannot take as state: their logic would be cut out of the proof.
    'select -assert-none t:$_DLATCH* t:$_SR_* t:$_DFFSR* t:$_ALDFF* t:$_DFF_N*',
    `abc -dff -script +strash;echo,RTLENS_PROOF;dprove,-T,${Math.max(1, Math.round(timeoutSeconds))}`,
  );
  return { args: ['-p', commands.join('; ')], files };
}

/**
 * The Yosys run that proves it by induction with a rewrite's hint (`before` already carries the
 * hint's observer): `sat -tempinduct` proves the miter's output and the hint's properties
 * together, each assumed in the steps before; from zero-initialised flip-flops, inputs free.
 */
export function hintedScript(before: SynthesisJob, after: SynthesisJob, properties: readonly string[]): { args: string[]; files: Record<string, string> } {
  const { commands, files } = miterCommands(before, after);
  const proves = ['trigger 0', ...properties].map((p) => `-prove ${p}`).join(' ');
  commands.push(`sat -tempinduct ${proves} -set-init-zero -maxsteps 4`);
  return { args: ['-p', commands.join('; ')], files };
}

/** Reads ABC's verdict from the log of the run equivalenceScript wrote. */
export function readProof(log: string, code: number): Omit<ProofResult, 'ms'> {
  if (/ERROR: Assertion failed: selection is not empty/.test(log)) {
    return { status: 'unsupported', message: 'the design has latches, negative-edge or set/reset flip-flops; the proof takes flip-flops of one rising clock only' };
  }
  if (code !== 0 && !/RTLENS_PROOF/.test(log)) {
    const error = /ERROR: ([^\n]+)/.exec(log)?.[1];
    return { status: 'error', message: error ? `Yosys: ${error}` : `Yosys exited with ${code}` };
  }
  const domains = statClockDomains(log).map((c) => c.trim()).filter((c) => c !== '{ }');
  if (new Set(domains).size > 1) return { status: 'unsupported', message: `the design has ${new Set(domains).size} clock domains; the proof takes one` };
  const extracted = [...log.matchAll(/Extracted \d+ gates and \d+ wires to a netlist network with (\d+) inputs and (\d+) outputs/g)].filter((m) => m[2] !== '0');
  if (extracted.length !== 1 || extracted[0][2] !== '1') return { status: 'unsupported', message: 'the miter did not reach ABC as one circuit with one output' };
  const abc = log.slice(log.indexOf('RTLENS_PROOF'));
  if (/Networks are NOT EQUIVALENT|was asserted in frame|^ABC: SATISFIABLE/m.test(abc) || /Output \d+ of miter .* was asserted/.test(abc)) {
    return { status: 'refuted', message: 'ABC found an input sequence on which the outputs differ' };
  }
  if (/Networks are equivalent|^ABC: UNSATISFIABLE|Property proved/m.test(abc)) {
    const engine = /The network has no latches/.test(abc) ? 'combinational equivalence (ABC dprove: CEC)' : 'sequential equivalence from reset, for every input sequence (ABC dprove)';
    return { status: 'proven', message: engine };
  }
  if (/undecided|timeout/i.test(abc)) return { status: 'undecided', message: 'ABC could not decide within the time limit' };
  return { status: 'undecided', message: 'ABC gave no verdict' };
}

/**
 * The Yosys run comparing one clock step of both versions, registers cut (each flip-flop an
 * input and an output of the same name in both), once for each value of the selecting input
 * ports; ABC's CEC decides each case. Valid when both versions have the same registers: equal
 * registers at the start (both from 0) and equal next states and outputs keep them equal.
 */
export function caseSplitScript(before: SynthesisJob, after: SynthesisJob, split: readonly { port: string; width: number }[]): { args: string[]; files: Record<string, string> } {
  const files: Record<string, string> = {};
  for (const [p, t] of Object.entries(before.files)) files[`gold/${p}`] = t;
  for (const [p, t] of Object.entries(after.files)) files[`gate/${p}`] = t;
  const top = quote(before.top);
  const design = (job: SynthesisJob, prefix: string, name: string) => [...readCommands(job, 'verilog', prefix), `hierarchy -check -top ${top}`, 'proc', 'flatten', 'memory -nomap', 'memory_map', 'opt_clean', `rename ${top} ${name}`, `design -stash ${prefix}`];
  const commands = [
    ...design(before, 'gold', GOLD),
    ...design(after, 'gate', GATE),
    `design -copy-from gold -as ${GOLD} ${GOLD}`,
    `design -copy-from gate -as ${GATE} ${GATE}`,
    'async2sync',
    'dffunmap',
    'select -assert-none t:$dlatch t:$sr t:$dffsr t:$aldff t:$mem* t:$_DLATCH*',
    'expose -evert-dff t:$dff',
    `miter -equiv -flatten ${GOLD} ${GATE} rtlens_miter`,
    'hierarchy -top rtlens_miter',
    'flatten',
    'opt_clean',
    'setundef -zero',
    'design -save rtlens_base',
  ];
  const combinations = split.reduce((n, s) => n * 2 ** s.width, 1);
  for (let v = 0; v < combinations; v++) {
    commands.push('design -load rtlens_base');
    let rest = v;
    const sets: string[] = [];
    for (const s of split) {
      commands.push(`delete -port rtlens_miter/in_${s.port}`);
      sets.push(`connect -set in_${s.port} ${s.width}'d${rest % 2 ** s.width}`);
      rest = Math.floor(rest / 2 ** s.width);
    }
    commands.push('cd rtlens_miter', ...sets, 'cd ..', 'opt_clean', 'techmap', 'opt -fast', `abc -script +strash;echo,RTLENS_CASE_${v};dprove`);
  }
  return { args: ['-p', commands.join('; ')], files };
}

/** Whether every case of caseSplitScript's run was proven (a difference in some case may be an unreachable state: it decides nothing). */
export function caseSplitProven(log: string, cases: number): boolean {
  for (let v = 0; v < cases; v++) {
    const at = log.indexOf(`ABC: RTLENS_CASE_${v} `) >= 0 ? log.indexOf(`ABC: RTLENS_CASE_${v} `) : log.indexOf(`ABC: RTLENS_CASE_${v}\n`);
    if (at < 0) return false;
    const next = log.indexOf('RTLENS_CASE_', at + 20);
    const section = log.slice(at, next < 0 ? undefined : next);
    if (!/^ABC: UNSATISFIABLE|Networks are equivalent/m.test(section)) return false;
  }
  const extracted = [...log.matchAll(/Extracted \d+ gates and \d+ wires to a netlist network with \d+ inputs and (\d+) outputs/g)];
  return extracted.length === cases && extracted.every((m) => m[1] === '1');
}

/**
 * Proves a rewrite; a proof that does not finish in time is `undecided`, never `proven`. With a
 * hint (`hinted`: the original carrying the hint's observer, and the properties), induction is
 * tried first; when it does not succeed, ABC decides.
 */
export async function proveEquivalent(
  before: SynthesisJob,
  after: SynthesisJob,
  runner: SynthesisRunner,
  options: { timeoutMs?: number; signal?: AbortSignal; hinted?: { before: SynthesisJob; properties: readonly string[]; lemma: boolean; caseSplit?: readonly { port: string; width: number }[] } } = {},
): Promise<ProofResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const started = Date.now();
  const left = () => timeoutMs - (Date.now() - started);
  try {
    const split = options.hinted?.caseSplit;
    if (split && split.length > 0) {
      const { args, files } = caseSplitScript(before, after, split);
      const cases = split.reduce((n, s) => n * 2 ** s.width, 1);
      const result = await runner.run({ args, files, outputs: [], timeoutMs: Math.max(1, Math.min(left(), timeoutMs / 2)) }, options.signal).catch((error) => {
        if (error instanceof CancelledError) throw error;
        return undefined;
      });
      if (result && result.code === 0 && caseSplitProven(result.log, cases)) {
        return { status: 'proven', message: `${options.hinted!.properties.length > 0 ? 'equivalence of each clock step over the unchanged registers' : 'combinational equivalence'}, for each of the ${cases} values of ${split.map((s) => s.port).join(', ')} (ABC CEC)`, ms: Date.now() - started };
      }
    }
    if (options.hinted && options.hinted.properties.length > 0) {
      const { args, files } = hintedScript(options.hinted.before, after, options.hinted.properties);
      const result = await runner.run({ args, files, outputs: [], timeoutMs: Math.max(1, Math.min(left(), timeoutMs / 2)) }, options.signal).catch((error) => {
        if (error instanceof CancelledError) throw error;
        return undefined;
      });
      if (result && /Induction step proven: SUCCESS!/.test(result.log)) {
        return { status: 'proven', message: `sequential equivalence by induction${options.hinted.lemma ? " with the rewrite's lemma" : ' over the unchanged registers'} (Yosys sat -tempinduct)`, ms: Date.now() - started };
      }
    }
    const { args, files } = equivalenceScript(before, after, (Math.max(1, left()) * 0.8) / 1000);
    const result = await runner.run({ args, files, outputs: [], timeoutMs: Math.max(1, left()) }, options.signal);
    return { ...readProof(result.log, result.code), ms: Date.now() - started };
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    if (error instanceof TimeoutError) return { status: 'undecided', message: `the proof did not finish in ${Math.round(timeoutMs / 1000)} s`, ms: Date.now() - started };
    return { status: 'error', message: error instanceof Error ? error.message : String(error), ms: Date.now() - started };
  }
}

/**
 * The clock of each `N cells in clk=...,` line of Yosys's stat: what /^\s+\d+ cells in clk=([^,]*),/gm
 * captures, found without that pattern's leading \s+, which rescans runs of blank lines from every line start.
 */
export function statClockDomains(log: string): string[] {
  const out: string[] = [];
  const line = /(?<!\d)\d+ cells in clk=([^,]*),/g;
  for (let m = line.exec(log); m; m = line.exec(log)) {
    if (indentedFromLineStart(log, m.index)) out.push(m[1]);
    else line.lastIndex = m.index + 1;
  }
  return out;
}

/** Whether at least one whitespace character, all of it after some line start, comes right before `at` (/^\s+/m ending at `at`). */
function indentedFromLineStart(text: string, at: number): boolean {
  if (at === 0 || !/\s/.test(text[at - 1])) return false;
  let j = at - 2;
  for (; j >= 0 && /\s/.test(text[j]); j--) if ('\n\r\u2028\u2029'.includes(text[j])) return true;
  return j < 0;
}
