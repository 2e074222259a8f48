`include "defines.vh"

// Synchronous FIFO, Verilog-2005, ANSI header.
module sync_fifo #(
  parameter WIDTH = 8,
  parameter DEPTH = 16,
  parameter ALMOST_FULL_LEVEL = DEPTH - 2
) (
  input  wire             clk,
  input  wire             rst,
  input  wire             wr_en,
  input  wire [WIDTH-1:0] wr_data,
  input  wire             rd_en,
  output reg  [WIDTH-1:0] rd_data,
  output wire             full,
  output wire             empty,
  output wire             almost_full
);

  localparam AW = `CLOG2(DEPTH);

  reg [WIDTH-1:0] mem [0:DEPTH-1];
  reg [AW-1:0]    wr_ptr, rd_ptr;
  reg [AW:0]      count;

  wire do_write = wr_en && !full;
  wire do_read  = rd_en && !empty;

  assign full        = (count == DEPTH);
  assign empty       = (count == 0);
  assign almost_full = (count >= ALMOST_FULL_LEVEL);

  always @(posedge clk) begin
    if (do_write)
      mem[wr_ptr] <= wr_data;
    if (do_read)
      rd_data <= mem[rd_ptr];
  end

  always @(posedge clk or posedge rst) begin
    if (rst) begin
      wr_ptr <= {AW{1'b0}};
      rd_ptr <= {AW{1'b0}};
      count  <= {(AW+1){1'b0}};
    end else begin
      if (do_write) wr_ptr <= (wr_ptr == DEPTH - 1) ? {AW{1'b0}} : wr_ptr + 1'b1;
      if (do_read)  rd_ptr <= (rd_ptr == DEPTH - 1) ? {AW{1'b0}} : rd_ptr + 1'b1;
      case ({do_write, do_read})
        2'b10:   count <= count + 1'b1;
        2'b01:   count <= count - 1'b1;
        default: count <= count;
      endcase
    end
  end

endmodule
