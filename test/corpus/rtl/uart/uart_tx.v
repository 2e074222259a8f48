// UART transmitter, 8N1, with a localparam-encoded FSM.
module uart_tx #(
  parameter CLKS_PER_BIT = 868
) (
  input        clk,
  input        rst,
  input        start,
  input  [7:0] data,
  output reg   tx,
  output       busy
);

  localparam [1:0] S_IDLE  = 2'd0,
                   S_START = 2'd1,
                   S_DATA  = 2'd2,
                   S_STOP  = 2'd3;

  reg [1:0]  state;
  reg [15:0] clk_cnt;
  reg [2:0]  bit_idx;
  reg [7:0]  shifter;

  assign busy = (state != S_IDLE);

  always @(posedge clk) begin
    if (rst) begin
      state   <= S_IDLE;
      tx      <= 1'b1;
      clk_cnt <= 16'd0;
      bit_idx <= 3'd0;
      shifter <= 8'd0;
    end else begin
      case (state)
        S_IDLE: begin
          tx <= 1'b1;
          if (start) begin
            shifter <= data;
            clk_cnt <= 16'd0;
            state   <= S_START;
          end
        end
        S_START: begin
          tx <= 1'b0;
          if (clk_cnt == CLKS_PER_BIT - 1) begin
            clk_cnt <= 16'd0;
            bit_idx <= 3'd0;
            state   <= S_DATA;
          end else
            clk_cnt <= clk_cnt + 16'd1;
        end
        S_DATA: begin
          tx <= shifter[bit_idx];
          if (clk_cnt == CLKS_PER_BIT - 1) begin
            clk_cnt <= 16'd0;
            if (bit_idx == 3'd7)
              state <= S_STOP;
            else
              bit_idx <= bit_idx + 3'd1;
          end else
            clk_cnt <= clk_cnt + 16'd1;
        end
        S_STOP: begin
          tx <= 1'b1;
          if (clk_cnt == CLKS_PER_BIT - 1)
            state <= S_IDLE;
          else
            clk_cnt <= clk_cnt + 16'd1;
        end
        default: state <= S_IDLE;
      endcase
    end
  end

endmodule
