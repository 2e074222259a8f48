// Push-button debouncer: the input must stay stable for 1 ms at 100 MHz.
module debounce (
    input  wire clk,
    input  wire rst_n,
    input  wire btn_raw,
    output reg  btn
);
    reg [31:0] stable_cnt;
    reg        sync0, sync1;

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            sync0 <= 1'b0;
            sync1 <= 1'b0;
        end else begin
            sync0 <= btn_raw;
            sync1 <= sync0;
        end
    end

    always @(posedge clk) begin
        if (sync1 == btn)
            stable_cnt <= 32'd0;
        else if (stable_cnt == 32'd99999)
            stable_cnt <= 32'd0;
        else
            stable_cnt <= stable_cnt + 32'd1;
    end

    always @(posedge clk) begin
        if (stable_cnt == 32'd99999) btn <= sync1;
    end
endmodule
