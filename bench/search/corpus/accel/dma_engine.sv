// Scatter-gather DMA.
//
// Software writes the address of the first descriptor and pulses `go`. Each descriptor is
// four words in memory:
//   +0  source address
//   +4  destination address
//   +8  [31] interrupt when done, [15:0] length in words
//   +12 next descriptor address (0 ends the chain)
// The engine fetches the descriptor, copies the block one word at a time (read, then write),
// then follows the chain.
module dma_engine (
  input  logic        clk,
  input  logic        rst_n,
  // control
  input  logic        go,
  input  logic [31:0] desc_ptr,
  output logic        busy,
  output logic        irq,
  input  logic        irq_ack,
  // bus master
  output logic        m_req,
  output logic        m_we,
  output logic [31:0] m_addr,
  output logic [31:0] m_wdata,
  input  logic        m_gnt,
  input  logic        m_rvalid,
  input  logic [31:0] m_rdata
);

  typedef enum logic [2:0] {
    ST_IDLE,
    ST_DESC,     // fetching the four descriptor words
    ST_RD,
    ST_WR,
    ST_NEXT
  } dma_state_e;

  dma_state_e  state;
  logic [31:0] cur_desc;
  logic [1:0]  desc_word;
  logic [31:0] src, dst, nxt;
  logic [15:0] remaining;
  logic        irq_on_done;
  logic [31:0] buffer;
  logic        waiting;     // read issued, data not back yet

  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      state       <= ST_IDLE;
      cur_desc    <= '0;
      desc_word   <= '0;
      src         <= '0;
      dst         <= '0;
      nxt         <= '0;
      remaining   <= '0;
      irq_on_done <= 1'b0;
      buffer      <= '0;
      waiting     <= 1'b0;
      irq         <= 1'b0;
    end else begin
      if (irq_ack) irq <= 1'b0;
      case (state)
        ST_IDLE: if (go) begin
          cur_desc  <= desc_ptr;
          desc_word <= '0;
          waiting   <= 1'b0;
          state     <= ST_DESC;
        end
        ST_DESC: begin
          if (!waiting && m_gnt)
            waiting <= 1'b1;
          if (waiting && m_rvalid) begin
            waiting <= 1'b0;
            case (desc_word)
              2'd0: src <= m_rdata;
              2'd1: dst <= m_rdata;
              2'd2: begin
                remaining   <= m_rdata[15:0];
                irq_on_done <= m_rdata[31];
              end
              default: nxt <= m_rdata;
            endcase
            desc_word <= desc_word + 2'd1;
            if (desc_word == 2'd3)
              state <= ST_RD;
          end
        end
        ST_RD: begin
          if (remaining == 16'd0)
            state <= ST_NEXT;
          else if (!waiting && m_gnt)
            waiting <= 1'b1;
          else if (waiting && m_rvalid) begin
            waiting <= 1'b0;
            buffer  <= m_rdata;
            state   <= ST_WR;
          end
        end
        ST_WR: if (m_gnt) begin
          src       <= src + 32'd4;
          dst       <= dst + 32'd4;
          remaining <= remaining - 16'd1;
          state     <= ST_RD;
        end
        ST_NEXT: begin
          if (irq_on_done) irq <= 1'b1;
          if (nxt != 32'd0) begin
            cur_desc  <= nxt;
            desc_word <= '0;
            state     <= ST_DESC;
          end else
            state <= ST_IDLE;
        end
        default: state <= ST_IDLE;
      endcase
    end
  end

  // bus requests
  always_comb begin
    m_req   = 1'b0;
    m_we    = 1'b0;
    m_addr  = '0;
    m_wdata = buffer;
    case (state)
      ST_DESC: begin
        m_req  = !waiting;
        m_addr = cur_desc + {28'd0, desc_word, 2'b00};
      end
      ST_RD: begin
        m_req  = !waiting && remaining != 16'd0;
        m_addr = src;
      end
      ST_WR: begin
        m_req  = 1'b1;
        m_we   = 1'b1;
        m_addr = dst;
      end
      default: ;
    endcase
  end

  assign busy = (state != ST_IDLE);

endmodule
