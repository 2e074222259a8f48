#!/usr/bin/env node
// Deterministic generator of a realistic Verilog/SystemVerilog workspace for the benchmarks.
//
//   node bench/generate.mjs [--lines 200000] [--seed 1] [--out DIR]
//
// Everything comes from one seeded PRNG, so the same seed and line target always give the
// same bytes. The workspace has: global and per-subsystem headers (`define, `ifndef guards,
// function-like macros, `include), SystemVerilog packages (enums, structs, functions), an
// interface with modports, many modules of varied kinds (ALUs, FIFOs, FSMs, register files and
// CSR banks, pipelines, MAC arrays, bus interconnects with arbiters, counters, LFSRs, CRCs,
// UARTs, synchronisers) in both Verilog-2001 (.v, some non-ANSI) and SystemVerilog (.sv)
// styles, subsystem tops and a chip top that instantiate modules across files, testbenches,
// and one ~8k-line file made of many modules (big/soc_big_lib.sv).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const GENERATOR_VERSION = 4;

// ---------------------------------------------------------------- PRNG

export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  constructor(seed) {
    this.next = mulberry32(seed);
  }
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick(list) {
    return list[Math.floor(this.next() * list.length)];
  }
  chance(p) {
    return this.next() < p;
  }
  shuffle(list) {
    const a = [...list];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }
  sample(list, n) {
    return this.shuffle(list).slice(0, Math.min(n, list.length));
  }
  hex(bits) {
    let v = '';
    const digits = Math.ceil(bits / 4);
    for (let i = 0; i < digits; i++) v += '0123456789abcdef'[this.int(0, 15)];
    return `${bits}'h${v}`;
  }
}

// ---------------------------------------------------------------- vocabulary

const SUBSYSTEMS = ['core', 'mem', 'bus', 'dsp', 'periph', 'net', 'crypto', 'video', 'dma', 'ctrl', 'audio', 'sec'];
const AUTHORS = ['J. Smith', 'A. Rossi', 'K. Tanaka', 'M. Garcia', 'L. Chen', 'P. Novak', 'S. Okafor', 'R. Dubois'];
const NOUNS = ['data', 'addr', 'cmd', 'status', 'ctrl', 'cfg', 'resp', 'tag', 'len', 'mask', 'ptr', 'cnt', 'idx', 'sel', 'err', 'irq', 'req', 'ack', 'flag', 'mode', 'sample', 'coef', 'acc', 'key', 'pixel', 'beat', 'burst', 'credit', 'seq', 'crc'];
const ADJ = ['rx', 'tx', 'in', 'out', 'next', 'prev', 'local', 'remote', 'fast', 'slow', 'hi', 'lo', 'main', 'aux', 'shadow', 'pending', 'active', 'spare'];
const REG_NAMES = ['CTRL', 'STATUS', 'IRQ_EN', 'IRQ_STAT', 'CFG0', 'CFG1', 'THRESH', 'TIMER', 'SCRATCH', 'VERSION', 'BASE_ADDR', 'LIMIT', 'MASK', 'PRESCALE', 'DIVISOR', 'FIFO_LVL', 'ERR_CNT', 'DEBUG', 'SEED', 'KEY0', 'KEY1', 'GAIN', 'OFFSET', 'WINDOW', 'TAP_SEL', 'CLK_DIV', 'PAD_CFG', 'DMA_LEN', 'DMA_SRC', 'DMA_DST', 'LINK', 'RETRY'];
const STATE_WORDS = ['IDLE', 'FETCH', 'DECODE', 'WAIT', 'ARB', 'GRANT', 'XFER', 'BURST', 'FLUSH', 'DRAIN', 'ERROR', 'RETRY', 'CALIB', 'SYNC', 'LOAD', 'STORE', 'HOLD', 'DONE', 'ACK', 'TIMEOUT', 'START', 'STOP', 'PARITY', 'SHIFT', 'REFRESH', 'PRECHARGE', 'ACTIVATE', 'READ', 'WRITE', 'RESP'];

// ---------------------------------------------------------------- helpers

const range = (w) => (typeof w === 'number' ? (w > 1 ? `[${w - 1}:0]` : '') : `[${w}-1:0]`);
const pad = (s, n) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

function header(rng, file, purpose) {
  const year = rng.int(2014, 2024);
  return [
    '//==============================================================================',
    `// File        : ${file}`,
    `// Author      : ${rng.pick(AUTHORS)}`,
    `// Created     : ${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
    `// Description : ${purpose}`,
    '//',
    `// Copyright (c) ${year} Example Silicon Ltd. All rights reserved.`,
    '// This file is generated for benchmarking and is not a real design.',
    '//==============================================================================',
    '',
  ];
}

/**
 * A port: name, direction, width (number, or a parameter name meaning [P-1:0]).
 * ports of kind 'clk' / 'rst' are connected to the parent's clock and reset.
 */
function port(dir, name, width = 1, role = undefined) {
  return { dir, name, width, role };
}

