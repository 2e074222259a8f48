// alu_pkg.sv: types and constants shared between the ALU and its users.
package alu_pkg;

  // Width of an encoded ALU operation.
  localparam int ALU_OP_W = 3;

  // ALU operation codes. The encoding is part of the command format seen by top.v,
  // so append new operations instead of renumbering existing ones.
  typedef enum logic [ALU_OP_W-1:0] {
    ALU_ADD  = 3'd0,  // a + b
    ALU_SUB  = 3'd1,  // a - b
    ALU_AND  = 3'd2,  // a & b
    ALU_OR   = 3'd3,  // a | b
    ALU_XOR  = 3'd4,  // a ^ b
    ALU_SLL  = 3'd5,  // a << b (logical)
    ALU_SRL  = 3'd6,  // a >> b (logical)
    ALU_PASS = 3'd7   // a
  } alu_op_e;

endpackage : alu_pkg
