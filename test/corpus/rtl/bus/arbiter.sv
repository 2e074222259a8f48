// Round-robin arbiter: always_ff, always_comb, for loops with local variables.
module arbiter #(
  parameter int N = 4
) (
  input  logic         clk,
  input  logic         rst_n,
  input  logic [N-1:0] request,
  input  logic         release_grant,
  output logic [N-1:0] grant,
  output logic         busy
);

  logic [N-1:0] next_grant;
  logic [$clog2(N)-1:0] last, next_last;

  always_comb begin
    next_grant = '0;
    next_last  = last;
    for (int offset = 1; offset <= N; offset++) begin
      automatic int candidate = (int'(last) + offset) % N;
      if (request[candidate] && next_grant == '0) begin
        next_grant[candidate] = 1'b1;
        next_last = candidate[$clog2(N)-1:0];
      end
    end
  end

  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      grant <= '0;
      last  <= '0;
    end else if (!busy || release_grant) begin
      grant <= next_grant;
      last  <= next_last;
    end
  end

  assign busy = |grant;

endmodule : arbiter