/** Module header in one of three styles: SystemVerilog ANSI, Verilog-2001 ANSI, Verilog-1995 non-ANSI. */
function moduleHeader(style, name, params, ports) {
  const out = [];
  if (style === 'sv') {
    if (params.length) {
      out.push(`module ${name} #(`);
      params.forEach((p, i) => out.push(`  parameter ${p.type ?? 'int'} ${p.name} = ${p.value}${i < params.length - 1 ? ',' : ''}${p.comment ? ` // ${p.comment}` : ''}`));
      out.push(') (');
    } else out.push(`module ${name} (`);
    ports.forEach((p, i) => {
      const dir = p.dir === 'input' ? 'input ' : p.dir;
      out.push(`  ${dir} logic ${pad(range(p.width), 16)} ${p.name}${i < ports.length - 1 ? ',' : ''}`);
    });
    out.push(');');
  } else if (style === 'v2001') {
    if (params.length) {
      out.push(`module ${name} #(`);
      params.forEach((p, i) => out.push(`  parameter ${p.name} = ${p.value}${i < params.length - 1 ? ',' : ''}`));
      out.push(') (');
    } else out.push(`module ${name} (`);
    ports.forEach((p, i) => {
      const kind = p.dir === 'output' && p.reg ? 'reg ' : 'wire';
      out.push(`  ${pad(p.dir, 6)} ${kind} ${pad(range(p.width), 14)} ${p.name}${i < ports.length - 1 ? ',' : ''}`);
    });
    out.push(');');
  } else {
    out.push(`module ${name} (`);
    out.push(`  ${ports.map((p) => p.name).join(',\n  ')}`);
    out.push(');');
    for (const p of params) out.push(`  parameter ${p.name} = ${p.value};`);
    out.push('');
    for (const p of ports) out.push(`  ${pad(p.dir, 6)} ${pad(range(p.width), 14)} ${p.name};`);
    for (const p of ports) if (p.dir === 'output' && p.reg) out.push(`  reg    ${pad(range(p.width), 14)} ${p.name};`);
  }
  out.push('');
  return out;
}

function paramValue(mod, name) {
  const p = mod.params.find((q) => q.name === name);
  return p ? Number(String(p.value).replace(/[^0-9]/g, '')) || 8 : 8;
}

// ---------------------------------------------------------------- module kinds
// Each returns { name, kind, style, params, ports, lines, clk, rst, deps: [module names it instantiates] }.

const ALU_OPS = [
  ['ADD', '{1\'b0, a_i} + {1\'b0, b_i}', true],
  ['SUB', '{1\'b0, a_i} - {1\'b0, b_i}', true],
  ['AND', 'a_i & b_i'],
  ['OR', 'a_i | b_i'],
  ['XOR', 'a_i ^ b_i'],
  ['NOR', '~(a_i | b_i)'],
  ['XNOR', '~(a_i ^ b_i)'],
  ['SLL', 'a_i << b_i[SHW-1:0]'],
  ['SRL', 'a_i >> b_i[SHW-1:0]'],
  ['SRA', '$signed(a_i) >>> b_i[SHW-1:0]'],
  ['SLT', "{{(WIDTH-1){1'b0}}, ($signed(a_i) < $signed(b_i))}"],
  ['SLTU', "{{(WIDTH-1){1'b0}}, (a_i < b_i)}"],
  ['MIN', '($signed(a_i) < $signed(b_i)) ? a_i : b_i'],
  ['MAX', '($signed(a_i) > $signed(b_i)) ? a_i : b_i'],
  ['MINU', '(a_i < b_i) ? a_i : b_i'],
  ['MAXU', '(a_i > b_i) ? a_i : b_i'],
  ['PASSA', 'a_i'],
  ['PASSB', 'b_i'],
  ['NEG', '~a_i + 1\'b1'],
  ['ABS', 'a_i[WIDTH-1] ? (~a_i + 1\'b1) : a_i'],
  ['ROL', '(a_i << b_i[SHW-1:0]) | (a_i >> (WIDTH - b_i[SHW-1:0]))'],
  ['ROR', '(a_i >> b_i[SHW-1:0]) | (a_i << (WIDTH - b_i[SHW-1:0]))'],
  ['POPC', 'popcount(a_i)'],
  ['CLZ', 'count_lz(a_i)'],
  ['MUL', 'a_i * b_i'],
  ['AVG', '({1\'b0, a_i} + {1\'b0, b_i}) >> 1', true],
];

function genAlu(rng, name, style) {
  const sv = style === 'sv';
  const width = rng.pick([8, 16, 32, 32, 64]);
  const ops = rng.sample(ALU_OPS, rng.int(10, ALU_OPS.length));
  const opw = Math.max(3, Math.ceil(Math.log2(ops.length + 1)));
  const params = [
    { name: 'WIDTH', value: width, comment: 'operand width' },
    { name: 'SHW', value: Math.ceil(Math.log2(width)), comment: 'shift amount width' },
    { name: 'SATURATE', value: rng.int(0, 1) },
  ];
  const ports = [
    port('input', 'clk', 1, 'clk'),
    port('input', 'rst_n', 1, 'rst'),
    port('input', 'valid_i'),
    port('input', 'op_i', opw),
    port('input', 'a_i', 'WIDTH'),
    port('input', 'b_i', 'WIDTH'),
    port('output', 'result_o', 'WIDTH'),
    port('output', 'zero_o'),
    port('output', 'carry_o'),
    port('output', 'overflow_o'),
    port('output', 'valid_o'),
  ];
  const L = [];
  L.push(`// ${name}: ${ops.length}-operation ALU with registered result and status flags.`);
  L.push(...moduleHeader(style === 'sv' ? 'sv' : 'v2001', name, params, ports));
  const t = sv ? 'logic' : 'reg';
  const w = sv ? 'logic' : 'wire';
  L.push('  // Opcode encoding');
  ops.forEach(([op], i) => L.push(`  localparam [${opw - 1}:0] OP_${op} = ${opw}'d${i};`));
  L.push('');
  L.push(`  ${t} [WIDTH:0]   sum_ext;`);
  L.push(`  ${t} [WIDTH-1:0] res_d, res_q;`);
  L.push(`  ${t}             carry_d, carry_q;`);
  L.push(`  ${t}             ovf_d, ovf_q;`);
  L.push(`  ${t}             valid_q;`);
  L.push(`  ${w} [WIDTH-1:0] res_final;`);
  L.push('');
  if (ops.some(([op]) => op === 'POPC')) {
    L.push('  // Population count of a word.');
    L.push(`  function automatic [WIDTH-1:0] popcount;`);
    L.push('    input [WIDTH-1:0] v;');
    L.push('    integer k;');
    L.push('    begin');
    L.push("      popcount = {WIDTH{1'b0}};");
    L.push('      for (k = 0; k < WIDTH; k = k + 1) popcount = popcount + v[k];');
    L.push('    end');
    L.push('  endfunction');
    L.push('');
  }
  if (ops.some(([op]) => op === 'CLZ')) {
    L.push('  // Count of leading zeros.');
    L.push(`  function automatic [WIDTH-1:0] count_lz;`);
    L.push('    input [WIDTH-1:0] v;');
    L.push('    integer k;');
    L.push('    reg found;');
    L.push('    begin');
    L.push("      count_lz = {WIDTH{1'b0}};");
    L.push("      found = 1'b0;");
    L.push('      for (k = WIDTH - 1; k >= 0; k = k - 1) begin');
    L.push("        if (!found && !v[k]) count_lz = count_lz + 1'b1;");
    L.push("        else found = 1'b1;");
    L.push('      end');
    L.push('    end');
    L.push('  endfunction');
    L.push('');
  }
  L.push(sv ? '  always_comb begin' : '  always @(*) begin');
  L.push("    sum_ext = {(WIDTH+1){1'b0}};");
  L.push("    res_d   = {WIDTH{1'b0}};");
  L.push("    carry_d = 1'b0;");
  L.push("    ovf_d   = 1'b0;");
  L.push(`    ${sv ? 'unique ' : ''}case (op_i)`);
  for (const [op, expr, wide] of ops) {
    L.push(`      OP_${op}: begin`);
    if (rng.chance(0.3)) L.push(`        // ${op.toLowerCase()}: ${expr.length > 40 ? 'see expression' : expr}`);
    if (wide) {
      L.push(`        sum_ext = ${expr};`);
      L.push('        res_d   = sum_ext[WIDTH-1:0];');
      L.push('        carry_d = sum_ext[WIDTH];');
      if (op === 'ADD') L.push('        ovf_d   = (a_i[WIDTH-1] == b_i[WIDTH-1]) && (res_d[WIDTH-1] != a_i[WIDTH-1]);');
      if (op === 'SUB') L.push('        ovf_d   = (a_i[WIDTH-1] != b_i[WIDTH-1]) && (res_d[WIDTH-1] != a_i[WIDTH-1]);');
    } else {
      L.push(`        res_d = ${expr};`);
    }
    L.push('      end');
  }
  L.push("      default: res_d = {WIDTH{1'b0}};");
  L.push('    endcase');
  L.push('  end');
  L.push('');
  L.push('  generate');
  L.push('    if (SATURATE != 0) begin : g_sat');
  L.push('      // Clamp to the largest value on unsigned overflow.');
  L.push(`      assign res_final = carry_d ? {WIDTH{1'b1}} : res_d;`);
  L.push('    end else begin : g_wrap');
  L.push('      assign res_final = res_d;');
  L.push('    end');
  L.push('  endgenerate');
  L.push('');
  L.push(sv ? '  always_ff @(posedge clk or negedge rst_n) begin' : '  always @(posedge clk or negedge rst_n) begin');
  L.push('    if (!rst_n) begin');
  L.push("      res_q   <= {WIDTH{1'b0}};");
  L.push("      carry_q <= 1'b0;");
  L.push("      ovf_q   <= 1'b0;");
  L.push("      valid_q <= 1'b0;");
  L.push('    end else begin');
  L.push('      valid_q <= valid_i;');
  L.push('      if (valid_i) begin');
  L.push('        res_q   <= res_final;');
  L.push('        carry_q <= carry_d;');
  L.push('        ovf_q   <= ovf_d;');
  L.push('      end');
  L.push('    end');
  L.push('  end');
  L.push('');
  L.push('  assign result_o   = res_q;');
  L.push("  assign zero_o     = (res_q == {WIDTH{1'b0}});");
  L.push('  assign carry_o    = carry_q;');
  L.push('  assign overflow_o = ovf_q;');
  L.push('  assign valid_o    = valid_q;');
  L.push('');
  L.push('`ifndef SYNTHESIS');
  L.push('  // Simulation-only checks.');
  L.push('  always @(posedge clk) begin');
  L.push(`    if (rst_n && valid_i && (op_i > ${opw}'d${ops.length - 1}))`);
  L.push(`      $display("%m: illegal opcode %0d at %0t", op_i, $time);`);
  L.push('  end');
  L.push('`endif');
  L.push('');
  L.push(style === 'sv' ? `endmodule : ${name}` : 'endmodule');
  return { name, kind: 'alu', style, params, ports, lines: L, deps: [] };
}

function genFifo(rng, name, style) {
  const sv = style === 'sv';
  const depth = rng.pick([4, 8, 16, 32, 64, 128]);
  const aw = Math.log2(depth);
  const params = [
    { name: 'WIDTH', value: rng.pick([8, 16, 32, 36, 64]) },
    { name: 'DEPTH', value: depth },
    { name: 'AW', value: aw },
    { name: 'ALMOST_FULL', value: depth - 2 },
    { name: 'FALL_THROUGH', value: rng.int(0, 1) },
  ];
  const ports = [
    port('input', 'clk', 1, 'clk'),
    port('input', 'rst_n', 1, 'rst'),
    port('input', 'flush_i'),
    port('input', 'wr_en_i'),
    port('input', 'wr_data_i', 'WIDTH'),
    port('output', 'full_o'),
    port('output', 'almost_full_o'),
    port('input', 'rd_en_i'),
    port('output', 'rd_data_o', 'WIDTH'),
    port('output', 'empty_o'),
    port('output', 'level_o', aw + 1),
    port('output', 'overflow_o'),
    port('output', 'underflow_o'),
  ];
  const t = sv ? 'logic' : 'reg';
  const L = [];
  L.push(`// ${name}: synchronous FIFO, ${depth} entries, optional fall-through read port.`);
  L.push(...moduleHeader(sv ? 'sv' : 'v2001', name, params, ports));
  L.push('  // Storage');
  L.push(`  ${t} [WIDTH-1:0] mem [0:DEPTH-1];`);
  L.push(`  ${t} [AW-1:0]    wr_ptr_q, rd_ptr_q;`);
  L.push(`  ${t} [AW:0]      count_q;`);
  L.push(`  ${t}             ovf_q, udf_q;`);
  L.push(`  ${sv ? 'logic' : 'wire'}            do_write, do_read;`);
  L.push(`  ${sv ? 'logic' : 'wire'} [WIDTH-1:0] rd_word;`);
  L.push('');
  L.push('  assign do_write = wr_en_i && !full_o;');
  L.push('  assign do_read  = rd_en_i && !empty_o;');
  L.push('');
  L.push(sv ? '  always_ff @(posedge clk) begin' : '  always @(posedge clk) begin');
  L.push('    if (do_write) mem[wr_ptr_q] <= wr_data_i;');
  L.push('  end');
  L.push('');
  L.push(sv ? '  always_ff @(posedge clk or negedge rst_n) begin' : '  always @(posedge clk or negedge rst_n) begin');
  L.push('    if (!rst_n) begin');
  L.push("      wr_ptr_q <= {AW{1'b0}};");
  L.push("      rd_ptr_q <= {AW{1'b0}};");
  L.push("      count_q  <= {(AW+1){1'b0}};");
  L.push("      ovf_q    <= 1'b0;");
  L.push("      udf_q    <= 1'b0;");
  L.push('    end else if (flush_i) begin');
  L.push("      wr_ptr_q <= {AW{1'b0}};");
  L.push("      rd_ptr_q <= {AW{1'b0}};");
  L.push("      count_q  <= {(AW+1){1'b0}};");
  L.push('    end else begin');
  L.push("      if (do_write) wr_ptr_q <= wr_ptr_q + 1'b1;");
  L.push("      if (do_read)  rd_ptr_q <= rd_ptr_q + 1'b1;");
  L.push('      case ({do_write, do_read})');
  L.push("        2'b10:   count_q <= count_q + 1'b1;");
  L.push("        2'b01:   count_q <= count_q - 1'b1;");
  L.push('        default: count_q <= count_q;');
  L.push('      endcase');
  L.push("      if (wr_en_i && full_o)  ovf_q <= 1'b1;");
  L.push("      if (rd_en_i && empty_o) udf_q <= 1'b1;");
  L.push('    end');
  L.push('  end');
  L.push('');
  L.push('  assign rd_word = mem[rd_ptr_q];');
  L.push('');
  L.push('  generate');
  L.push('    if (FALL_THROUGH != 0) begin : g_ft');
  L.push('      // Data is visible in the same cycle it is read.');
  L.push('      assign rd_data_o = rd_word;');
  L.push('    end else begin : g_reg');
  L.push(`      ${t} [WIDTH-1:0] rd_data_q;`);
  L.push(sv ? '      always_ff @(posedge clk or negedge rst_n) begin' : '      always @(posedge clk or negedge rst_n) begin');
  L.push("        if (!rst_n)       rd_data_q <= {WIDTH{1'b0}};");
  L.push('        else if (do_read) rd_data_q <= rd_word;');
  L.push('      end');
  L.push('      assign rd_data_o = rd_data_q;');
  L.push('    end');
  L.push('  endgenerate');
  L.push('');
  L.push('  assign full_o        = (count_q == DEPTH);');
  L.push('  assign almost_full_o = (count_q >= ALMOST_FULL);');
  L.push("  assign empty_o       = (count_q == {(AW+1){1'b0}});");
  L.push('  assign level_o       = count_q;');
  L.push('  assign overflow_o    = ovf_q;');
  L.push('  assign underflow_o   = udf_q;');
  L.push('');
  if (rng.chance(0.6)) {
    L.push('`ifdef FIFO_PARITY');
    L.push(`  ${t} [DEPTH-1:0] parity_q;`);
    L.push(sv ? '  always_ff @(posedge clk) begin' : '  always @(posedge clk) begin');
    L.push('    if (do_write) parity_q[wr_ptr_q] <= ^wr_data_i;');
    L.push('  end');
    L.push('`endif');
    L.push('');
  }
  L.push('`ifdef ASSERT_ON');
  L.push('  always @(posedge clk) begin');
  L.push('    if (rst_n && wr_en_i && full_o)  $display("%m: write while full");');
  L.push('    if (rst_n && rd_en_i && empty_o) $display("%m: read while empty");');
  L.push('  end');
  L.push('`endif');
  L.push('');
  L.push('endmodule');
  return { name, kind: 'fifo', style, params, ports, lines: L, deps: [] };
}

function genFsm(rng, name, style, pkg) {
  const sv = style === 'sv';
  const n = rng.int(5, 16);
  const states = ['IDLE', ...rng.sample(STATE_WORDS.filter((s) => s !== 'IDLE'), n - 1)];
  const sw = Math.ceil(Math.log2(n));
  const nIn = rng.int(3, 7);
  const nOut = rng.int(3, 7);
  const ins = Array.from({ length: nIn }, (_, i) => `${rng.pick(NOUNS)}_${i}_i`);
  const outs = Array.from({ length: nOut }, (_, i) => `${rng.pick(NOUNS)}_${i}_o`);
  const params = [{ name: 'TIMEOUT', value: rng.pick([15, 31, 63, 255, 1023]) }, { name: 'CW', value: 10 }];
  const ports = [port('input', 'clk', 1, 'clk'), port('input', 'rst_n', 1, 'rst'), port('input', 'start_i'), ...ins.map((p) => port('input', p)), ...outs.map((p) => port('output', p)), port('output', 'state_o', sw), port('output', 'busy_o'), port('output', 'timeout_o')];
  const L = [];
  L.push(`// ${name}: control state machine with ${n} states and a timeout counter.`);
  L.push(...moduleHeader(sv ? 'sv' : 'v2001', name, params, ports));
  if (sv) {
    if (pkg && rng.chance(0.5)) L.push(`  import ${pkg}::*;`, '');
    L.push(`  typedef enum logic [${sw - 1}:0] {`);
    states.forEach((s, i) => L.push(`    S_${s} = ${sw}'d${i}${i < n - 1 ? ',' : ''}`));
    L.push('  } state_e;');
    L.push('');
    L.push('  state_e state_q, state_d;');
    L.push('  logic [CW-1:0] timer_q;');
    L.push('  logic          timer_clr;');
  } else {
    states.forEach((s, i) => L.push(`  localparam [${sw - 1}:0] S_${s} = ${sw}'d${i};`));
    L.push('');
    L.push(`  reg [${sw - 1}:0] state_q, state_d;`);
    L.push('  reg [CW-1:0] timer_q;');
    L.push('  reg          timer_clr;');
  }
  L.push('');
  L.push('  // State register');
  L.push(sv ? '  always_ff @(posedge clk or negedge rst_n) begin' : '  always @(posedge clk or negedge rst_n) begin');
  L.push('    if (!rst_n) state_q <= S_IDLE;');
  L.push('    else        state_q <= state_d;');
  L.push('  end');
  L.push('');
  L.push('  // Timeout counter, cleared on every state change');
  L.push(sv ? '  always_ff @(posedge clk or negedge rst_n) begin' : '  always @(posedge clk or negedge rst_n) begin');
  L.push("    if (!rst_n)         timer_q <= {CW{1'b0}};");
  L.push("    else if (timer_clr) timer_q <= {CW{1'b0}};");
  L.push("    else if (timer_q != TIMEOUT[CW-1:0]) timer_q <= timer_q + 1'b1;");
  L.push('  end');
  L.push('');
  L.push('  // Next-state logic');
  L.push(sv ? '  always_comb begin' : '  always @(*) begin');
  L.push('    state_d   = state_q;');
  L.push("    timer_clr = 1'b0;");
  L.push('    case (state_q)');
  states.forEach((s, i) => {
    L.push(`      S_${s}: begin`);
    if (s === 'IDLE') {
      L.push(`        if (start_i) begin`);
      L.push(`          state_d   = S_${states[1]};`);
      L.push("          timer_clr = 1'b1;");
      L.push('        end');
    } else {
      const k = rng.int(1, 3);
      for (let j = 0; j < k; j++) {
        const cond = rng.chance(0.5) ? ins[rng.int(0, nIn - 1)] : `${ins[rng.int(0, nIn - 1)]} && !${ins[rng.int(0, nIn - 1)]}`;
        L.push(`        ${j ? 'end else ' : ''}if (${cond}) begin`);
        L.push(`          state_d   = S_${states[rng.int(0, n - 1)]};`);
        L.push("          timer_clr = 1'b1;");
      }
      L.push('        end else if (timer_q == TIMEOUT[CW-1:0]) begin');
      L.push(`          state_d   = S_${states[(i + 1) % n]};`);
      L.push("          timer_clr = 1'b1;");
      L.push('        end');
    }
    L.push('      end');
  });
  L.push('      default: state_d = S_IDLE;');
  L.push('    endcase');
  L.push('  end');
  L.push('');
  L.push('  // Moore outputs');
  L.push(sv ? '  always_comb begin' : '  always @(*) begin');
  outs.forEach((o) => L.push(`    ${o.replace(/_o$/, '_d')} = 1'b0;`));
  L.push('    case (state_q)');
  states.forEach((s) => {
    const set = outs.filter(() => rng.chance(0.35));
    if (set.length === 0) return;
    L.push(`      S_${s}: begin`);
    set.forEach((o) => L.push(`        ${o.replace(/_o$/, '_d')} = 1'b1;`));
    L.push('      end');
  });
  L.push('      default: ;');
  L.push('    endcase');
  L.push('  end');
  L.push('');
  // declare the _d signals before use: put declarations above by splicing
  const decl = outs.map((o) => `  ${sv ? 'logic' : 'reg  '} ${o.replace(/_o$/, '_d')};`);
  const at = L.indexOf('  // State register');
  L.splice(at, 0, ...decl, '');
  outs.forEach((o) => L.push(`  assign ${o} = ${o.replace(/_o$/, '_d')};`));
  L.push('  assign state_o   = state_q;');
  L.push('  assign busy_o    = (state_q != S_IDLE);');
  L.push('  assign timeout_o = (timer_q == TIMEOUT[CW-1:0]);');
  L.push('');
  L.push('endmodule');
  return { name, kind: 'fsm', style, params, ports, lines: L, deps: [] };
}

function genRegfile(rng, name, style) {
  const sv = style === 'sv';
  const nregs = rng.pick([8, 16, 32]);
  const aw = Math.log2(nregs);
  const nread = rng.int(1, 4);
  const params = [{ name: 'WIDTH', value: rng.pick([16, 32, 64]) }, { name: 'NREGS', value: nregs }, { name: 'AW', value: aw }, { name: 'ZERO_REG', value: rng.int(0, 1) }];
  const ports = [port('input', 'clk', 1, 'clk'), port('input', 'rst_n', 1, 'rst'), port('input', 'we_i'), port('input', 'waddr_i', 'AW'), port('input', 'wdata_i', 'WIDTH')];
  for (let r = 0; r < nread; r++) ports.push(port('input', `raddr${r}_i`, 'AW'), port('output', `rdata${r}_o`, 'WIDTH'));
  const t = sv ? 'logic' : 'reg';
  const L = [];
  L.push(`// ${name}: ${nregs}-entry register file, ${nread} read port(s), 1 write port.`);
  L.push(...moduleHeader(sv ? 'sv' : 'v2001', name, params, ports));
  L.push(`  ${t} [WIDTH-1:0] regs_q [0:NREGS-1];`);
  L.push(sv ? '  logic [NREGS-1:0] wr_sel;' : '  wire [NREGS-1:0] wr_sel;');
  L.push('');
  L.push('  genvar gi;');
  L.push('  generate');
  L.push('    for (gi = 0; gi < NREGS; gi = gi + 1) begin : g_reg');
  L.push('      assign wr_sel[gi] = we_i && (waddr_i == gi) && !(ZERO_REG != 0 && gi == 0);');
  L.push(sv ? '      always_ff @(posedge clk or negedge rst_n) begin' : '      always @(posedge clk or negedge rst_n) begin');
  L.push("        if (!rst_n)          regs_q[gi] <= {WIDTH{1'b0}};");
  L.push('        else if (wr_sel[gi]) regs_q[gi] <= wdata_i;');
  L.push('      end');
  L.push('    end');
  L.push('  endgenerate');
  L.push('');
  for (let r = 0; r < nread; r++) {
    if (rng.chance(0.5)) {
      L.push(`  // Read port ${r} with write-to-read bypass`);
      L.push(`  assign rdata${r}_o = (we_i && (waddr_i == raddr${r}_i)) ? wdata_i : regs_q[raddr${r}_i];`);
    } else {
      L.push(`  // Read port ${r}`);
      L.push(`  assign rdata${r}_o = regs_q[raddr${r}_i];`);
    }
  }
  L.push('');
  L.push('endmodule');
  return { name, kind: 'regfile', style, params, ports, lines: L, deps: [] };
}

function genCsr(rng, name, style, sub) {
  const sv = style === 'sv';
  const regs = rng.sample(REG_NAMES, rng.int(8, 24));
  const params = [{ name: 'AW', value: 8 }, { name: 'DW', value: 32 }];
  const ports = [port('input', 'clk', 1, 'clk'), port('input', 'rst_n', 1, 'rst'), port('input', 'req_i'), port('input', 'we_i'), port('input', 'addr_i', 'AW'), port('input', 'wdata_i', 'DW'), port('input', 'be_i', 4), port('output', 'rdata_o', 'DW'), port('output', 'ack_o'), port('output', 'err_o'), port('input', 'hw_status_i', 'DW'), port('output', 'ctrl_o', 'DW'), port('output', 'irq_o')];
  const t = sv ? 'logic' : 'reg';
  const L = [];
  const SUB = sub.toUpperCase();
  L.push(`// ${name}: control/status register bank (${regs.length} registers).`);
  L.push(...moduleHeader(sv ? 'sv' : 'v2001', name, params, ports));
  L.push('  // Register map');
  regs.forEach((r, i) => L.push(`  localparam [AW-1:0] ADDR_${r} = 8'h${(i * 4).toString(16).padStart(2, '0')};`));
  L.push('');
  regs.forEach((r) => L.push(`  ${t} [DW-1:0] ${r.toLowerCase()}_q;`));
  L.push(`  ${t} [DW-1:0] rdata_d;`);
  L.push(`  ${t}          hit_d;`);
  L.push(`  ${t}          ack_q;`);
  L.push(`  ${t}          err_q;`);
  L.push(`  ${t} [DW-1:0] rdata_q;`);
  L.push(sv ? '  logic [DW-1:0] wmask;' : '  wire [DW-1:0] wmask;');
  L.push('');
  L.push('  // Byte enables to a bit mask');
  L.push("  assign wmask = {{8{be_i[3]}}, {8{be_i[2]}}, {8{be_i[1]}}, {8{be_i[0]}}};");
  L.push('');
  L.push('  // Writes');
  L.push(sv ? '  always_ff @(posedge clk or negedge rst_n) begin' : '  always @(posedge clk or negedge rst_n) begin');
  L.push('    if (!rst_n) begin');
  regs.forEach((r) => L.push(`      ${r.toLowerCase()}_q <= ${r === 'VERSION' ? `\`${SUB}_VERSION` : rng.chance(0.3) ? rng.hex(32) : "32'h0"};`));
  L.push('    end else begin');
  regs.forEach((r) => {
    const lc = r.toLowerCase();
    if (r === 'STATUS' || r === 'VERSION' || r === 'FIFO_LVL') {
      L.push(`      // ${r} is read-only`);
      if (r === 'STATUS') L.push(`      ${lc}_q <= hw_status_i;`);
      return;
    }
    L.push(`      if (req_i && we_i && addr_i == ADDR_${r})`);
    if (r === 'IRQ_STAT') L.push(`        ${lc}_q <= ${lc}_q & ~(wdata_i & wmask); // write one to clear`);
    else L.push(`        ${lc}_q <= (${lc}_q & ~wmask) | (wdata_i & wmask);`);
  });
  L.push('    end');
  L.push('  end');
  L.push('');
  L.push('  // Read mux');
  L.push(sv ? '  always_comb begin' : '  always @(*) begin');
  L.push("    rdata_d = {DW{1'b0}};");
  L.push("    hit_d   = 1'b1;");
  L.push('    case (addr_i)');
  regs.forEach((r) => L.push(`      ADDR_${r}: rdata_d = ${r.toLowerCase()}_q;`));
  L.push("      default: hit_d = 1'b0;");
  L.push('    endcase');
  L.push('  end');
  L.push('');
  L.push(sv ? '  always_ff @(posedge clk or negedge rst_n) begin' : '  always @(posedge clk or negedge rst_n) begin');
  L.push('    if (!rst_n) begin');
  L.push("      ack_q   <= 1'b0;");
  L.push("      err_q   <= 1'b0;");
  L.push("      rdata_q <= {DW{1'b0}};");
  L.push('    end else begin');
  L.push('      ack_q   <= req_i;');
  L.push('      err_q   <= req_i && !hit_d;');
  L.push('      if (req_i && !we_i) rdata_q <= rdata_d;');
  L.push('    end');
  L.push('  end');
  L.push('');
  L.push('  assign rdata_o = rdata_q;');
  L.push('  assign ack_o   = ack_q;');
  L.push('  assign err_o   = err_q;');
  L.push(`  assign ctrl_o  = ${regs.includes('CTRL') ? 'ctrl_q' : regs[0].toLowerCase() + '_q'};`);
  L.push(`  assign irq_o   = ${regs.includes('IRQ_EN') && regs.includes('IRQ_STAT') ? '|(irq_en_q & irq_stat_q)' : "1'b0"};`);
  L.push('');
  L.push('endmodule');
  return { name, kind: 'csr', style, params, ports, lines: L, deps: [] };
}

