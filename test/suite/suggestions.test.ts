import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import type { CheckSuggestionResult, SuggestionView } from '../../protocol';

/**
 * PPA-aware suggestions in a real VS Code: the server's code actions (refactor.rewrite, titles
 * "RTLens: ..."), the client's review command `rtlens.suggestion.review` (diff preview, the
 * server's check: proof of equivalence with Yosys + ABC and synthesis before and after, then
 * Apply or Discard) and what the code actions say afterwards. The Verilog files are written to a
 * temporary folder outside the workspace (test-fixtures/sample keeps its five files, which other
 * tests count); the folder is removed at the end.
 */

/** A 16-bit counter that only counts 0..9: narrowing it to 4 bits keeps behaviour. */
const TICK_GEN = `module tick_gen(input clk, input rst, input en, output tick);
  reg [15:0] count;
  always @(posedge clk)
    if (rst) count <= 16'd0;
    else if (en) count <= (count == 16'd9) ? 16'd0 : count + 16'd1;
  assign tick = en && count == 16'd9;
endmodule
`;
/** What the narrowing makes of TICK_GEN: the declaration, and the literals of the counter's own assignments. */
const NARROWED = TICK_GEN.replace('reg [15:0] count;', 'reg [3:0] count;').replace("count <= 16'd0;", "count <= 4'd0;").replace("(count == 16'd9) ? 16'd0 : count + 16'd1", "(count == 4'd9) ? 4'd0 : count + 4'd1");

/**
 * The negative: tick_var's counter wraps at an input port (its bound is unknown), so it must not
 * be narrowed. The control in the same file, beat_gen (a counter bounded by a constant), shows
 * that the server does answer for this file.
 */
const TICK_VAR = `module tick_var(input clk, input rst, input en, input [15:0] limit, output tick);
  reg [15:0] count;
  always @(posedge clk)
    if (rst) count <= 16'd0;
    else if (en) count <= (count == limit) ? 16'd0 : count + 16'd1;
  assign tick = en && count == limit;
endmodule

module beat_gen(input clk, input rst, output beat);
  reg [11:0] phase;
  always @(posedge clk)
    if (rst) phase <= 12'd0;
    else phase <= (phase == 12'd5) ? 12'd0 : phase + 12'd1;
  assign beat = phase == 12'd5;
endmodule
`;

interface ReviewOutcome {
  check: CheckSuggestionResult;
  applied: boolean;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Retries `probe` until `accept` holds or `timeoutMs` passes; returns the last value either way. */
async function poll<T>(probe: () => Thenable<T> | T, accept: (value: T) => boolean, timeoutMs = 30_000, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value: T;
  for (;;) {
    try {
      value = await probe();
      if (accept(value)) return value;
    } catch {
      // The server answers "RTLens is starting" until it is initialised; try again.
      value = undefined as T;
    }
    if (Date.now() > deadline) return value;
    await sleep(intervalMs);
  }
}

/** The RTLens code actions of kind refactor.rewrite for the whole document. */
async function rtlensActions(document: vscode.TextDocument): Promise<vscode.CodeAction[]> {
  const whole = new vscode.Range(0, 0, document.lineCount, 0);
  const actions = (await vscode.commands.executeCommand<vscode.CodeAction[] | undefined>('vscode.executeCodeActionProvider', document.uri, whole, vscode.CodeActionKind.RefactorRewrite.value)) ?? [];
  return actions.filter((a) => a.title.startsWith('RTLens: '));
}

function titles(actions: vscode.CodeAction[]): string {
  return JSON.stringify(actions.map((a) => a.title));
}

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

/** Runs the action's command as the editor does, with `answer` instead of the question. */
async function review(action: vscode.CodeAction, answer: 'Apply' | 'Discard'): Promise<ReviewOutcome | undefined> {
  assert.ok(action.command, `the action has a command: ${action.title}`);
  assert.equal(action.command.command, 'rtlens.suggestion.review');
  const args = action.command.arguments ?? [];
  assert.equal(args.length, 1, 'one argument, the SuggestionView');
  return vscode.commands.executeCommand<ReviewOutcome | undefined>(action.command.command, ...args, { answer });
}

/** The tabs showing a suggestion's diff: original on the left, the rewritten text on the right. */
function previewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'rtlens-suggestion' && t.label.endsWith('(preview)'));
}

function log(line: string): void {
  Mocha.reporters.Base.consoleLog(line);
}

