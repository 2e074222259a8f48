import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Problem, severityOf } from '../../server/src/base';
import { declarationAt, definition, fileProblems, references } from '../../server/src/ide';
import { findHdlFiles, nodeFileSystem } from '../../server/src/workers/host';
import { Snapshot, Workspace } from '../../server/src/workspace';
import { testGrammar } from '../helpers/fixture';

/**
 * test/corpus is hand-written, tool-checked Verilog-2005 and SystemVerilog (it lints clean
 * with Verilator 5 and the .v files compile and simulate with Icarus Verilog). Indexed as a
 * workspace, exactly as the server would on opening the folder, it must give no error at all,
 * and its modules, ports, parameters and instances must come out as written.
 */

const CORPUS = path.resolve(__dirname, '../../../test/corpus');
const identity = (p: string) => p;

async function corpusWorkspace(defines: Record<string, string> = {}) {
  const files = findHdlFiles([CORPUS]);
  const workspace = new Workspace(nodeFileSystem, await testGrammar(), { roots: [CORPUS], includeDirs: [], defines });
  workspace.addKnownPaths(files);
  for (const file of files) workspace.refreshFromDisk(file);
  return { workspace, files };
}

function describeProblems(file: string, text: string, problems: Problem[]): string {
  return problems
    .map((p) => {
      const line = text.slice(0, p.span.start).split('\n').length;
      return `  ${path.relative(CORPUS, file)}:${line} ${p.code}: ${p.message} [${JSON.stringify(text.slice(p.span.start, Math.min(p.span.end, p.span.start + 40)))}]`;
    })
    .join('\n');
}

/** Opens every file in turn, as a user clicking through the tree would, and collects its errors. */
async function errorsPerFile(defines: Record<string, string>): Promise<{ files: string[]; failures: string[] }> {
  const { workspace, files } = await corpusWorkspace(defines);
  const failures: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    workspace.openDocument(file, text);
    const errors = fileProblems(new Snapshot(workspace), file).filter((p) => severityOf(p) === 'error');
    if (errors.length > 0) failures.push(describeProblems(file, text, errors));
    workspace.closeDocument(file);
  }
  workspace.dispose();
  return { files, failures };
}

test('corpus: the corpus is there and large enough to mean something', () => {
  const files = findHdlFiles([CORPUS]);
  assert.ok(files.length >= 25, `expected at least 25 HDL files in ${CORPUS}, found ${files.length}`);
});

test('corpus: no file has an error-level problem (no macros predefined)', async () => {
  const { failures } = await errorsPerFile({});
  assert.equal(failures.length, 0, `false errors in the corpus:\n${failures.join('\n')}`);
});

test('corpus: no file has an error-level problem with the optional `ifdef branches on', async () => {
  const { failures } = await errorsPerFile({ COUNTER_HAS_LOAD: '', CLK_DIV_WIDE: '', SYNTHESIS: '' });
  assert.equal(failures.length, 0, `false errors in the corpus:\n${failures.join('\n')}`);
});

test('corpus: closed files indexed from disk give no error either', async () => {
  const { workspace, files } = await corpusWorkspace();
  const snapshot = new Snapshot(workspace);
  const failures: string[] = [];
  for (const file of files) {
    const errors = fileProblems(snapshot, file).filter((p) => severityOf(p) === 'error');
    if (errors.length > 0) failures.push(describeProblems(file, fs.readFileSync(file, 'utf8'), errors));
  }
  workspace.dispose();
  assert.equal(failures.length, 0, `false errors in the corpus:\n${failures.join('\n')}`);
});

