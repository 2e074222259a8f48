// CRC-32 (IEEE 802.3), reflected, polynomial 0xEDB88320, one byte per cycle.
// init clears the register to all ones; crc_out is the final (inverted) value.
module crc32 (
    input             clk,
    input             rst_n,
    input             init,
    input             valid,
    input      [7:0]  data,
    output     [31:0] crc_out
);

    reg [31:0] crc_q;

    function [31:0] next_crc;
        input [31:0] c;
        input [7:0]  d;
        integer k;
        reg [31:0] r;
        begin
            r = c ^ {24'd0, d};
            for (k = 0; k < 8; k = k + 1)
                r = r[0] ? (r >> 1) ^ 32'hEDB88320 : (r >> 1);
            next_crc = r;
        end
    endfunction

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n)
            crc_q <= 32'hFFFFFFFF;
        else if (init)
            crc_q <= 32'hFFFFFFFF;
        else if (valid)
            crc_q <= next_crc(crc_q, data);
    end

    assign crc_out = ~crc_q;

endmodule
