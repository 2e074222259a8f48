// Parameterised shift register built with a labelled generate loop.
module shift_reg #(
  parameter WIDTH  = 4,
  parameter STAGES = 3
) (
  input              clk,
  input              en,
  input  [WIDTH-1:0] d,
  output [WIDTH-1:0] q
);

  wire [WIDTH-1:0] stage [0:STAGES];
  assign stage[0] = d;

  genvar i;
  generate
    for (i = 0; i < STAGES; i = i + 1) begin : g_stage
      reg [WIDTH-1:0] r;
      always @(posedge clk)
        if (en) r <= stage[i];
      assign stage[i+1] = r;
    end
  endgenerate

  assign q = stage[STAGES];

endmodule
