// The PPA corpus: parameterised designs of the kinds accelerators are made of (adders,
// multipliers, MACs, ALUs, counters, FIFOs, FSMs, CRCs, shifters, muxes, comparators, pipelines,
// systolic arrays), written here so the estimator can be fitted against real synthesis and
// checked on designs it never saw. Every design is one self-contained Verilog file whose top
// module is named after it. `allDesigns()` is the grid of families and sizes; `isHeldOut`
// splits it: scripts/fit-ppa.mjs fits on the rest, bench/ppa.mjs measures on the held-out part.

const FAMILIES = {
  adder: (w) => `module NAME (input clk, input [${w - 1}:0] a, b, output reg [${w}:0] s);
  always @(posedge clk) s <= a + b;
endmodule
`,
  subtract_compare: (w) => `module NAME (input clk, input [${w - 1}:0] a, b, output reg [${w - 1}:0] d, output reg lt, output reg eq);
  always @(posedge clk) begin
    d <= a - b;
    lt <= a < b;
    eq <= a == b;
  end
endmodule
`,
  multiplier: (w) => `module NAME (input clk, input [${w - 1}:0] a, b, output reg [${2 * w - 1}:0] p);
  always @(posedge clk) p <= a * b;
endmodule
`,
  mac: (w) => `module NAME (input clk, input rst, input en, input [${w - 1}:0] a, b, output reg [${2 * w + 3}:0] acc);
  always @(posedge clk)
    if (rst) acc <= 0;
    else if (en) acc <= acc + a * b;
endmodule
`,
  alu: (w) => `module NAME (input clk, input [2:0] op, input [${w - 1}:0] a, b, output reg [${w - 1}:0] y, output reg zero);
  reg [${w - 1}:0] r;
  always @* begin
    case (op)
      3'd0: r = a + b;
      3'd1: r = a - b;
      3'd2: r = a & b;
      3'd3: r = a | b;
      3'd4: r = a ^ b;
      3'd5: r = a << b[${Math.max(0, Math.ceil(Math.log2(w)) - 1)}:0];
      3'd6: r = a >> b[${Math.max(0, Math.ceil(Math.log2(w)) - 1)}:0];
      default: r = (a < b) ? 1 : 0;
    endcase
  end
  always @(posedge clk) begin
    y <= r;
    zero <= r == 0;
  end
endmodule
`,
  counter: (w) => `module NAME (input clk, input rst_n, input en, input load, input [${w - 1}:0] d, output reg [${w - 1}:0] q, output wrap);
  assign wrap = &q;
  always @(posedge clk or negedge rst_n)
    if (!rst_n) q <= 0;
    else if (load) q <= d;
    else if (en) q <= q + 1'b1;
endmodule
`,
  fifo: (w, depthBits) => `module NAME (input clk, input rst, input wr, input rd, input [${w - 1}:0] din, output [${w - 1}:0] dout, output full, output empty);
  reg [${w - 1}:0] mem [0:${2 ** depthBits - 1}];
  reg [${depthBits}:0] wp, rp;
  assign empty = wp == rp;
  assign full = (wp[${depthBits - 1}:0] == rp[${depthBits - 1}:0]) && (wp[${depthBits}] != rp[${depthBits}]);
  assign dout = mem[rp[${depthBits - 1}:0]];
  always @(posedge clk) begin
    if (rst) begin
      wp <= 0;
      rp <= 0;
    end else begin
      if (wr && !full) begin
        mem[wp[${depthBits - 1}:0]] <= din;
        wp <= wp + 1'b1;
      end
      if (rd && !empty) rp <= rp + 1'b1;
    end
  end
endmodule
`,
  fsm: (states) => {
    const bits = Math.max(1, Math.ceil(Math.log2(states)));
    const arms = Array.from({ length: states }, (_, i) => `      ${bits}'d${i}: begin next = go ? ${bits}'d${(i + 1) % states} : (back ? ${bits}'d${(i + states - 1) % states} : state); out = ${i % 2 ? 'in_a ^ in_b' : 'in_a & in_b'}; end`).join('\n');
    return `module NAME (input clk, input rst, input go, input back, input in_a, input in_b, output reg out, output reg [${bits - 1}:0] state);
  reg [${bits - 1}:0] next;
  always @* begin
    next = state;
    out = 1'b0;
    case (state)
${arms}
      default: begin next = ${bits}'d0; out = 1'b0; end
    endcase
  end
  always @(posedge clk) if (rst) state <= ${bits}'d0; else state <= next;
endmodule
`;
  },
  crc: (w) => `module NAME (input clk, input rst, input en, input [${w - 1}:0] data, output reg [15:0] crc);
  integer i;
  reg [15:0] c;
  always @* begin
    c = crc;
    for (i = ${w - 1}; i >= 0; i = i - 1)
      c = {c[14:0], 1'b0} ^ ((c[15] ^ data[i]) ? 16'h1021 : 16'h0000);
  end
  always @(posedge clk) if (rst) crc <= 16'hFFFF; else if (en) crc <= c;
endmodule
`,
  barrel_shifter: (w) => {
    const s = Math.max(1, Math.ceil(Math.log2(w)));
    return `module NAME (input clk, input [${w - 1}:0] a, input [${s - 1}:0] sh, input left, output reg [${w - 1}:0] y);
  always @(posedge clk) y <= left ? a << sh : a >> sh;
endmodule
`;
  },
  mux: (w, n) => {
    const s = Math.max(1, Math.ceil(Math.log2(n)));
    const ins = Array.from({ length: n }, (_, i) => `input [${w - 1}:0] i${i}`).join(', ');
    const arms = Array.from({ length: n }, (_, i) => `      ${s}'d${i}: y <= i${i};`).join('\n');
    return `module NAME (input clk, input [${s - 1}:0] sel, ${ins}, output reg [${w - 1}:0] y);
  always @(posedge clk)
    case (sel)
${arms}
      default: y <= 0;
    endcase
endmodule
`;
  },
  max_tree: (w, n) => {
    const ins = Array.from({ length: n }, (_, i) => `input [${w - 1}:0] x${i}`).join(', ');
    let level = Array.from({ length: n }, (_, i) => `x${i}`);
    const wires = [];
    let k = 0;
    while (level.length > 1) {
      const next = [];
      for (let i = 0; i + 1 < level.length; i += 2) {
        const name = `m${k++}`;
        wires.push(`  wire [${w - 1}:0] ${name} = (${level[i]} > ${level[i + 1]}) ? ${level[i]} : ${level[i + 1]};`);
        next.push(name);
      }
      if (level.length % 2) next.push(level[level.length - 1]);
      level = next;
    }
    return `module NAME (input clk, ${ins}, output reg [${w - 1}:0] y);
${wires.join('\n')}
  always @(posedge clk) y <= ${level[0]};
endmodule
`;
  },
  pipeline: (w, stages) => {
    const regs = Array.from({ length: stages }, (_, i) => `  reg [${w - 1}:0] s${i};`).join('\n');
    const body = Array.from({ length: stages }, (_, i) => `    s${i} <= ${i === 0 ? 'a ^ b' : `s${i - 1} + {${w - 1}'d0, s${i - 1}[${w - 1}]}`};`).join('\n');
    return `module NAME (input clk, input [${w - 1}:0] a, b, output [${w - 1}:0] y);
${regs}
  always @(posedge clk) begin
${body}
  end
  assign y = s${stages - 1};
endmodule
`;
  },
  popcount: (w) => {
    const terms = Array.from({ length: w }, (_, i) => `{${Math.ceil(Math.log2(w + 1)) - 1}'d0, a[${i}]}`).join(' + ');
    return `module NAME (input clk, input [${w - 1}:0] a, output reg [${Math.ceil(Math.log2(w + 1)) - 1}:0] n);
  always @(posedge clk) n <= ${terms};
endmodule
`;
  },
  systolic: (w, n) => {
    // An n x n grid of multiply-accumulate processing elements, instances of a PE module.
    const pe = `module NAME_pe (input clk, input rst, input [${w - 1}:0] a_in, b_in, output reg [${w - 1}:0] a_out, b_out, output reg [${2 * w + 3}:0] acc);
  always @(posedge clk)
    if (rst) begin
      a_out <= 0;
      b_out <= 0;
      acc <= 0;
    end else begin
      a_out <= a_in;
      b_out <= b_in;
      acc <= acc + a_in * b_in;
    end
endmodule
`;
    const wires = [];
    const insts = [];
    for (let r = 0; r < n; r++) for (let c = 0; c <= n; c++) wires.push(`  wire [${w - 1}:0] ah_${r}_${c};`);
    for (let r = 0; r <= n; r++) for (let c = 0; c < n; c++) wires.push(`  wire [${w - 1}:0] bv_${r}_${c};`);
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) {
      wires.push(`  wire [${2 * w + 3}:0] acc_${r}_${c};`);
      insts.push(`  NAME_pe pe_${r}_${c} (.clk(clk), .rst(rst), .a_in(ah_${r}_${c}), .b_in(bv_${r}_${c}), .a_out(ah_${r}_${c + 1}), .b_out(bv_${r + 1}_${c}), .acc(acc_${r}_${c}));`);
    }
    const feeds = [];
    for (let r = 0; r < n; r++) feeds.push(`  assign ah_${r}_0 = a[${(r + 1) * w - 1}:${r * w}];`);
    for (let c = 0; c < n; c++) feeds.push(`  assign bv_0_${c} = b[${(c + 1) * w - 1}:${c * w}];`);
    // Every accumulator is read (XOR-folded), and the edge outputs too, so no PE is dead logic.
    const accs = [];
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) accs.push(`acc_${r}_${c}`);
    for (let r = 0; r < n; r++) accs.push(`{${w + 4}'d0, ah_${r}_${n}}`);
    for (let c = 0; c < n; c++) accs.push(`{${w + 4}'d0, bv_${n}_${c}}`);
    const sum = accs.join(' ^ ');
    return `${pe}
module NAME (input clk, input rst, input [${n * w - 1}:0] a, b, output reg [${2 * w + 3}:0] trace_x);
${wires.join('\n')}
${feeds.join('\n')}
${insts.join('\n')}
  always @(posedge clk) trace_x <= ${sum};
endmodule
`;
  },
};

