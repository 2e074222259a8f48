// UART peripheral: baud generator, transmitter, receiver and a receive FIFO behind a
// small register interface.
//   addr 0: write = send byte, read = pop received byte
//   addr 1: read status {rx_overrun, frame_error, rx_not_empty, tx_busy}
//   addr 2: baud divisor
module uart (
    input         clk,
    input         rst_n,
    input         sel,
    input         we,
    input  [1:0]  addr,
    input  [31:0] wdata,
    output reg [31:0] rdata,
    output        irq,
    input         uart_rxd,
    output        uart_txd
);

    wire       tick16, bit_tick;
    wire       tx_busy;
    wire [7:0] rx_byte;
    wire       rx_strobe, rx_ferr;
    wire       fifo_full, fifo_empty;
    wire [7:0] fifo_q;
    reg  [15:0] divisor;
    reg        overrun, ferr_seen;

    wire send = sel && we && addr == 2'd0 && !tx_busy;
    wire pop  = sel && !we && addr == 2'd0 && !fifo_empty;

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n)
            divisor <= 16'd26;            // 115200 baud at 50 MHz
        else if (sel && we && addr == 2'd2)
            divisor <= wdata[15:0];
    end

    baud_gen u_baud (
        .clk       (clk),
        .rst_n     (rst_n),
        .divisor   (divisor),
        .tick_x16  (tick16),
        .baud_tick (bit_tick)
    );

    uart_tx u_tx (
        .clk       (clk),
        .rst_n     (rst_n),
        .baud_tick (bit_tick),
        .tx_data   (wdata[7:0]),
        .tx_start  (send),
        .txd       (uart_txd),
        .busy      (tx_busy)
    );

    uart_rx u_rx (
        .clk       (clk),
        .rst_n     (rst_n),
        .tick_x16  (tick16),
        .rxd       (uart_rxd),
        .rx_data   (rx_byte),
        .rx_valid  (rx_strobe),
        .frame_err (rx_ferr)
    );

    sync_fifo #(.DW(8), .AW(4)) u_rxq (
        .clk   (clk),
        .rst_n (rst_n),
        .wr_en (rx_strobe && !fifo_full),
        .din   (rx_byte),
        .rd_en (pop),
        .dout  (fifo_q),
        .full  (fifo_full),
        .empty (fifo_empty),
        .count ()
    );

    // sticky error flags, cleared by reading the status register
    always @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            overrun   <= 1'b0;
            ferr_seen <= 1'b0;
        end else begin
            if (sel && !we && addr == 2'd1) begin
                overrun   <= 1'b0;
                ferr_seen <= 1'b0;
            end
            if (rx_strobe && fifo_full) overrun   <= 1'b1;
            if (rx_ferr)                ferr_seen <= 1'b1;
        end
    end

    always @(*) begin
        case (addr)
            2'd0:    rdata = {24'd0, fifo_q};
            2'd1:    rdata = {28'd0, overrun, ferr_seen, !fifo_empty, tx_busy};
            2'd2:    rdata = {16'd0, divisor};
            default: rdata = 32'd0;
        endcase
    end

    assign irq = !fifo_empty;

endmodule
