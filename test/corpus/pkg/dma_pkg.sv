// DMA engine types: the FSM state enum lives in a package.
package dma_pkg;

  import soc_pkg::addr_t;

  typedef enum logic [2:0] {
    DMA_IDLE,
    DMA_READ,
    DMA_WAIT_READ,
    DMA_WRITE,
    DMA_WAIT_WRITE,
    DMA_DONE
  } dma_state_e;

  typedef struct packed {
    addr_t       src;
    addr_t       dst;
    logic [7:0]  length;
  } dma_desc_t;

  localparam dma_desc_t DESC_RESET = '{src: '0, dst: '0, length: 8'd0};

endpackage
