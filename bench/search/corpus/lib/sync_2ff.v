// Double-flop synchroniser for single-bit (or independent multi-bit) level signals entering
// the clk domain. Not for buses whose bits must be seen together: use async_fifo or
// cdc_handshake for those.
module sync_2ff #(
    parameter WIDTH = 1,
    parameter RESET_VAL = 1'b0
) (
    input                  clk,
    input                  rst_n,
    input      [WIDTH-1:0] d,
    output     [WIDTH-1:0] q
);

    (* ASYNC_REG = "TRUE" *) reg [WIDTH-1:0] meta;
    (* ASYNC_REG = "TRUE" *) reg [WIDTH-1:0] stable;

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            meta   <= {WIDTH{RESET_VAL}};
            stable <= {WIDTH{RESET_VAL}};
        end else begin
            meta   <= d;
            stable <= meta;
        end
    end

    assign q = stable;

endmodule
