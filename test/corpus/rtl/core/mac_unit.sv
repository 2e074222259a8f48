// Signed multiply-accumulate with saturation and a mode enum declared locally.
module mac_unit #(
  parameter int W = 16,
  localparam int ACC_W = 2 * W + 4
) (
  input  logic                clk,
  input  logic                rst_n,
  input  logic                clear,
  input  logic                en,
  input  logic signed [W-1:0] a,
  input  logic signed [W-1:0] b,
  input  logic [1:0]          mode,
  output logic signed [W-1:0] result,
  output logic                overflow
);

  typedef enum logic [1:0] { MAC_ACC, MAC_MUL, MAC_SUB, MAC_HOLD } mode_e;

  logic signed [ACC_W-1:0] acc, acc_next;
  logic signed [2*W-1:0]   product;
  mode_e                   m;

  localparam logic signed [ACC_W-1:0] MAX_OUT = ACC_W'((2 ** (W - 1)) - 1);
  localparam logic signed [ACC_W-1:0] MIN_OUT = -ACC_W'(2 ** (W - 1));

  assign m = mode_e'(mode);
  assign product = a * b;

  always_comb begin
    acc_next = acc;
    unique case (m)
      MAC_ACC:  acc_next = acc + ACC_W'(product);
      MAC_MUL:  acc_next = ACC_W'(product);
      MAC_SUB:  acc_next = acc - ACC_W'(product);
      MAC_HOLD: acc_next = acc;
    endcase
  end

  always_ff @(posedge clk or negedge rst_n)
    if (!rst_n)     acc <= '0;
    else if (clear) acc <= '0;
    else if (en)    acc <= acc_next;

  always_comb begin
    overflow = 1'b0;
    if (acc > MAX_OUT) begin
      result   = MAX_OUT[W-1:0];
      overflow = 1'b1;
    end else if (acc < MIN_OUT) begin
      result   = MIN_OUT[W-1:0];
      overflow = 1'b1;
    end else begin
      result = acc[W-1:0];
    end
  end

endmodule