function genPipeline(rng, name, style) {
  const sv = style === 'sv';
  const stages = rng.int(3, 10);
  const params = [{ name: 'WIDTH', value: rng.pick([16, 24, 32, 48]) }, { name: 'STAGES', value: stages }];
  const ports = [port('input', 'clk', 1, 'clk'), port('input', 'rst_n', 1, 'rst'), port('input', 'in_valid_i'), port('output', 'in_ready_o'), port('input', 'in_data_i', 'WIDTH'), port('output', 'out_valid_o'), port('input', 'out_ready_i'), port('output', 'out_data_o', 'WIDTH'), port('input', 'coef_i', 'WIDTH')];
  const t = sv ? 'logic' : 'reg';
  const L = [];
  L.push(`// ${name}: ${stages}-stage valid/ready pipeline with per-stage arithmetic.`);
  L.push(...moduleHeader(sv ? 'sv' : 'v2001', name, params, ports));
  L.push(`  ${t} [WIDTH-1:0] stage_data [0:STAGES];`);
  L.push(`  ${t} [STAGES:0]  stage_valid;`);
  L.push(sv ? '  logic [STAGES:0]  stage_ready;' : '  wire [STAGES:0]  stage_ready;');
  L.push('');
  L.push(sv ? '  always_comb begin' : '  always @(*) begin');
  L.push('    stage_data[0]  = in_data_i;');
  L.push('    stage_valid[0] = in_valid_i;');
  L.push('  end');
  L.push('  assign in_ready_o = stage_ready[0];');
  L.push('  assign stage_ready[STAGES] = out_ready_i;');
  L.push('');
  L.push('  genvar s;');
  L.push('  generate');
  L.push('    for (s = 0; s < STAGES; s = s + 1) begin : g_stage');
  L.push(`      ${sv ? 'logic' : 'wire'} [WIDTH-1:0] op_result;`);
  L.push('      // Each stage applies a different cheap operation, chosen by its index.');
  L.push('      if (s % 4 == 0) begin : g_add');
  L.push('        assign op_result = stage_data[s] + coef_i;');
  L.push('      end else if (s % 4 == 1) begin : g_xor');
  L.push('        assign op_result = stage_data[s] ^ {coef_i[WIDTH/2-1:0], coef_i[WIDTH-1:WIDTH/2]};');
  L.push('      end else if (s % 4 == 2) begin : g_shift');
  L.push("        assign op_result = {stage_data[s][WIDTH-2:0], stage_data[s][WIDTH-1]};");
  L.push('      end else begin : g_sub');
  L.push('        assign op_result = stage_data[s] - (coef_i >> s);');
  L.push('      end');
  L.push('      assign stage_ready[s] = !stage_valid[s+1] || stage_ready[s+1];');
  L.push(sv ? '      always_ff @(posedge clk or negedge rst_n) begin' : '      always @(posedge clk or negedge rst_n) begin');
  L.push('        if (!rst_n) begin');
  L.push("          stage_valid[s+1] <= 1'b0;");
  L.push("          stage_data[s+1]  <= {WIDTH{1'b0}};");
  L.push('        end else if (stage_ready[s]) begin');
  L.push('          stage_valid[s+1] <= stage_valid[s];');
  L.push('          if (stage_valid[s]) stage_data[s+1] <= op_result;');
  L.push('        end');
  L.push('      end');
  L.push('    end');
  L.push('  endgenerate');
  L.push('');
  // Some hand-written side logic: statistics counters.
  const nstats = rng.int(2, 6);
  L.push('  // Throughput statistics');
  for (let i = 0; i < nstats; i++) {
    const cname = `${rng.pick(['beat', 'stall', 'bubble', 'drop', 'sat', 'wrap'])}_cnt${i}_q`;
    L.push(`  ${t} [31:0] ${cname};`);
    L.push(sv ? '  always_ff @(posedge clk or negedge rst_n) begin' : '  always @(posedge clk or negedge rst_n) begin');
    L.push(`    if (!rst_n) ${cname} <= 32'd0;`);
    L.push(`    else if (${rng.pick(['out_valid_o && out_ready_i', 'in_valid_i && !in_ready_o', '!stage_valid[1]', 'stage_valid[STAGES] && !out_ready_i'])}) ${cname} <= ${cname} + 32'd1;`);
    L.push('  end');
  }
  L.push('');
  L.push('  assign out_valid_o = stage_valid[STAGES];');
  L.push('  assign out_data_o  = stage_data[STAGES];');
  L.push('');
  L.push('endmodule');
  return { name, kind: 'pipeline', style, params, ports, lines: L, deps: [] };
}

