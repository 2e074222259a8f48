import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type LspSession, startLsp, uri } from '../helpers/lspClient';

/**
 * PPA through the language server (slow: real synthesis): the code lens shows the estimate at
 * once, a save synthesizes in the background, and the lens then shows the synthesized figures;
 * the hover on the module name gives the breakdown; a broken design says what failed.
 */
let dir: string;
let lsp: LspSession;
const MAC = 'module mac (input clk, input [7:0] a, b, output reg [19:0] acc);\n  always @(posedge clk) acc <= acc + a * b;\nendmodule\n';
const BROKEN = 'module broken (input a, output y);\n  not_here u (.a(a), .y(y));\nendmodule\n';
/**
 * Modules for the workspace's own calibration: three to synthesize, one that stays an estimate.
 * One family (registered adders of several widths), so the estimate's error is the same bias
 * in each and calibrating on three helps leave-one-out: the calibration is kept.
 */
const adder = (name: string, w: number) => `module ${name} (input clk, input [${w - 1}:0] a, b, output reg [${w}:0] s);\n  always @(posedge clk) s <= a + b;\nendmodule\n`;
const OWN: Record<string, string> = { 'inc.v': adder('inc', 8), 'sel.v': adder('sel', 16), 'cmp.v': adder('cmp', 24), 'other.v': adder('other', 12) };

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-ppa-lsp-'));
  fs.writeFileSync(path.join(dir, 'mac.v'), MAC);
  fs.writeFileSync(path.join(dir, 'broken.v'), BROKEN);
  for (const [name, text] of Object.entries(OWN)) fs.writeFileSync(path.join(dir, name), text);
  lsp = await startLsp(dir, { ppa: { synthesizeOnSave: true, clockPeriodNs: 5 } });
  for (const [name, text] of [['mac.v', MAC], ['broken.v', BROKEN], ...Object.entries(OWN)]) {
    await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(path.join(dir, name)), languageId: 'verilog', version: 1, text } });
  }
});
after(() => lsp.stop());

const lenses = async (name: string) => ((await lsp.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: uri(path.join(dir, name)) } })) as { command: { title: string; command: string } }[]).map((l) => l.command.title);

test('code lens: the estimate at once, the synthesized figures after a save', { timeout: 120000 }, async () => {
  const before = await lenses('mac.v');
  assert.match(before[0], /^~\d+ cells · [\d.k]+ µm² · [\d.]+ ns · 1 cycle {2}\(estimate ±\d+% area, ±\d+% delay\)$/);
  assert.equal(before[1], 'Synthesize');
  const landed = lsp.waitFor('rtlens/synthesized', (p) => p.module === 'mac', 100000);
  await lsp.connection.sendNotification('textDocument/didSave', { textDocument: { uri: uri(path.join(dir, 'mac.v')) } });
  await landed;
  const after = await lenses('mac.v');
  assert.match(after[0], /^\d+ cells · [\d.k]+ µm² · [\d.]+ ns · 1 cycle · \d+ MHz {2}\(synthesized, generic\)$/);
  assert.equal(after.length, 1);
  // The hover on the module name: figures, slack against the 5 ns clock, the largest contributors.
  const hover = (await lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri(path.join(dir, 'mac.v')) }, position: { line: 0, character: 8 } })) as { contents: { value: string } };
  assert.match(hover.contents.value, /\*\*mac\*\* on `generic`/);
  assert.match(hover.contents.value, /Clock 5 ns: slack \+[\d.]+ ns/);
  assert.match(hover.contents.value, /multiplier, 8x8 bits — \[line 2\]/);
});

test('a design that cannot be synthesized keeps its estimate and says why', { timeout: 120000 }, async () => {
  const state = (await lsp.connection.sendRequest('rtlens/synthesize', { module: 'broken' })) as { error?: string };
  assert.match(state.error!, /'broken' instantiates 'not_here', which no workspace file defines/);
  const titles = await lenses('broken.v');
  assert.match(titles[0], /\(estimate/);
  assert.match(titles[1], /^synthesis failed: 'broken' instantiates 'not_here', which no workspace file… \(details\)$/, 'cut at a word, not inside one');
  const failed = ((await lsp.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: uri(path.join(dir, 'broken.v')) } })) as { command: { command: string; arguments: { module: string; error?: string }[] } }[])[1].command;
  assert.equal(failed.command, 'rtlens.synthesisFailed');
  assert.equal(failed.arguments[0].module, 'broken');
  assert.match(failed.arguments[0].error ?? '', /^'broken' instantiates 'not_here', which no workspace file defines: synthesis needs every submodule$/, 'the whole message behind the click');
  const report = (await lsp.connection.sendRequest('rtlens/ppaReport', {})) as { target: string; rows: { module: string; kind: string }[] };
  assert.equal(report.target, 'generic');
  assert.deepEqual(report.rows.filter((r) => r.module === 'mac' || r.module === 'broken').map((r) => `${r.module}:${r.kind}`).sort(), ['broken:estimate', 'mac:synthesized']);
  assert.equal(report.rows.length, 2 + Object.keys(OWN).length);
});

test("the workspace's exact results replace their own module's estimate and rescale no other (measured to make them worse)", { timeout: 240000 }, async () => {
  const beforeTitle = (await lenses('other.v'))[0];
  assert.doesNotMatch(beforeTitle, /calibrated/);
  for (const module of ['inc', 'sel', 'cmp']) {
    const landed = lsp.waitFor('rtlens/synthesized', (p) => p.module === module, 100000);
    await lsp.connection.sendRequest('rtlens/synthesize', { module });
    await landed;
  }
  const title = (await lenses('other.v'))[0];
  assert.equal(title, beforeTitle, 'the estimate of a module not synthesized is what it was');
  assert.match(title, /^~\d+ cells · [\d.k]+ µm² · [\d.]+ ns · 1 cycle {2}\(estimate ±\d+% area, ±\d+% delay\)$/);
  const report = (await lsp.connection.sendRequest('rtlens/ppaReport', {})) as { rows: { module: string; kind: string }[] };
  for (const module of ['inc', 'sel', 'cmp']) assert.equal(report.rows.find((r) => r.module === module)?.kind, 'synthesized', module);
});
