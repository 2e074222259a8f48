// Synchronous FIFO, first-word fall-through: dout shows the oldest entry while !empty.
// Depth is 2**AW. Pointers carry one extra bit so full and empty can be told apart.
module sync_fifo #(
    parameter DW = 32,
    parameter AW = 4
) (
    input               clk,
    input               rst_n,
    input               wr_en,
    input      [DW-1:0] din,
    input               rd_en,
    output     [DW-1:0] dout,
    output              full,
    output              empty,
    output     [AW:0]   count
);

    reg [DW-1:0] mem [0:(1<<AW)-1];
    reg [AW:0]   wr_ptr, rd_ptr;

    wire do_wr = wr_en && !full;
    wire do_rd = rd_en && !empty;

    always @(posedge clk) begin
        if (do_wr)
            mem[wr_ptr[AW-1:0]] <= din;
    end

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            wr_ptr <= {(AW+1){1'b0}};
            rd_ptr <= {(AW+1){1'b0}};
        end else begin
            if (do_wr) wr_ptr <= wr_ptr + 1'b1;
            if (do_rd) rd_ptr <= rd_ptr + 1'b1;
        end
    end

    assign dout  = mem[rd_ptr[AW-1:0]];
    assign empty = (wr_ptr == rd_ptr);
    assign full  = (wr_ptr[AW] != rd_ptr[AW]) && (wr_ptr[AW-1:0] == rd_ptr[AW-1:0]);
    assign count = wr_ptr - rd_ptr;

endmodule
