`include "defines.vh"

`define ALU_ADD 3'd0
`define ALU_SUB 3'd1
`define ALU_AND 3'd2
`define ALU_OR  3'd3
`define ALU_XOR 3'd4
`define ALU_SLT 3'd5
`define ALU_SHL 3'd6
`define ALU_SHR 3'd7

// Combinational ALU: macros as case labels and in expressions, a function.
module alu #(
  parameter W = `DATA_WIDTH
) (
  input      [2:0]   op,
  input      [W-1:0] a,
  input      [W-1:0] b,
  output reg [W-1:0] y,
  output             zero,
  output             negative
);

  localparam SHAMT_W = `CLOG2(W);

  function [W-1:0] less_than;
    input [W-1:0] lhs;
    input [W-1:0] rhs;
    begin
      if (lhs[W-1] != rhs[W-1])
        less_than = {{(W-1){1'b0}}, lhs[W-1]};
      else
        less_than = {{(W-1){1'b0}}, lhs < rhs};
    end
  endfunction

  always @(*) begin
    case (op)
      `ALU_ADD: y = a + b;
      `ALU_SUB: y = a - b;
      `ALU_AND: y = a & b;
      `ALU_OR:  y = a | b;
      `ALU_XOR: y = a ^ b;
      `ALU_SLT: y = less_than(a, b);
      `ALU_SHL: y = a << b[SHAMT_W-1:0];
      `ALU_SHR: y = a >> b[SHAMT_W-1:0];
      default:  y = {W{1'bx}};
    endcase
  end

  assign zero     = (y == {W{1'b0}});
  assign negative = y[W-1];

endmodule
