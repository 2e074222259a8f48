// UART receiver, 8N1, 16x oversampling.
// The start bit is qualified at its middle (8 samples in); each data bit is then sampled
// every 16 ticks. A low stop bit raises frame_err instead of rx_valid.
module uart_rx (
    input            clk,
    input            rst_n,
    input            tick_x16,
    input            rxd,
    output reg [7:0] rx_data,
    output reg       rx_valid,
    output reg       frame_err
);

    localparam S_IDLE  = 2'd0;
    localparam S_START = 2'd1;
    localparam S_DATA  = 2'd2;
    localparam S_STOP  = 2'd3;

    // rxd comes from a pin: two flops before anything looks at it
    reg rxd_meta, rxd_s;
    always @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            rxd_meta <= 1'b1;
            rxd_s    <= 1'b1;
        end else begin
            rxd_meta <= rxd;
            rxd_s    <= rxd_meta;
        end
    end

    reg [1:0] state;
    reg [3:0] sample_cnt;
    reg [2:0] bit_idx;
    reg [7:0] rx_shift;

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            state      <= S_IDLE;
            sample_cnt <= 4'd0;
            bit_idx    <= 3'd0;
            rx_shift   <= 8'd0;
            rx_data    <= 8'd0;
            rx_valid   <= 1'b0;
            frame_err  <= 1'b0;
        end else begin
            rx_valid  <= 1'b0;
            frame_err <= 1'b0;
            if (tick_x16) begin
                case (state)
                    S_IDLE:
                        if (!rxd_s) begin
                            sample_cnt <= 4'd0;
                            state      <= S_START;
                        end
                    S_START:
                        if (sample_cnt == 4'd7) begin
                            sample_cnt <= 4'd0;
                            bit_idx    <= 3'd0;
                            state      <= rxd_s ? S_IDLE : S_DATA;   // glitch: back to idle
                        end else
                            sample_cnt <= sample_cnt + 4'd1;
                    S_DATA:
                        if (sample_cnt == 4'd15) begin
                            sample_cnt <= 4'd0;
                            rx_shift   <= {rxd_s, rx_shift[7:1]};
                            bit_idx    <= bit_idx + 3'd1;
                            if (bit_idx == 3'd7)
                                state <= S_STOP;
                        end else
                            sample_cnt <= sample_cnt + 4'd1;
                    S_STOP:
                        if (sample_cnt == 4'd15) begin
                            state <= S_IDLE;
                            if (rxd_s) begin
                                rx_data  <= rx_shift;
                                rx_valid <= 1'b1;
                            end else
                                frame_err <= 1'b1;
                        end else
                            sample_cnt <= sample_cnt + 4'd1;
                endcase
            end
        end
    end

endmodule
