// Single-port synchronous RAM with byte write enables (infers block RAM).
module sram_sp #(
    parameter AW = 10,
    parameter INIT_FILE = ""
) (
    input             clk,
    input             en,
    input      [3:0]  we,
    input      [AW-1:0] addr,
    input      [31:0] din,
    output reg [31:0] dout
);

    reg [31:0] mem [0:(1<<AW)-1];

    initial begin
        if (INIT_FILE != "")
            $readmemh(INIT_FILE, mem);
    end

    always @(posedge clk) begin
        if (en) begin
            if (we[0]) mem[addr][7:0]   <= din[7:0];
            if (we[1]) mem[addr][15:8]  <= din[15:8];
            if (we[2]) mem[addr][23:16] <= din[23:16];
            if (we[3]) mem[addr][31:24] <= din[31:24];
            dout <= mem[addr];
        end
    end

endmodule
