`include "defines.vh"

// A bank of LFSRs: instances inside a labelled generate loop, a non-ANSI leaf
// with several names per declaration, and a function with ANSI-style inputs.
module lfsr_bank #(
  parameter LANES = 4,
  parameter W = 8
) (
  input                  clk,
  input                  rst,
  output [LANES*W-1:0]   out,
  output [LANES-1:0]     parity
);

  function [W-1:0] seed_for(input integer lane);
    seed_for = {W{1'b1}} ^ lane[W-1:0];
  endfunction

  genvar g;
  generate
    for (g = 0; g < LANES; g = g + 1) begin : g_lane
      wire [W-1:0] value;
      lfsr #(.W(W), .SEED(seed_for(g))) u_lfsr (
        .clk   (clk),
        .rst   (rst),
        .value (value)
      );
      assign out[g*W +: W] = value;
      assign parity[g]     = ^value;
    end
  endgenerate

endmodule

module lfsr (clk, rst, value);
  parameter W = 8;
  parameter [W-1:0] SEED = {W{1'b1}};

  input clk, rst;
  output [W-1:0] value;
  reg [W-1:0] value;
  wire feedback;

  // Taps for an 8-bit maximal-length sequence; other widths reuse them.
  assign feedback = value[W-1] ^ value[5 % W] ^ value[4 % W] ^ value[3 % W];

  always @(posedge clk)
    if (rst) value <= SEED;
    else     value <= {value[W-2:0], feedback};

endmodule
