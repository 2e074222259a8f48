// 32 x 32 register file, two read ports, one write port. x0 always reads zero.
// Writes happen on the rising edge; a read of the register being written in the same
// cycle returns the new value (write-through), so WB -> ID needs no extra forwarding.
module regfile (
    input             clk,
    input             we,
    input      [4:0]  waddr,
    input      [31:0] wdata,
    input      [4:0]  raddr_a,
    output     [31:0] rdata_a,
    input      [4:0]  raddr_b,
    output     [31:0] rdata_b
);

    reg [31:0] regs [1:31];

    always @(posedge clk) begin
        if (we && waddr != 5'd0)
            regs[waddr] <= wdata;
    end

    assign rdata_a = (raddr_a == 5'd0) ? 32'd0 :
                     (we && waddr == raddr_a) ? wdata : regs[raddr_a];
    assign rdata_b = (raddr_b == 5'd0) ? 32'd0 :
                     (we && waddr == raddr_b) ? wdata : regs[raddr_b];

endmodule
