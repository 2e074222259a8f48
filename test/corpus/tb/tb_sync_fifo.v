`timescale 1ns / 1ps
`include "defines.vh"

// Self-checking Verilog testbench: tasks, delays, $display, a scoreboard memory.
module tb_sync_fifo;

  localparam WIDTH = 8;
  localparam DEPTH = 4;

  reg              clk = 1'b0;
  reg              rst;
  reg              wr_en, rd_en;
  reg  [WIDTH-1:0] wr_data;
  wire [WIDTH-1:0] rd_data;
  wire             full, empty, almost_full;
  integer          errors;
  reg  [WIDTH-1:0] expected [0:DEPTH-1];
  integer          i;

  sync_fifo #(.WIDTH(WIDTH), .DEPTH(DEPTH)) dut (
    .clk(clk), .rst(rst),
    .wr_en(wr_en), .wr_data(wr_data),
    .rd_en(rd_en), .rd_data(rd_data),
    .full(full), .empty(empty), .almost_full(almost_full)
  );

  always #5 clk = ~clk;

  task push;
    input [WIDTH-1:0] value;
    begin
      @(negedge clk);
      wr_en   = 1'b1;
      wr_data = value;
      @(negedge clk);
      wr_en   = 1'b0;
    end
  endtask

  task pop_and_check;
    input [WIDTH-1:0] want;
    begin
      @(negedge clk);
      rd_en = 1'b1;
      @(negedge clk);
      rd_en = 1'b0;
      if (rd_data !== want) begin
        $display("ERROR: got %h, expected %h at %0t", rd_data, want, $time);
        errors = errors + 1;
      end
    end
  endtask

  initial begin
    errors = 0;
    rst = 1'b1;
    wr_en = 1'b0;
    rd_en = 1'b0;
    wr_data = {WIDTH{1'b0}};
    repeat (2) @(posedge clk);
    rst = 1'b0;
    for (i = 0; i < DEPTH; i = i + 1) begin
      expected[i] = 8'hA0 + i;
      push(expected[i]);
    end
    if (!full) begin
      $display("ERROR: FIFO not full");
      errors = errors + 1;
    end
    for (i = 0; i < DEPTH; i = i + 1)
      pop_and_check(expected[i]);
    if (errors == 0) $display("PASS");
    else             $display("FAIL: %0d errors", errors);
    $finish;
  end

endmodule
