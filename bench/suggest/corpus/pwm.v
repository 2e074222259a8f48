// PWM generator with a programmable duty cycle and a fixed 1 kHz period at 50 MHz.
// The period counter is compared with an input (duty), so its range is not known: no narrowing.
module pwm (
    input  wire        clk,
    input  wire        rst,
    input  wire [15:0] duty,
    output reg         out
);
    reg [15:0] cnt;
    always @(posedge clk) begin
        if (rst || cnt == 16'd49999) cnt <= 16'd0;
        else cnt <= cnt + 16'd1;
        out <= cnt < duty;
    end
endmodule