function genMacUnit(rng, name) {
  const params = [{ name: 'AW', value: 8 }, { name: 'BW', value: 8 }, { name: 'ACCW', value: 24 }];
  const ports = [port('input', 'clk', 1, 'clk'), port('input', 'rst_n', 1, 'rst'), port('input', 'clear_i'), port('input', 'en_i'), port('input', 'a_i', 'AW'), port('input', 'b_i', 'BW'), port('output', 'a_o', 'AW'), port('output', 'b_o', 'BW'), port('output', 'acc_o', 'ACCW')];
  const L = [];
  L.push(`// ${name}: multiply-accumulate cell for systolic arrays; forwards its operands.`);
  L.push(...moduleHeader('sv', name, params, ports));
  L.push('  logic signed [AW+BW-1:0] prod;');
  L.push('  logic signed [ACCW-1:0]  acc_q;');
  L.push('  logic [AW-1:0]           a_q;');
  L.push('  logic [BW-1:0]           b_q;');
  L.push('');
  L.push('  assign prod = $signed(a_i) * $signed(b_i);');
  L.push('');
  L.push('  always_ff @(posedge clk or negedge rst_n) begin');
  L.push('    if (!rst_n) begin');
  L.push("      acc_q <= '0;");
  L.push("      a_q   <= '0;");
  L.push("      b_q   <= '0;");
  L.push('    end else if (clear_i) begin');
  L.push("      acc_q <= '0;");
  L.push('    end else if (en_i) begin');
  L.push('      acc_q <= acc_q + ACCW\'(prod);');
  L.push('      a_q   <= a_i;');
  L.push('      b_q   <= b_i;');
  L.push('    end');
  L.push('  end');
  L.push('');
  L.push('  assign a_o   = a_q;');
  L.push('  assign b_o   = b_q;');
  L.push('  assign acc_o = acc_q;');
  L.push('');
  L.push(`endmodule : ${name}`);
  return { name, kind: 'mac_unit', style: 'sv', params, ports, lines: L, deps: [] };
}

function genMacArray(rng, name, mac) {
  const rows = rng.int(2, 8);
  const cols = rng.int(2, 8);
  const params = [{ name: 'ROWS', value: rows }, { name: 'COLS', value: cols }, { name: 'DW', value: 8 }, { name: 'ACCW', value: 24 }];
  const ports = [port('input', 'clk', 1, 'clk'), port('input', 'rst_n', 1, 'rst'), port('input', 'clear_i'), port('input', 'en_i'), port('input', 'a_col_i', rows * 8), port('input', 'b_row_i', cols * 8), port('output', 'sum_o', 32), port('output', 'sat_o')];
  const L = [];
  L.push(`// ${name}: ${rows}x${cols} systolic MAC array built from ${mac.name}.`);
  L.push(...moduleHeader('sv', name, params, ports));
  L.push('  logic [DW-1:0]   a_bus [0:ROWS-1][0:COLS];');
  L.push('  logic [DW-1:0]   b_bus [0:ROWS][0:COLS-1];');
  L.push('  logic [ACCW-1:0] acc   [0:ROWS-1][0:COLS-1];');
  L.push('  logic [31:0]     total;');
  L.push('');
  L.push('  // Feed the west and north edges.');
  L.push('  for (genvar r = 0; r < ROWS; r++) begin : g_west');
  L.push('    assign a_bus[r][0] = a_col_i[r*DW +: DW];');
  L.push('  end');
  L.push('  for (genvar c = 0; c < COLS; c++) begin : g_north');
  L.push('    assign b_bus[0][c] = b_row_i[c*DW +: DW];');
  L.push('  end');
  L.push('');
  L.push('  for (genvar r = 0; r < ROWS; r++) begin : g_row');
  L.push('    for (genvar c = 0; c < COLS; c++) begin : g_col');
  L.push(`      ${mac.name} #(`);
  L.push('        .AW   (DW),');
  L.push('        .BW   (DW),');
  L.push('        .ACCW (ACCW)');
  L.push('      ) u_mac (');
  L.push('        .clk     (clk),');
  L.push('        .rst_n   (rst_n),');
  L.push('        .clear_i (clear_i),');
  L.push('        .en_i    (en_i),');
  L.push('        .a_i     (a_bus[r][c]),');
  L.push('        .b_i     (b_bus[r][c]),');
  L.push('        .a_o     (a_bus[r][c+1]),');
  L.push('        .b_o     (b_bus[r+1][c]),');
  L.push('        .acc_o   (acc[r][c])');
  L.push('      );');
  L.push('    end');
  L.push('  end');
  L.push('');
  L.push('  // Reduction of all accumulators.');
  L.push('  always_comb begin');
  L.push("    total = '0;");
  L.push('    for (int r = 0; r < ROWS; r++)');
  L.push('      for (int c = 0; c < COLS; c++)');
  L.push('        total = total + 32\'(signed\'(acc[r][c]));');
  L.push('  end');
  L.push('');
  L.push('  assign sum_o = total;');
  L.push("  assign sat_o = (total[31:ACCW] != '0);");
  L.push('');
  L.push(`endmodule : ${name}`);
  return { name, kind: 'mac_array', style: 'sv', params, ports, lines: L, deps: [mac.name] };
}

