// A simple request/response bus as an interface with modports.
interface bus_if #(
  parameter int AW = 16,
  parameter int DW = 32
) (
  input logic clk,
  input logic rst_n
);

  logic          req;
  logic          we;
  logic [AW-1:0] addr;
  logic [DW-1:0] wdata;
  logic [DW-1:0] rdata;
  logic          ack;
  logic          err;

  modport master (
    input  clk, rst_n, rdata, ack, err,
    output req, we, addr, wdata
  );

  modport slave (
    input  clk, rst_n, req, we, addr, wdata,
    output rdata, ack, err
  );

  modport monitor (
    input clk, rst_n, req, we, addr, wdata, rdata, ack, err
  );

  function automatic logic handshake();
    return req && ack;
  endfunction

endinterface : bus_if
