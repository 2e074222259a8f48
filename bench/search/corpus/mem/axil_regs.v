// AXI4-Lite slave with four 32-bit registers:
//   0x0 CTRL    (rw)   bit0 enable, bit1 soft reset, bits[15:8] mode
//   0x4 STATUS  (ro)   from the core
//   0x8 IRQ_EN  (rw)
//   0xC SCRATCH (rw)
// Write address and write data may arrive in any order; each is accepted once and the
// response is sent when both have been seen.
module axil_regs (
    input             aclk,
    input             aresetn,
    // write address
    input      [3:0]  s_axi_awaddr,
    input             s_axi_awvalid,
    output reg        s_axi_awready,
    // write data
    input      [31:0] s_axi_wdata,
    input      [3:0]  s_axi_wstrb,
    input             s_axi_wvalid,
    output reg        s_axi_wready,
    // write response
    output     [1:0]  s_axi_bresp,
    output reg        s_axi_bvalid,
    input             s_axi_bready,
    // read address
    input      [3:0]  s_axi_araddr,
    input             s_axi_arvalid,
    output reg        s_axi_arready,
    // read data
    output reg [31:0] s_axi_rdata,
    output     [1:0]  s_axi_rresp,
    output reg        s_axi_rvalid,
    input             s_axi_rready,
    // register fields
    output reg [31:0] ctrl_reg,
    input      [31:0] status_in,
    output reg [31:0] irq_en_reg,
    output reg [31:0] scratch_reg
);

    reg [3:0]  awaddr_q;
    reg        aw_seen, w_seen;
    reg [31:0] wdata_q;
    reg [3:0]  wstrb_q;
    integer    i;

    assign s_axi_bresp = 2'b00;
    assign s_axi_rresp = 2'b00;

    // address / data capture
    always @(posedge aclk) begin
        if (!aresetn) begin
            s_axi_awready <= 1'b1;
            s_axi_wready  <= 1'b1;
            aw_seen       <= 1'b0;
            w_seen        <= 1'b0;
        end else begin
            if (s_axi_awvalid && s_axi_awready) begin
                awaddr_q      <= s_axi_awaddr;
                aw_seen       <= 1'b1;
                s_axi_awready <= 1'b0;
            end
            if (s_axi_wvalid && s_axi_wready) begin
                wdata_q      <= s_axi_wdata;
                wstrb_q      <= s_axi_wstrb;
                w_seen       <= 1'b1;
                s_axi_wready <= 1'b0;
            end
            if (aw_seen && w_seen && !s_axi_bvalid) begin
                aw_seen       <= 1'b0;
                w_seen        <= 1'b0;
                s_axi_awready <= 1'b1;
                s_axi_wready  <= 1'b1;
            end
        end
    end

    // register writes with byte strobes
    always @(posedge aclk) begin
        if (!aresetn) begin
            ctrl_reg    <= 32'h0;
            irq_en_reg  <= 32'h0;
            scratch_reg <= 32'h0;
        end else if (aw_seen && w_seen && !s_axi_bvalid) begin
            for (i = 0; i < 4; i = i + 1) begin
                if (wstrb_q[i]) begin
                    case (awaddr_q[3:2])
                        2'd0: ctrl_reg[8*i +: 8]    <= wdata_q[8*i +: 8];
                        2'd2: irq_en_reg[8*i +: 8]  <= wdata_q[8*i +: 8];
                        2'd3: scratch_reg[8*i +: 8] <= wdata_q[8*i +: 8];
                        default: ;
                    endcase
                end
            end
        end
    end

    // write response
    always @(posedge aclk) begin
        if (!aresetn)
            s_axi_bvalid <= 1'b0;
        else if (aw_seen && w_seen && !s_axi_bvalid)
            s_axi_bvalid <= 1'b1;
        else if (s_axi_bready)
            s_axi_bvalid <= 1'b0;
    end

    // read channel
    always @(posedge aclk) begin
        if (!aresetn) begin
            s_axi_arready <= 1'b1;
            s_axi_rvalid  <= 1'b0;
        end else if (s_axi_arvalid && s_axi_arready) begin
            s_axi_arready <= 1'b0;
            s_axi_rvalid  <= 1'b1;
            case (s_axi_araddr[3:2])
                2'd0:    s_axi_rdata <= ctrl_reg;
                2'd1:    s_axi_rdata <= status_in;
                2'd2:    s_axi_rdata <= irq_en_reg;
                default: s_axi_rdata <= scratch_reg;
            endcase
        end else if (s_axi_rvalid && s_axi_rready) begin
            s_axi_rvalid  <= 1'b0;
            s_axi_arready <= 1'b1;
        end
    end

endmodule
