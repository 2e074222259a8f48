// N x N output-stationary systolic array for C = A * B.
// Row i of A enters on the left delayed by i cycles and column j of B enters on top
// delayed by j cycles, so matching operands meet in PE(i,j).
module systolic_array #(
  parameter int N   = 4,
  parameter int DW  = 8,
  parameter int ACC = 24
) (
  input  logic                   clk,
  input  logic                   rst_n,
  input  logic                   clear,
  input  logic                   en,
  input  logic signed [DW-1:0]   a_west  [N],
  input  logic signed [DW-1:0]   b_north [N],
  output logic signed [ACC-1:0]  c_out   [N][N]
);

  logic signed [DW-1:0] a_h [N][N+1];   // horizontal operand wires
  logic signed [DW-1:0] b_v [N+1][N];   // vertical operand wires

  // input skew: row/column k is delayed by k cycles
  genvar k, d;
  generate
    for (k = 0; k < N; k++) begin : g_skew
      logic signed [DW-1:0] a_dly [k+1];
      logic signed [DW-1:0] b_dly [k+1];
      assign a_dly[0] = a_west[k];
      assign b_dly[0] = b_north[k];
      for (d = 1; d <= k; d++) begin : g_stage
        always_ff @(posedge clk or negedge rst_n) begin
          if (!rst_n) begin
            a_dly[d] <= '0;
            b_dly[d] <= '0;
          end else if (en) begin
            a_dly[d] <= a_dly[d-1];
            b_dly[d] <= b_dly[d-1];
          end
        end
      end
      assign a_h[k][0] = a_dly[k];
      assign b_v[0][k] = b_dly[k];
    end
  endgenerate

  genvar r, c;
  generate
    for (r = 0; r < N; r++) begin : g_row
      for (c = 0; c < N; c++) begin : g_col
        mac_pe #(.DW(DW), .ACC(ACC)) u_pe (
          .clk   (clk),
          .rst_n (rst_n),
          .clear (clear),
          .en    (en),
          .a_in  (a_h[r][c]),
          .b_in  (b_v[r][c]),
          .a_out (a_h[r][c+1]),
          .b_out (b_v[r+1][c]),
          .acc   (c_out[r][c])
        );
      end
    end
  endgenerate

endmodule
