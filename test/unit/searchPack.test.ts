import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodePack, decodeSegment, encodePack, encodeSegment, FrozenSegment, TermIndex } from '../../server/src/analyses/search';
import { loadNodeGrammar } from '../../server/src/workers/host';
import { openSearchRepository } from '../../server/src/workers/searchRepository';

/** The text index's segments and a repository's pack on disk: same scores live and frozen, bad bytes refused, stale packs rebuilt. */

const DOCS = [
  { id: 'a', fields: ['fifo', 'dual clock fifo with gray pointers', '', 'write read pointer', 'wr_ptr rd_ptr'] },
  { id: 'b', fields: ['uart_tx', 'serial transmitter', 'state machine', 'baud counter', 'tx_busy'] },
  { id: 'c', fields: ['crc16', 'crc of a packet', '', 'crc crc crc', 'crc_q'] },
];
const BOOST = [3, 1.6, 2.2, 1.1, 0.5];

test('a frozen segment scores as the live one, and its bytes read back the same', () => {
  const live = new TermIndex(BOOST);
  for (const d of DOCS) live.add(d.id, d.fields);
  const frozen = new TermIndex(BOOST);
  const segment = FrozenSegment.build(DOCS);
  const header = { x: 1, text: 'area 3.5 µm² — ✓ 😀' };
  const bytes = encodeSegment(segment, header);
  assert.ok(bytes.every((b, i) => i < 8 || b < 128 || i >= 8 + new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true)), 'the header is ASCII');
  const decoded = decodeSegment(bytes)!;
  assert.deepEqual(decoded.header, header);
  frozen.attach('lib', decoded.segment);
  for (const q of [['fifo'], ['crc', 'packet'], ['clock', 'serial', 'pointer'], ['absent']]) {
    const strip = (ms: { id: string; score: number; queryTerms: string[] }[]) => ms.map((m) => [m.id, m.score, m.queryTerms]);
    const a = strip(TermIndex.results(live.score(q, () => 1)));
    const b = strip(TermIndex.results(frozen.score(q, () => 1)));
    assert.deepEqual(b, a, q.join(' '));
  }
  assert.equal(frozen.df('crc'), 1);
  const crc = TermIndex.results(frozen.score(['crc', 'fifo'], () => 1));
  assert.ok(frozen.holds(crc.find((m) => m.id === 'c')!, 'crc') && !frozen.holds(crc.find((m) => m.id === 'a')!, 'crc'));
  const liveCrc = TermIndex.results(live.score(['crc', 'fifo'], () => 1));
  assert.ok(live.holds(liveCrc.find((m) => m.id === 'c')!, 'crc') && !live.holds(liveCrc.find((m) => m.id === 'a')!, 'crc'));
  // Removing a live document takes its statistics out.
  live.remove('c');
  assert.equal(live.df('crc'), 0);
  assert.equal(live.size, 2);
});

test('bytes that are not a pack, or are cut short or altered, are refused without throwing', () => {
  const bytes = encodePack({ name: 'x', segment: FrozenSegment.build(DOCS), units: [] }, null);
  assert.equal(decodePack(bytes, 'x'), undefined, 'three ids and no units to give them to');
  const good = encodeSegment(FrozenSegment.build(DOCS), null);
  assert.ok(decodeSegment(good));
  for (const cut of [0, 4, 8, 20, good.length - 1]) assert.equal(decodeSegment(good.subarray(0, cut)), undefined, `cut at ${cut}`);
  assert.equal(decodeSegment(new TextEncoder().encode('{"schema":1}')), undefined);
  // Every byte flipped in turn: refused or read, never an exception.
  for (let i = 0; i < good.length; i += 7) {
    const bad = good.slice();
    bad[i] ^= 0xff;
    assert.doesNotThrow(() => decodeSegment(bad));
  }
});

test('a repository opened before loads from its pack; an edited file rebuilds it, a touched one does not', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtlens-pack-'));
  try {
    const root = path.join(dir, 'lib');
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, 'crc.v'), '// CRC-16 of a USB packet.\nmodule usb_crc16 (input clk, input [7:0] data, output [15:0] crc);\n  assign crc = {data, data};\nendmodule\n');
    fs.writeFileSync(path.join(root, 'fifo.v'), '// A dual-clock FIFO.\nmodule afifo (input wclk, input rclk);\nendmodule\n');
    const grammar = await loadNodeGrammar();
    const packFile = path.join(dir, 'cache', 'lib.pack');
    const open = () => openSearchRepository(root, { name: 'lib', packFile, grammar, workers: 1 });
    const first = await open();
    assert.equal(first?.fromPack, false);
    assert.ok(fs.existsSync(packFile));
    assert.equal(first.pack.units.length, 2);
    const second = await open();
    assert.equal(second?.fromPack, true);
    assert.deepEqual(second.pack.units.map((u) => u.module).sort(), ['afifo', 'usb_crc16']);
    // Touched (a new time), not changed: the content hash vouches for the pack.
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(root, 'fifo.v'), later, later);
    assert.equal((await open())?.fromPack, true);
    // Changed: built again, with the new module.
    fs.writeFileSync(path.join(root, 'fifo.v'), '// A dual-clock FIFO.\nmodule afifo2 (input wclk, input rclk);\nendmodule\n');
    const third = await open();
    assert.equal(third?.fromPack, false);
    assert.ok(third.pack.units.some((u) => u.module === 'afifo2'));
    // A file added: built again.
    fs.writeFileSync(path.join(root, 'new.v'), 'module extra; endmodule\n');
    assert.equal((await open())?.fromPack, false);
    // A pack file of garbage is rebuilt, not an error.
    fs.writeFileSync(packFile, 'not a pack');
    const rebuilt = await open();
    assert.equal(rebuilt?.fromPack, false);
    assert.equal(rebuilt.pack.units.length, 3);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