function genArbiter(rng, name) {
  const params = [{ name: 'N', value: 4 }];
  const ports = [port('input', 'clk', 1, 'clk'), port('input', 'rst_n', 1, 'rst'), port('input', 'req_i', 'N'), port('input', 'hold_i'), port('output', 'gnt_o', 'N'), port('output', 'valid_o')];
  const L = [];
  L.push(`// ${name}: round-robin arbiter with a rotating priority pointer.`);
  L.push(...moduleHeader('sv', name, params, ports));
  L.push('  logic [N-1:0]   mask_q;');
  L.push('  logic [N-1:0]   masked_req;');
  L.push('  logic [N-1:0]   gnt_masked, gnt_unmasked, gnt_d, gnt_q;');
  L.push('  logic [2*N-1:0] dbl;');
  L.push('');
  L.push('  assign masked_req = req_i & mask_q;');
  L.push('');
  L.push('  // Priority pick: lowest set bit.');
  L.push('  function automatic logic [N-1:0] lowest(input logic [N-1:0] v);');
  L.push('    return v & (~v + 1\'b1);');
  L.push('  endfunction');
  L.push('');
  L.push('  assign gnt_masked   = lowest(masked_req);');
  L.push('  assign gnt_unmasked = lowest(req_i);');
  L.push("  assign gnt_d        = (masked_req != '0) ? gnt_masked : gnt_unmasked;");
  L.push('');
  L.push('  always_ff @(posedge clk or negedge rst_n) begin');
  L.push('    if (!rst_n) begin');
  L.push("      mask_q <= '1;");
  L.push("      gnt_q  <= '0;");
  L.push('    end else if (!hold_i) begin');
  L.push('      gnt_q <= gnt_d;');
  L.push("      if (gnt_d != '0) mask_q <= ~((gnt_d << 1) - 1'b1);");
  L.push('    end');
  L.push('  end');
  L.push('');
  L.push('  assign gnt_o   = gnt_q;');
  L.push("  assign valid_o = (gnt_q != '0);");
  L.push('');
  L.push(`endmodule : ${name}`);
  return { name, kind: 'arbiter', style: 'sv', params, ports, lines: L, deps: [] };
}

function genInterconnect(rng, name, arb, pkg) {
  const nm = rng.int(2, 6);
  const ns = rng.int(2, 8);
  const params = [{ name: 'NM', value: nm }, { name: 'NS', value: ns }, { name: 'AW', value: 32 }, { name: 'DW', value: 32 }];
  const ports = [port('input', 'clk', 1, 'clk'), port('input', 'rst_n', 1, 'rst')];
  for (let m = 0; m < nm; m++) ports.push(port('input', `m${m}_req_i`), port('input', `m${m}_we_i`), port('input', `m${m}_addr_i`, 'AW'), port('input', `m${m}_wdata_i`, 'DW'), port('output', `m${m}_gnt_o`), port('output', `m${m}_rdata_o`, 'DW'), port('output', `m${m}_err_o`));
  for (let s = 0; s < ns; s++) ports.push(port('output', `s${s}_req_o`), port('output', `s${s}_we_o`), port('output', `s${s}_addr_o`, 'AW'), port('output', `s${s}_wdata_o`, 'DW'), port('input', `s${s}_ack_i`), port('input', `s${s}_rdata_i`, 'DW'));
  const L = [];
  L.push(`// ${name}: ${nm}-master / ${ns}-slave crossbar with per-slave round-robin arbitration.`);
  L.push(...moduleHeader('sv', name, params, ports));
  if (pkg && rng.chance(0.5)) L.push(`  import ${pkg}::*;`, '');
  L.push('  // Address map');
  for (let s = 0; s < ns; s++) {
    L.push(`  localparam logic [AW-1:0] S${s}_BASE = 32'h${(0x40000000 + s * 0x10000).toString(16)};`);
    L.push(`  localparam logic [AW-1:0] S${s}_MASK = 32'hffff0000;`);
  }
  L.push('');
  L.push('  logic [NM-1:0]          m_req;');
  L.push('  logic [NM-1:0]          m_we;');
  L.push('  logic [AW-1:0]          m_addr  [NM];');
  L.push('  logic [DW-1:0]          m_wdata [NM];');
  L.push('  logic [NS-1:0]          m_sel   [NM];');
  L.push('  logic [NM-1:0]          s_reqs  [NS];');
  L.push('  logic [NM-1:0]          s_gnt   [NS];');
  L.push('  logic [NS-1:0]          s_ack;');
  L.push('  logic [DW-1:0]          s_rdata [NS];');
  L.push('');
  L.push('  // Gather master requests into arrays.');
  for (let m = 0; m < nm; m++) {
    L.push(`  assign m_req[${m}]   = m${m}_req_i;`);
    L.push(`  assign m_we[${m}]    = m${m}_we_i;`);
    L.push(`  assign m_addr[${m}]  = m${m}_addr_i;`);
    L.push(`  assign m_wdata[${m}] = m${m}_wdata_i;`);
  }
  for (let s = 0; s < ns; s++) {
    L.push(`  assign s_ack[${s}]   = s${s}_ack_i;`);
    L.push(`  assign s_rdata[${s}] = s${s}_rdata_i;`);
  }
  L.push('');
  L.push('  // Address decode');
  L.push('  always_comb begin');
  L.push('    for (int m = 0; m < NM; m++) begin');
  L.push("      m_sel[m] = '0;");
  for (let s = 0; s < ns; s++) L.push(`      if ((m_addr[m] & S${s}_MASK) == S${s}_BASE) m_sel[m][${s}] = m_req[m];`);
  L.push('    end');
  L.push('  end');
  L.push('');
  L.push('  // Per-slave arbitration');
  L.push('  for (genvar s = 0; s < NS; s++) begin : g_slave');
  L.push('    for (genvar m = 0; m < NM; m++) begin : g_req');
  L.push('      assign s_reqs[s][m] = m_sel[m][s];');
  L.push('    end');
  L.push(`    ${arb.name} #(.N(NM)) u_arb (`);
  L.push('      .clk     (clk),');
  L.push('      .rst_n   (rst_n),');
  L.push('      .req_i   (s_reqs[s]),');
  L.push('      .hold_i  (1\'b0),');
  L.push('      .gnt_o   (s_gnt[s]),');
  L.push('      .valid_o ()');
  L.push('    );');
  L.push('  end');
  L.push('');
  L.push('  // Slave-side muxes');
  for (let s = 0; s < ns; s++) {
    L.push('  always_comb begin');
    L.push(`    s${s}_req_o   = 1'b0;`);
    L.push(`    s${s}_we_o    = 1'b0;`);
    L.push(`    s${s}_addr_o  = '0;`);
    L.push(`    s${s}_wdata_o = '0;`);
    L.push('    for (int m = 0; m < NM; m++) begin');
    L.push(`      if (s_gnt[${s}][m]) begin`);
    L.push(`        s${s}_req_o   = 1'b1;`);
    L.push(`        s${s}_we_o    = m_we[m];`);
    L.push(`        s${s}_addr_o  = m_addr[m];`);
    L.push(`        s${s}_wdata_o = m_wdata[m];`);
    L.push('      end');
    L.push('    end');
    L.push('  end');
  }
  L.push('');
  L.push('  // Master-side responses');
  for (let m = 0; m < nm; m++) {
    L.push('  always_comb begin');
    L.push(`    m${m}_gnt_o   = 1'b0;`);
    L.push(`    m${m}_rdata_o = '0;`);
    L.push(`    m${m}_err_o   = m${m}_req_i && (m_sel[${m}] == '0);`);
    L.push('    for (int s = 0; s < NS; s++) begin');
    L.push(`      if (s_gnt[s][${m}] && s_ack[s]) begin`);
    L.push(`        m${m}_gnt_o   = 1'b1;`);
    L.push(`        m${m}_rdata_o = s_rdata[s];`);
    L.push('      end');
    L.push('    end');
    L.push('  end');
  }
  L.push('');
  L.push(`endmodule : ${name}`);
  // output ports are assigned in always_comb: mark them logic (sv header already does)
  return { name, kind: 'interconnect', style: 'sv', params, ports, lines: L, deps: [arb.name] };
}

function genCounter(rng, name, style) {
  const params = [{ name: 'WIDTH', value: rng.pick([8, 12, 16, 24, 32]) }];
  const ports = [port('input', 'clk', 1, 'clk'), port('input', 'rst_n', 1, 'rst'), port('input', 'en'), port('input', 'load'), port('input', 'up'), port('input', 'load_val', 'WIDTH'), { ...port('output', 'count', 'WIDTH'), reg: true }, port('output', 'wrap')];
  const L = [];
  L.push(`// ${name}: loadable up/down counter.`);
  L.push(...moduleHeader(style, name, params, ports));
  L.push('  always @(posedge clk or negedge rst_n) begin');
  L.push('    if (!rst_n)');
  L.push("      count <= {WIDTH{1'b0}};");
  L.push('    else if (load)');
  L.push('      count <= load_val;');
  L.push('    else if (en) begin');
  L.push("      if (up) count <= count + 1'b1;");
  L.push("      else    count <= count - 1'b1;");
  L.push('    end');
  L.push('  end');
  L.push('');
  L.push("  assign wrap = en && ((up && (&count)) || (!up && (count == {WIDTH{1'b0}})));");
  L.push('');
  L.push('endmodule');
  return { name, kind: 'counter', style, params, ports, lines: L, deps: [] };
}

