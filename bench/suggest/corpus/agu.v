// Address generation unit of a small DMA engine: one address per cycle, by mode.
module agu (
    input  wire [1:0]  mode,      // 0 linear, 1 strided, 2 2-D, 3 wrap
    input  wire [31:0] base,
    input  wire [31:0] offset,
    input  wire [31:0] stride,
    input  wire [31:0] row,
    input  wire [31:0] row_pitch,
    input  wire [31:0] wrap_base,
    input  wire [31:0] wrap_off,
    output reg  [31:0] addr
);
    always @* begin
        case (mode)
            2'd0:    addr = base + offset;
            2'd1:    addr = base + stride;
            2'd2:    addr = row + row_pitch;
            default: addr = wrap_base + wrap_off;
        endcase
    end
endmodule
