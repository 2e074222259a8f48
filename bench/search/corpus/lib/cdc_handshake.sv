// Moves a multi-bit word between two unrelated clocks with a four-phase req/ack handshake.
// The source holds `src_data` stable in a register from the moment req rises until ack is
// seen back, so the destination can take all bits at once after synchronising req.
module cdc_handshake #(
  parameter int W = 32
) (
  // source domain
  input  logic         src_clk,
  input  logic         src_rst_n,
  input  logic         src_valid,
  input  logic [W-1:0] src_data,
  output logic         src_ready,
  // destination domain
  input  logic         dst_clk,
  input  logic         dst_rst_n,
  output logic         dst_valid,
  output logic [W-1:0] dst_data
);

  logic [W-1:0] hold;
  logic         req, ack;
  logic         ack_s;       // ack seen in the source domain
  logic         req_s;       // req seen in the destination domain
  logic         req_s_d;

  // source: raise req with the data, drop it when ack comes back
  always_ff @(posedge src_clk or negedge src_rst_n) begin
    if (!src_rst_n) begin
      req  <= 1'b0;
      hold <= '0;
    end else if (!req && !ack_s && src_valid) begin
      hold <= src_data;
      req  <= 1'b1;
    end else if (req && ack_s) begin
      req <= 1'b0;
    end
  end

  assign src_ready = !req && !ack_s;

  sync_2ff u_ack_sync (.clk(src_clk), .rst_n(src_rst_n), .d(ack), .q(ack_s));
  sync_2ff u_req_sync (.clk(dst_clk), .rst_n(dst_rst_n), .d(req), .q(req_s));

  // destination: capture on the rising edge of the synchronised req, echo it as ack
  always_ff @(posedge dst_clk or negedge dst_rst_n) begin
    if (!dst_rst_n) begin
      req_s_d   <= 1'b0;
      dst_valid <= 1'b0;
      dst_data  <= '0;
    end else begin
      req_s_d   <= req_s;
      dst_valid <= req_s && !req_s_d;
      if (req_s && !req_s_d)
        dst_data <= hold;
    end
  end

  assign ack = req_s;

endmodule
