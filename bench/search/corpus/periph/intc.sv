// Interrupt controller.
// Sources are edge-captured into `pending`; the lowest-numbered pending and enabled source
// wins. Software reads `claim_id` (which clears that pending bit when `claim` pulses).
module intc #(
  parameter int NSRC = 8
) (
  input  logic                    clk,
  input  logic                    rst_n,
  input  logic [NSRC-1:0]         src,
  input  logic [NSRC-1:0]         enable,
  input  logic                    claim,
  output logic [$clog2(NSRC)-1:0] claim_id,
  output logic                    irq_o
);

  logic [NSRC-1:0] src_q, pending, active;
  logic            any;

  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) src_q <= '0;
    else        src_q <= src;
  end

  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n)
      pending <= '0;
    else begin
      pending <= pending | (src & ~src_q);
      if (claim && any)
        pending[claim_id] <= 1'b0;
    end
  end

  assign active = pending & enable;

  prio_enc #(.N(NSRC)) u_pe (
    .in    (active),
    .idx   (claim_id),
    .valid (any)
  );

  assign irq_o = any;

endmodule
