// Round-robin arbiter, N requesters, one grant per cycle.
// The requester after the last one granted has the highest priority next time.
module rr_arbiter #(
    parameter N = 4
) (
    input              clk,
    input              rst_n,
    input      [N-1:0] req,
    input              advance,   // the granted requester has been served
    output reg [N-1:0] gnt,
    output             gnt_valid
);

    reg  [N-1:0] mask;          // requesters at or above the rotating pointer
    wire [N-1:0] req_masked = req & mask;
    wire [N-1:0] gnt_masked = req_masked & (~req_masked + 1'b1);   // lowest set bit
    wire [N-1:0] gnt_plain  = req & (~req + 1'b1);

    always @(*) begin
        if (|req_masked)
            gnt = gnt_masked;
        else
            gnt = gnt_plain;
    end

    assign gnt_valid = |req;

    // rotate the pointer past the winner
    always @(posedge clk or negedge rst_n) begin
        if (!rst_n)
            mask <= {N{1'b1}};
        else if (advance && gnt_valid)
            mask <= ~((gnt << 1) - 1'b1);
    end

endmodule