/** Every design unit of the corpus, with the file that defines it. */
const UNITS: [name: string, kind: string, file: string][] = [
  ['soc_pkg', 'package', 'pkg/soc_pkg.sv'],
  ['dma_pkg', 'package', 'pkg/dma_pkg.sv'],
  ['bus_if', 'interface', 'rtl/bus/bus_if.sv'],
  ['arbiter', 'module', 'rtl/bus/arbiter.sv'],
  ['mem_slave', 'module', 'rtl/bus/mem_slave.sv'],
  ['alu', 'module', 'rtl/common/alu.v'],
  ['clk_div', 'module', 'rtl/common/clk_div.v'],
  ['counter_nonansi', 'module', 'rtl/common/counter_nonansi.v'],
  ['crc16', 'module', 'rtl/common/crc16.v'],
  ['debounce', 'module', 'rtl/common/debounce.v'],
  ['escaped_names', 'module', 'rtl/common/escaped_names.v'],
  ['gray_sync', 'module', 'rtl/common/gray_sync.v'],
  ['lfsr_bank', 'module', 'rtl/common/lfsr_bank.v'],
  ['lfsr', 'module', 'rtl/common/lfsr_bank.v'],
  ['priority_enc', 'module', 'rtl/common/priority_enc.v'],
  ['ram_dp', 'module', 'rtl/common/ram_dp.v'],
  ['regfile', 'module', 'rtl/common/regfile.v'],
  ['shift_reg', 'module', 'rtl/common/shift_reg.v'],
  ['sync_fifo', 'module', 'rtl/common/sync_fifo.v'],
  ['mac_unit', 'module', 'rtl/core/mac_unit.sv'],
  ['pipeline', 'module', 'rtl/core/pipeline.sv'],
  ['dma_engine', 'module', 'rtl/dma/dma_engine.sv'],
  ['soc_top', 'module', 'rtl/soc_top.sv'],
  ['uart_rx', 'module', 'rtl/uart/uart_rx.v'],
  ['uart_top', 'module', 'rtl/uart/uart_top.v'],
  ['uart_tx', 'module', 'rtl/uart/uart_tx.v'],
  ['tb_soc', 'module', 'tb/tb_soc.sv'],
  ['tb_sync_fifo', 'module', 'tb/tb_sync_fifo.v'],
];

test('corpus: every design unit is found by name, once, in its file', async () => {
  const { workspace } = await corpusWorkspace();
  const snapshot = new Snapshot(workspace);
  for (const [name, kind, file] of UNITS) {
    const refs = snapshot.units(name);
    assert.equal(refs.length, 1, `${name}: expected one definition, got ${refs.map((r) => r.path).join(', ') || 'none'}`);
    assert.equal(refs[0].unit.kind, kind, `${name}: kind`);
    assert.equal(path.relative(CORPUS, refs[0].path), file, `${name}: file`);
  }
  const named = snapshot.allUnits().filter((r) => r.unit.kind !== 'unit').map((r) => r.unit.name).sort();
  assert.deepEqual(named, UNITS.map(([n]) => n).sort(), 'no unit missing, none extra');
  workspace.dispose();
});

interface Expected {
  ansi?: boolean;
  ports: string[];
  /** Parameters that can be overridden (not localparam). */
  params: string[];
  localparams?: string[];
  instances?: string[];
}

