import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { hierarchy, type HierarchyNode, moduleGraph, trace } from '../../server/src/graph';
import { findHdlFiles, nodeFileSystem } from '../../server/src/workers/host';
import { Snapshot, Workspace } from '../../server/src/workspace';
import { testGrammar } from '../helpers/fixture';

/**
 * The graph on the real multi-file corpus (test/corpus), drivers and loads checked by hand
 * against the source: rtl/uart/uart_top.v, uart_tx.v, rtl/common/sync_fifo.v.
 */
const CORPUS = path.resolve(__dirname, '../../../test/corpus');

async function corpus(): Promise<Snapshot> {
  const files = findHdlFiles([CORPUS]);
  const workspace = new Workspace(nodeFileSystem, await testGrammar(), { roots: [CORPUS], includeDirs: [], defines: {} });
  workspace.addKnownPaths(files);
  for (const file of files) workspace.refreshFromDisk(file);
  return new Snapshot(workspace);
}

function render(snapshot: Snapshot, steps: ReturnType<typeof trace>): string[] {
  return steps.map((s) => `${s.module}.${s.signal} via ${s.via.kind} ${path.basename(s.via.path)}:${snapshot.lineIndex(s.via.path)!.line1(s.via.span.start)}`).sort();
}

test('uart_top: tx is driven by the positional output of u_tx; rx_valid feeds the rx FIFO and the LED tick', async () => {
  const snapshot = await corpus();
  // uart_tx u_tx (clk, rst, start, data, tx, busy): the fifth connection is the output tx.
  assert.deepEqual(render(snapshot, trace(snapshot, 'uart_top', 'tx', 'drivers', 1)), ['uart_tx.tx via instance uart_top.v:43']);
  assert.deepEqual(render(snapshot, trace(snapshot, 'uart_top', 'rx_valid', 'loads', 1)), [
    'sync_fifo.wr_en via instance uart_top.v:55',
    'uart_top.led_tick via continuous uart_top.v:61',
  ]);
  // rx_byte comes out of u_rx.data and goes into u_rx_fifo.wr_data.
  assert.deepEqual(render(snapshot, trace(snapshot, 'uart_top', 'rx_byte', 'drivers', 1)), ['uart_rx.data via instance uart_top.v:49']);
  assert.deepEqual(render(snapshot, trace(snapshot, 'uart_top', 'rx_byte', 'loads', 1)), ['sync_fifo.wr_data via instance uart_top.v:55']);
});

test('uart_tx: the tx output is a register clocked by clk', async () => {
  const snapshot = await corpus();
  const ref = snapshot.unit('uart_tx')!;
  const graph = moduleGraph(ref.path, ref.unit);
  assert.equal(graph.registers.get('tx')?.clock.signal, 'clk');
  assert.equal(graph.registers.get('tx')?.clock.edge, 'posedge');
});

test('the corpus hierarchy from soc_top resolves every instance', async () => {
  const snapshot = await corpus();
  const unresolved: string[] = [];
  const walk = (n: HierarchyNode, at: string) => {
    if (n.unresolved) unresolved.push(`${at}.${n.name}`);
    for (const c of n.instances) walk(c, `${at}.${n.name}`);
  };
  const tree = hierarchy(snapshot, 'soc_top');
  assert.ok(tree, 'soc_top is in the corpus');
  walk(tree!, '');
  assert.deepEqual(unresolved, []);
  assert.ok(tree!.instances.length >= 2);
});
