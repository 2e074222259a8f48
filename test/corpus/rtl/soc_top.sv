`include "defines.vh"

// SoC top: interface instances, .* and .name connections, an instance array,
// generate blocks, and modules from Verilog-2005 files.
module soc_top
  import soc_pkg::*;
(
  input  logic        clk,
  input  logic        rst_n,
  input  logic        uart_rx,
  output logic        uart_tx,
  input  logic        dma_start,
  input  dma_pkg::dma_desc_t dma_desc,
  output logic        dma_done,
  output logic [3:0]  leds
);

  logic rst;
  assign rst = !rst_n;

  // Two buses: the DMA's and the CPU stub's, arbitrated onto one memory.
  bus_if #(.AW(16), .DW(XLEN)) dma_bus (.clk(clk), .rst_n(rst_n));
  bus_if #(.AW(16), .DW(XLEN)) mem_bus (.*);

  logic start;
  logic done;
  assign start = dma_start;

  // .name connections and an explicit one.
  dma_engine u_dma (
    .clk,
    .rst_n,
    .start,
    .desc (dma_desc),
    .done,
    .bus  (dma_bus)
  );
  assign dma_done = done;

  // The arbiter picks the DMA; a single master keeps the stub simple.
  logic [NUM_MASTERS-1:0] request, grant;
  logic release_grant, busy;
  assign request       = {1'b0, dma_bus.req};
  assign release_grant = dma_bus.ack;
  arbiter #(.N(NUM_MASTERS)) u_arb (.*);

  always_comb begin
    mem_bus.req   = dma_bus.req & grant[0];
    mem_bus.we    = dma_bus.we;
    mem_bus.addr  = dma_bus.addr;
    mem_bus.wdata = dma_bus.wdata;
    dma_bus.rdata = mem_bus.rdata;
    dma_bus.ack   = mem_bus.ack;
    dma_bus.err   = mem_bus.err;
  end

  mem_slave #(.WORDS(256), .BASE(16'h0000)) u_mem (.bus(mem_bus));

  // Verilog-2005 blocks from the common library.
  wire [7:0] rx_data;
  wire       rx_empty, tx_full;
  uart_top #(.CLKS_PER_BIT(16), .FIFO_DEPTH(8)) u_uart (
    .clk      (clk),
    .rst      (rst),
    .rx       (uart_rx),
    .tx       (uart_tx),
    .wr_en    (!rx_empty && !tx_full),
    .wr_data  (rx_data),
    .tx_full  (tx_full),
    .rd_en    (!rx_empty && !tx_full),
    .rd_data  (rx_data),
    .rx_empty (rx_empty),
    .led      ()
  );

  // An instance array of debouncers on the LEDs' inputs.
  logic [3:0] raw_leds;
  assign raw_leds = {dma_done, busy, grant[0], uart_rx};
  debounce #(.CYCLES(4)) u_deb [3:0] (
    .clk   (clk),
    .rst   (rst),
    .btn   (raw_leds),
    .level (leds)
  );

  // Optional MAC, chosen by a parameter in a generate if.
  localparam bit HAS_MAC = 1'b1;
  if (HAS_MAC) begin : g_mac
    logic signed [15:0] mac_result;
    logic               mac_overflow;
    mac_unit #(.W(16)) u_mac (
      .clk, .rst_n,
      .clear    (dma_start),
      .en       (done),
      .a        (dma_bus.wdata[15:0]),
      .b        (dma_bus.wdata[31:16]),
      .mode     (2'b00),
      .result   (mac_result),
      .overflow (mac_overflow)
    );
  end else begin : g_no_mac
    logic unused;
    assign unused = 1'b0;
  end

endmodule
