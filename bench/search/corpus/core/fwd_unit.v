// Operand forwarding (bypass) for the EX stage.
// Priority: the younger result in EX/MEM wins over MEM/WB.
module fwd_unit (
    input      [4:0] ex_rs1,
    input      [4:0] ex_rs2,
    input      [4:0] mem_rd,
    input            mem_reg_write,
    input      [4:0] wb_rd,
    input            wb_reg_write,
    output reg [1:0] fwd_a,
    output reg [1:0] fwd_b
);

    always @(*) begin
        fwd_a = 2'b00;
        if (mem_reg_write && mem_rd != 5'd0 && mem_rd == ex_rs1)
            fwd_a = 2'b01;
        else if (wb_reg_write && wb_rd != 5'd0 && wb_rd == ex_rs1)
            fwd_a = 2'b10;
    end

    always @(*) begin
        fwd_b = 2'b00;
        if (mem_reg_write && mem_rd != 5'd0 && mem_rd == ex_rs2)
            fwd_b = 2'b01;
        else if (wb_reg_write && wb_rd != 5'd0 && wb_rd == ex_rs2)
            fwd_b = 2'b10;
    end

endmodule
