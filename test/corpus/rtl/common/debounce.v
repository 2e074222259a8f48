`include "defines.vh"

// Button debouncer; the output register comes from a statement macro.
module debounce #(
  parameter CYCLES = 1000
) (
  input  wire clk,
  input  wire rst,
  input  wire btn,
  output reg  level
);

  localparam CW = `MAX(`CLOG2(CYCLES), 1);

  reg [1:0]    sync;
  reg [CW-1:0] stable_cnt;
  wire         level_next = (stable_cnt == CYCLES - 1) ? sync[1] : level;

  always @(posedge clk) sync <= {sync[0], btn};

  always @(posedge clk or posedge rst) begin
    if (rst)
      stable_cnt <= {CW{1'b0}};
    else if (sync[1] == level)
      stable_cnt <= {CW{1'b0}};
    else if (stable_cnt != CYCLES - 1)
      stable_cnt <= stable_cnt + 1'b1;
  end

  `REG_RESET(clk, rst, level, level_next, 1'b0)

endmodule
