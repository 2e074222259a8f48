// A valid/ready pipeline of registered stages carrying a packed struct.
module pipeline
  import soc_pkg::*;
#(
  parameter int STAGES = 3
) (
  input  logic     clk,
  input  logic     rst_n,
  input  logic     in_valid,
  output logic     in_ready,
  input  bus_req_t in_data,
  output logic     out_valid,
  input  logic     out_ready,
  output bus_req_t out_data
);

  typedef struct packed {
    logic     valid;
    bus_req_t payload;
  } slot_t;

  slot_t slots [STAGES+1];
  logic  ready [STAGES+1];

  assign slots[0]       = '{valid: in_valid, payload: in_data};
  assign in_ready       = ready[0];
  assign out_valid      = slots[STAGES].valid;
  assign out_data       = slots[STAGES].payload;
  assign ready[STAGES]  = out_ready;

  for (genvar s = 0; s < STAGES; s++) begin : g_stage
    slot_t q;
    assign ready[s]     = !q.valid || ready[s+1];
    assign slots[s+1]   = q;
    always_ff @(posedge clk or negedge rst_n) begin
      if (!rst_n)
        q <= '0;
      else if (ready[s])
        q <= slots[s];
    end
  end : g_stage

endmodule
