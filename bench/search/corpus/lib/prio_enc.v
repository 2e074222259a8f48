// Priority encoder: index of the lowest set bit of `in`.
module prio_enc #(
    parameter N = 8
) (
    input      [N-1:0]         in,
    output reg [$clog2(N)-1:0] idx,
    output                     valid
);
    integer i;
    always @(*) begin
        idx = {$clog2(N){1'b0}};
        for (i = N - 1; i >= 0; i = i - 1)
            if (in[i]) idx = i[$clog2(N)-1:0];
    end
    assign valid = |in;
endmodule
