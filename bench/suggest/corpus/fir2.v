// Two-tap FIR section: y = c0 * x[n] + c1 * x[n-1], registered.
module fir2 (
    input  wire              clk,
    input  wire signed [15:0] x,
    input  wire signed [15:0] c0,
    input  wire signed [15:0] c1,
    output reg  signed [31:0] y
);
    reg signed [15:0] x_d;
    always @(posedge clk) x_d <= x;
    always @(posedge clk) y <= c0 * x + c1 * x_d;
endmodule
