`include "defines.vh"

// UART with FIFOs: named and ordered connections, parameter overrides by name
// and by position, an instance array, and an include inside the module body.
module uart_top #(
  parameter CLKS_PER_BIT = 434,
  parameter FIFO_DEPTH = 16
) (
  input        clk,
  input        rst,
  input        rx,
  output       tx,
  input        wr_en,
  input  [7:0] wr_data,
  output       tx_full,
  input        rd_en,
  output [7:0] rd_data,
  output       rx_empty,
  output [3:0] led
);

`include "bus_codes.vh"

  wire [7:0] tx_data;
  wire       tx_empty;
  wire       tx_busy;
  wire [7:0] rx_byte;
  wire       rx_valid;
  wire       unused_full, unused_afull, unused_afull2;

  sync_fifo #(.WIDTH(8), .DEPTH(FIFO_DEPTH)) u_tx_fifo (
    .clk         (clk),
    .rst         (rst),
    .wr_en       (wr_en),
    .wr_data     (wr_data),
    .rd_en       (!tx_empty && !tx_busy),
    .rd_data     (tx_data),
    .full        (tx_full),
    .empty       (tx_empty),
    .almost_full (unused_afull)
  );

  uart_tx #(CLKS_PER_BIT) u_tx (clk, rst, !tx_empty && !tx_busy, tx_data, tx, tx_busy);

  uart_rx #(.CLKS_PER_BIT(CLKS_PER_BIT)) u_rx (
    .clk   (clk),
    .rst   (rst),
    .rx    (rx),
    .data  (rx_byte),
    .valid (rx_valid)
  );

  sync_fifo #(8, FIFO_DEPTH) u_rx_fifo (
    .clk(clk), .rst(rst),
    .wr_en(rx_valid), .wr_data(rx_byte),
    .rd_en(rd_en), .rd_data(rd_data),
    .full(unused_full), .empty(rx_empty), .almost_full(unused_afull2)
  );

  // One blinking LED per byte lane: an instance array.
  wire [3:0] led_tick = {4{rx_valid}};
  clk_div #(.DIVIDE(2)) u_led [3:0] (
    .clk_in  (led_tick),
    .rst     (rst),
    .clk_out (led)
  );

  wire [1:0] status = tx_full ? RESP_SLVERR : RESP_OKAY;

endmodule
