// Baud-rate generator. `divisor` = f_clk / (16 * baud) - 1.
// tick_x16 pulses sixteen times per bit (receiver oversampling); baud_tick once per bit.
module baud_gen (
    input             clk,
    input             rst_n,
    input      [15:0] divisor,
    output reg        tick_x16,
    output reg        baud_tick
);

    reg [15:0] div_cnt;
    reg [3:0]  os_cnt;

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            div_cnt  <= 16'd0;
            tick_x16 <= 1'b0;
        end else if (div_cnt == divisor) begin
            div_cnt  <= 16'd0;
            tick_x16 <= 1'b1;
        end else begin
            div_cnt  <= div_cnt + 16'd1;
            tick_x16 <= 1'b0;
        end
    end

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            os_cnt    <= 4'd0;
            baud_tick <= 1'b0;
        end else begin
            baud_tick <= 1'b0;
            if (tick_x16) begin
                os_cnt <= os_cnt + 4'd1;
                if (os_cnt == 4'd15)
                    baud_tick <= 1'b1;
            end
        end
    end

endmodule
