// Debouncer for a mechanical push-button: the output follows the (synchronised) input only
// after it has been stable for 2**CNT_W clock cycles. `press` pulses on the debounced
// rising edge.
module debounce #(
    parameter CNT_W = 18
) (
    input      clk,
    input      rst_n,
    input      btn_raw,
    output reg btn_clean,
    output     press
);

    reg [1:0]       btn_sync;
    reg [CNT_W-1:0] stable_cnt;
    reg             btn_clean_d;

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n) btn_sync <= 2'b00;
        else        btn_sync <= {btn_sync[0], btn_raw};
    end

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            stable_cnt <= {CNT_W{1'b0}};
            btn_clean  <= 1'b0;
        end else if (btn_sync[1] == btn_clean) begin
            stable_cnt <= {CNT_W{1'b0}};
        end else begin
            stable_cnt <= stable_cnt + 1'b1;
            if (&stable_cnt)
                btn_clean <= btn_sync[1];
        end
    end

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n) btn_clean_d <= 1'b0;
        else        btn_clean_d <= btn_clean;
    end

    assign press = btn_clean & ~btn_clean_d;

endmodule
