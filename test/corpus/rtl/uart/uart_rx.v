// UART receiver, 8N1, oversampling at mid-bit.
module uart_rx #(
  parameter CLKS_PER_BIT = 868
) (
  input            clk,
  input            rst,
  input            rx,
  output reg [7:0] data,
  output reg       valid
);

  localparam IDLE = 0, START = 1, DATA = 2, STOP = 3;

  reg [1:0]  state;
  reg [15:0] clk_cnt;
  reg [2:0]  bit_idx;
  reg        rx_meta, rx_sync;

  always @(posedge clk) begin
    rx_meta <= rx;
    rx_sync <= rx_meta;
  end

  always @(posedge clk) begin
    if (rst) begin
      state   <= IDLE;
      clk_cnt <= 0;
      bit_idx <= 0;
      valid   <= 1'b0;
      data    <= 8'h00;
    end else begin
      valid <= 1'b0;
      case (state)
        IDLE:
          if (!rx_sync) begin
            clk_cnt <= 0;
            state   <= START;
          end
        START:
          if (clk_cnt == (CLKS_PER_BIT - 1) / 2) begin
            clk_cnt <= 0;
            bit_idx <= 0;
            state   <= rx_sync ? IDLE : DATA;
          end else
            clk_cnt <= clk_cnt + 1'b1;
        DATA:
          if (clk_cnt == CLKS_PER_BIT - 1) begin
            clk_cnt       <= 0;
            data[bit_idx] <= rx_sync;
            if (&bit_idx) state <= STOP;
            else          bit_idx <= bit_idx + 1'b1;
          end else
            clk_cnt <= clk_cnt + 1'b1;
        STOP:
          if (clk_cnt == CLKS_PER_BIT - 1) begin
            valid <= rx_sync;
            state <= IDLE;
          end else
            clk_cnt <= clk_cnt + 1'b1;
      endcase
    end
  end

endmodule
