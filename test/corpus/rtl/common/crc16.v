// CRC-16/CCITT over bytes; a function with old-style input declarations and a loop.
module crc16 (
  input             clk,
  input             rst,
  input             valid,
  input      [7:0]  data,
  output reg [15:0] crc
);

  parameter [15:0] POLY = 16'h1021;
  parameter [15:0] INIT = 16'hFFFF;

  function [15:0] crc_next;
    input [15:0] c;
    input [7:0]  d;
    integer b;
    reg fb;
    begin
      crc_next = c;
      for (b = 7; b >= 0; b = b - 1) begin
        fb = crc_next[15] ^ d[b];
        crc_next = {crc_next[14:0], 1'b0};
        if (fb) crc_next = crc_next ^ POLY;
      end
    end
  endfunction

  always @(posedge clk) begin
    if (rst)
      crc <= INIT;
    else if (valid)
      crc <= crc_next(crc, data);
  end

endmodule
