// Register file: 2 read ports, 1 write port, a memory, and a task with
// old-style (non-ANSI) argument declarations used from a reset loop.
module regfile (clk, rst, we, waddr, wdata, raddr_a, rdata_a, raddr_b, rdata_b);
  parameter DW = 32;
  parameter NREGS = 32;
  parameter AW = 5;

  input           clk;
  input           rst;
  input           we;
  input  [AW-1:0] waddr;
  input  [DW-1:0] wdata;
  input  [AW-1:0] raddr_a;
  output [DW-1:0] rdata_a;
  input  [AW-1:0] raddr_b;
  output [DW-1:0] rdata_b;

  reg [DW-1:0] regs [0:NREGS-1];
  integer k;

  task clear_reg;
    input [AW-1:0] index;
    input [DW-1:0] value;
    begin
      regs[index] <= value;
    end
  endtask

  always @(posedge clk) begin
    if (rst) begin
      for (k = 0; k < NREGS; k = k + 1)
        clear_reg(k[AW-1:0], {DW{1'b0}});
    end else if (we && waddr != {AW{1'b0}}) begin
      regs[waddr] <= wdata;
    end
  end

  // Register 0 always reads as zero.
  assign rdata_a = (raddr_a == {AW{1'b0}}) ? {DW{1'b0}} : regs[raddr_a];
  assign rdata_b = (raddr_b == {AW{1'b0}}) ? {DW{1'b0}} : regs[raddr_b];

endmodule
