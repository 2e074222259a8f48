`include "defines.vh"

// True dual-port RAM with an optional initialisation file.
module ram_dp #(
  parameter DW = 16,
  parameter DEPTH = 256,
  parameter AW = 8,
  parameter INIT_FILE = ""
) (
  input               clk_a,
  input               we_a,
  input      [AW-1:0] addr_a,
  input      [DW-1:0] din_a,
  output reg [DW-1:0] dout_a,
  input               clk_b,
  input               we_b,
  input      [AW-1:0] addr_b,
  input      [DW-1:0] din_b,
  output reg [DW-1:0] dout_b
);

  (* ram_style = "block" *) reg [DW-1:0] mem [0:DEPTH-1];

`ifndef SYNTHESIS
  initial begin
    if (INIT_FILE != "")
      $readmemh(INIT_FILE, mem);
  end
`endif

  always @(posedge clk_a) begin
    if (we_a) mem[addr_a] <= din_a;
    dout_a <= mem[addr_a];
  end

  always @(posedge clk_b) begin
    if (we_b) mem[addr_b] <= din_b;
    dout_b <= mem[addr_b];
  end

endmodule
