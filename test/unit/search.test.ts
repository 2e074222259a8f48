import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeUnit, SearchIndex, splitWords, stem, terms, understand } from '../../server/src/analyses/search';
import { Snapshot } from '../../server/src/workspace';
import { fixtureWorkspace, offsetOf } from '../helpers/fixture';

/** Semantic search: words, descriptions, ranking through the graph, incremental updates, bad input. */

const DESIGN = `//- /ws/rtl/sync.v
// Two-flop synchronizer for a single-bit level crossing into clk.
module bit_sync (input clk, input rst_n, input d_async, output q);
  reg s1, s2;
  always @(posedge clk or negedge rst_n)
    if (!rst_n) begin s1 <= 1'b0; s2 <= 1'b0; end
    else begin s1 <= d_async; s2 <= s1; end
  assign q = s2;
endmodule
//- /ws/rtl/fifo.v
module async_fifo #(parameter AW = 3) (input wclk, input rclk, input wr_en, input [7:0] wdata, output full, output empty);
  reg [7:0] mem [0:(1<<AW)-1];
  reg [AW:0] wr_ptr_bin, wr_ptr_gray;
  wire [AW:0] wr_bin_next = wr_ptr_bin + 1'b1;
  // binary to Gray
  wire [AW:0] wr_gray_next = wr_bin_next ^ (wr_bin_next >> 1);
  always @(posedge wclk) begin
    if (wr_en && !full) begin
      mem[wr_ptr_bin[AW-1:0]] <= wdata;
      wr_ptr_bin <= wr_bin_next;
      wr_ptr_gray <= wr_gray_next;
    end
  end
  assign full = 1'b0;
  assign empty = 1'b0;
endmodule
//- /ws/rtl/uart_tx.v
// UART transmitter, 8N1.
module uart_tx (input clk, input rst, input tx_start, input [7:0] tx_data, output reg txd, output busy);
  reg [3:0] bit_cnt;
  reg [1:0] state;
  localparam IDLE = 2'd0, DATA = 2'd1;
  always @(posedge clk)
    if (rst) begin state <= IDLE; bit_cnt <= 0; txd <= 1'b1; end
    else case (state)
      IDLE: if (tx_start) state <= DATA;
      DATA: begin bit_cnt <= bit_cnt + 1; txd <= tx_data[bit_cnt]; if (bit_cnt == 4'd7) state <= IDLE; end
    endcase
  assign busy = state != IDLE; // transmitter is sending a frame
endmodule
//- /ws/rtl/top.v
module soc_top (input clk, input rst_n, input ext_irq, output uart_txd);
  wire irq_sync;
  bit_sync u_irq_sync (.clk(clk), .rst_n(rst_n), .d_async(ext_irq), .q(irq_sync));
  uart_tx u_tx (.clk(clk), .rst(!rst_n), .tx_start(irq_sync), .tx_data(8'h41), .txd(uart_txd), .busy());
endmodule
`;

async function indexed() {
  const { workspace, fixture } = await fixtureWorkspace(DESIGN);
  for (const p of fixture.files.keys()) workspace.openDocument(p, fixture.files.get(p)!);
  const index = new SearchIndex();
  index.update(new Snapshot(workspace));
  return { workspace, fixture, index };
}

const top = (index: SearchIndex, q: string, granularity?: 'module' | 'block' | 'signal') => index.search(q, { k: 5, granularity }).hits;

test('words: identifiers split, abbreviations expanded, forms stemmed alike', () => {
  assert.deepEqual(splitWords('wrPtrGray_q2'), ['wr', 'ptr', 'gray', 'q', '2']);
  assert.deepEqual(splitWords('FIFODepth'), ['fifo', 'depth']);
  assert.equal(stem('synchronizes'), stem('synchronizer'));
  assert.equal(stem('stalls'), stem('stalled'));
  assert.equal(stem('address'), 'address');
  const t = terms('wr_ptr');
  assert.ok(t.includes(stem('write')) && t.includes(stem('pointer')), JSON.stringify(t));
  assert.deepEqual(terms('where is the'), [], 'stop words only');
});

test('query understanding: granularity hints and identifiers', () => {
  const known = (w: string) => w === 'uart_tx';
  assert.equal(understand('module that synchronizes an async reset', known).granularity, 'module');
  assert.equal(understand('which block stalls the pipeline', known).granularity, 'block');
  assert.equal(understand('signal telling the transmitter is busy', known).granularity, 'signal');
  assert.equal(understand('uart transmitter', known).granularity, 'module', 'the head noun names a unit');
  assert.equal(understand('chip select of the SPI master', known).granularity, 'signal', 'the head noun names a signal; the master is where it is');
  assert.equal(understand('where is the rotating priority pointer updated', known).granularity, 'block', 'where something is done');
  assert.equal(understand('in uart_tx, the flag for a bad stop bit', known).granularity, 'signal');
  assert.equal(understand('gray code', known).granularity, undefined);
  assert.equal(understand('where is the fifo instantiated', known).instances, true);
  assert.deepEqual(understand('busy flag in uart_tx', known).identifiers, ['uart_tx']);
  assert.match(understand('   ', known).problem ?? '', /Empty query/);
  assert.match(understand('中文查询', known).problem ?? '', /No searchable words/);
  const long = understand('fifo '.repeat(400), known);
  assert.ok(long.truncated && long.text.length <= 1000);
});

