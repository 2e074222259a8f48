// Priority encoder with an implementation picked by generate if/case.
module priority_enc #(
  parameter N = 8,
  parameter IMPL = 0,        // 0: loop, 1: tree (N == 4 only), 2: lookup (N == 2 only)
  parameter OUT_W = (N <= 2) ? 1 : (N <= 4) ? 2 : (N <= 8) ? 3 : 4
) (
  input      [N-1:0]     req,
  output reg [OUT_W-1:0] idx,
  output                 valid
);

  assign valid = |req;

  function automatic [OUT_W-1:0] first_set;
    input [N-1:0] vec;
    integer j;
    begin
      first_set = {OUT_W{1'b0}};
      for (j = N - 1; j >= 0; j = j - 1)
        if (vec[j]) first_set = j[OUT_W-1:0];
    end
  endfunction

  generate
    if (IMPL == 0) begin : g_loop
      always @(*) idx = first_set(req);
    end else if (IMPL == 1) begin : g_tree
      wire lo = |req[1:0];
      always @(*) begin
        idx[1] = !lo;
        idx[0] = lo ? !req[0] : !req[2];
      end
    end else begin : g_lookup
      case (N)
        2: begin : g_two
          always @(*) idx = req[0] ? 1'b0 : 1'b1;
        end
        default: begin : g_other
          always @(*) idx = first_set(req);
        end
      endcase
    end
  endgenerate

endmodule
