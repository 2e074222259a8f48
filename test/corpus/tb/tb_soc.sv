`timescale 1ns / 1ps

// SystemVerilog testbench: a class-free stimulus with a struct, an immediate
// assertion, a wait on a signal and a final block.
module tb_soc;
  import soc_pkg::*;
  import dma_pkg::*;

  logic clk = 1'b0;
  logic rst_n;
  logic uart_line;
  logic dma_start;
  dma_desc_t dma_desc;
  logic dma_done;
  logic [3:0] leds;
  logic uart_tx;
  int cycles;

  always #5 clk = ~clk;

  soc_top dut (
    .clk,
    .rst_n,
    .uart_rx (uart_line),
    .uart_tx,
    .dma_start,
    .dma_desc,
    .dma_done,
    .leds
  );

  task automatic run_dma(input addr_t src, input addr_t dst, input logic [7:0] len);
    dma_desc = '{src: src, dst: dst, length: len};
    @(negedge clk) dma_start = 1'b1;
    @(negedge clk) dma_start = 1'b0;
    wait (dma_done);
  endtask

  always @(posedge clk) cycles <= cycles + 1;

  initial begin
    cycles    = 0;
    rst_n     = 1'b0;
    uart_line = 1'b1;
    dma_start = 1'b0;
    dma_desc  = DESC_RESET;
    repeat (3) @(posedge clk);
    rst_n = 1'b1;
    run_dma(16'h0000, 16'h0040, 8'd4);
    assert (dma_done) else $error("DMA did not finish");
    $display("DMA finished after %0d cycles", cycles);
    $finish;
  end

  final $display("tb_soc done");

endmodule
