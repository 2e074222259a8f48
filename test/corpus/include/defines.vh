// Project-wide macros. Guarded, so any file of the design may include it.
`ifndef CORPUS_DEFINES_VH
`define CORPUS_DEFINES_VH

`define DATA_WIDTH 32
`define ADDR_WIDTH 16
`define BYTE_LANES (`DATA_WIDTH / 8)

// Macros with arguments, used inside expressions.
`define MAX(a, b) ((a) > (b) ? (a) : (b))
`define MIN(a, b) ((a) < (b) ? (a) : (b))
`define BIT_MASK(n) ((1 << (n)) - 1)

// A statement-level macro spanning several lines.
`define REG_RESET(clk, rst, q, d, init) \
  always @(posedge clk or posedge rst) \
    if (rst) q <= init; \
    else     q <= d;

// Constant-function free ceil(log2) for small values.
`define CLOG2(x) \
  ((x) <= 2 ? 1 : (x) <= 4 ? 2 : (x) <= 8 ? 3 : (x) <= 16 ? 4 : \
   (x) <= 32 ? 5 : (x) <= 64 ? 6 : (x) <= 128 ? 7 : (x) <= 256 ? 8 : \
   (x) <= 512 ? 9 : (x) <= 1024 ? 10 : (x) <= 2048 ? 11 : (x) <= 4096 ? 12 : 16)

`endif // CORPUS_DEFINES_VH
