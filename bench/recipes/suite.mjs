// Combinational designs for the recipe search, written here in the spirit of the EPFL
// combinational suite (arithmetic: adder, multiplier, shifter, max, square root, divider,
// int2float; control: priority encoder, decoder, voter, arbiter, CRC), which is not available
// offline. Each family takes a size; `benchDesigns()` is what bench/recipes.mjs measures and
// `trainingDesigns()` other sizes of the same families, for scripts/build-recipe-kb.mjs. The two
// never share a design (the names carry the size, and the bench checks the sets are disjoint).

const clog2 = (n) => Math.max(1, Math.ceil(Math.log2(n)));

const FAMILIES = {
  adder: (w) => `module NAME (input [${w - 1}:0] a, b, input cin, output [${w}:0] s);
  assign s = a + b + cin;
endmodule
`,
  multiplier: (w) => `module NAME (input [${w - 1}:0] a, b, output [${2 * w - 1}:0] p);
  assign p = a * b;
endmodule
`,
  shifter: (w) => `module NAME (input [${w - 1}:0] a, input [${clog2(w) - 1}:0] sh, input [1:0] mode, output reg [${w - 1}:0] y);
  always @* case (mode)
    2'd0: y = a << sh;
    2'd1: y = a >> sh;
    2'd2: y = $signed(a) >>> sh;
    default: y = (a << sh) | (a >> (${w} - sh));
  endcase
endmodule
`,
  max4: (w) => `module NAME (input [${w - 1}:0] a, b, c, d, output [${w - 1}:0] m, output [1:0] idx);
  wire ab = a >= b;
  wire cd = c >= d;
  wire [${w - 1}:0] x = ab ? a : b;
  wire [${w - 1}:0] y = cd ? c : d;
  wire xy = x >= y;
  assign m = xy ? x : y;
  assign idx = xy ? (ab ? 2'd0 : 2'd1) : (cd ? 2'd2 : 2'd3);
endmodule
`,
  sqrt: (w) => {
    // Restoring square root, unrolled: w-bit radicand, w/2-bit root.
    const h = w / 2;
    const steps = [];
    for (let i = h - 1; i >= 0; i--) {
      steps.push(`    t = {r, 2'b01} ; if ({rem, x[${2 * i + 1}:${2 * i}]} >= t) begin rem = {rem, x[${2 * i + 1}:${2 * i}]} - t; r = {r[${h - 2}:0], 1'b1}; end else begin rem = {rem, x[${2 * i + 1}:${2 * i}]}; r = {r[${h - 2}:0], 1'b0}; end`);
    }
    return `module NAME (input [${w - 1}:0] x, output reg [${h - 1}:0] r);
  reg [${h + 1}:0] rem;
  reg [${h + 1}:0] t;
  always @* begin
    rem = 0;
    r = 0;
${steps.join('\n')}
  end
endmodule
`;
  },
  divider: (w) => `module NAME (input [${w - 1}:0] n, d, output [${w - 1}:0] q, r);
  assign q = d == 0 ? {${w}{1'b1}} : n / d;
  assign r = d == 0 ? n : n % d;
endmodule
`,
  int2float: (w) => {
    // Unsigned w-bit integer to a float with a 4-bit mantissa and an exponent (leading-one position).
    const e = clog2(w + 1);
    const arms = Array.from({ length: w }, (_, i) => `      if (x[${i}]) lead = ${e}'d${i + 1};`).join('\n');
    return `module NAME (input [${w - 1}:0] x, output [${e - 1}:0] exp, output [3:0] mant);
  reg [${e - 1}:0] lead;
  integer k;
  always @* begin
    lead = 0;
${arms}
  end
  wire [${w - 1}:0] norm = x << (${w} - lead);
  assign exp = lead;
  assign mant = norm[${w - 1}:${w - 4}];
endmodule
`;
  },
  priority: (w) => `module NAME (input [${w - 1}:0] req, output reg [${clog2(w) - 1}:0] idx, output valid);
  integer i;
  assign valid = |req;
  always @* begin
    idx = 0;
    for (i = ${w - 1}; i >= 0; i = i - 1) if (req[i]) idx = i;
  end
endmodule
`,
  decoder: (n) => `module NAME (input [${n - 1}:0] a, input en, output [${2 ** n - 1}:0] y);
  assign y = en ? (${2 ** n}'d1 << a) : ${2 ** n}'d0;
endmodule
`,
  voter: (n) => `module NAME (input [${n - 1}:0] v, output maj, output [${clog2(n + 1) - 1}:0] count);
  integer i;
  reg [${clog2(n + 1) - 1}:0] c;
  always @* begin
    c = 0;
    for (i = 0; i < ${n}; i = i + 1) c = c + v[i];
  end
  assign count = c;
  assign maj = c > ${Math.floor(n / 2)};
endmodule
`,
  arbiter: (n) => `module NAME (input [${n - 1}:0] req, input [${n - 1}:0] last, output [${n - 1}:0] grant);
  // Round-robin: the first request after the last grant, found on the doubled request vector.
  wire [${2 * n - 1}:0] double = {req, req};
  wire [${2 * n - 1}:0] mask = ~({last, last} - 1'b1) & ~{last, last};
  wire [${2 * n - 1}:0] masked = double & {mask[${2 * n - 1}:${n}], ${n}'d0 | mask[${n - 1}:0]};
  wire [${2 * n - 1}:0] pick = masked & ~(masked - 1'b1);
  wire [${2 * n - 1}:0] any = double & ~(double - 1'b1);
  assign grant = |masked ? (pick[${n - 1}:0] | pick[${2 * n - 1}:${n}]) : (any[${n - 1}:0] | any[${2 * n - 1}:${n}]);
endmodule
`,
  crc: (w) => `module NAME (input [31:0] c, input [${w - 1}:0] d, output reg [31:0] next);
  integer i;
  always @* begin
    next = c;
    for (i = ${w - 1}; i >= 0; i = i - 1) next = {next[30:0], 1'b0} ^ ((next[31] ^ d[i]) ? 32'h04C11DB7 : 32'h0);
  end
endmodule
`,
  alu: (w) => `module NAME (input [3:0] op, input [${w - 1}:0] a, b, output reg [${w - 1}:0] y, output zero, output neg);
  always @* case (op)
    4'd0: y = a + b;
    4'd1: y = a - b;
    4'd2: y = a & b;
    4'd3: y = a | b;
    4'd4: y = a ^ b;
    4'd5: y = ~(a | b);
    4'd6: y = a << b[${clog2(w) - 1}:0];
    4'd7: y = a >> b[${clog2(w) - 1}:0];
    4'd8: y = $signed(a) < $signed(b);
    4'd9: y = a < b;
    4'd10: y = a + 1'b1;
    default: y = b;
  endcase
  assign zero = y == 0;
  assign neg = y[${w - 1}];
endmodule
`,
  mac: (w) => `module NAME (input [${w - 1}:0] a, b, input [${2 * w + 1}:0] c, output [${2 * w + 1}:0] y);
  assign y = a * b + c;
endmodule
`,
};

