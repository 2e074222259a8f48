// Instruction fetch: program counter and the request to instruction memory.
//
// The PC advances by 4 each cycle unless the pipeline is stalled. A taken branch or jump
// resolved in EX redirects it; a trap redirects it to the trap vector and has priority.

module ifu #(
  parameter logic [31:0] RESET_VECTOR = 32'h0000_0000
) (
  input  logic        clk,
  input  logic        rst_n,
  input  logic        stall,          // hold PC (load-use hazard or memory wait)
  input  logic        redirect,       // taken branch / jump from EX
  input  logic [31:0] redirect_pc,
  input  logic        trap,           // exception or interrupt taken
  input  logic [31:0] trap_pc,
  // instruction memory
  output logic [31:0] imem_addr,
  output logic        imem_req,
  input  logic [31:0] imem_rdata,
  input  logic        imem_ready,
  // to decode
  output logic [31:0] if_pc,
  output logic [31:0] if_inst,
  output logic        if_valid
);

  logic [31:0] pc_q, pc_d;
  logic        fetch_wait;

  assign fetch_wait = imem_req && !imem_ready;

  // next-PC selection
  always_comb begin
    pc_d = pc_q;
    if (trap)
      pc_d = trap_pc;
    else if (redirect)
      pc_d = redirect_pc;
    else if (!stall && !fetch_wait)
      pc_d = pc_q + 32'd4;
  end

  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n)
      pc_q <= RESET_VECTOR;
    else
      pc_q <= pc_d;
  end

  assign imem_addr = pc_q;
  assign imem_req  = rst_n;

  // The instruction comes back in the same cycle (synchronous ROM in front of the core).
  assign if_pc    = pc_q;
  assign if_inst  = imem_rdata;
  assign if_valid = imem_ready && !redirect && !trap;

endmodule