function genLfsr(rng, name, style) {
  const width = rng.pick([8, 16, 24, 32]);
  const taps = { 8: "8'hb8", 16: "16'hb400", 24: "24'he10000", 32: "32'ha3000000" }[width];
  const params = [{ name: 'WIDTH', value: width }, { name: 'TAPS', value: taps }, { name: 'SEED', value: rng.hex(width) }];
  const ports = [port('input', 'clk', 1, 'clk'), port('input', 'rst_n', 1, 'rst'), port('input', 'en'), port('input', 'reseed'), port('input', 'seed_val', 'WIDTH'), port('output', 'rnd', 'WIDTH'), port('output', 'bit_o')];
  const L = [];
  L.push(`// ${name}: Galois LFSR pseudo-random generator.`);
  L.push(...moduleHeader(style, name, params, ports));
  L.push('  reg [WIDTH-1:0] state;');
  L.push('');
  L.push('  always @(posedge clk or negedge rst_n) begin');
  L.push('    if (!rst_n)');
  L.push('      state <= SEED;');
  L.push('    else if (reseed)');
  L.push("      state <= (seed_val == {WIDTH{1'b0}}) ? SEED : seed_val;");
  L.push('    else if (en)');
  L.push("      state <= state[0] ? ((state >> 1) ^ TAPS) : (state >> 1);");
  L.push('  end');
  L.push('');
  L.push('  assign rnd   = state;');
  L.push('  assign bit_o = state[0];');
  L.push('');
  L.push('endmodule');
  return { name, kind: 'lfsr', style, params, ports, lines: L, deps: [] };
}

function genCrc(rng, name, style) {
  const params = [{ name: 'DW', value: rng.pick([8, 16, 32]) }, { name: 'POLY', value: "32'h04c11db7" }];
  const ports = [port('input', 'clk', 1, 'clk'), port('input', 'rst_n', 1, 'rst'), port('input', 'init'), port('input', 'valid'), port('input', 'data', 'DW'), port('output', 'crc', 32)];
  const L = [];
  L.push(`// ${name}: CRC-32 over DW-bit words, one word per clock.`);
  L.push(...moduleHeader(style, name, params, ports));
  L.push('  reg [31:0] crc_q;');
  L.push('  reg [31:0] crc_next;');
  L.push('  integer i;');
  L.push('');
  L.push('  always @(*) begin');
  L.push('    crc_next = crc_q;');
  L.push('    for (i = DW - 1; i >= 0; i = i - 1) begin');
  L.push('      if (crc_next[31] ^ data[i]) crc_next = (crc_next << 1) ^ POLY;');
  L.push('      else                        crc_next = crc_next << 1;');
  L.push('    end');
  L.push('  end');
  L.push('');
  L.push('  always @(posedge clk or negedge rst_n) begin');
  L.push("    if (!rst_n)     crc_q <= 32'hffffffff;");
  L.push("    else if (init)  crc_q <= 32'hffffffff;");
  L.push('    else if (valid) crc_q <= crc_next;');
  L.push('  end');
  L.push('');
  L.push('  assign crc = ~crc_q;');
  L.push('');
  L.push('endmodule');
  return { name, kind: 'crc', style, params, ports, lines: L, deps: [] };
}

function genUartTx(rng, name, style) {
  const params = [{ name: 'CLKS_PER_BIT', value: rng.pick([16, 87, 434, 868]) }, { name: 'CW', value: 10 }];
  const ports = [port('input', 'clk', 1, 'clk'), port('input', 'rst_n', 1, 'rst'), port('input', 'tx_start'), port('input', 'tx_byte', 8), { ...port('output', 'tx_serial'), reg: true }, port('output', 'tx_busy'), { ...port('output', 'tx_done'), reg: true }];
  const L = [];
  L.push(`// ${name}: 8N1 UART transmitter.`);
  L.push(...moduleHeader(style, name, params, ports));
  L.push("  localparam [1:0] ST_IDLE = 2'd0, ST_START = 2'd1, ST_DATA = 2'd2, ST_STOP = 2'd3;");
  L.push('');
  L.push('  reg [1:0]    state;');
  L.push('  reg [CW-1:0] clk_cnt;');
  L.push('  reg [2:0]    bit_idx;');
  L.push('  reg [7:0]    shreg;');
  L.push('');
  L.push('  always @(posedge clk or negedge rst_n) begin');
  L.push('    if (!rst_n) begin');
  L.push('      state     <= ST_IDLE;');
  L.push("      clk_cnt   <= {CW{1'b0}};");
  L.push("      bit_idx   <= 3'd0;");
  L.push("      shreg     <= 8'd0;");
  L.push("      tx_serial <= 1'b1;");
  L.push("      tx_done   <= 1'b0;");
  L.push('    end else begin');
  L.push("      tx_done <= 1'b0;");
  L.push('      case (state)');
  L.push('        ST_IDLE: begin');
  L.push("          tx_serial <= 1'b1;");
  L.push('          if (tx_start) begin');
  L.push('            shreg <= tx_byte;');
  L.push('            state <= ST_START;');
  L.push("            clk_cnt <= {CW{1'b0}};");
  L.push('          end');
  L.push('        end');
  L.push('        ST_START: begin');
  L.push("          tx_serial <= 1'b0;");
  L.push("          if (clk_cnt == CLKS_PER_BIT - 1) begin clk_cnt <= {CW{1'b0}}; state <= ST_DATA; end");
  L.push("          else clk_cnt <= clk_cnt + 1'b1;");
  L.push('        end');
  L.push('        ST_DATA: begin');
  L.push('          tx_serial <= shreg[bit_idx];');
  L.push('          if (clk_cnt == CLKS_PER_BIT - 1) begin');
  L.push("            clk_cnt <= {CW{1'b0}};");
  L.push("            if (bit_idx == 3'd7) begin bit_idx <= 3'd0; state <= ST_STOP; end");
  L.push("            else bit_idx <= bit_idx + 1'b1;");
  L.push("          end else clk_cnt <= clk_cnt + 1'b1;");
  L.push('        end');
  L.push('        ST_STOP: begin');
  L.push("          tx_serial <= 1'b1;");
  L.push("          if (clk_cnt == CLKS_PER_BIT - 1) begin tx_done <= 1'b1; state <= ST_IDLE; end");
  L.push("          else clk_cnt <= clk_cnt + 1'b1;");
  L.push('        end');
  L.push('        default: state <= ST_IDLE;');
  L.push('      endcase');
  L.push('    end');
  L.push('  end');
  L.push('');
  L.push('  assign tx_busy = (state != ST_IDLE);');
  L.push('');
  L.push('endmodule');
  return { name, kind: 'uart_tx', style, params, ports, lines: L, deps: [] };
}

function genSync(rng, name, style) {
  const params = [{ name: 'WIDTH', value: rng.pick([1, 2, 4, 8]) }, { name: 'STAGES', value: rng.pick([2, 3]) }];
  const ports = [port('input', 'clk', 1, 'clk'), port('input', 'rst_n', 1, 'rst'), port('input', 'd', 'WIDTH'), port('output', 'q', 'WIDTH'), port('output', 'rise'), port('output', 'fall')];
  const L = [];
  L.push(`// ${name}: multi-flop synchroniser with edge detection on bit 0.`);
  L.push(...moduleHeader(style, name, params, ports));
  L.push('  reg [WIDTH-1:0] sync_q [0:STAGES-1];');
  L.push('  reg             last_q;');
  L.push('  integer k;');
  L.push('');
  L.push('  always @(posedge clk or negedge rst_n) begin');
  L.push('    if (!rst_n) begin');
  L.push("      for (k = 0; k < STAGES; k = k + 1) sync_q[k] <= {WIDTH{1'b0}};");
  L.push("      last_q <= 1'b0;");
  L.push('    end else begin');
  L.push('      sync_q[0] <= d;');
  L.push('      for (k = 1; k < STAGES; k = k + 1) sync_q[k] <= sync_q[k-1];');
  L.push('      last_q <= sync_q[STAGES-1][0];');
  L.push('    end');
  L.push('  end');
  L.push('');
  L.push('  assign q    = sync_q[STAGES-1];');
  L.push('  assign rise = sync_q[STAGES-1][0] & ~last_q;');
  L.push('  assign fall = ~sync_q[STAGES-1][0] & last_q;');
  L.push('');
  L.push('endmodule');
  return { name, kind: 'sync', style, params, ports, lines: L, deps: [] };
}

/** A module using the bus interface (interface port, member accesses). */
function genBusSlave(rng, name, iface) {
  const params = [{ name: 'DEPTH', value: rng.pick([16, 64, 256]) }, { name: 'AW', value: 8 }];
  const ports = [port('input', 'clk', 1, 'clk'), port('input', 'rst_n', 1, 'rst')];
  const L = [];
  L.push(`// ${name}: memory-mapped scratch RAM on the ${iface} interface.`);
  L.push(`module ${name} #(`);
  L.push(`  parameter int DEPTH = ${params[0].value},`);
  L.push('  parameter int AW = 8');
  L.push(') (');
  L.push('  input logic clk,');
  L.push('  input logic rst_n,');
  L.push(`  ${iface}.slave bus`);
  L.push(');');
  L.push('');
  L.push('  logic [31:0] ram [DEPTH];');
  L.push('  logic        ack_q;');
  L.push('  logic [31:0] rdata_q;');
  L.push('');
  L.push('  always_ff @(posedge clk) begin');
  L.push('    if (bus.req && bus.we) ram[bus.addr[AW+1:2]] <= bus.wdata;');
  L.push('  end');
  L.push('');
  L.push('  always_ff @(posedge clk or negedge rst_n) begin');
  L.push('    if (!rst_n) begin');
  L.push("      ack_q   <= 1'b0;");
  L.push("      rdata_q <= '0;");
  L.push('    end else begin');
  L.push('      ack_q <= bus.req;');
  L.push('      if (bus.req && !bus.we) rdata_q <= ram[bus.addr[AW+1:2]];');
  L.push('    end');
  L.push('  end');
  L.push('');
  L.push('  assign bus.ack   = ack_q;');
  L.push('  assign bus.rdata = rdata_q;');
  L.push('');
  L.push(`endmodule : ${name}`);
  return { name, kind: 'bus_slave', style: 'sv', params, ports: [...ports, { dir: 'interface', name: 'bus', width: 1, role: 'iface', iface }], lines: L, deps: [] };
}

const KINDS = [
  ['alu', 3], ['fifo', 4], ['fsm', 4], ['regfile', 2], ['csr', 3], ['pipeline', 3], ['mac_array', 2], ['interconnect', 2], ['counter', 2], ['lfsr', 1], ['crc', 1], ['uart_tx', 1], ['sync', 2], ['bus_slave', 1],
];

// ---------------------------------------------------------------- containers

class Design {
  constructor(rng) {
    this.rng = rng;
    this.modules = new Map();
    this.counters = new Map();
  }
  uniqueName(base) {
    const n = (this.counters.get(base) ?? 0) + 1;
    this.counters.set(base, n);
    return `${base}_${n}`;
  }
  add(mod) {
    this.modules.set(mod.name, mod);
    return mod;
  }
}

