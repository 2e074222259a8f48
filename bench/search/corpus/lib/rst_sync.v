// Reset bridge: the output reset goes low (asserts) as soon as arst_n does, with no clock,
// and rises (releases) only on a clock edge, two edges after arst_n was released, so every
// flop it feeds leaves reset in the same cycle.
module rst_sync (
    input  clk,
    input  arst_n,
    output srst_n
);

    reg [1:0] chain;

    always @(posedge clk or negedge arst_n) begin
        if (!arst_n)
            chain <= 2'b00;
        else
            chain <= {chain[0], 1'b1};
    end

    assign srst_n = chain[1];

endmodule