describe('PPA-aware suggestions (code actions, review, apply)', function () {
  this.timeout(60_000);
  let dir: string;

  async function openFixture(name: string, text: string): Promise<vscode.TextDocument> {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(document, { preview: false });
    return document;
  }

  before(async function () {
    this.timeout(90_000);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-suggest-'));
    const extension = vscode.extensions.getExtension('rtlens.rtlens');
    assert.ok(extension, 'the extension is installed');
    await extension.activate();
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['rtlens.showSuggestions', 'rtlens.suggestion.review']) assert.ok(commands.includes(command), `${command} is registered`);
  });

  after(async () => {
    // Nothing is saved: revert whatever the tests edited, then remove the folder.
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.scheme === 'file' && editor.document.uri.fsPath.startsWith(dir) && editor.document.isDirty) {
        await vscode.window.showTextDocument(editor.document);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("narrows a 0..9 counter: diff preview, proof, Apply edits the document, and the action is gone", async function () {
    this.timeout(150_000);
    const document = await openFixture('tick_gen.v', TICK_GEN);
    const t0 = Date.now();
    // The server indexes the newly opened file and computes its estimate: wait for the action.
    const isNarrowing = (a: vscode.CodeAction) => /Narrow counter 'count' from 16 to 4 bits/.test(a.title);
    const actions = await poll(() => rtlensActions(document), (a) => a.some(isNarrowing), 45_000);
    const action = actions.find(isNarrowing);
    assert.ok(action, `an RTLens action narrowing 'count' within 45 s: ${titles(actions)}`);
    assert.equal(action.kind?.value, 'refactor.rewrite');
    // Before the check, the title carries the estimate and says the proof is still to come.
    assert.match(action.title, /^RTLens: Narrow counter 'count' from 16 to 4 bits \(it counts 0\.\.9\) \(estimated area −\d+%.*; to be proven\)$/);
    const view = action.command!.arguments![0] as SuggestionView;
    assert.equal(vscode.Uri.parse(view.uri).fsPath, document.uri.fsPath);
    assert.equal(view.version, document.version);
    assert.equal(view.module, 'tick_gen');
    assert.equal(view.preservesBehaviour, true);
    assert.ok(view.edits.length > 0, JSON.stringify(view));
    const t1 = Date.now();

    // Tabs opened during the review: the diff preview is one of them.
    const opened: string[] = [];
    const watch = vscode.window.tabGroups.onDidChangeTabs((e) => opened.push(...e.opened.filter((t) => t.input instanceof vscode.TabInputTextDiff).map((t) => t.label)));
    const outcome = await review(action, 'Apply').finally(() => watch.dispose());
    const t2 = Date.now();
    assert.ok(outcome, 'the review command returns its outcome');
    const { check, applied } = outcome;
    assert.equal(check.offered, true, JSON.stringify(check));
    assert.equal(check.proof?.status, 'proven', JSON.stringify(check));
    assert.equal(check.safe, true);
    assert.equal(check.gain, true);
    assert.match(check.summary, /proven equivalent/);
    assert.equal(check.after?.ffs, 4, JSON.stringify(check.after));
    assert.equal(check.before?.ffs, 16, JSON.stringify(check.before));
    assert.equal(applied, true);

    // The diff was shown, titled after the module and the suggestion, and closed once answered.
    assert.ok(opened.includes(`tick_gen: ${view.title} (preview)`), JSON.stringify(opened));
    assert.deepEqual(previewTabs().map((t) => t.label), [], 'no preview diff left open after Apply');

    // The document now declares the narrow counter, its own literals sized to match (16'd9 ->
    // 4'd9), and nothing else changed. (Whether it is on
    // disk yet depends on files.autoSave, which is on after a delay in a browser's VS Code.)
    const text = document.getText();
    assert.match(text, /^ {2}reg \[3:0\] count;$/m);
    assert.doesNotMatch(text, /reg \[15:0\] count/);
    assert.equal(text, NARROWED, `only the declaration and the counter's literals changed:\n${text}`);

    // Once the server has the edited text (its hover says 4 bits), the narrowing is no longer offered.
    const at = document.positionAt(text.indexOf('count;'));
    const hover = await poll(() => hoverText(document.uri, at), (h) => /Width: 4 bits/.test(h), 15_000);
    assert.match(hover, /Width: 4 bits/, 'the server has the edited text');
    const after = await rtlensActions(document);
    assert.ok(!after.some((a) => /Narrow counter 'count'/.test(a.title)), `no narrowing of 'count' any more: ${titles(after)}`);
    log(`      (action after ${t1 - t0} ms, review with proof and synthesis ${t2 - t1} ms, ${check.proof?.ms} ms of it the proof)`);
  });

  it("offers no narrowing for a counter compared with an input port; Discard keeps the text and the title turns 'proven equivalent'", async function () {
    this.timeout(150_000);
    const document = await openFixture('tick_var.v', TICK_VAR);
    // The control module's counter (0..5 in 12 bits) is offered: the server answers for this file.
    const isControl = (a: vscode.CodeAction) => /Narrow counter 'phase' from 12 to 3 bits/.test(a.title);
    const actions = await poll(() => rtlensActions(document), (a) => a.some(isControl), 45_000);
    const control = actions.find(isControl);
    assert.ok(control, `the control beat_gen's counter is offered within 45 s: ${titles(actions)}`);
    assert.ok(!actions.some((a) => /'count'/.test(a.title)), `no suggestion about tick_var's 'count' (bounded by the input 'limit'): ${titles(actions)}`);
    for (const a of actions) assert.notEqual((a.command?.arguments?.[0] as SuggestionView | undefined)?.module, 'tick_var', `nothing for tick_var: ${titles(actions)}`);

    // Discard: checked and proven, but the document stays as it is.
    const outcome = await review(control, 'Discard');
    assert.ok(outcome, 'the review command returns its outcome');
    assert.equal(outcome.check.offered, true, JSON.stringify(outcome.check));
    assert.equal(outcome.check.proof?.status, 'proven', JSON.stringify(outcome.check));
    assert.equal(outcome.applied, false);
    assert.equal(document.getText(), TICK_VAR, 'Discard changes nothing');
    assert.equal(document.isDirty, false);
    assert.deepEqual(previewTabs().map((t) => t.label), [], 'the preview diff is closed once answered');

    // The server keeps the check: the same action now shows synthesized figures and the proof.
    const again = await rtlensActions(document);
    const checked = again.find(isControl);
    assert.ok(checked, `still offered after the check: ${titles(again)}`);
    assert.match(checked.title, /\(synthesized area −\d+%.*; proven equivalent\)$/);
    assert.ok(!again.some((a) => /'count'/.test(a.title)), titles(again));
  });
});