function pickKind(rng) {
  const total = KINDS.reduce((a, [, w]) => a + w, 0);
  let x = rng.next() * total;
  for (const [k, w] of KINDS) if ((x -= w) < 0) return k;
  return KINDS[0][0];
}

function makeModule(design, kind, sub, ctx, forceSv = false) {
  const rng = design.rng;
  const style = forceSv ? 'sv' : rng.pick(['sv', 'sv', 'v2001', 'v1995']);
  const base = `${sub}_${kind}`;
  const name = design.uniqueName(base);
  switch (kind) {
    case 'alu': return genAlu(rng, name, style === 'v1995' ? 'v2001' : style);
    case 'fifo': return genFifo(rng, name, style === 'v1995' ? 'v2001' : style);
    case 'fsm': return genFsm(rng, name, style === 'v1995' ? 'sv' : style, ctx.pkg);
    case 'regfile': return genRegfile(rng, name, style === 'v1995' ? 'v2001' : style);
    case 'csr': return genCsr(rng, name, style === 'v1995' ? 'v2001' : style, sub);
    case 'pipeline': return genPipeline(rng, name, style === 'v1995' ? 'sv' : style);
    case 'mac_array': {
      const mac = genMacUnit(rng, design.uniqueName(`${sub}_mac_unit`));
      ctx.extra.push(mac);
      return genMacArray(rng, name, mac);
    }
    case 'interconnect': return genInterconnect(rng, name, ctx.arbiter, ctx.pkg);
    case 'counter': return genCounter(rng, name, style === 'sv' ? 'v2001' : style);
    case 'lfsr': return genLfsr(rng, name, style === 'sv' ? 'v1995' : style);
    case 'crc': return genCrc(rng, name, style === 'sv' ? 'v2001' : style);
    case 'uart_tx': return genUartTx(rng, name, style === 'sv' ? 'v2001' : style);
    case 'sync': return genSync(rng, name, style === 'sv' ? 'v1995' : style);
    case 'bus_slave': return genBusSlave(rng, name, ctx.iface);
    default: throw new Error(kind);
  }
}

function portWidth(mod, p, overrides) {
  if (typeof p.width === 'number') return p.width;
  const o = overrides.get(p.width);
  return o ?? paramValue(mod, p.width);
}

