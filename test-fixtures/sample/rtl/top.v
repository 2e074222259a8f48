// top.v: a command FIFO feeding the ALU.
//
// Commands {op, a, b} are accepted with a valid/ready handshake, buffered in u_fifo and
// executed one per cycle by u_alu; each result comes out registered with res_valid.
`include "defs.vh"

module top (
  input  wire               clk,
  input  wire               rst_n,       // asynchronous reset, active low
  // command input
  input  wire               cmd_valid,
  output wire               cmd_ready,
  input  wire [2:0]         cmd_op,      // alu_pkg::alu_op_e encoding
  input  wire [`DATA_W-1:0] cmd_a,
  input  wire [`DATA_W-1:0] cmd_b,
  // result output
  output reg                res_valid,
  output reg  [`DATA_W-1:0] res_data,
  output reg                res_zero
);

  localparam CMD_W = 3 + 2 * `DATA_W;    // {op, a, b}

  wire [CMD_W-1:0]   fifo_wdata = {cmd_op, cmd_a, cmd_b};
  wire [CMD_W-1:0]   fifo_rdata;
  wire               fifo_full;
  wire               fifo_empty;
  wire               fifo_pop;
  reg                pop_q;              // fifo_rdata holds a command this cycle
  wire [`DATA_W-1:0] alu_result;
  wire               alu_zero;

  assign cmd_ready = !fifo_full;
  assign fifo_pop  = !fifo_empty;

  fifo #(
    .WIDTH (CMD_W),
    .DEPTH (`FIFO_DEPTH)
  ) u_fifo (
    .clk     (clk),
    .rst_n   (rst_n),
    .wr_en   (cmd_valid && cmd_ready),
    .wr_data (fifo_wdata),
    .full    (fifo_full),
    .rd_en   (fifo_pop),
    .rd_data (fifo_rdata),
    .empty   (fifo_empty)
  );

  alu #(
    .WIDTH (`DATA_W)
  ) u_alu (
    .op_i   (fifo_rdata[CMD_W-1 -: 3]),
    .a      (fifo_rdata[2*`DATA_W-1 -: `DATA_W]),
    .b      (fifo_rdata[`DATA_W-1:0]),
    .result (alu_result),
    .zero   (alu_zero)
  );

  always @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      pop_q     <= 1'b0;
      res_valid <= 1'b0;
      res_data  <= {`DATA_W{1'b0}};
      res_zero  <= 1'b0;
    end else begin
      pop_q     <= fifo_pop;
      res_valid <= pop_q;
      if (pop_q) begin
        res_data <= alu_result;
        res_zero <= alu_zero;
      end
    end
  end

endmodule
