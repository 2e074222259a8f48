import { contentHash } from '../../base';
import { type SynthesisRunner, synthesize } from './exact';
import type { SynthesisJob } from './script';
import type { Target } from './target';

/**
 * A user's cell library in the estimate's units, without user samples: a fixed set of small
 * reference circuits (written for RTLens: an adder, a comparator, multiplexers, a multiplier,
 * a shifter, logic, a register bank with an enable, a counter) is synthesized once on the
 * built-in library and once on the user's, and the geometric mean of the ratios carries the
 * estimate (fitted on the built-in library) into the user's units. A few seconds of Yosys, once
 * per liberty content (the caller caches by `key`).
 */
export interface Characterization {
  /** Content hash of the liberty text. */
  key: string;
  /** user / built-in, geometric means over the reference circuits. */
  area: number;
  delay: number;
  /** How many reference circuits both libraries synthesized. */
  circuits: number;
}

/** The reference circuits: one module each, every operator class the estimate counts. */
export const REFERENCE_CIRCUITS: Record<string, string> = {
  ref_add: 'module ref_add (input [31:0] a, b, output [32:0] s);\n  assign s = a + b;\nendmodule\n',
  ref_compare: 'module ref_compare (input [31:0] a, b, output lt, eq);\n  assign lt = a < b;\n  assign eq = a == b;\nendmodule\n',
  ref_mux: 'module ref_mux (input [2:0] s, input [15:0] a, b, c, d, e, f, g, h, output reg [15:0] y);\n  always @* case (s)\n    3\'d0: y = a; 3\'d1: y = b; 3\'d2: y = c; 3\'d3: y = d;\n    3\'d4: y = e; 3\'d5: y = f; 3\'d6: y = g; default: y = h;\n  endcase\nendmodule\n',
  ref_mul: 'module ref_mul (input [7:0] a, b, output [15:0] p);\n  assign p = a * b;\nendmodule\n',
  ref_shift: 'module ref_shift (input [31:0] a, input [4:0] n, output [31:0] l, r);\n  assign l = a << n;\n  assign r = a >> n;\nendmodule\n',
  ref_logic: 'module ref_logic (input [63:0] a, b, c, output [63:0] y, output p);\n  assign y = (a & b) | (~a & c) ^ (b | c);\n  assign p = ^a;\nendmodule\n',
  ref_regs: 'module ref_regs (input clk, input rst, input en, input [31:0] d, output reg [31:0] q, output reg [31:0] r);\n  always @(posedge clk) begin\n    if (rst) q <= 32\'d0; else if (en) q <= d;\n    r <= q ^ d;\n  end\nendmodule\n',
  ref_counter: 'module ref_counter (input clk, input rst, input up, output reg [15:0] n, output wrap);\n  always @(posedge clk) if (rst) n <= 16\'d0; else if (up) n <= n + 16\'d1;\n  assign wrap = n == 16\'hffff;\nendmodule\n',
};

export function characterizationKey(target: Target): string {
  return target.kind === 'asic' ? contentHash(target.liberty) : '';
}

function job(name: string, target: Target): SynthesisJob {
  return { top: name, files: { [`${name}.v`]: REFERENCE_CIRCUITS[name] }, read: [`${name}.v`], includeDirs: [], defines: {}, target };
}

/**
 * Synthesizes the reference circuits on both libraries through the runner (cancellable with
 * the signal). Circuits either library cannot synthesize are left out; none at all is an error.
 */
export async function characterize(target: Target, builtIn: Target, runner: SynthesisRunner, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<Characterization> {
  const areas: number[] = [];
  const delays: number[] = [];
  // Every circuit on both libraries at once: the runner's pool runs them side by side.
  const runs = await Promise.all(
    Object.keys(REFERENCE_CIRCUITS).map((name) =>
      Promise.all([synthesize(job(name, target), runner, options), synthesize(job(name, builtIn), runner, options)]).catch((error: unknown) => {
        if (options.signal?.aborted) throw error;
        return undefined;
      }),
    ),
  );
  let circuits = 0;
  for (const run of runs) {
    if (!run) continue;
    const [mine, reference] = run;
    const a = mine.figures.areaUm2 ?? 0;
    const b = reference.figures.areaUm2 ?? 0;
    if (a > 0 && b > 0) areas.push(Math.log(a / b));
    const d = mine.figures.delayNs ?? 0;
    const e = reference.figures.delayNs ?? 0;
    if (d > 0 && e > 0) delays.push(Math.log(d / e));
    circuits++;
  }
  if (areas.length === 0) throw new Error('no reference circuit synthesized with this liberty file');
  const geomean = (logs: number[]) => (logs.length ? Math.exp(logs.reduce((x, y) => x + y, 0) / logs.length) : 1);
  return { key: characterizationKey(target), area: geomean(areas), delay: geomean(delays), circuits };
}
