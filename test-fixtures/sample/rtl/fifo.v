// fifo.v: parameterised synchronous FIFO.
//
// One clock domain, registered read data: rd_data is valid the cycle after a read is
// accepted. Writes when full and reads when empty are ignored. DEPTH must be a power of two.
module fifo #(
  parameter WIDTH = 8,                 // bits per entry
  parameter DEPTH = 16                 // number of entries (power of two)
) (
  input  wire             clk,
  input  wire             rst_n,       // asynchronous reset, active low
  // write side
  input  wire             wr_en,       // push wr_data (ignored when full)
  input  wire [WIDTH-1:0] wr_data,
  output wire             full,
  // read side
  input  wire             rd_en,       // pop into rd_data (ignored when empty)
  output reg  [WIDTH-1:0] rd_data,
  output wire             empty
);

  localparam ADDR_W = $clog2(DEPTH);

  reg [WIDTH-1:0]  mem [0:DEPTH-1];
  // Pointers carry one extra wrap bit to tell full from empty.
  reg [ADDR_W:0]   wr_ptr;
  reg [ADDR_W:0]   rd_ptr;

  wire do_write = wr_en && !full;
  wire do_read  = rd_en && !empty;

  assign empty = (wr_ptr == rd_ptr);
  assign full  = (wr_ptr[ADDR_W] != rd_ptr[ADDR_W]) &&
                 (wr_ptr[ADDR_W-1:0] == rd_ptr[ADDR_W-1:0]);

  always @(posedge clk) begin
    if (do_write)
      mem[wr_ptr[ADDR_W-1:0]] <= wr_data;
  end

  always @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      wr_ptr  <= {(ADDR_W+1){1'b0}};
      rd_ptr  <= {(ADDR_W+1){1'b0}};
      rd_data <= {WIDTH{1'b0}};
    end else begin
      if (do_write)
        wr_ptr <= wr_ptr + 1'b1;
      if (do_read) begin
        rd_data <= mem[rd_ptr[ADDR_W-1:0]];
        rd_ptr  <= rd_ptr + 1'b1;
      end
    end
  end

endmodule
