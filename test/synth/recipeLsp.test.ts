import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { WorkDoneProgress, type WorkDoneProgressBegin, type WorkDoneProgressReport } from 'vscode-languageserver-protocol';
import type { RecommendRecipeAnswer, RecommendRecipeError, RecommendRecipeResult } from '../../protocol';
import { type LspSession, startLsp } from '../helpers/lspClient';

/**
 * "Recommend synthesis recipe" through the language server (slow: real Yosys + ABC): a small
 * combinational module gets a recipe proven equivalent, with both baselines and work-done
 * progress on the client's token; an unknown module and a sequential one are answered in words;
 * cancelling the request stops the search.
 */
let dir: string;
let lsp: LspSession;
const MAC = 'module mac (input [5:0] a, b, input [11:0] c, output [12:0] y, output gt);\n  assign y = a * b + c;\n  assign gt = a > b;\nendmodule\n';
const BAD = 'module bad (input a, output y);\n  assign y = a +;\nendmodule\n';
const ACC = 'module acc (input clk, input [7:0] a, output reg [9:0] s);\n  always @(posedge clk) s <= s + a;\nendmodule\n';

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-recipe-lsp-'));
  fs.writeFileSync(path.join(dir, 'mac.v'), MAC);
  fs.writeFileSync(path.join(dir, 'acc.v'), ACC);
  fs.writeFileSync(path.join(dir, 'bad.v'), BAD);
  lsp = await startLsp(dir, { ppa: { synthesizeOnSave: false } });
});
after(async () => {
  await lsp.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const recommend = (params: Record<string, unknown>, token?: CancellationTokenSource) => lsp.connection.sendRequest('rtlens/recommendRecipe', params, token?.token) as Promise<RecommendRecipeAnswer>;

/** Collects the `$/progress` values sent on a client-made work-done token. */
function watchProgress(token: string, onValue?: (value: WorkDoneProgressBegin | WorkDoneProgressReport | { kind: 'end' }) => void): (WorkDoneProgressBegin | WorkDoneProgressReport | { kind: 'end' })[] {
  const seen: (WorkDoneProgressBegin | WorkDoneProgressReport | { kind: 'end' })[] = [];
  lsp.connection.onProgress(WorkDoneProgress.type, token, (value) => {
    seen.push(value);
    onValue?.(value);
  });
  return seen;
}

test('a combinational module: a recipe proven equivalent, both baselines, progress on the client token', { timeout: 120000 }, async () => {
  const progress = watchProgress('recipe-1');
  const answer = await recommend({ module: 'mac', budget: 6, workDoneToken: 'recipe-1' });
  assert.ok(!('error' in answer), JSON.stringify(answer));
  const result = answer as RecommendRecipeResult;
  assert.equal(result.module, 'mac');
  assert.equal(result.target, 'generic');
  assert.equal(result.equivalent, true);
  assert.equal(result.evaluations, 6);
  assert.ok(result.recipe.length >= 1 && result.recipe.length <= 20, JSON.stringify(result.recipe));
  for (const q of [result.qor, result.baseline.resyn2, result.baseline.yosysDefault!]) {
    assert.ok(q.area > 0 && q.delayPs > 0 && q.adp > 0 && q.ands > 0 && q.levels > 0, JSON.stringify(q));
  }
  assert.ok(result.qor.adp <= result.baseline.resyn2.adp, `${result.qor.adp} vs resyn2 ${result.baseline.resyn2.adp}`);
  assert.equal(result.note, undefined);
  assert.match(result.abcScript, /^strash; .*; &get -n; &dch -f; &nf; &put; topo; stime$/);
  assert.match(result.yosysScript, /^abc -liberty rtlens_generic\.lib -script \+strash;/);
  assert.ok(result.neighbours.length > 0, 'the shipped knowledge base was consulted');
  // Work-done progress: begin (cancellable), reports with percentages, end.
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(progress[0]?.kind, 'begin');
  assert.equal((progress[0] as WorkDoneProgressBegin).cancellable, true);
  const reports = progress.filter((p): p is WorkDoneProgressReport => p.kind === 'report');
  assert.ok(reports.some((r) => /evaluations/.test(r.message ?? '')), JSON.stringify(reports));
  assert.ok(reports.some((r) => /equivalent \(ABC cec\)/.test(r.message ?? '')), JSON.stringify(reports));
  assert.equal(progress[progress.length - 1]?.kind, 'end');
  // The run grew the knowledge base: the next search of the same module finds it as its nearest design.
  const again = (await recommend({ module: 'mac', budget: 4 })) as RecommendRecipeResult;
  assert.equal(again.neighbours[0]?.design, 'workspace:mac', JSON.stringify(again.neighbours));
  assert.ok(again.neighbours[0].distance < 1e-9);
  assert.equal(again.equivalent, true);
});

test('bad input is an answer with a message: unknown module, no module, a design Yosys cannot read, a sequential design says what is optimised', { timeout: 120000 }, async () => {
  const unknown = (await recommend({ module: 'not_here' })) as RecommendRecipeError;
  assert.equal(unknown.error, "no module named 'not_here' in the workspace");
  const none = (await recommend({})) as RecommendRecipeError;
  assert.match(none.error, /name a module/);
  const bad = (await recommend({ module: 'bad', budget: 2 })) as RecommendRecipeError;
  assert.match(bad.error, /^bad: .*bad\.v line 2/);
  const seq = (await recommend({ module: 'acc', budget: 3 })) as RecommendRecipeResult;
  assert.equal(seq.registers, 10, JSON.stringify(seq));
  assert.match(seq.note!, /10 flip-flops: the recipe optimises the combinational logic between registers/);
  assert.equal(seq.equivalent, true);
});

test('cancelling the request stops the search and answers "cancelled"', { timeout: 120000 }, async () => {
  const source = new CancellationTokenSource();
  // Cancel once the search has started (after the first Yosys run).
  const progress = watchProgress('recipe-cancel', (value) => {
    if (value.kind === 'report' && /evaluations/.test(value.message ?? '')) source.cancel();
  });
  const started = Date.now();
  const answer = (await recommend({ module: 'mac', budget: 200, workDoneToken: 'recipe-cancel' }, source)) as RecommendRecipeError;
  assert.deepEqual(answer, { module: 'mac', error: 'cancelled', cancelled: true });
  assert.ok(Date.now() - started < 30000, `stopped long before 200 evaluations (${Date.now() - started} ms)`);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(progress[progress.length - 1]?.kind, 'end');
  // The server is still answering, and a run after the cancelled one works.
  const again = (await recommend({ module: 'mac', budget: 2 })) as RecommendRecipeResult;
  assert.equal(again.equivalent, true, JSON.stringify(again));
});
