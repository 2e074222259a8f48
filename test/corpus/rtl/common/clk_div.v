`include "defines.vh"

// Clock divider whose parameter list depends on a macro.
module clk_div #(
  parameter DIVIDE = 4,
`ifdef CLK_DIV_WIDE
  parameter CNT_W = 16,
`else
  parameter CNT_W = 8,
`endif
  parameter [0:0] START_HIGH = 1'b0
) (
  input  wire clk_in,
  input  wire rst,
  output reg  clk_out
);

  reg [CNT_W-1:0] cnt;

  always @(posedge clk_in or posedge rst) begin
    if (rst) begin
      cnt     <= {CNT_W{1'b0}};
      clk_out <= START_HIGH;
    end else if (cnt == DIVIDE / 2 - 1) begin
      cnt     <= {CNT_W{1'b0}};
      clk_out <= ~clk_out;
    end else begin
      cnt <= cnt + 1'b1;
    end
  end

endmodule
