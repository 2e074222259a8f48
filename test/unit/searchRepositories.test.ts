import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPack, decodePack, encodePack, grainWeightsOf, prose, SearchIndex } from '../../server/src/analyses/search';
import { fixtureWorkspace } from '../helpers/fixture';

/** Search across repositories, initialisms of the question's words, the grain model, licence text out of descriptions. */

const WORKSPACE = `//- /ws/rtl/top.v
module top (input clk, input [7:0] d, output [7:0] q);
  fifo u_fifo (.clk(clk), .d(d), .q(q));
endmodule
//- /ws/rtl/fifo.v
// A one-entry pipeline register (the workspace's own fifo).
module fifo (input clk, input [7:0] d, output reg [7:0] q);
  always @(posedge clk) q <= d;
endmodule
`;

const LIBRARY = `//- /lib/ip/fifo.v
// Copyright 2020 Example Corp. Licensed under the Apache License, Version 2.0.
// You may not use this file except in compliance with the License.
//
// Dual-clock FIFO with Gray-coded pointers crossing between the write and read clock domains.
module fifo (input wclk, input rclk, input [7:0] wdata, output [7:0] rdata);
  reg [3:0] wr_ptr_gray;
  always @(posedge wclk) wr_ptr_gray <= wr_ptr_gray + 1'b1;
  assign rdata = wdata;
endmodule
//- /lib/ip/mac_rx.v
// Receive side of the MAC: recognises MAC control frames.
module mac_rx (input clk, input [7:0] data, output flag);
  reg mcf_frame_reg;
  reg data_reg;
  always @(posedge clk) begin mcf_frame_reg <= data == 8'h88; data_reg <= data[0]; end
  assign flag = mcf_frame_reg;
endmodule
`;

/** The workspace live, the library from its pack (built, saved to bytes and read back, as from disk). */
async function repositories() {
  const ws = await fixtureWorkspace(WORKSPACE);
  const lib = await fixtureWorkspace(LIBRARY);
  const built = buildPack('ip-library', lib.snapshot)!;
  lib.workspace.dispose();
  const loaded = decodePack(encodePack(built, { note: 'kept' }), 'ip-library');
  assert.ok(loaded);
  assert.deepEqual(loaded.extra, { note: 'kept' });
  const index = new SearchIndex();
  index.workspaceName = 'ws';
  index.attach(loaded.pack);
  index.update(ws.snapshot);
  return { index, dispose: () => ws.workspace.dispose() };
}

test('a repository beyond the workspace is searched in the same index from its pack, each hit naming its repository', async () => {
  const { index, dispose } = await repositories();
  const hits = index.search('dual clock fifo with gray pointers', { k: 5, granularity: 'module' }).hits;
  assert.equal(hits[0].module, 'fifo');
  assert.equal(hits[0].path, '/ws/lib/ip/fifo.v');
  assert.equal(hits[0].repository, 'ip-library');
  // Placed from the pack: lines and snippet as the file has them.
  assert.equal(hits[0].line, 5);
  assert.equal(hits[0].endLine, 9);
  assert.ok(hits[0].snippet?.startsWith('module fifo (input wclk'), hits[0].snippet);
  const own = index.search('one-entry pipeline register', { k: 5, granularity: 'module' }).hits.find((h) => h.module === 'fifo');
  assert.equal(own?.repository, 'ws');
  assert.equal(own?.path, '/ws/rtl/fifo.v');
  // Its context pack: what the pack keeps (the repository's workspace is not in memory).
  const pack = index.contextPack(hits[0].key);
  assert.ok(pack?.markdown.includes('# module fifo') && pack.markdown.includes('`/ws/lib/ip/fifo.v:5` (repository ip-library)') && pack.markdown.includes('module fifo (input wclk'), pack?.markdown);
  // Detached, the repository leaves the results and the workspace stays.
  assert.deepEqual(index.repositories(), ['ip-library']);
  assert.ok(index.detach('ip-library'));
  assert.ok(!index.search('dual clock fifo with gray pointers', { k: 5 }).hits.some((h) => h.path.startsWith('/ws/lib/')));
  assert.ok(index.search('one-entry pipeline register', { k: 5 }).hits.some((h) => h.path === '/ws/rtl/fifo.v'));
  dispose();
});

test('a pack answers as the same repository indexed live: same hits, scores and places', async () => {
  const lib = await fixtureWorkspace(LIBRARY + WORKSPACE.replace(/\/ws\/rtl\//g, '/lib/rtl/'));
  const live = new SearchIndex();
  live.update(lib.snapshot);
  const packed = new SearchIndex();
  packed.attach(decodePack(encodePack(buildPack('lib', lib.snapshot)!, null), 'lib')!.pack);
  for (const query of ['dual clock fifo with gray pointers', 'register holding whether a MAC control frame was seen', 'pipeline register', 'wr_ptr_gray', 'clock']) {
    const a = live.search(query, { k: 10 }).hits;
    const b = packed.search(query, { k: 10 }).hits;
    assert.deepEqual(b.map((h) => [h.key, h.score, h.line, h.endLine, h.snippet]), a.map((h) => [h.key, h.score, h.line, h.endLine, h.snippet]), query);
  }
  lib.workspace.dispose();
});

test('an initialism of the question\'s words meets the name that uses it (MAC control frame: mcf)', async () => {
  const { index, dispose } = await repositories();
  const hits = index.search('register holding whether a MAC control frame was seen', { k: 5, granularity: 'signal' }).hits;
  assert.equal(hits[0].signal, 'mcf_frame_reg');
  dispose();
});

test('licence and bookkeeping lines leave a module\'s description', async () => {
  const { index, dispose } = await repositories();
  const fifo = index.search('dual clock fifo', { k: 5, granularity: 'module' }).hits.find((h) => h.path === '/ws/lib/ip/fifo.v');
  assert.ok(fifo && !/licen|copyright/i.test(fifo.summary), fifo?.summary);
  assert.ok(fifo.summary.includes('Dual-clock FIFO'), fifo.summary);
  assert.equal(index.search('apache license', { k: 5, granularity: 'module' }).hits.length, 0);
  assert.equal(prose('Author: A. Person <a@b.org>\nDate: 2020-01-01\n\nCounts bytes.'), 'Counts bytes.');
  // A title above a copyright line in the same paragraph stays (a real header: title, version, copyright).
  assert.equal(prose('Wishbone UART\nV0.1\nCopyright 2015\n\nLicense: GPL\nIf you would like a version with a more permissive license, contact me.'), 'Wishbone UART\nV0.1');
  dispose();
});

test('the grain model weighs the grains by its features, the likeliest at 1', () => {
  const model = { grains: ['module', 'block', 'signal'] as ('module' | 'block' | 'signal')[], prior: [0, 0, 0], features: { 'W:count': [-3, -3, -1] } };
  const w = grainWeightsOf('counter of outstanding reads', model)!;
  assert.equal(w.signal, 1);
  assert.ok(Math.abs(w.module! - Math.exp(-2)) < 1e-9 && Math.abs(w.block! - Math.exp(-2)) < 1e-9);
  const none = grainWeightsOf('counter', { grains: [], prior: [], features: {} });
  assert.equal(none, undefined);
});
