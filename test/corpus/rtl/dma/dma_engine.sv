// DMA engine: FSM with the state enum from a package, a bus_if.master port,
// packed structs and an explicit import list.
module dma_engine
  import soc_pkg::*;
  import dma_pkg::dma_state_e, dma_pkg::dma_desc_t, dma_pkg::DESC_RESET;
(
  input  logic       clk,
  input  logic       rst_n,
  input  logic       start,
  input  dma_desc_t  desc,
  output logic       done,
  bus_if.master      bus
);

  dma_state_e state, state_next;
  dma_desc_t  cur;
  word_t      buffer;
  logic [7:0] remaining;

  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      state     <= dma_pkg::DMA_IDLE;
      cur       <= DESC_RESET;
      buffer    <= '0;
      remaining <= '0;
    end else begin
      state <= state_next;
      unique case (state)
        dma_pkg::DMA_IDLE: if (start) begin
          cur       <= desc;
          remaining <= desc.length;
        end
        dma_pkg::DMA_WAIT_READ: if (bus.ack) buffer <= bus.rdata;
        dma_pkg::DMA_WAIT_WRITE: if (bus.ack) begin
          cur.src   <= cur.src + addr_t'(4);
          cur.dst   <= cur.dst + addr_t'(4);
          remaining <= remaining - 8'd1;
        end
        default: ;
      endcase
    end
  end

  always_comb begin
    state_next = state;
    case (state)
      dma_pkg::DMA_IDLE:       if (start) state_next = dma_pkg::DMA_READ;
      dma_pkg::DMA_READ:       state_next = dma_pkg::DMA_WAIT_READ;
      dma_pkg::DMA_WAIT_READ:  if (bus.ack) state_next = dma_pkg::DMA_WRITE;
      dma_pkg::DMA_WRITE:      state_next = dma_pkg::DMA_WAIT_WRITE;
      dma_pkg::DMA_WAIT_WRITE: if (bus.ack) state_next = (remaining == 8'd1) ? dma_pkg::DMA_DONE : dma_pkg::DMA_READ;
      dma_pkg::DMA_DONE:       state_next = dma_pkg::DMA_IDLE;
      default:                 state_next = dma_pkg::DMA_IDLE;
    endcase
  end

  always_comb begin
    bus.req   = (state == dma_pkg::DMA_READ) || (state == dma_pkg::DMA_WRITE);
    bus.we    = (state == dma_pkg::DMA_WRITE);
    bus.addr  = bus.we ? cur.dst : cur.src;
    bus.wdata = buffer;
  end

  assign done = (state == dma_pkg::DMA_DONE);

endmodule