/** Hand-checked against the sources. */
const SHAPES: Record<string, Expected> = {
  sync_fifo: { ansi: true, ports: ['clk', 'rst', 'wr_en', 'wr_data', 'rd_en', 'rd_data', 'full', 'empty', 'almost_full'], params: ['WIDTH', 'DEPTH', 'ALMOST_FULL_LEVEL'], localparams: ['AW'] },
  counter_nonansi: { ansi: false, ports: ['clk', 'rst_n', 'en', 'up', 'count', 'wrap'], params: ['WIDTH', 'RESET_VALUE'] },
  regfile: { ansi: false, ports: ['clk', 'rst', 'we', 'waddr', 'wdata', 'raddr_a', 'rdata_a', 'raddr_b', 'rdata_b'], params: ['DW', 'NREGS', 'AW'] },
  lfsr: { ansi: false, ports: ['clk', 'rst', 'value'], params: ['W', 'SEED'] },
  clk_div: { ansi: true, ports: ['clk_in', 'rst', 'clk_out'], params: ['DIVIDE', 'CNT_W', 'START_HIGH'] },
  uart_tx: { ports: ['clk', 'rst', 'start', 'data', 'tx', 'busy'], params: ['CLKS_PER_BIT'], localparams: ['S_IDLE', 'S_START', 'S_DATA', 'S_STOP'] },
  uart_top: {
    ports: ['clk', 'rst', 'rx', 'tx', 'wr_en', 'wr_data', 'tx_full', 'rd_en', 'rd_data', 'rx_empty', 'led'],
    params: ['CLKS_PER_BIT', 'FIFO_DEPTH'],
    instances: ['sync_fifo u_tx_fifo', 'uart_tx u_tx', 'uart_rx u_rx', 'sync_fifo u_rx_fifo', 'clk_div u_led'],
  },
  bus_if: { ports: ['clk', 'rst_n'], params: ['AW', 'DW'] },
  mac_unit: { ports: ['clk', 'rst_n', 'clear', 'en', 'a', 'b', 'mode', 'result', 'overflow'], params: ['W'], localparams: ['ACC_W', 'MAX_OUT', 'MIN_OUT'] },
  dma_engine: { ports: ['clk', 'rst_n', 'start', 'desc', 'done', 'bus'], params: [] },
  mem_slave: { ports: ['bus'], params: ['WORDS', 'BASE'], localparams: ['IW'] },
  soc_top: {
    ports: ['clk', 'rst_n', 'uart_rx', 'uart_tx', 'dma_start', 'dma_desc', 'dma_done', 'leds'],
    params: [],
    localparams: ['HAS_MAC'],
    instances: ['bus_if dma_bus', 'bus_if mem_bus', 'dma_engine u_dma', 'arbiter u_arb', 'mem_slave u_mem', 'uart_top u_uart', 'debounce u_deb', 'mac_unit u_mac'],
  },
  escaped_names: { ports: ['clk$main', 'data-in', 'data.out', 'bus[0]'], params: [] },
  lfsr_bank: { ports: ['clk', 'rst', 'out', 'parity'], params: ['LANES', 'W'], instances: ['lfsr u_lfsr'] },
};

test('corpus: ports, parameters and instances of hand-checked modules', async () => {
  const { workspace } = await corpusWorkspace();
  const snapshot = new Snapshot(workspace);
  for (const [name, want] of Object.entries(SHAPES)) {
    const unit = snapshot.unit(name)?.unit;
    assert.ok(unit, `${name} not found`);
    if (want.ansi !== undefined) assert.equal(unit.ansi, want.ansi, `${name}: ansi`);
    // An escaped identifier's backslash and closing space are not part of its name (1800-2017 5.6.1).
    const portNames = unit.ports.map((p) => p.name.replace(/^\\/, '').trimEnd());
    assert.deepEqual(portNames, want.ports, `${name}: ports`);
    assert.deepEqual(unit.params.filter((p) => !p.local).map((p) => p.name), want.params, `${name}: parameters`);
    if (want.localparams) assert.deepEqual(unit.params.filter((p) => p.local).map((p) => p.name), want.localparams, `${name}: localparams`);
    if (want.instances) assert.deepEqual(unit.instances.map((i) => `${i.module} ${i.name}`), want.instances, `${name}: instances`);
  }
  // Port directions and widths as written.
  const fifo = snapshot.unit('sync_fifo')!.unit;
  assert.deepEqual(fifo.ports.map((p) => p.direction), ['input', 'input', 'input', 'input', 'input', 'output', 'output', 'output', 'output']);
  assert.equal(fifo.ports.find((p) => p.name === 'wr_data')!.range.replace(/\s/g, ''), '[WIDTH-1:0]');
  const regfile = snapshot.unit('regfile')!.unit;
  assert.equal(regfile.ports.find((p) => p.name === 'rdata_a')!.direction, 'output');
  assert.equal(regfile.ports.find((p) => p.name === 'waddr')!.range.replace(/\s/g, ''), '[AW-1:0]');
  assert.equal(snapshot.unit('dma_engine')!.unit.ports.find((p) => p.name === 'bus')!.direction, 'interface');
  // Interface modports.
  const modports = snapshot.unit('bus_if')!.unit.signals.filter((s) => s.kind === 'modport').map((s) => s.name);
  assert.deepEqual(modports, ['master', 'slave', 'monitor']);
  // Imports in the header of a module.
  assert.deepEqual(snapshot.unit('dma_engine')!.unit.imports.map((i) => `${i.package}::${i.item}`), ['soc_pkg::*', 'dma_pkg::dma_state_e', 'dma_pkg::dma_desc_t', 'dma_pkg::DESC_RESET']);
  workspace.dispose();
});

