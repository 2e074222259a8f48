import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditHtml, countsLine, shortPath, toMarkdown, verdict } from '../../client/src/auditReport';
import type { AuditAnswer, AuditRowView } from '../../protocol';

const figures = (area: number, delay: number) => ({ area, delay, ffs: 4, latches: 0 });
const row = (over: Partial<AuditRowView>): AuditRowView => ({
  uri: 'file:///ws/rtl/alu.v',
  line: 1,
  module: 'alu',
  kind: 'shareOperator',
  title: "Share one adder for 'y' | across 3 branches",
  detail: 'd',
  preservesBehaviour: true,
  goal: 'area',
  areaUnit: 'um2',
  delayUnit: 'ns',
  estimate: { before: figures(100, 1), after: figures(70, 1), gain: true },
  ...over,
});

const ANSWER: AuditAnswer = {
  target: 'generic',
  counts: { files: 2, lines: 40, found: 3, checked: 2, proven: 1, refuted: 1, unproven: 0, offered: 1, errors: 0, findMs: 3, checkMs: 900 },
  rows: [
    row({ check: { id: 'a', gain: true, safe: true, offered: true, summary: 's', proof: { status: 'proven', message: 'm', ms: 10 }, before: figures(100, 1), after: figures(65.4, 1.2) } }),
    row({ module: 'tx', kind: 'redundantReset', title: 'Drop <reset>', line: 9, check: { id: 'b', gain: true, safe: false, offered: false, summary: 's', proof: { status: 'refuted', message: 'm', ms: 10 }, before: figures(100, 1), after: figures(99.5, 1) } }),
    row({ module: 'm', kind: 'latchDefault', preservesBehaviour: false, skipped: 'the estimate shows no gain' }),
  ],
};

test('each audit row says what it came to', () => {
  assert.deepEqual(ANSWER.rows.map(verdict), ['offered', 'refuted', 'not checked (the estimate shows no gain)']);
  assert.equal(countsLine(ANSWER), '3 candidates in 2 files (40 lines) on generic: 2 checked, 1 proven, 1 refuted, 0 not proven, 1 offered, 0 failed');
  assert.match(countsLine({ ...ANSWER, counts: { ...ANSWER.counts, found: 1, files: 1 }, cancelled: true }), /^1 candidate in 1 file .*\(cancelled: partial\)$/);
  assert.equal(shortPath('file:///ws/rtl/a%20b.v', ['file:///ws']), 'rtl/a b.v');
});

test('the Markdown export is a table with the figures, the proof and where', () => {
  const md = toMarkdown(ANSWER, ['file:///ws']);
  const lines = md.split('\n');
  assert.equal(lines[0], '# RTLens: PPA opportunities');
  assert.equal(lines[4], '| verdict | module | rewrite | area | delay | proof | where |');
  assert.equal(lines[6], "| offered | alu | Share one adder for 'y' \\| across 3 branches | -35% | +20% | proven | rtl/alu.v:2 |");
  assert.equal(lines[7], '| refuted | tx | Drop <reset> | -0.5% | 0% | refuted | rtl/alu.v:10 |');
  assert.equal(lines[8], '| not checked (the estimate shows no gain) | m | Share one adder for \'y\' \\| across 3 branches |  |  | changes behaviour | rtl/alu.v:2 |');
});

test('the report page escapes what the code says and links rows by index', () => {
  const html = auditHtml(ANSWER, ['file:///ws'], 'NONCE', 'vscode-resource:');
  assert.match(html, /Drop &lt;reset&gt;/);
  assert.doesNotMatch(html, /Drop <reset>/);
  assert.match(html, /<a href="#" data-row="1">rtl\/alu\.v:10<\/a>/);
  assert.match(html, /script-src 'nonce-NONCE'/);
  assert.equal((html.match(/<tr class=/g) ?? []).length, 3);
});
