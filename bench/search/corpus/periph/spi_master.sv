// SPI master, mode 0 or 3 (CPOL = CPHA), 8-bit transfers, MSB first.
// sclk runs at clk / (2 * (clk_div + 1)).
module spi_master (
  input  logic       clk,
  input  logic       rst_n,
  input  logic [7:0] clk_div,
  input  logic       cpol,
  input  logic       start,
  input  logic [7:0] tx_byte,
  output logic [7:0] rx_byte,
  output logic       done,
  output logic       busy,
  // pins
  output logic       sclk,
  output logic       mosi,
  input  logic       miso,
  output logic       cs_n
);

  typedef enum logic [1:0] {IDLE, LEAD, TRAIL, FINISH} spi_state_t;
  spi_state_t st;

  logic [7:0] div_cnt;
  logic [7:0] sh_out, sh_in;
  logic [2:0] nbits;
  logic       half_tick;

  assign half_tick = (div_cnt == clk_div);

  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n)
      div_cnt <= '0;
    else if (st == IDLE || half_tick)
      div_cnt <= '0;
    else
      div_cnt <= div_cnt + 8'd1;
  end

  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      st      <= IDLE;
      sclk    <= 1'b0;
      cs_n    <= 1'b1;
      sh_out  <= '0;
      sh_in   <= '0;
      nbits   <= '0;
      done    <= 1'b0;
      rx_byte <= '0;
    end else begin
      done <= 1'b0;
      unique case (st)
        IDLE: begin
          sclk <= cpol;
          if (start) begin
            cs_n   <= 1'b0;
            sh_out <= tx_byte;
            nbits  <= 3'd7;
            st     <= LEAD;
          end
        end
        LEAD: if (half_tick) begin           // sampling edge
          sclk  <= ~sclk;
          sh_in <= {sh_in[6:0], miso};
          st    <= TRAIL;
        end
        TRAIL: if (half_tick) begin          // shifting edge
          sclk   <= ~sclk;
          sh_out <= {sh_out[6:0], 1'b0};
          if (nbits == 3'd0)
            st <= FINISH;
          else begin
            nbits <= nbits - 3'd1;
            st    <= LEAD;
          end
        end
        FINISH: begin
          cs_n    <= 1'b1;
          rx_byte <= sh_in;
          done    <= 1'b1;
          st      <= IDLE;
        end
      endcase
    end
  end

  assign mosi = sh_out[7];
  assign busy = (st != IDLE);

endmodule
