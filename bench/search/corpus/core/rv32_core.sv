// Five-stage RV32I pipeline: IF, ID, EX, MEM, WB.
//
// Branches and jumps resolve in EX (two-cycle penalty), results are forwarded from MEM and
// WB into EX, and a load followed by a dependent instruction costs one bubble.
// Instruction and data memories sit outside (see soc_top).
module rv32_core
  import rv32_pkg::*;
#(
  parameter logic [31:0] RESET_VECTOR = 32'h0000_0000
) (
  input  logic        clk,
  input  logic        rst_n,
  // instruction memory
  output logic [31:0] imem_addr,
  output logic        imem_req,
  input  logic [31:0] imem_rdata,
  input  logic        imem_ready,
  // data memory
  output logic        dmem_req,
  output logic        dmem_we,
  output logic [3:0]  dmem_be,
  output logic [31:0] dmem_addr,
  output logic [31:0] dmem_wdata,
  input  logic [31:0] dmem_rdata,
  input  logic        dmem_ready,
  // interrupts
  input  logic        ext_irq,
  input  logic        timer_irq
);

  // ------------------------------------------------------------------ IF
  logic [31:0] if_pc, if_inst;
  logic        if_valid;
  logic        stall_if, stall_id, bubble_ex, flush_if_id, flush_id_ex, stall_mem;
  logic        ex_redirect;
  logic [31:0] ex_target;
  logic        trap;
  logic [31:0] trap_vector;

  ifu #(.RESET_VECTOR(RESET_VECTOR)) u_ifu (
    .clk         (clk),
    .rst_n       (rst_n),
    .stall       (stall_if),
    .redirect    (ex_redirect),
    .redirect_pc (ex_target),
    .trap        (trap),
    .trap_pc     (trap_vector),
    .imem_addr   (imem_addr),
    .imem_req    (imem_req),
    .imem_rdata  (imem_rdata),
    .imem_ready  (imem_ready),
    .if_pc       (if_pc),
    .if_inst     (if_inst),
    .if_valid    (if_valid)
  );

  // IF/ID pipeline register
  logic [31:0] id_pc, id_inst;
  logic        id_valid;

  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      id_pc    <= '0;
      id_inst  <= 32'h0000_0013; // nop
      id_valid <= 1'b0;
    end else if (flush_if_id || trap) begin
      id_inst  <= 32'h0000_0013;
      id_valid <= 1'b0;
    end else if (!stall_id) begin
      id_pc    <= if_pc;
      id_inst  <= if_inst;
      id_valid <= if_valid;
    end
  end

  // ------------------------------------------------------------------ ID
  logic [4:0]  id_rs1, id_rs2, id_rd;
  logic [2:0]  id_funct3;
  logic [31:0] id_imm;
  logic [11:0] id_csr_addr;
  ctrl_t       id_ctrl;
  logic        id_ecall, id_mret;
  logic [31:0] id_rs1_val, id_rs2_val;
  logic        id_uses_rs1, id_uses_rs2;

  rv_dec u_dec (
    .inst     (id_inst),
    .rs1      (id_rs1),
    .rs2      (id_rs2),
    .rd       (id_rd),
    .funct3   (id_funct3),
    .imm      (id_imm),
    .csr_addr (id_csr_addr),
    .ctrl     (id_ctrl),
    .is_ecall (id_ecall),
    .is_mret  (id_mret)
  );

  assign id_uses_rs1 = (id_inst[6:0] != OP_LUI) && (id_inst[6:0] != OP_AUIPC) && (id_inst[6:0] != OP_JAL);
  assign id_uses_rs2 = (id_inst[6:0] == OP_REG) || (id_inst[6:0] == OP_STORE) || (id_inst[6:0] == OP_BRANCH);

  logic        wb_reg_write;
  logic [4:0]  wb_rd;
  logic [31:0] wb_value;

  regfile u_rf (
    .clk     (clk),
    .we      (wb_reg_write),
    .waddr   (wb_rd),
    .wdata   (wb_value),
    .raddr_a (id_rs1),
    .rdata_a (id_rs1_val),
    .raddr_b (id_rs2),
    .rdata_b (id_rs2_val)
  );

  // ID/EX pipeline register
  logic [31:0] ex_pc, ex_rs1_val, ex_rs2_val, ex_imm;
  logic [4:0]  ex_rs1, ex_rs2, ex_rd;
  logic [2:0]  ex_funct3;
  logic [11:0] ex_csr_addr;
  ctrl_t       ex_ctrl;
  logic        ex_valid, ex_ecall, ex_mret;

  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      ex_ctrl  <= '0;
      ex_valid <= 1'b0;
      ex_ecall <= 1'b0;
      ex_mret  <= 1'b0;
    end else if (stall_mem) begin
      // hold
    end else if (bubble_ex || flush_id_ex || trap) begin
      ex_ctrl  <= '0;
      ex_valid <= 1'b0;
      ex_ecall <= 1'b0;
      ex_mret  <= 1'b0;
    end else begin
      ex_pc       <= id_pc;
      ex_rs1_val  <= id_rs1_val;
      ex_rs2_val  <= id_rs2_val;
      ex_imm      <= id_imm;
      ex_rs1      <= id_rs1;
      ex_rs2      <= id_rs2;
      ex_rd       <= id_rd;
      ex_funct3   <= id_funct3;
      ex_csr_addr <= id_csr_addr;
      ex_ctrl     <= id_ctrl;
      ex_valid    <= id_valid;
      ex_ecall    <= id_ecall;
      ex_mret     <= id_mret;
    end
  end

  // ------------------------------------------------------------------ EX
  logic [1:0]  fwd_a, fwd_b;
  logic [31:0] mem_alu_y;
  logic [4:0]  mem_rd;
  ctrl_t       mem_ctrl;
  logic [31:0] op_a, op_b, alu_in_a, alu_in_b, alu_y;
  logic        alu_zero, br_take;
  logic [31:0] csr_rdata;
  logic [31:0] mepc;

  hazard_unit u_hz (
    .id_ex_mem_read (ex_ctrl.mem_read),
    .id_ex_rd       (ex_rd),
    .if_id_rs1      (id_rs1),
    .if_id_rs2      (id_rs2),
    .if_id_uses_rs1 (id_uses_rs1),
    .if_id_uses_rs2 (id_uses_rs2),
    .ex_redirect    (ex_redirect),
    .dmem_stall     (dmem_req && !dmem_ready),
    .stall_if       (stall_if),
    .stall_id       (stall_id),
    .bubble_ex      (bubble_ex),
    .flush_if_id    (flush_if_id),
    .flush_id_ex    (flush_id_ex),
    .stall_mem      (stall_mem)
  );

  fwd_unit u_fwd (
    .ex_rs1        (ex_rs1),
    .ex_rs2        (ex_rs2),
    .mem_rd        (mem_rd),
    .mem_reg_write (mem_ctrl.reg_write),
    .wb_rd         (wb_rd),
    .wb_reg_write  (wb_reg_write),
    .fwd_a         (fwd_a),
    .fwd_b         (fwd_b)
  );

  // bypass muxes in front of the ALU
  always_comb begin
    case (fwd_a)
      2'b01:   op_a = mem_alu_y;
      2'b10:   op_a = wb_value;
      default: op_a = ex_rs1_val;
    endcase
    case (fwd_b)
      2'b01:   op_b = mem_alu_y;
      2'b10:   op_b = wb_value;
      default: op_b = ex_rs2_val;
    endcase
  end

  assign alu_in_a = ex_ctrl.alu_src_pc  ? ex_pc  : op_a;
  assign alu_in_b = ex_ctrl.alu_src_imm ? ex_imm : op_b;

  alu u_alu (
    .op   (ex_ctrl.alu_op),
    .a    (alu_in_a),
    .b    (alu_in_b),
    .y    (alu_y),
    .zero (alu_zero)
  );

  branch_cmp u_bcmp (
    .funct3 (ex_funct3),
    .op_a   (op_a),
    .op_b   (op_b),
    .take   (br_take)
  );

  assign ex_redirect = ex_valid && ((ex_ctrl.branch && br_take) || ex_ctrl.jump);
  assign ex_target   = ex_ctrl.jalr ? ((op_a + ex_imm) & ~32'd1) : (ex_pc + ex_imm);

  // Traps are taken in EX: ecall, illegal instruction, or a pending enabled interrupt.
  logic        irq_take;
  logic [31:0] trap_cause;
  logic [31:0] mtvec;

  always_comb begin
    trap       = 1'b0;
    trap_cause = 32'd0;
    if (ex_valid && irq_take) begin
      trap       = 1'b1;
      trap_cause = {1'b1, 31'd11};
    end else if (ex_valid && ex_ctrl.illegal) begin
      trap       = 1'b1;
      trap_cause = 32'd2;
    end else if (ex_valid && ex_ecall) begin
      trap       = 1'b1;
      trap_cause = 32'd11;
    end
  end

  assign trap_vector = (ex_valid && ex_mret) ? mepc : mtvec;

  csr_file u_csr (
    .clk           (clk),
    .rst_n         (rst_n),
    .csr_en        (ex_valid && ex_ctrl.csr_en),
    .csr_op        (ex_funct3),
    .csr_addr      (ex_csr_addr),
    .csr_wdata     (ex_funct3[2] ? {27'b0, ex_rs1} : op_a),
    .csr_rdata     (csr_rdata),
    .trap_enter    (trap),
    .trap_epc      (ex_pc),
    .trap_cause    (trap_cause),
    .mret          (ex_valid && ex_mret),
    .mtvec_o       (mtvec),
    .mepc_o        (mepc),
    .ext_irq       (ext_irq),
    .timer_irq     (timer_irq),
    .irq_take      (irq_take),
    .instr_retired (wb_reg_write)
  );

  // EX/MEM pipeline register
  logic [31:0] mem_store_data, mem_pc4, mem_csr_val;
  logic [2:0]  mem_funct3;

  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      mem_ctrl <= '0;
    end else if (!stall_mem) begin
      mem_ctrl       <= trap ? '0 : ex_ctrl;
      mem_alu_y      <= alu_y;
      mem_store_data <= op_b;
      mem_rd         <= ex_rd;
      mem_funct3     <= ex_funct3;
      mem_pc4        <= ex_pc + 32'd4;
      mem_csr_val    <= csr_rdata;
    end
  end

  // ------------------------------------------------------------------ MEM
  // Store data is replicated over the word and qualified by byte enables.
  always_comb begin
    case (mem_funct3[1:0])
      2'b00: begin
        dmem_wdata = {4{mem_store_data[7:0]}};
        dmem_be    = 4'b0001 << mem_alu_y[1:0];
      end
      2'b01: begin
        dmem_wdata = {2{mem_store_data[15:0]}};
        dmem_be    = mem_alu_y[1] ? 4'b1100 : 4'b0011;
      end
      default: begin
        dmem_wdata = mem_store_data;
        dmem_be    = 4'b1111;
      end
    endcase
  end

  assign dmem_req  = mem_ctrl.mem_read | mem_ctrl.mem_write;
  assign dmem_we   = mem_ctrl.mem_write;
  assign dmem_addr = {mem_alu_y[31:2], 2'b00};

  // Load alignment and sign extension (lb, lh, lw, lbu, lhu).
  function automatic logic [31:0] load_extend(input logic [2:0] f3, input logic [1:0] ofs, input logic [31:0] word);
    logic [7:0]  b;
    logic [15:0] h;
    b = word >> (8 * ofs);
    h = ofs[1] ? word[31:16] : word[15:0];
    case (f3)
      3'b000:  return {{24{b[7]}}, b};
      3'b001:  return {{16{h[15]}}, h};
      3'b100:  return {24'b0, b};
      3'b101:  return {16'b0, h};
      default: return word;
    endcase
  endfunction

  // MEM/WB pipeline register
  logic [31:0] wb_alu_y, wb_load, wb_pc4, wb_csr_val;
  wb_sel_e     wb_sel;

  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      wb_reg_write <= 1'b0;
      wb_rd        <= 5'd0;
    end else if (!stall_mem) begin
      wb_reg_write <= mem_ctrl.reg_write;
      wb_rd        <= mem_rd;
      wb_sel       <= mem_ctrl.wb_sel;
      wb_alu_y     <= mem_alu_y;
      wb_load      <= load_extend(mem_funct3, mem_alu_y[1:0], dmem_rdata);
      wb_pc4       <= mem_pc4;
      wb_csr_val   <= mem_csr_val;
    end else begin
      wb_reg_write <= 1'b0;
    end
  end

  // ------------------------------------------------------------------ WB
  always_comb begin
    case (wb_sel)
      WB_MEM:  wb_value = wb_load;
      WB_PC4:  wb_value = wb_pc4;
      WB_CSR:  wb_value = wb_csr_val;
      default: wb_value = wb_alu_y;
    endcase
  end

endmodule
