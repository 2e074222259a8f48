// Two-entry skid buffer for a valid/ready stream.
// Breaks the combinational path on ready: s_ready is registered. When the downstream stalls
// while a beat is in flight, the beat is parked in the skid register.
module skid_buffer #(
  parameter int W = 32
) (
  input  logic         clk,
  input  logic         rst_n,
  input  logic [W-1:0] s_data,
  input  logic         s_valid,
  output logic         s_ready,
  output logic [W-1:0] m_data,
  output logic         m_valid,
  input  logic         m_ready
);

  logic [W-1:0] skid_data;
  logic         skid_full;

  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      m_valid   <= 1'b0;
      skid_full <= 1'b0;
      s_ready   <= 1'b1;
    end else begin
      if (m_ready || !m_valid) begin
        // output register free: take from the skid slot first, then the input
        if (skid_full) begin
          m_data    <= skid_data;
          m_valid   <= 1'b1;
          skid_full <= 1'b0;
          s_ready   <= 1'b1;
        end else begin
          m_data  <= s_data;
          m_valid <= s_valid && s_ready;
        end
      end else if (s_valid && s_ready) begin
        // downstream stalled: park the incoming beat
        skid_data <= s_data;
        skid_full <= 1'b1;
        s_ready   <= 1'b0;
      end
    end
  end

endmodule