test('corpus: `ifdef in port and parameter lists follows the predefined macros', async () => {
  const { workspace } = await corpusWorkspace({ COUNTER_HAS_LOAD: '', CLK_DIV_WIDE: '' });
  const snapshot = new Snapshot(workspace);
  assert.deepEqual(snapshot.unit('counter_nonansi')!.unit.ports.map((p) => p.name), ['clk', 'rst_n', 'en', 'up', 'load', 'load_value', 'count', 'wrap']);
  assert.equal(snapshot.unit('clk_div')!.unit.params.find((p) => p.name === 'CNT_W')!.value, '16');
  workspace.dispose();
  const plain = await corpusWorkspace();
  assert.equal(new Snapshot(plain.workspace).unit('clk_div')!.unit.params.find((p) => p.name === 'CNT_W')!.value, '8');
  plain.workspace.dispose();
});

test('corpus: every instance resolves to its module through go-to-definition', async () => {
  const { workspace, files } = await corpusWorkspace();
  let checked = 0;
  const failures: string[] = [];
  for (const file of files) {
    workspace.openDocument(file, fs.readFileSync(file, 'utf8'));
    const snapshot = new Snapshot(workspace);
    for (const unit of snapshot.summary(file)!.units) {
      for (const instance of unit.instances) {
        const target = snapshot.unit(instance.module);
        const where = `${path.relative(CORPUS, file)}: ${instance.module} ${instance.name}`;
        if (!target) {
          failures.push(`${where}: module not found`);
          continue;
        }
        const locations = definition(snapshot, file, instance.moduleSpan.start + 1, identity);
        const expected = workspace.lineIndex(target.path)!.range(target.unit.nameSpan);
        if (locations.length !== 1 || locations[0].uri !== target.path || JSON.stringify(locations[0].range) !== JSON.stringify(expected)) {
          failures.push(`${where}: definition gave ${JSON.stringify(locations)}, expected ${target.path} ${JSON.stringify(expected)}`);
        }
        checked++;
      }
    }
    workspace.closeDocument(file);
  }
  workspace.dispose();
  assert.equal(failures.length, 0, failures.join('\n'));
  assert.equal(checked, 16, 'instances in the corpus');
});

/** Go-to-definition from `needle` (the nth occurrence, cursor `delta` characters in) in `from`. */
async function definitionFrom(from: string, needle: string, nth = 0, delta = 1) {
  const { workspace } = await corpusWorkspace();
  const file = path.join(CORPUS, from);
  const text = fs.readFileSync(file, 'utf8');
  workspace.openDocument(file, text);
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `'${needle}' not found ${nth + 1} times in ${from}`);
  }
  const locations = definition(new Snapshot(workspace), file, at + delta, identity);
  const result = locations.map((l) => {
    const target = fs.readFileSync(l.uri, 'utf8');
    const lines = target.split('\n');
    const line = lines[l.range.start.line] ?? '';
    return { file: path.relative(CORPUS, l.uri), line: l.range.start.line + 1, text: line.slice(l.range.start.character, l.range.end.character) };
  });
  workspace.dispose();
  return result;
}

