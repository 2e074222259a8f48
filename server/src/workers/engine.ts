/**
 * Whether this JavaScript engine can run the Yosys build RTLens ships (@yowasp/yosys with the
 * slang SystemVerilog frontend). That build uses WebAssembly GC types and exception references:
 * Node.js 22 and 24 (and VS Code extension hosts built on them) run it; Node.js 20 and 23 stop
 * with "invalid value type" when compiling it. The probe is a 16-byte module whose one function
 * type returns a `nullexternref` (GC) and an `exnref`, so the answer is the engine's own, not a
 * version table.
 */
const PROBE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x00, 0x02, 0x72, 0x69]);

let answer: string | undefined | null = null;

/** Whether this engine (Node or a browser) validates the probe. Imports nothing: the web worker uses it too. */
export function canRunShippedYosys(): boolean {
  try {
    return (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly.validate(PROBE);
  } catch {
    return false;
  }
}

/** Undefined when Yosys can run here; otherwise one sentence that says what is needed. */
export function engineProblem(): string | undefined {
  if (answer === null) {
    answer = canRunShippedYosys()
      ? undefined
      : `exact synthesis (Yosys + ABC in WebAssembly) needs WebAssembly GC and exception references, which Node.js ${process.versions.node} lacks: it needs Node.js 22, or 24 and later (in VS Code: 1.103 and later)`;
  }
  return answer;
}
