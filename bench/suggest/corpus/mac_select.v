// Multiply stage of a small DSP slice: one of two products per cycle, chosen by the opcode.
module mac_select (
    input  wire        clk,
    input  wire        sel,
    input  wire [11:0] a, b, c, d,
    output reg  [23:0] p
);
    reg [23:0] prod;
    always @(*) begin
        if (sel)
            prod = a * b;
        else
            prod = c * d;
    end
    always @(posedge clk) p <= prod;
endmodule
