// Register read-back multiplexer of a peripheral; the designer forgot the default.
module reg_mux (
    input  wire [2:0]  addr,
    input  wire [31:0] ctrl, status, irq_mask, irq_pending, divisor,
    output reg  [31:0] rdata
);
    always @* begin
        case (addr)
            3'd0: rdata = ctrl;
            3'd1: rdata = status;
            3'd2: rdata = irq_mask;
            3'd3: rdata = irq_pending;
            3'd4: rdata = divisor;
        endcase
    end
endmodule