test('corpus: cross-file definitions of ports, macros, includes and package items', async () => {
  // .port( ) of an instance -> the port in the module's file.
  assert.deepEqual(await definitionFrom('rtl/uart/uart_top.v', '.wr_data', 0, 2), [{ file: 'rtl/common/sync_fifo.v', line: 12, text: 'wr_data' }]);
  // A macro with arguments used in an expression -> its `define in the guarded header.
  assert.deepEqual(await definitionFrom('rtl/common/sync_fifo.v', '`CLOG2', 0, 2), [{ file: 'include/defines.vh', line: 21, text: 'CLOG2' }]);
  // A statement macro -> its `define.
  assert.deepEqual(await definitionFrom('rtl/common/debounce.v', '`REG_RESET', 0, 2), [{ file: 'include/defines.vh', line: 15, text: 'REG_RESET' }]);
  // `include "..." -> the header, found without any include folder configured.
  const include = await definitionFrom('rtl/common/alu.v', 'defines.vh', 0, 1);
  assert.deepEqual(include.map((l) => [l.file, l.line]), [['include/defines.vh', 1]]);
  // A localparam from a header included inside the module body.
  assert.deepEqual(await definitionFrom('rtl/uart/uart_top.v', 'RESP_SLVERR', 0, 1), [{ file: 'include/bus_codes.vh', line: 5, text: 'RESP_SLVERR' }]);
  // A type from a wildcard-imported package.
  assert.deepEqual(await definitionFrom('rtl/dma/dma_engine.sv', 'word_t', 0, 1), [{ file: 'pkg/soc_pkg.sv', line: 8, text: 'word_t' }]);
  // pkg::ENUM_VALUE -> the enum member in the package.
  assert.deepEqual(await definitionFrom('rtl/dma/dma_engine.sv', 'DMA_WAIT_READ', 0, 1), [{ file: 'pkg/dma_pkg.sv', line: 9, text: 'DMA_WAIT_READ' }]);
  // The package name itself.
  assert.deepEqual(await definitionFrom('rtl/dma/dma_engine.sv', 'dma_pkg::DMA_IDLE', 0, 1), [{ file: 'pkg/dma_pkg.sv', line: 2, text: 'dma_pkg' }]);
  // An interface port's member -> the signal in the interface.
  assert.deepEqual(await definitionFrom('rtl/bus/mem_slave.sv', 'bus.wdata', 0, 5), [{ file: 'rtl/bus/bus_if.sv', line: 13, text: 'wdata' }]);
  // .name (implicit) connection -> the port of the instantiated module.
  assert.deepEqual(await definitionFrom('rtl/soc_top.sv', '.start,', 0, 2), [{ file: 'rtl/dma/dma_engine.sv', line: 9, text: 'start' }]);
  // A parameter override by name -> the parameter.
  assert.deepEqual(await definitionFrom('rtl/uart/uart_top.v', '.DEPTH(', 0, 2), [{ file: 'rtl/common/sync_fifo.v', line: 6, text: 'DEPTH' }]);
  // A generate-scoped register -> its declaration inside the labelled loop.
  assert.deepEqual(await definitionFrom('rtl/common/shift_reg.v', 'r <= stage', 0, 0), [{ file: 'rtl/common/shift_reg.v', line: 18, text: 'r' }]);
  // A task with old-style argument declarations, called from a loop.
  assert.deepEqual(await definitionFrom('rtl/common/regfile.v', 'clear_reg(k', 0, 1), [{ file: 'rtl/common/regfile.v', line: 21, text: 'clear_reg' }]);
});

test('corpus: references of a module and of a port span the files that use them', async () => {
  const { workspace } = await corpusWorkspace();
  const snapshot = new Snapshot(workspace);
  const fifo = path.join(CORPUS, 'rtl/common/sync_fifo.v');
  const text = fs.readFileSync(fifo, 'utf8');
  const where = (refs: { path: string; isDeclaration: boolean }[]) => refs.map((r) => `${path.relative(CORPUS, r.path)}${r.isDeclaration ? ' (declaration)' : ''}`).sort();
  const module = declarationAt(snapshot, fifo, text.indexOf('sync_fifo #') + 1);
  assert.ok(module, 'declaration of sync_fifo');
  assert.deepEqual(where(references(snapshot, module)), ['rtl/common/sync_fifo.v (declaration)', 'rtl/uart/uart_top.v', 'rtl/uart/uart_top.v', 'tb/tb_sync_fifo.v']);
  const port = declarationAt(snapshot, fifo, text.indexOf('almost_full\n') + 1);
  assert.ok(port, 'declaration of the almost_full port');
  // The declaration, its use in the assign, and .almost_full( ) in three instances.
  assert.deepEqual(where(references(snapshot, port)), ['rtl/common/sync_fifo.v', 'rtl/common/sync_fifo.v (declaration)', 'rtl/uart/uart_top.v', 'rtl/uart/uart_top.v', 'tb/tb_sync_fifo.v']);
  workspace.dispose();
});
