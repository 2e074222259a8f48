// Gray-code pointer synchroniser for clock-domain crossing.
(* keep_hierarchy = "yes" *)
module gray_sync #(
  parameter W = 4
) (
  input              src_clk,
  input              dst_clk,
  input      [W-1:0] src_bin,
  output     [W-1:0] dst_bin
);

  function [W-1:0] bin2gray;
    input [W-1:0] b;
    bin2gray = b ^ (b >> 1);
  endfunction

  function [W-1:0] gray2bin;
    input [W-1:0] g;
    integer n;
    begin
      gray2bin[W-1] = g[W-1];
      for (n = W - 2; n >= 0; n = n - 1)
        gray2bin[n] = gray2bin[n+1] ^ g[n];
    end
  endfunction

  reg [W-1:0] src_gray;
  (* ASYNC_REG = "TRUE" *) reg [W-1:0] meta;
  (* ASYNC_REG = "TRUE", dont_touch = "true" *) reg [W-1:0] sync;

  always @(posedge src_clk)
    src_gray <= bin2gray(src_bin);

  always @(posedge dst_clk) begin
    meta <= src_gray;
    sync <= meta;
  end

  assign dst_bin = gray2bin(sync);

endmodule
