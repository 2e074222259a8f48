// AXI4-Stream register slice (forward path only): data registered with its valid.
module axis_reg #(
    parameter W = 64
) (
    input  wire         clk,
    input  wire         rst,
    input  wire         s_valid,
    input  wire [W-1:0] s_data,
    input  wire [7:0]   s_user,
    output wire         m_valid,
    output wire [W-1:0] m_data,
    output wire [7:0]   m_user
);
    reg         valid_q;
    reg [W-1:0] data_q;
    reg [7:0]   user_q;

    always @(posedge clk) begin
        if (rst) valid_q <= 1'b0;
        else     valid_q <= s_valid;
    end

    always @(posedge clk) begin
        if (rst) data_q <= {W{1'b0}};
        else     data_q <= s_data;
    end

    always @(posedge clk) begin
        if (rst) user_q <= 8'd0;
        else     user_q <= s_user;
    end

    assign m_valid = valid_q;
    assign m_data  = valid_q ? data_q : {W{1'b0}};
    assign m_user  = valid_q ? user_q : 8'd0;
endmodule
