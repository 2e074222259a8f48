// RV32I decode stage logic.
// Splits the instruction word into register indices, builds the immediate for each
// instruction format and produces the control word that travels down the pipeline.

module rv_dec
  import rv32_pkg::*;
(
  input  logic [31:0] inst,
  output logic [4:0]  rs1,
  output logic [4:0]  rs2,
  output logic [4:0]  rd,
  output logic [2:0]  funct3,
  output logic [31:0] imm,
  output logic [11:0] csr_addr,
  output ctrl_t       ctrl,
  output logic        is_ecall,
  output logic        is_mret
);

  logic [6:0] opcode;
  logic [6:0] funct7;

  assign opcode   = inst[6:0];
  assign rd       = inst[11:7];
  assign funct3   = inst[14:12];
  assign rs1      = inst[19:15];
  assign rs2      = inst[24:20];
  assign funct7   = inst[31:25];
  assign csr_addr = inst[31:20];

  // Immediate generation: I, S, B, U and J formats, sign-extended.
  always_comb begin
    unique case (opcode)
      OP_STORE:          imm = {{20{inst[31]}}, inst[31:25], inst[11:7]};
      OP_BRANCH:         imm = {{19{inst[31]}}, inst[31], inst[7], inst[30:25], inst[11:8], 1'b0};
      OP_LUI, OP_AUIPC:  imm = {inst[31:12], 12'b0};
      OP_JAL:            imm = {{11{inst[31]}}, inst[31], inst[19:12], inst[20], inst[30:21], 1'b0};
      default:           imm = {{20{inst[31]}}, inst[31:20]};
    endcase
  end

  // Control decode
  always_comb begin
    ctrl          = '0;
    ctrl.alu_op   = ALU_ADD;
    ctrl.wb_sel   = WB_ALU;
    is_ecall      = 1'b0;
    is_mret       = 1'b0;
    case (opcode)
      OP_LUI: begin
        ctrl.reg_write   = 1'b1;
        ctrl.alu_src_imm = 1'b1;
        ctrl.alu_op      = ALU_PASS_B;
      end
      OP_AUIPC: begin
        ctrl.reg_write   = 1'b1;
        ctrl.alu_src_imm = 1'b1;
        ctrl.alu_src_pc  = 1'b1;
      end
      OP_JAL: begin
        ctrl.reg_write = 1'b1;
        ctrl.jump      = 1'b1;
        ctrl.wb_sel    = WB_PC4;
      end
      OP_JALR: begin
        ctrl.reg_write   = 1'b1;
        ctrl.jump        = 1'b1;
        ctrl.jalr        = 1'b1;
        ctrl.alu_src_imm = 1'b1;
        ctrl.wb_sel      = WB_PC4;
      end
      OP_BRANCH: begin
        ctrl.branch = 1'b1;
      end
      OP_LOAD: begin
        ctrl.reg_write   = 1'b1;
        ctrl.mem_read    = 1'b1;
        ctrl.alu_src_imm = 1'b1;
        ctrl.wb_sel      = WB_MEM;
      end
      OP_STORE: begin
        ctrl.mem_write   = 1'b1;
        ctrl.alu_src_imm = 1'b1;
      end
      OP_IMM, OP_REG: begin
        ctrl.reg_write   = 1'b1;
        ctrl.alu_src_imm = (opcode == OP_IMM);
        case (funct3)
          3'b000: ctrl.alu_op = (opcode == OP_REG && funct7[5]) ? ALU_SUB : ALU_ADD;
          3'b001: ctrl.alu_op = ALU_SLL;
          3'b010: ctrl.alu_op = ALU_SLT;
          3'b011: ctrl.alu_op = ALU_SLTU;
          3'b100: ctrl.alu_op = ALU_XOR;
          3'b101: ctrl.alu_op = funct7[5] ? ALU_SRA : ALU_SRL;
          3'b110: ctrl.alu_op = ALU_OR;
          default: ctrl.alu_op = ALU_AND;
        endcase
      end
      OP_SYSTEM: begin
        if (funct3 == 3'b000) begin
          is_ecall = (inst[31:20] == 12'h000);
          is_mret  = (inst[31:20] == 12'h302);
        end else begin
          ctrl.reg_write = 1'b1;
          ctrl.csr_en    = 1'b1;
          ctrl.wb_sel    = WB_CSR;
        end
      end
      OP_FENCE: ; // treated as a no-op
      default: ctrl.illegal = 1'b1;
    endcase
  end

endmodule
