// Pipelined dot product of two LEN-element vectors: LEN multipliers in parallel, then a
// registered binary adder tree. Latency is 1 + log2(LEN) cycles; `out_valid` follows
// `in_valid` through a shift register of the same length.
module dot_product #(
  parameter int LEN = 8,
  parameter int DW  = 16
) (
  input  logic                          clk,
  input  logic                          rst_n,
  input  logic                          in_valid,
  input  logic signed [LEN*DW-1:0]      vec_a,
  input  logic signed [LEN*DW-1:0]      vec_b,
  output logic                          out_valid,
  output logic signed [2*DW+$clog2(LEN)-1:0] result
);

  localparam int LVL = $clog2(LEN);
  localparam int RW  = 2*DW + LVL;

  logic signed [RW-1:0] tree [LVL+1][LEN];
  logic [LVL:0]         vld_pipe;

  // stage 0: element-wise products
  always_ff @(posedge clk) begin
    for (int i = 0; i < LEN; i++)
      tree[0][i] <= RW'($signed(vec_a[i*DW +: DW]) * $signed(vec_b[i*DW +: DW]));
  end

  // stages 1..LVL: pairwise sums
  genvar l;
  generate
    for (l = 1; l <= LVL; l++) begin : g_level
      always_ff @(posedge clk) begin
        for (int j = 0; j < (LEN >> l); j++)
          tree[l][j] <= tree[l-1][2*j] + tree[l-1][2*j+1];
      end
    end
  endgenerate

  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) vld_pipe <= '0;
    else        vld_pipe <= {vld_pipe[LVL-1:0], in_valid};
  end

  assign result    = tree[LVL][0];
  assign out_valid = vld_pipe[LVL];

endmodule
