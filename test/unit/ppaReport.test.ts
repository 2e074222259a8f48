import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_VIEW, reportHtml, toCsv, viewOrder, viewValues } from '../../client/src/ppaReport';
import type { PpaRowView } from '../../protocol';

/** The PPA report page: its order and filters over hundreds of modules, and the script it runs. */

const row = (module: string, extra: Partial<PpaRowView>): PpaRowView => ({ module, uri: `file:///ws/${module}.sv`, line: 0, kind: 'estimate', ...extra });

const rows = [
  row('alu', { areaUm2: 120, delayNs: 0.9, errorPct: 60 }),
  row('fifo', { kind: 'synthesized', areaUm2: 300, delayNs: 0.4 }),
  row('decoder', { areaUm2: 40 }),
  row('uart_tx', { error: "instantiates 'prim_ff', which no workspace file defines" }),
  row('uart_rx', { areaUm2: 40, delayNs: 1.2 }),
];
const values = rows.map(viewValues);
const names = (order: number[]) => order.map((i) => rows[i].module);

test('the report sorts by any column, rows without a value last, ties in report order', () => {
  assert.deepEqual(names(viewOrder(values, DEFAULT_VIEW)), ['fifo', 'alu', 'decoder', 'uart_rx', 'uart_tx']);
  assert.deepEqual(names(viewOrder(values, { ...DEFAULT_VIEW, sort: 'delayNs', descending: false })), ['fifo', 'alu', 'uart_rx', 'decoder', 'uart_tx']);
  assert.deepEqual(names(viewOrder(values, { ...DEFAULT_VIEW, sort: 'delayNs', descending: true })), ['uart_rx', 'alu', 'fifo', 'decoder', 'uart_tx']);
  assert.deepEqual(names(viewOrder(values, { ...DEFAULT_VIEW, sort: 'module', descending: false })), ['alu', 'decoder', 'fifo', 'uart_rx', 'uart_tx']);
});

test('the report filters by words of the name or the note, and by kind', () => {
  assert.deepEqual(names(viewOrder(values, { ...DEFAULT_VIEW, filter: 'UART' })), ['uart_rx', 'uart_tx']);
  assert.deepEqual(names(viewOrder(values, { ...DEFAULT_VIEW, filter: 'uart prim_ff' })), ['uart_tx']);
  assert.deepEqual(names(viewOrder(values, { ...DEFAULT_VIEW, kind: 'synthesized' })), ['fifo']);
  assert.deepEqual(names(viewOrder(values, { ...DEFAULT_VIEW, kind: 'failed' })), ['uart_tx']);
  assert.deepEqual(names(viewOrder(values, { ...DEFAULT_VIEW, kind: 'estimate', filter: 'ua' })), ['uart_rx', 'uart_tx']);
});

test('the page runs the same ordering from its own text, and its script parses', () => {
  const html = reportHtml({ target: 'generic', rows }, 'workspace', 'vscode-resource:');
  const script = html.slice(html.indexOf('<script>') + '<script>'.length, html.indexOf('</script>'));
  assert.doesNotThrow(() => new Function(script), 'the page script is valid JavaScript');
  const pageOrder = new Function(`return (${viewOrder.toString()});`)() as typeof viewOrder;
  for (const view of [DEFAULT_VIEW, { ...DEFAULT_VIEW, sort: 'module', descending: false, filter: 'a' }]) assert.deepEqual(pageOrder(values, view), viewOrder(values, view));
  assert.equal((html.match(/<tr data-row=/g) ?? []).length, rows.length, 'every module has a row');
  // A narrow panel shows the whole chart (scaled, not cut at a fixed 640 px) and scrolls the table sideways.
  assert.match(html, /<svg viewBox="0 0 640 \d+" width="100%"/);
  assert.match(html, /<div class="scroll"><table>/);
  // A module name cannot close the script element the row values are embedded in.
  const hostile = reportHtml({ target: 'generic', rows: [row('</script><b>x', { areaUm2: 1 })] }, 't', 'c');
  assert.equal(hostile.split('</script>').length, 2);
});

test('CSV export quotes what needs quoting', () => {
  const csv = toCsv([row('a,b', { areaUm2: 1.5, error: 'said "no"' })]);
  assert.match(csv, /^module,kind,/);
  assert.match(csv, /"a,b",estimate,,,1\.5,.*"said ""no"""/);
});
