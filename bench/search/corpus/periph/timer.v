module timer (
    input             clk,
    input             rst_n,
    input             en,
    input      [7:0]  psc,
    input      [31:0] cmp,
    input             auto_reload,
    input             clr_irq,
    output reg [31:0] count,
    output reg        irq
);

    reg  [7:0] psc_cnt;
    wire       tick = en && (psc_cnt == psc);

    always @(posedge clk or negedge rst_n)
        if (!rst_n)
            psc_cnt <= 8'd0;
        else if (!en || tick)
            psc_cnt <= 8'd0;
        else
            psc_cnt <= psc_cnt + 8'd1;

    always @(posedge clk or negedge rst_n)
        if (!rst_n)
            count <= 32'd0;
        else if (tick) begin
            if (count == cmp && auto_reload)
                count <= 32'd0;
            else
                count <= count + 32'd1;
        end

    always @(posedge clk or negedge rst_n)
        if (!rst_n)
            irq <= 1'b0;
        else if (clr_irq)
            irq <= 1'b0;
        else if (tick && count == cmp)
            irq <= 1'b1;

endmodule
