module lfsr16 (
    input             clk,
    input             rst_n,
    input             step,
    input             load,
    input      [15:0] seed,
    output     [15:0] value
);
    // x^16 + x^14 + x^13 + x^11 + 1, maximal length
    reg  [15:0] r;
    wire        fb = r[15] ^ r[13] ^ r[12] ^ r[10];

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n)
            r <= 16'hACE1;
        else if (load)
            r <= (seed == 16'h0) ? 16'hACE1 : seed;
        else if (step)
            r <= {r[14:0], fb};
    end

    assign value = r;
endmodule
