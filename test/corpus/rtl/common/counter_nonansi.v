`include "defines.vh"

// Up/down counter in the Verilog-1995 (non-ANSI) style, with an optional port.
module counter_nonansi (
  clk,
  rst_n,
  en,
  up,
`ifdef COUNTER_HAS_LOAD
  load,
  load_value,
`endif
  count,
  wrap
);
  parameter WIDTH = 8;
  parameter [WIDTH-1:0] RESET_VALUE = 0;

  input clk;
  input rst_n;
  input en;
  input up;
`ifdef COUNTER_HAS_LOAD
  input load;
  input [WIDTH-1:0] load_value;
`endif
  output [WIDTH-1:0] count;
  output wrap;

  reg [WIDTH-1:0] count;
  reg wrap;

  always @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      count <= RESET_VALUE;
      wrap  <= 1'b0;
    end
`ifdef COUNTER_HAS_LOAD
    else if (load) begin
      count <= load_value;
      wrap  <= 1'b0;
    end
`endif
    else if (en) begin
      if (up) begin
        count <= count + 1'b1;
        wrap  <= &count;
      end else begin
        count <= count - 1'b1;
        wrap  <= ~|count;
      end
    end else begin
      wrap <= 1'b0;
    end
  end

endmodule