function make(family, size) {
  const name = `rx_${family}_${size}`;
  return { name, family, size, top: name, source: FAMILIES[family](size).replaceAll('NAME', name) };
}

const BENCH = {
  adder: [64],
  multiplier: [8, 10],
  shifter: [32],
  max4: [16],
  sqrt: [16],
  divider: [8],
  int2float: [16],
  priority: [64],
  decoder: [6],
  voter: [31],
  arbiter: [16],
  crc: [16],
  alu: [16],
  mac: [6],
};

const TRAINING = {
  adder: [16, 32, 96],
  multiplier: [4, 6, 12],
  shifter: [16, 64],
  max4: [8, 24],
  sqrt: [8, 12],
  divider: [6],
  int2float: [8, 24],
  priority: [16, 32],
  decoder: [4, 5],
  voter: [15, 21],
  arbiter: [8],
  crc: [8],
  alu: [8, 24],
  mac: [4, 8],
};

const expand = (grid) => Object.entries(grid).flatMap(([family, sizes]) => sizes.map((s) => make(family, s)));

/** The designs bench/recipes.mjs measures. */
export function benchDesigns() {
  return expand(BENCH);
}

/**
 * Larger designs (2k to 30k AND nodes), measured with a time budget: every design gets an
 * answer, partial when the budget runs out (issue 17: <= 180 s under 30k nodes).
 */
const LARGE = {
  alu: [64],
  arbiter: [96],
  multiplier: [24],
};

export function largeDesigns() {
  return expand(LARGE);
}

/** Other sizes of the same families, for the knowledge base. */
export function trainingDesigns() {
  return expand(TRAINING);
}
