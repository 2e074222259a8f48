// Branch condition evaluation for BEQ/BNE/BLT/BGE/BLTU/BGEU.
module branch_cmp (
  input  logic [2:0]  funct3,
  input  logic [31:0] op_a,
  input  logic [31:0] op_b,
  output logic        take
);
  logic eq, lt, ltu;

  assign eq  = (op_a == op_b);
  assign lt  = ($signed(op_a) < $signed(op_b));
  assign ltu = (op_a < op_b);

  always_comb begin
    case (funct3)
      3'b000:  take = eq;     // beq
      3'b001:  take = !eq;    // bne
      3'b100:  take = lt;     // blt
      3'b101:  take = !lt;    // bge
      3'b110:  take = ltu;    // bltu
      3'b111:  take = !ltu;   // bgeu
      default: take = 1'b0;
    endcase
  end
endmodule
