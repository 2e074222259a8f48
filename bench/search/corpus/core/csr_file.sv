// Machine-mode CSRs (subset): mstatus, mie, mip, mtvec, mscratch, mepc, mcause,
// mcycle/mcycleh and minstret/minstreth.
//
// CSR instructions (csrrw/csrrs/csrrc and immediate forms) are executed in EX; the read
// value is returned combinationally and the write happens at the clock edge.
// Traps: on `trap_enter` mepc/mcause are captured and MIE is pushed to MPIE; `mret`
// pops it back.
module csr_file (
  input  logic        clk,
  input  logic        rst_n,
  // CSR instruction port
  input  logic        csr_en,
  input  logic [2:0]  csr_op,       // funct3
  input  logic [11:0] csr_addr,
  input  logic [31:0] csr_wdata,    // rs1 value or zero-extended uimm
  output logic [31:0] csr_rdata,
  // trap interface
  input  logic        trap_enter,
  input  logic [31:0] trap_epc,
  input  logic [31:0] trap_cause,
  input  logic        mret,
  output logic [31:0] mtvec_o,
  output logic [31:0] mepc_o,
  // interrupts
  input  logic        ext_irq,
  input  logic        timer_irq,
  output logic        irq_take,
  // retirement counter
  input  logic        instr_retired
);

  localparam logic [11:0] CSR_MSTATUS  = 12'h300;
  localparam logic [11:0] CSR_MIE      = 12'h304;
  localparam logic [11:0] CSR_MTVEC    = 12'h305;
  localparam logic [11:0] CSR_MSCRATCH = 12'h340;
  localparam logic [11:0] CSR_MEPC     = 12'h341;
  localparam logic [11:0] CSR_MCAUSE   = 12'h342;
  localparam logic [11:0] CSR_MIP      = 12'h344;
  localparam logic [11:0] CSR_MCYCLE   = 12'hB00;
  localparam logic [11:0] CSR_MINSTRET = 12'hB02;
  localparam logic [11:0] CSR_MCYCLEH  = 12'hB80;
  localparam logic [11:0] CSR_MINSTRETH= 12'hB82;

  logic        mstatus_mie, mstatus_mpie;
  logic        mie_meie, mie_mtie;
  logic [31:0] mtvec, mscratch, mepc, mcause;
  logic [63:0] mcycle, minstret;
  logic [31:0] wval;
  logic        csr_write;

  // read mux
  always_comb begin
    case (csr_addr)
      CSR_MSTATUS:   csr_rdata = {19'b0, 2'b11, 3'b0, mstatus_mpie, 3'b0, mstatus_mie, 3'b0};
      CSR_MIE:       csr_rdata = {20'b0, mie_meie, 3'b0, mie_mtie, 7'b0};
      CSR_MIP:       csr_rdata = {20'b0, ext_irq, 3'b0, timer_irq, 7'b0};
      CSR_MTVEC:     csr_rdata = mtvec;
      CSR_MSCRATCH:  csr_rdata = mscratch;
      CSR_MEPC:      csr_rdata = mepc;
      CSR_MCAUSE:    csr_rdata = mcause;
      CSR_MCYCLE:    csr_rdata = mcycle[31:0];
      CSR_MCYCLEH:   csr_rdata = mcycle[63:32];
      CSR_MINSTRET:  csr_rdata = minstret[31:0];
      CSR_MINSTRETH: csr_rdata = minstret[63:32];
      default:       csr_rdata = 32'b0;
    endcase
  end

  // csrrw / csrrs / csrrc
  always_comb begin
    case (csr_op[1:0])
      2'b01:   wval = csr_wdata;
      2'b10:   wval = csr_rdata | csr_wdata;
      2'b11:   wval = csr_rdata & ~csr_wdata;
      default: wval = csr_rdata;
    endcase
  end

  assign csr_write = csr_en && (csr_op[1:0] == 2'b01 || csr_wdata != 32'b0);

  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      mstatus_mie  <= 1'b0;
      mstatus_mpie <= 1'b0;
      mie_meie     <= 1'b0;
      mie_mtie     <= 1'b0;
      mtvec        <= 32'b0;
      mscratch     <= 32'b0;
      mepc         <= 32'b0;
      mcause       <= 32'b0;
    end else if (trap_enter) begin
      mepc         <= trap_epc;
      mcause       <= trap_cause;
      mstatus_mpie <= mstatus_mie;
      mstatus_mie  <= 1'b0;
    end else if (mret) begin
      mstatus_mie  <= mstatus_mpie;
      mstatus_mpie <= 1'b1;
    end else if (csr_write) begin
      case (csr_addr)
        CSR_MSTATUS: begin
          mstatus_mie  <= wval[3];
          mstatus_mpie <= wval[7];
        end
        CSR_MIE: begin
          mie_meie <= wval[11];
          mie_mtie <= wval[7];
        end
        CSR_MTVEC:    mtvec    <= {wval[31:2], 2'b00};
        CSR_MSCRATCH: mscratch <= wval;
        CSR_MEPC:     mepc     <= {wval[31:2], 2'b00};
        CSR_MCAUSE:   mcause   <= wval;
        default: ;
      endcase
    end
  end

  // free-running cycle counter and retired-instruction counter
  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      mcycle   <= 64'd0;
      minstret <= 64'd0;
    end else begin
      mcycle <= mcycle + 64'd1;
      if (instr_retired)
        minstret <= minstret + 64'd1;
    end
  end

  assign irq_take = mstatus_mie && ((mie_meie && ext_irq) || (mie_mtie && timer_irq));
  assign mtvec_o  = mtvec;
  assign mepc_o   = mepc;

endmodule
