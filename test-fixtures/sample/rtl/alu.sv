// alu.sv: combinational arithmetic/logic unit.
//
// The opcode arrives as plain bits (it travels through a FIFO in top.v); it is decoded
// against the alu_pkg::alu_op_e values imported below.
module alu
  import alu_pkg::*;
#(
  parameter int WIDTH = 8                  // operand and result width
) (
  input  logic [ALU_OP_W-1:0] op_i,        // operation, an alu_op_e encoding
  input  logic [WIDTH-1:0]    a,           // first operand
  input  logic [WIDTH-1:0]    b,           // second operand (shift amount for shifts)
  output logic [WIDTH-1:0]    result,      // operation result
  output logic                zero         // result is all zeros
);

  localparam int SHAMT_W = $clog2(WIDTH);  // bits of b used as a shift amount

  logic [SHAMT_W-1:0] shamt;

  assign shamt = b[SHAMT_W-1:0];

  always_comb begin
    unique case (op_i)
      ALU_ADD:  result = a + b;
      ALU_SUB:  result = a - b;
      ALU_AND:  result = a & b;
      ALU_OR:   result = a | b;
      ALU_XOR:  result = a ^ b;
      ALU_SLL:  result = a << shamt;
      ALU_SRL:  result = a >> shamt;
      ALU_PASS: result = a;
      default:  result = '0;
    endcase
  end

  assign zero = (result == '0);

endmodule : alu
