// 8N1 UART transmitter, 50 MHz clock, 115200 baud (434 clocks per bit).
module uart_tx (
    input  wire       clk,
    input  wire       rst,
    input  wire       start,
    input  wire [7:0] data,
    output reg        txd,
    output wire       busy
);
    reg [31:0] baud_cnt;   // clocks into the current bit
    reg [7:0]  bit_idx;    // 0 = start bit, 1..8 = data, 9 = stop bit
    reg [9:0]  shifter;
    reg        active;

    wire baud_tick = baud_cnt == 32'd433;

    always @(posedge clk) begin
        if (rst) begin
            baud_cnt <= 32'd0;
        end else if (!active || baud_tick) begin
            baud_cnt <= 32'd0;
        end else begin
            baud_cnt <= baud_cnt + 32'd1;
        end
    end

    always @(posedge clk) begin
        if (rst) begin
            active  <= 1'b0;
            bit_idx <= 8'd0;
            shifter <= 10'h3ff;
            txd     <= 1'b1;
        end else if (!active) begin
            txd <= 1'b1;
            if (start) begin
                active  <= 1'b1;
                bit_idx <= 8'd0;
                shifter <= {1'b1, data, 1'b0};
            end
        end else if (baud_tick) begin
            txd     <= shifter[0];
            shifter <= {1'b1, shifter[9:1]};
            if (bit_idx == 8'd9) begin
                active  <= 1'b0;
                bit_idx <= 8'd0;
            end else begin
                bit_idx <= bit_idx + 8'd1;
            end
        end
    end

    assign busy = active;
endmodule
