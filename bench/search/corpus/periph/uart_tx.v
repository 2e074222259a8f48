// UART transmitter, 8N1, LSB first.
module uart_tx (
    input            clk,
    input            rst_n,
    input            baud_tick,
    input      [7:0] tx_data,
    input            tx_start,
    output reg       txd,
    output           busy
);

    localparam IDLE  = 2'd0,
               START = 2'd1,
               DATA  = 2'd2,
               STOP  = 2'd3;

    reg [1:0] st;
    reg [7:0] shreg;
    reg [2:0] bitcnt;

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            st     <= IDLE;
            txd    <= 1'b1;
            shreg  <= 8'h00;
            bitcnt <= 3'd0;
        end else begin
            case (st)
                IDLE: begin
                    txd <= 1'b1;
                    if (tx_start) begin
                        shreg <= tx_data;
                        st    <= START;
                    end
                end
                START: if (baud_tick) begin
                    txd    <= 1'b0;
                    bitcnt <= 3'd0;
                    st     <= DATA;
                end
                DATA: if (baud_tick) begin
                    txd    <= shreg[0];
                    shreg  <= {1'b0, shreg[7:1]};
                    bitcnt <= bitcnt + 3'd1;
                    if (bitcnt == 3'd7)
                        st <= STOP;
                end
                STOP: if (baud_tick) begin
                    txd <= 1'b1;
                    st  <= IDLE;
                end
            endcase
        end
    end

    assign busy = (st != IDLE);

endmodule
