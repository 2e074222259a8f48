// ADC sample capture: the converter strobes `sample_valid` with each new 12-bit sample; the
// sample is held for the DSP chain, which only looks at it while `valid` is high.
module sample_capture (
    input  wire        clk,
    input  wire        rst,
    input  wire        sample_valid,
    input  wire [11:0] sample,
    output reg         valid,
    output wire [11:0] data,
    output wire        over_range
);
    reg [11:0] held;

    always @(posedge clk) begin
        if (rst) valid <= 1'b0;
        else     valid <= sample_valid;
    end

    always @(posedge clk) begin
        if (sample_valid) held <= sample;
    end

    assign data       = valid ? held : 12'd0;
    assign over_range = valid ? (held > 12'd4000) : 1'b0;
endmodule
