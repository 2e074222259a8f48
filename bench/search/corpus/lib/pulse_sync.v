// Carries single-cycle pulses from clk_a to clk_b. Each pulse flips a toggle flop in the
// source domain; the level is synchronised into the destination domain and every change
// of it becomes one pulse there. Pulses closer than about three clk_b cycles are merged.
module pulse_sync (
    input  clk_a,
    input  rst_a_n,
    input  pulse_a,
    input  clk_b,
    input  rst_b_n,
    output pulse_b
);

    reg tgl_a;
    reg [2:0] tgl_b;

    always @(posedge clk_a or negedge rst_a_n)
        if (!rst_a_n)     tgl_a <= 1'b0;
        else if (pulse_a) tgl_a <= ~tgl_a;

    always @(posedge clk_b or negedge rst_b_n)
        if (!rst_b_n) tgl_b <= 3'b000;
        else          tgl_b <= {tgl_b[1:0], tgl_a};

    assign pulse_b = tgl_b[2] ^ tgl_b[1];

endmodule
