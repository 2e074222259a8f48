// One stage of a pixel pipeline: the valid flag and the pixel registered together, with an
// asynchronous active-low reset on both (a common template); the pixel is gated by valid.
module pixel_stage (
    input  wire        clk,
    input  wire        rst_n,
    input  wire        in_valid,
    input  wire [23:0] in_rgb,
    output wire        out_valid,
    output wire [23:0] out_rgb
);
    reg        valid_q;
    reg [23:0] rgb_q;

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            valid_q <= 1'b0;
            rgb_q   <= 24'h000000;
        end else begin
            valid_q <= in_valid;
            rgb_q   <= in_rgb;
        end
    end

    assign out_valid = valid_q;
    assign out_rgb   = valid_q ? rgb_q : 24'h000000;
endmodule
