// defs.vh: project-wide constants shared by the RTL.
//
// Include this header from any file that needs the datapath width; the guard makes
// repeated inclusion (directly or through other headers) harmless.
`ifndef DEFS_VH
`define DEFS_VH

// Width of the datapath (operands and results), in bits.
`define DATA_W 8

// Number of commands the input FIFO can buffer (a power of two).
`define FIFO_DEPTH 16

`endif // DEFS_VH
