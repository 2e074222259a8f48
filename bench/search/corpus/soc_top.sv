// SoC top level.
//
//   clk      system clock: core, caches, memory, peripherals, DMA
//   clk_acc  accelerator clock: the matrix-multiply tile
//
// Core data address map:
//   0x0000_0000 - 0x0FFF_FFFF  RAM through the data cache
//   0x1000_0000 - 0x1000_FFFF  peripherals (periph_subsys)
//   0x2000_0000                accelerator / DMA control registers (below)
module soc_top (
  input  logic        clk,
  input  logic        clk_acc,
  input  logic        por_n,
  // pins
  input  logic        uart_rxd,
  output logic        uart_txd,
  input  logic [15:0] gpio_i,
  output logic [15:0] gpio_o,
  output logic [15:0] gpio_oe,
  input  logic        user_btn,
  // host debug port (AXI4-Lite)
  input  logic [3:0]  host_awaddr,
  input  logic        host_awvalid,
  output logic        host_awready,
  input  logic [31:0] host_wdata,
  input  logic [3:0]  host_wstrb,
  input  logic        host_wvalid,
  output logic        host_wready,
  output logic [1:0]  host_bresp,
  output logic        host_bvalid,
  input  logic        host_bready,
  input  logic [3:0]  host_araddr,
  input  logic        host_arvalid,
  output logic        host_arready,
  output logic [31:0] host_rdata,
  output logic [1:0]  host_rresp,
  output logic        host_rvalid,
  input  logic        host_rready
);

  // ------------------------------------------------------------------ resets
  logic sys_rst_n, acc_rst_n, core_rst_n;

  rst_sync u_rst_sys (.clk(clk),     .arst_n(por_n), .srst_n(sys_rst_n));
  rst_sync u_rst_acc (.clk(clk_acc), .arst_n(por_n), .srst_n(acc_rst_n));

  // ------------------------------------------------------------------ host port
  logic [31:0] host_ctrl, host_irq_en, host_scratch, host_status;

  axil_regs u_host (
    .aclk          (clk),
    .aresetn       (sys_rst_n),
    .s_axi_awaddr  (host_awaddr),
    .s_axi_awvalid (host_awvalid),
    .s_axi_awready (host_awready),
    .s_axi_wdata   (host_wdata),
    .s_axi_wstrb   (host_wstrb),
    .s_axi_wvalid  (host_wvalid),
    .s_axi_wready  (host_wready),
    .s_axi_bresp   (host_bresp),
    .s_axi_bvalid  (host_bvalid),
    .s_axi_bready  (host_bready),
    .s_axi_araddr  (host_araddr),
    .s_axi_arvalid (host_arvalid),
    .s_axi_arready (host_arready),
    .s_axi_rdata   (host_rdata),
    .s_axi_rresp   (host_rresp),
    .s_axi_rvalid  (host_rvalid),
    .s_axi_rready  (host_rready),
    .ctrl_reg      (host_ctrl),
    .status_in     (host_status),
    .irq_en_reg    (host_irq_en),
    .scratch_reg   (host_scratch)
  );

  // The host holds the core in reset (CTRL bit 1) while it loads the program.
  assign core_rst_n = sys_rst_n && !host_ctrl[1];

  // ------------------------------------------------------------------ core
  logic [31:0] imem_addr, imem_rdata;
  logic        imem_req, imem_ready;
  logic        dmem_req, dmem_we, dmem_ready;
  logic [3:0]  dmem_be;
  logic [31:0] dmem_addr, dmem_wdata, dmem_rdata;
  logic        ext_irq, timer_irq;

  rv32_core #(.RESET_VECTOR(32'h0000_0000)) u_core (
    .clk        (clk),
    .rst_n      (core_rst_n),
    .imem_addr  (imem_addr),
    .imem_req   (imem_req),
    .imem_rdata (imem_rdata),
    .imem_ready (imem_ready),
    .dmem_req   (dmem_req),
    .dmem_we    (dmem_we),
    .dmem_be    (dmem_be),
    .dmem_addr  (dmem_addr),
    .dmem_wdata (dmem_wdata),
    .dmem_rdata (dmem_rdata),
    .dmem_ready (dmem_ready),
    .ext_irq    (ext_irq),
    .timer_irq  (timer_irq)
  );

  sram_sp #(.AW(12), .INIT_FILE("boot.hex")) u_imem (
    .clk  (clk),
    .en   (imem_req),
    .we   (4'b0000),
    .addr (imem_addr[13:2]),
    .din  (32'd0),
    .dout (imem_rdata)
  );

  always_ff @(posedge clk or negedge core_rst_n) begin
    if (!core_rst_n) imem_ready <= 1'b0;
    else             imem_ready <= imem_req;
  end

  // ------------------------------------------------------------------ data address decode
  logic sel_ram, sel_periph, sel_ctl;

  assign sel_ram    = dmem_req && dmem_addr[31:28] == 4'h0;
  assign sel_periph = dmem_req && dmem_addr[31:28] == 4'h1;
  assign sel_ctl    = dmem_req && dmem_addr[31:28] == 4'h2;

  // ------------------------------------------------------------------ cache and memory
  logic [31:0] dc_rdata;
  logic        dc_ready;
  logic        dc_mem_req, dc_mem_we, dc_mem_ack;
  logic [31:0] dc_mem_addr, dc_mem_wdata;
  logic [31:0] ram_q;

  dcache #(.SETS(64), .LINE_WORDS(4)) u_dcache (
    .clk       (clk),
    .rst_n     (sys_rst_n),
    .cpu_req   (sel_ram),
    .cpu_we    (dmem_we),
    .cpu_be    (dmem_be),
    .cpu_addr  (dmem_addr),
    .cpu_wdata (dmem_wdata),
    .cpu_rdata (dc_rdata),
    .cpu_ready (dc_ready),
    .mem_req   (dc_mem_req),
    .mem_we    (dc_mem_we),
    .mem_addr  (dc_mem_addr),
    .mem_wdata (dc_mem_wdata),
    .mem_rdata (ram_q),
    .mem_ack   (dc_mem_ack)
  );

  // DMA engine shares the RAM port with the cache refills
  logic        dma_go, dma_busy, dma_irq, dma_irq_ack;
  logic [31:0] dma_desc;
  logic        dma_req, dma_we, dma_gnt, dma_rvalid;
  logic [31:0] dma_addr, dma_wdata;

  dma_engine u_dma (
    .clk      (clk),
    .rst_n    (sys_rst_n),
    .go       (dma_go),
    .desc_ptr (dma_desc),
    .busy     (dma_busy),
    .irq      (dma_irq),
    .irq_ack  (dma_irq_ack),
    .m_req    (dma_req),
    .m_we     (dma_we),
    .m_addr   (dma_addr),
    .m_wdata  (dma_wdata),
    .m_gnt    (dma_gnt),
    .m_rvalid (dma_rvalid),
    .m_rdata  (ram_q)
  );

  logic [1:0] ram_gnt;
  logic       ram_busy;
  logic [1:0] ram_rd_q;     // which master's read returns next cycle

  rr_arbiter #(.N(2)) u_ram_arb (
    .clk       (clk),
    .rst_n     (sys_rst_n),
    .req       ({dma_req, dc_mem_req}),
    .advance   (1'b1),
    .gnt       (ram_gnt),
    .gnt_valid (ram_busy)
  );

  logic        ram_we;
  logic [31:0] ram_addr, ram_wdata;

  always_comb begin
    if (ram_gnt[1]) begin
      ram_we    = dma_we;
      ram_addr  = dma_addr;
      ram_wdata = dma_wdata;
    end else begin
      ram_we    = dc_mem_we;
      ram_addr  = dc_mem_addr;
      ram_wdata = dc_mem_wdata;
    end
  end

  sram_sp #(.AW(14)) u_ram (
    .clk  (clk),
    .en   (ram_busy),
    .we   ({4{ram_we}}),
    .addr (ram_addr[15:2]),
    .din  (ram_wdata),
    .dout (ram_q)
  );

  always_ff @(posedge clk or negedge sys_rst_n) begin
    if (!sys_rst_n) ram_rd_q <= 2'b00;
    else            ram_rd_q <= ram_gnt & {2{ram_busy && !ram_we}};
  end

  assign dc_mem_ack = ram_gnt[0] & ram_we | ram_rd_q[0];
  assign dma_gnt    = ram_gnt[1];
  assign dma_rvalid = ram_rd_q[1];

  // ------------------------------------------------------------------ peripherals
  logic [31:0] p_rdata;
  logic        p_ready;
  logic        npu_irq, btn_press;

  periph_subsys u_periph (
    .clk       (clk),
    .rst_n     (sys_rst_n),
    .p_sel     (sel_periph),
    .p_we      (dmem_we),
    .p_addr    (dmem_addr[15:0]),
    .p_wdata   (dmem_wdata),
    .p_rdata   (p_rdata),
    .p_ready   (p_ready),
    .uart_rxd  (uart_rxd),
    .uart_txd  (uart_txd),
    .gpio_i    (gpio_i),
    .gpio_o    (gpio_o),
    .gpio_oe   (gpio_oe),
    .dma_irq   (dma_irq),
    .npu_irq   (npu_irq),
    .btn_irq   (btn_press),
    .ext_irq   (ext_irq),
    .timer_irq (timer_irq)
  );

  debounce #(.CNT_W(16)) u_btn (
    .clk       (clk),
    .rst_n     (sys_rst_n),
    .btn_raw   (user_btn),
    .btn_clean (),
    .press     (btn_press)
  );

  // ------------------------------------------------------------------ accelerator (clk_acc)
  // Control registers at 0x2000_00xx:
  //   0x00 DMA descriptor pointer (write starts the DMA)
  //   0x04 NPU job: write K to start a job
  //   0x08 NPU operand low word, 0x0C operand high word (pushes the beat)
  //   0x10 NPU result (read pops)
  //   0x14 status {npu_out_empty, npu_in_full, dma_busy}
  logic        npu_cmd_valid, npu_cmd_ready;
  logic [15:0] npu_k_acc;
  logic        npu_start_acc, npu_done_acc;
  logic [31:0] opnd_lo;
  logic        in_full, in_empty_acc, in_pop_acc;
  logic [63:0] in_data_acc;
  logic        out_full_acc, out_empty, out_pop;
  logic [31:0] out_data;
  logic        tile_m_valid, tile_s_ready;
  logic [31:0] tile_m_data;
  logic [31:0] ctl_rdata;

  assign dma_go        = sel_ctl && dmem_we && dmem_addr[7:0] == 8'h00;
  assign dma_irq_ack   = sel_ctl && !dmem_we && dmem_addr[7:0] == 8'h14;
  assign npu_cmd_valid = sel_ctl && dmem_we && dmem_addr[7:0] == 8'h04;
  assign out_pop       = sel_ctl && !dmem_we && dmem_addr[7:0] == 8'h10 && !out_empty;

  always_ff @(posedge clk or negedge sys_rst_n) begin
    if (!sys_rst_n) begin
      dma_desc <= 32'd0;
      opnd_lo  <= 32'd0;
    end else if (sel_ctl && dmem_we) begin
      if (dmem_addr[7:0] == 8'h00) dma_desc <= dmem_wdata;
      if (dmem_addr[7:0] == 8'h08) opnd_lo  <= dmem_wdata;
    end
  end

  cdc_handshake #(.W(16)) u_npu_cmd (
    .src_clk   (clk),
    .src_rst_n (sys_rst_n),
    .src_valid (npu_cmd_valid),
    .src_data  (dmem_wdata[15:0]),
    .src_ready (npu_cmd_ready),
    .dst_clk   (clk_acc),
    .dst_rst_n (acc_rst_n),
    .dst_valid (npu_start_acc),
    .dst_data  (npu_k_acc)
  );

  async_fifo #(.DW(64), .AW(3)) u_npu_in (
    .wclk   (clk),
    .wrst_n (sys_rst_n),
    .wr_en  (sel_ctl && dmem_we && dmem_addr[7:0] == 8'h0C),
    .wdata  ({dmem_wdata, opnd_lo}),
    .wfull  (in_full),
    .rclk   (clk_acc),
    .rrst_n (acc_rst_n),
    .rd_en  (in_pop_acc),
    .rdata  (in_data_acc),
    .rempty (in_empty_acc)
  );

  assign in_pop_acc = tile_s_ready && !in_empty_acc;

  npu_tile #(.N(4)) u_npu (
    .clk     (clk_acc),
    .rst_n   (acc_rst_n),
    .start   (npu_start_acc),
    .k_len   (npu_k_acc),
    .done    (npu_done_acc),
    .s_valid (!in_empty_acc),
    .s_ready (tile_s_ready),
    .s_data  (in_data_acc),
    .m_valid (tile_m_valid),
    .m_ready (!out_full_acc),
    .m_data  (tile_m_data)
  );

  async_fifo #(.DW(32), .AW(4)) u_npu_out (
    .wclk   (clk_acc),
    .wrst_n (acc_rst_n),
    .wr_en  (tile_m_valid),
    .wdata  (tile_m_data),
    .wfull  (out_full_acc),
    .rclk   (clk),
    .rrst_n (sys_rst_n),
    .rd_en  (out_pop),
    .rdata  (out_data),
    .rempty (out_empty)
  );

  pulse_sync u_npu_done (
    .clk_a   (clk_acc),
    .rst_a_n (acc_rst_n),
    .pulse_a (npu_done_acc),
    .clk_b   (clk),
    .rst_b_n (sys_rst_n),
    .pulse_b (npu_irq)
  );

  always_comb begin
    case (dmem_addr[7:0])
      8'h00:   ctl_rdata = dma_desc;
      8'h10:   ctl_rdata = out_data;
      8'h14:   ctl_rdata = {29'd0, out_empty, in_full, dma_busy};
      default: ctl_rdata = 32'd0;
    endcase
  end

  // ------------------------------------------------------------------ data read mux
  always_comb begin
    if (sel_periph) begin
      dmem_rdata = p_rdata;
      dmem_ready = p_ready;
    end else if (sel_ctl) begin
      dmem_rdata = ctl_rdata;
      dmem_ready = !(npu_cmd_valid && !npu_cmd_ready);
    end else begin
      dmem_rdata = dc_rdata;
      dmem_ready = dc_ready || !dmem_req;
    end
  end

  assign host_status = {30'd0, dma_busy, !core_rst_n};

endmodule
