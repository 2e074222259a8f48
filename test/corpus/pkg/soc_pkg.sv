// Shared types of the SoC: enums, packed structs, typedefs and helper functions.
package soc_pkg;

  parameter int unsigned XLEN = 32;
  localparam int unsigned NUM_MASTERS = 2;
  localparam int unsigned NUM_SLAVES = 2;

  typedef logic [XLEN-1:0] word_t;
  typedef logic [15:0]     addr_t;

  typedef enum logic [1:0] {
    BUS_IDLE  = 2'b00,
    BUS_READ  = 2'b01,
    BUS_WRITE = 2'b10
  } bus_cmd_e;

  typedef enum logic [1:0] {
    RESP_OK     = 2'b00,
    RESP_ERROR  = 2'b10,
    RESP_DECODE = 2'b11
  } bus_resp_e;

  typedef struct packed {
    bus_cmd_e   cmd;
    addr_t      addr;
    word_t      wdata;
    logic [3:0] strb;
  } bus_req_t;

  typedef struct packed {
    bus_resp_e resp;
    word_t     rdata;
  } bus_rsp_t;

  typedef union packed {
    word_t      word;
    logic [3:0][7:0] bytes;
  } word_view_u;

  function automatic logic [3:0] strobe_for(input logic [1:0] size, input logic [1:0] offset);
    case (size)
      2'd0:    return 4'b0001 << offset;
      2'd1:    return offset[1] ? 4'b1100 : 4'b0011;
      default: return 4'b1111;
    endcase
  endfunction

  function automatic logic is_write(bus_req_t req);
    return req.cmd == BUS_WRITE;
  endfunction

endpackage : soc_pkg