test('modules, blocks and signals found by what they do, not only by name', async () => {
  const { index } = await indexed();
  // The module's words never say "synchronizer" in its name; the pattern and the comment do.
  assert.equal(top(index, 'module that synchronizes an asynchronous input')[0]?.module, 'bit_sync');
  const gray = top(index, 'where is the write pointer converted to gray code');
  assert.equal(gray[0]?.granularity, 'block', JSON.stringify(gray.map((h) => h.summary)));
  assert.equal(gray[0]?.module, 'async_fifo');
  assert.match(gray[0].summary, /wr_gray_next/);
  const busy = top(index, 'signal telling the uart transmitter is busy');
  assert.equal(busy[0]?.granularity, 'signal');
  assert.equal(busy[0]?.signal, 'busy');
  assert.equal(busy[0]?.module, 'uart_tx');
  // Lines are 1-based and cover the item.
  assert.equal(busy[0].line, busy[0].endLine);
  assert.ok(busy[0].snippet?.includes('busy'));
  // An instance that matches lifts the module it instantiates.
  const fifo = top(index, 'dual clock fifo memory', 'module');
  assert.equal(fifo[0]?.module, 'async_fifo');
});

test('the index follows edits: changed units are re-read, removed ones leave', async () => {
  const { workspace, fixture, index } = await indexed();
  const before = index.size;
  const path = '/ws/rtl/uart_tx.v';
  const text = fixture.files.get(path)!.replace('output busy', 'output tx_active').replace('assign busy', 'assign tx_active');
  workspace.changeDocument(path, text);
  const update = index.update(new Snapshot(workspace));
  assert.ok(update.added > 0 && update.removed > 0, JSON.stringify(update));
  assert.equal(index.size, before);
  const hits = top(index, 'tx_active');
  assert.equal(hits[0]?.signal, 'tx_active');
  assert.ok(!top(index, 'busy', 'signal').some((h) => h.module === 'uart_tx' && h.signal === 'busy'));
  // A second update with nothing changed re-reads nothing.
  assert.equal(index.update(new Snapshot(workspace)).added, 0);
  workspace.changeDocument(path, '');
  index.update(new Snapshot(workspace));
  assert.ok(!top(index, 'uart transmitter').some((h) => h.module === 'uart_tx'));
});

test('a time budget builds the index in slices; answers before the end cover what is read', async () => {
  const { workspace, fixture } = await fixtureWorkspace(DESIGN);
  for (const p of fixture.files.keys()) workspace.openDocument(p, fixture.files.get(p)!);
  const index = new SearchIndex();
  const first = index.update(new Snapshot(workspace), 0);
  assert.equal(first.pending, 3, 'one unit per call with no budget left, four units');
  assert.ok(index.size > 0);
  let calls = 1;
  for (let pending = first.pending; pending > 0; calls++) pending = index.update(new Snapshot(workspace), 0).pending;
  assert.equal(calls, 4);
  const full = new SearchIndex();
  full.update(new Snapshot(workspace));
  assert.equal(index.size, full.size);
});

test('bad input: empty, huge and non-ASCII queries and an empty workspace answer with a message', async () => {
  const { index } = await indexed();
  assert.match(index.search('').message ?? '', /Empty query/);
  assert.match(index.search('日本語').message ?? '', /No searchable words/);
  const huge = index.search('fifo '.repeat(5000));
  assert.ok(huge.hits.length > 0);
  assert.match(huge.message ?? '', /cut to/);
  const empty = new SearchIndex();
  const { workspace } = await fixtureWorkspace('// no modules here\n');
  empty.update(new Snapshot(workspace));
  assert.match(empty.search('fifo').message ?? '', /No Verilog/);
  assert.equal(empty.search('fifo', {}, true).partial, true);
});

test('find similar and the context pack', async () => {
  const { fixture, index } = await indexed();
  const fifoText = fixture.files.get('/ws/rtl/fifo.v')!;
  // From the Gray-code assignment: other blocks first, never itself.
  const similar = index.findSimilar('/ws/rtl/fifo.v', offsetOf(fifoText, '^ (wr_bin_next'), { k: 5 });
  assert.equal(similar.item?.granularity, 'block');
  assert.ok(similar.hits.length > 0 && similar.hits.every((h) => h.key !== similar.item!.key));
  const key = index.keyAt('/ws/rtl/uart_tx.v', offsetOf(fixture.files.get('/ws/rtl/uart_tx.v')!, 'busy = state'));
  assert.equal(key, 's:/ws/rtl/uart_tx.v#uart_tx#busy');
  const pack = index.contextPack(key!)!;
  assert.match(pack.title, /signal busy in uart_tx/);
  assert.match(pack.markdown, /driven by: `state`/);
  assert.match(pack.markdown, /\| output \| busy \|/);
  assert.match(pack.markdown, /`soc_top` as `u_tx`/);
});

test('words that are names of JavaScript object properties are plain words', () => {
  assert.deepEqual(terms('constructor toString __proto__ hasOwnProperty'), ['constructor', 'string', 'proto', 'own', 'property'].map(stem));
});

test('patterns: index arithmetic in selects is not a counter; loop variables are not hardware', async () => {
  const { snapshot } = await fixtureWorkspace(`module shreg #(parameter W = 8) (input clk, input d, output reg [W-1:0] q, output reg [3:0] ones);
  integer i;
  always @(posedge clk) q <= {q[W-2:0], d};
  always @* begin
    ones = 0;
    for (i = 0; i < W; i = i + 1) ones = ones + q[i];
  end
endmodule
`);
  const ref = snapshot.unit('shreg')!;
  const docs = describeUnit(ref.path, ref.unit, snapshot.text(ref.path), '');
  const q = docs.find((d) => d.id.endsWith('#q'))!;
  assert.match(q.pattern, /shift register/);
  assert.doesNotMatch(q.pattern, /counter/);
  const loop = docs.find((d) => d.granularity === 'block' && d.drives.includes('ones'))!;
  assert.match(loop.pattern, /for loop/);
  assert.ok(!docs.some((d) => d.granularity === 'signal' && d.signal === 'i' && /counter/.test(d.pattern)));
});
