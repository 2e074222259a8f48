import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { engineProblem } from '../../server/src/workers/engine';

/**
 * The 16-byte probe agrees with the engine on the real thing: the Yosys core RTLens ships
 * compiles exactly where the probe says it can, and where it cannot the message names the Node
 * version and what to run instead. (Node 20, which runs the unit tests here, cannot; the
 * synthesis tests run on Node 24.)
 */
test('the WebAssembly probe agrees with compiling the shipped Yosys core', { timeout: 120000 }, async () => {
  const core = path.join(path.dirname(require.resolve('@yowasp/yosys')), 'yosys.core.wasm');
  const wasm = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<unknown> } }).WebAssembly;
  const compiled = await wasm.compile(fs.readFileSync(core)).then(
    () => true,
    () => false,
  );
  const problem = engineProblem();
  assert.equal(problem === undefined, compiled, problem ?? 'probe says the engine can');
  if (problem) assert.match(problem, new RegExp(`Node\\.js ${process.versions.node.replace(/\./g, '\\.')} lacks: it needs Node\\.js 22, or 24 and later`));
});