/** Every design of the corpus, each family with every size listed: the full grid. */
export function allDesigns() {
  const out = [];
  const grid = (lists) => lists.reduce((acc, list) => acc.flatMap((a) => list.map((x) => [...a, x])), [[]]);
  const lists = {
    adder: [[4, 6, 8, 12, 16, 20, 24, 32, 48, 64]],
    subtract_compare: [[4, 8, 12, 16, 24, 32]],
    multiplier: [[3, 4, 6, 8, 10, 12, 16]],
    mac: [[4, 6, 8, 12, 16]],
    alu: [[4, 8, 12, 16, 24, 32]],
    counter: [[4, 6, 8, 12, 16, 24, 32]],
    fifo: [[4, 8, 16, 32], [2, 3, 4, 5]],
    fsm: [[3, 4, 5, 6, 8, 10, 12, 16]],
    crc: [[1, 2, 4, 8, 16]],
    barrel_shifter: [[8, 16, 24, 32, 64]],
    mux: [[1, 4, 8, 16, 32], [2, 3, 4, 6, 8, 12, 16]],
    max_tree: [[4, 8, 12, 16], [2, 3, 4, 6, 8]],
    pipeline: [[4, 8, 16, 32], [1, 2, 3, 4, 6]],
    popcount: [[4, 7, 8, 15, 16, 31, 32]],
    systolic: [[2, 4, 6, 8], [2, 3]],
  };
  for (const [family, l] of Object.entries(lists)) {
    for (const params of grid(l)) {
      const name = `${family}_${params.join('_')}`;
      out.push({ name, family, params, top: name, source: FAMILIES[family](...params).replaceAll('NAME', name) });
    }
  }
  return out;
}

/**
 * The split: a design is held out when a hash of its name says so (about one in four), so the
 * fit and the check never share a design, and both sides cover every family.
 */
export function isHeldOut(name) {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return (h >>> 0) % 4 === 0;
}