/** A top that instantiates modules (from other files) with declared nets and named connections. */
function genTop(rng, name, children, opts = {}) {
  const L = [];
  const ports = [port('input', 'clk', 1, 'clk'), port('input', 'rst_n', 1, 'rst'), port('input', 'cfg_i', 32), port('output', 'status_o', 32), port('output', 'irq_o')];
  L.push(`// ${name}: ${opts.what ?? 'subsystem top'}; instantiates ${children.length} blocks.`);
  L.push(...moduleHeader('sv', name, [{ name: 'NUM_LANES', value: rng.int(1, 4) }], ports));
  if (opts.pkg) L.push(`  import ${opts.pkg}::*;`, '');
  const statusBits = [];
  const irqs = [];
  if (opts.iface) {
    L.push(`  ${opts.iface} u_bus_if (.clk(clk), .rst_n(rst_n));`);
    L.push('');
  }
  children.forEach((child, ci) => {
    const inst = `u_${child.kind}_${ci}`;
    const overrides = new Map();
    const overridable = child.params.filter((p) => ['DEPTH', 'STAGES', 'TIMEOUT', 'NREGS', 'ROWS', 'COLS'].includes(p.name));
    const chosen = overridable.filter(() => rng.chance(0.5));
    for (const p of chosen) {
      const v = p.name === 'NREGS' ? paramValue(child, p.name) : Math.max(2, paramValue(child, p.name));
      overrides.set(p.name, v);
    }
    L.push(`  // ---- ${child.name} (${child.kind})`);
    const nets = [];
    const stems = new Map();
    for (const p of child.ports) {
      const stem = p.name.replace(/_[io]$/, '');
      stems.set(stem, (stems.get(stem) ?? 0) + 1);
    }
    for (const p of child.ports) {
      if (p.role === 'clk' || p.role === 'rst' || p.role === 'iface') continue;
      const w = portWidth(child, p, overrides);
      const stem = p.name.replace(/_[io]$/, '');
      const net = `${child.kind}${ci}_${stems.get(stem) > 1 ? p.name : stem}`;
      nets.push([p, net, w]);
      L.push(`  logic ${pad(range(w), 10)} ${net};`);
    }
    // drive inputs from config bits or other nets
    for (const [p, net, w] of nets) {
      if (p.dir !== 'input') continue;
      if (w === 1) L.push(`  assign ${net} = cfg_i[${rng.int(0, 31)}];`);
      else if (w <= 32) L.push(`  assign ${net} = cfg_i[${w - 1}:0] ^ ${w}'d${rng.int(0, Math.min(2 ** Math.min(w, 30) - 1, 1000))};`);
      else L.push(`  assign ${net} = {${Math.ceil(w / 32)}{cfg_i}};`);
    }
    const paramList = [...overrides].map(([k, v]) => `.${k}(${v})`);
    L.push(`  ${child.name}${paramList.length ? ` #(${paramList.join(', ')})` : ''} ${inst} (`);
    const conns = [];
    for (const p of child.ports) {
      if (p.role === 'clk') conns.push(`.${p.name}(clk)`);
      else if (p.role === 'rst') conns.push(`.${p.name}(rst_n)`);
      else if (p.role === 'iface') conns.push(`.${p.name}(u_bus_if)`);
      else conns.push(`.${p.name}(${nets.find(([q]) => q === p)[1]})`);
    }
    conns.forEach((c, i) => {
      const [n, v] = c.slice(1, -1).split('(');
      L.push(`    .${pad(n, 14)} (${v})${i < conns.length - 1 ? ',' : ''}`);
    });
    L.push('  );');
    for (const [p, net, w] of nets) {
      if (p.dir !== 'output') continue;
      if (w === 1) (p.name.includes('irq') || p.name.includes('err') ? irqs : statusBits).push(net);
      else statusBits.push(`^${net}`);
    }
    L.push('');
  });
  if (opts.iface) {
    L.push('  // Drive the bus interface from configuration');
    L.push('  assign u_bus_if.req   = cfg_i[0];');
    L.push('  assign u_bus_if.we    = cfg_i[1];');
    L.push("  assign u_bus_if.addr  = {cfg_i[31:2], 2'b00};");
    L.push('  assign u_bus_if.wdata = cfg_i;');
    L.push('');
  }
  L.push('  // Status collection');
  const bits = statusBits.slice(0, 32);
  L.push(`  assign status_o = {${32 - Math.min(bits.length, 32) > 0 ? `${32 - bits.length}'d0, ` : ''}${bits.join(', ') || "32'd0"}};`.replace(/\{(32'd0)\}/, '$1'));
  L.push(`  assign irq_o = ${irqs.length ? irqs.slice(0, 16).join(' | ') : "1'b0"};`);
  L.push('');
  L.push(`endmodule : ${name}`);
  return { name, kind: 'top', style: 'sv', params: [{ name: 'NUM_LANES', value: 1 }], ports, lines: L, deps: children.map((c) => c.name) };
}

function genPackage(rng, sub) {
  const name = `${sub}_pkg`;
  const L = [];
  L.push(...header(rng, `${name}.sv`, `Shared types and helpers of the ${sub} subsystem.`));
  L.push('`include "rtl_defs.vh"');
  L.push('');
  L.push(`package ${name};`);
  L.push('');
  L.push(`  parameter int ${sub.toUpperCase()}_DW = \`DATA_W;`);
  L.push(`  parameter int ${sub.toUpperCase()}_AW = \`ADDR_W;`);
  L.push(`  localparam int ${sub.toUpperCase()}_ID = ${rng.int(1, 200)};`);
  L.push('');
  const opNames = rng.sample(ALU_OPS.map(([o]) => o), 8);
  L.push('  typedef enum logic [3:0] {');
  opNames.forEach((o, i) => L.push(`    ${sub.toUpperCase()}_OP_${o}${i < opNames.length - 1 ? ',' : ''}`));
  L.push(`  } ${sub}_op_e;`);
  L.push('');
  L.push('  typedef struct packed {');
  L.push(`    logic [${sub.toUpperCase()}_AW-1:0] addr;`);
  L.push(`    logic [${sub.toUpperCase()}_DW-1:0] data;`);
  L.push('    logic [3:0]  be;');
  L.push('    logic        we;');
  L.push(`    ${sub}_op_e op;`);
  L.push(`  } ${sub}_req_t;`);
  L.push('');
  L.push('  typedef struct packed {');
  L.push(`    logic [${sub.toUpperCase()}_DW-1:0] data;`);
  L.push('    logic        err;');
  L.push('    logic        ack;');
  L.push(`  } ${sub}_rsp_t;`);
  L.push('');
  L.push(`  // Even parity of a byte.`);
  L.push(`  function automatic logic ${sub}_parity8(input logic [7:0] d);`);
  L.push('    return ^d;');
  L.push('  endfunction');
  L.push('');
  L.push(`  // Saturating add of two ${sub.toUpperCase()}_DW-bit values.`);
  L.push(`  function automatic logic [${sub.toUpperCase()}_DW-1:0] ${sub}_sat_add(input logic [${sub.toUpperCase()}_DW-1:0] a, input logic [${sub.toUpperCase()}_DW-1:0] b);`);
  L.push(`    logic [${sub.toUpperCase()}_DW:0] s;`);
  L.push('    s = a + b;');
  L.push(`    return s[${sub.toUpperCase()}_DW] ? '1 : s[${sub.toUpperCase()}_DW-1:0];`);
  L.push('  endfunction');
  L.push('');
  L.push(`endpackage : ${name}`);
  return { name, lines: L };
}

function genInterface(rng) {
  const L = [];
  L.push(...header(rng, 'simple_bus_if.sv', 'A simple request/acknowledge memory-mapped bus interface.'));
  L.push('interface simple_bus_if #(');
  L.push('  parameter int AW = 32,');
  L.push('  parameter int DW = 32');
  L.push(') (');
  L.push('  input logic clk,');
  L.push('  input logic rst_n');
  L.push(');');
  L.push('  logic          req;');
  L.push('  logic          we;');
  L.push('  logic [AW-1:0] addr;');
  L.push('  logic [DW-1:0] wdata;');
  L.push('  logic [DW-1:0] rdata;');
  L.push('  logic          ack;');
  L.push('');
  L.push('  modport master (output req, we, addr, wdata, input rdata, ack);');
  L.push('  modport slave  (input req, we, addr, wdata, output rdata, ack);');
  L.push('endinterface : simple_bus_if');
  return L;
}

function genGlobalDefs(rng) {
  return [
    ...header(rng, 'rtl_defs.vh', 'Global design constants and helper macros.'),
    '`ifndef RTL_DEFS_VH',
    '`define RTL_DEFS_VH',
    '',
    '// Datapath widths',
    '`define DATA_W 32',
    '`define ADDR_W 32',
    '`define STRB_W (`DATA_W/8)',
    '',
    '// Helpers',
    '`define MAX(a, b) (((a) > (b)) ? (a) : (b))',
    '`define MIN(a, b) (((a) < (b)) ? (a) : (b))',
    '`define BITS(n) ($clog2(n) > 0 ? $clog2(n) : 1)',
    '',
    '`ifndef SYNTHESIS',
    '`define ASSERT_ON',
    '`endif',
    '',
    '`endif // RTL_DEFS_VH',
  ];
}

function genSubDefs(rng, sub, index) {
  const S = sub.toUpperCase();
  const L = [...header(rng, `${sub}_defs.vh`, `Register offsets and constants of the ${sub} subsystem.`)];
  L.push(`\`ifndef ${S}_DEFS_VH`, `\`define ${S}_DEFS_VH`, '', '`include "rtl_defs.vh"', '');
  L.push(`\`define ${S}_VERSION 32'h${rng.int(0x10000, 0xfffff).toString(16)}`);
  L.push(`\`define ${S}_BASE    32'h${(0x40000000 + index * 0x100000).toString(16)}`);
  rng.sample(REG_NAMES, 10).forEach((r, i) => L.push(`\`define ${S}_REG_${r} 8'h${(i * 4).toString(16).padStart(2, '0')}`));
  L.push(`\`define ${S}_FIFO_DEPTH ${rng.pick([8, 16, 32])}`);
  L.push('', `\`endif // ${S}_DEFS_VH`);
  return L;
}

function genTestbench(rng, name, top) {
  const L = [...header(rng, `${name}.sv`, `Smoke test of ${top.name}.`)];
  L.push('`timescale 1ns/1ps');
  L.push('`include "rtl_defs.vh"');
  L.push('');
  L.push(`module ${name};`);
  L.push('  logic        clk = 0;');
  L.push('  logic        rst_n;');
  L.push('  logic [31:0] cfg;');
  L.push('  logic [31:0] status;');
  L.push('  logic        irq;');
  L.push('  int          errors = 0;');
  L.push('');
  L.push('  always #5 clk = ~clk;');
  L.push('');
  L.push(`  ${top.name} dut (`);
  L.push('    .clk      (clk),');
  L.push('    .rst_n    (rst_n),');
  L.push('    .cfg_i    (cfg),');
  L.push('    .status_o (status),');
  L.push('    .irq_o    (irq)');
  L.push('  );');
  L.push('');
  L.push('  task automatic apply_cfg(input logic [31:0] value, input int cycles);');
  L.push('    cfg = value;');
  L.push('    repeat (cycles) @(posedge clk);');
  L.push('  endtask');
  L.push('');
  L.push('  task automatic check_status(input logic [31:0] expected);');
  L.push('    if (status !== expected) begin');
  L.push('      $display("status mismatch: got %h expected %h", status, expected);');
  L.push('      errors++;');
  L.push('    end');
  L.push('  endtask');
  L.push('');
  L.push('  initial begin');
  L.push("    rst_n = 1'b0;");
  L.push("    cfg   = '0;");
  L.push('    repeat (10) @(posedge clk);');
  L.push("    rst_n = 1'b1;");
  const steps = rng.int(10, 40);
  for (let i = 0; i < steps; i++) {
    L.push(`    apply_cfg(${rng.hex(32)}, ${rng.int(1, 50)});`);
    if (rng.chance(0.3)) L.push(`    check_status(${rng.hex(32)});`);
  }
  L.push('    $display("%s: %0d errors", "' + name + '", errors);');
  L.push('    $finish;');
  L.push('  end');
  L.push('');
  L.push('endmodule');
  return L;
}

// ---------------------------------------------------------------- workspace

/**
 * Generates the workspace into `outDir` (emptied first). Returns a manifest:
 * { dir, seed, files: [{path, lines, modules}], totalLines, bigFile, modules }.
 */
export function generate({ outDir, seed = 1, targetLines = 200_000, bigLines = 8000 }) {
  const rng = new Rng(seed);
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const design = new Design(rng);
  const files = [];
  let totalLines = 0;
  let lastLines = 0;
  const write = (rel, lines) => {
    const text = lines.join('\n') + '\n';
    const full = path.join(outDir, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
    const n = text.split('\n').length - 1;
    totalLines += n;
    files.push({ path: rel, lines: n });
    lastLines = n;
    return full;
  };

  write('include/rtl_defs.vh', genGlobalDefs(rng));
  write('rtl/common/simple_bus_if.sv', genInterface(rng));
  // Common library: arbiters, MAC units, synchronisers shared by every subsystem.
  const commonArb = genArbiter(rng, 'rr_arbiter');
  design.add(commonArb);
  write('rtl/common/rr_arbiter.sv', [...header(rng, 'rr_arbiter.sv', 'Round-robin arbiter.'), ...commonArb.lines]);

  const subsystemTops = [];
  // Reserve lines for the big file, testbenches and the chip top.
  const budget = targetLines - bigLines;
  let sIdx = 0;
  let round = 0;
  while (totalLines < budget) {
    const sub = SUBSYSTEMS[sIdx % SUBSYSTEMS.length] + (round > 0 ? String(round) : '');
    sIdx++;
    if (sIdx % SUBSYSTEMS.length === 0) round++;
    const pkg = genPackage(rng, sub);
    write(`pkg/${pkg.name}.sv`, pkg.lines);
    write(`include/${sub}_defs.vh`, genSubDefs(rng, sub, sIdx));
    const ctx = { pkg: pkg.name, arbiter: commonArb, iface: 'simple_bus_if', extra: [] };
    const subModules = [];
    const nfiles = rng.int(14, 26);
    for (let f = 0; f < nfiles && totalLines < budget; f++) {
      const nmods = rng.int(1, 3);
      const mods = [];
      ctx.extra = [];
      for (let m = 0; m < nmods; m++) mods.push(makeModule(design, pickKind(rng), sub, ctx));
      const all = [...ctx.extra, ...mods];
      all.forEach((m) => design.add(m));
      subModules.push(...mods);
      const anySv = all.some((m) => m.style === 'sv');
      const ext = anySv ? 'sv' : 'v';
      const fname = `${mods[0].name}.${ext}`;
      const lines = [...header(rng, fname, `${mods.map((m) => m.kind).join(', ')} blocks of the ${sub} subsystem.`)];
      if (rng.chance(0.8)) lines.push('`include "rtl_defs.vh"');
      lines.push(`\`include "${sub}_defs.vh"`, '');
      if (rng.chance(0.3)) lines.push('`default_nettype none', '');
      for (const m of all) lines.push(...m.lines, '');
      if (lines.includes('`default_nettype none')) lines.push('`default_nettype wire');
      write(`rtl/${sub}/${fname}`, lines);
    }
    // Subsystem top instantiating a subset of the subsystem's modules (they live in other files).
    const children = rng.sample(subModules.filter((m) => m.kind !== 'top'), rng.int(6, 14));
    const hasSlave = children.some((c) => c.kind === 'bus_slave');
    const top = genTop(rng, `${sub}_subsys_top`, children, { pkg: pkg.name, iface: hasSlave ? 'simple_bus_if' : undefined });
    design.add(top);
    subsystemTops.push(top);
    write(`rtl/${sub}/${top.name}.sv`, [...header(rng, `${top.name}.sv`, `Top of the ${sub} subsystem.`), '`include "rtl_defs.vh"', `\`include "${sub}_defs.vh"`, '', ...top.lines]);
  }

  // The big file: many modules in one ~bigLines-line file, then a top over some of them.
  write('include/big_defs.vh', genSubDefs(rng, 'big', 0));
  const bigLinesOut = [...header(rng, 'soc_big_lib.sv', 'Flattened block library: many modules in one file.'), '`include "rtl_defs.vh"', '`include "big_defs.vh"', ''];
  const bigMods = [];
  const bigCtx = { pkg: 'core_pkg', arbiter: commonArb, iface: 'simple_bus_if', extra: [] };
  while (bigLinesOut.length < bigLines - 400) {
    bigCtx.extra = [];
    const m = makeModule(design, pickKind(rng), 'big', bigCtx, rng.chance(0.7));
    for (const x of [...bigCtx.extra, m]) {
      design.add(x);
      bigLinesOut.push(...x.lines, '');
    }
    bigMods.push(m);
  }
  const bigTop = genTop(rng, 'big_lib_top', rng.sample(bigMods.filter((m) => m.kind !== 'bus_slave'), 8), { pkg: 'core_pkg', what: 'top of the flattened library' });
  design.add(bigTop);
  bigLinesOut.push(...bigTop.lines);
  const bigFile = write('big/soc_big_lib.sv', bigLinesOut);
  const bigFileLines = lastLines;

  // Chip top over the subsystem tops.
  const chip = genTop(rng, 'chip_top', [...subsystemTops, bigTop], { what: 'chip top' });
  design.add(chip);
  write('rtl/chip_top.sv', [...header(rng, 'chip_top.sv', 'Chip top.'), '`include "rtl_defs.vh"', '', ...chip.lines]);
  // Testbenches.
  for (const top of subsystemTops.slice(0, 6)) write(`tb/tb_${top.name}.sv`, genTestbench(rng, `tb_${top.name}`, top));

  const manifest = {
    generatorVersion: GENERATOR_VERSION,
    dir: outDir,
    seed,
    targetLines,
    totalLines,
    fileCount: files.length,
    moduleCount: design.modules.size,
    bigFile,
    bigFileLines,
    files,
  };
  fs.writeFileSync(path.join(outDir, '..', `${path.basename(outDir)}.manifest.json`), JSON.stringify(manifest, null, 1));
  return manifest;
}

/** Generates unless the same seed/target/version was generated already into outDir. */
export function ensureWorkspace({ outDir, seed = 1, targetLines = 200_000, force = false }) {
  const manifestPath = path.join(outDir, '..', `${path.basename(outDir)}.manifest.json`);
  if (!force && fs.existsSync(manifestPath) && fs.existsSync(outDir)) {
    try {
      const m = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
      if (m.generatorVersion === GENERATOR_VERSION && m.seed === seed && m.targetLines === targetLines) return m;
    } catch {
      // regenerate
    }
  }
  return generate({ outDir, seed, targetLines });
}

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export function defaultWorkspaceDir(seed, targetLines) {
  return path.join(BENCH_DIR, '.work', `ws-s${seed}-l${targetLines}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const get = (flag, dflt) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : dflt;
  };
  const seed = Number(get('--seed', '1'));
  const targetLines = Number(get('--lines', '200000'));
  const outDir = path.resolve(get('--out', defaultWorkspaceDir(seed, targetLines)));
  const t0 = performance.now();
  const m = generate({ outDir, seed, targetLines });
  console.log(JSON.stringify({ dir: m.dir, files: m.fileCount, lines: m.totalLines, modules: m.moduleCount, bigFile: m.bigFile, bigFileLines: m.bigFileLines, ms: Math.round(performance.now() - t0) }));
}
