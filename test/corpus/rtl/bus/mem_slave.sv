`include "defines.vh"

// Memory slave on bus_if.slave: a modport port, an unpacked memory, unique case.
module mem_slave #(
  parameter int WORDS = 64,
  parameter logic [15:0] BASE = 16'h0000
) (
  bus_if.slave bus
);

  localparam int IW = $clog2(WORDS);

  logic [31:0] mem [WORDS];
  logic [IW-1:0] index;
  logic          in_range;

  assign index    = bus.addr[IW+1:2];
  assign in_range = (bus.addr >= BASE) && (bus.addr < BASE + 16'(WORDS * `BYTE_LANES));

  always_ff @(posedge bus.clk or negedge bus.rst_n) begin
    if (!bus.rst_n) begin
      bus.ack   <= 1'b0;
      bus.err   <= 1'b0;
      bus.rdata <= '0;
    end else begin
      bus.ack <= bus.req && !bus.ack;
      bus.err <= bus.req && !bus.ack && !in_range;
      unique case ({bus.req && !bus.ack && in_range, bus.we})
        2'b11:   mem[index] <= bus.wdata;
        2'b10:   bus.rdata <= mem[index];
        default: ;
      endcase
    end
  end

endmodule
