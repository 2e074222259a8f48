// Output-stationary processing element for the systolic array.
// Operand a moves left to right, b moves top to bottom, one hop per cycle; each PE
// accumulates a*b into its own result register.
module mac_pe #(
  parameter int DW  = 8,
  parameter int ACC = 24
) (
  input  logic                  clk,
  input  logic                  rst_n,
  input  logic                  clear,
  input  logic                  en,
  input  logic signed [DW-1:0]  a_in,
  input  logic signed [DW-1:0]  b_in,
  output logic signed [DW-1:0]  a_out,
  output logic signed [DW-1:0]  b_out,
  output logic signed [ACC-1:0] acc
);

  logic signed [2*DW-1:0] prod;

  assign prod = a_in * b_in;

  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      a_out <= '0;
      b_out <= '0;
      acc   <= '0;
    end else if (clear) begin
      acc   <= '0;
    end else if (en) begin
      a_out <= a_in;
      b_out <= b_in;
      acc   <= acc + ACC'(prod);
    end
  end

endmodule
