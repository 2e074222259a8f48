// Dual-clock FIFO.
//
// Each side keeps a binary pointer (to address the memory) and a Gray-coded copy of it. Only
// the Gray pointer crosses to the other clock domain, through two flops, so at most one bit
// is changing when it is sampled. Full is computed in the write domain against the
// synchronised read pointer; empty in the read domain against the synchronised write pointer.
// Both flags are pessimistic: they may stay set a few cycles longer than needed, never less.
module async_fifo #(
    parameter DW = 8,
    parameter AW = 4
) (
    // write side
    input               wclk,
    input               wrst_n,
    input               wr_en,
    input      [DW-1:0] wdata,
    output reg          wfull,
    // read side
    input               rclk,
    input               rrst_n,
    input               rd_en,
    output     [DW-1:0] rdata,
    output reg          rempty
);

    reg  [DW-1:0] mem [0:(1<<AW)-1];

    reg  [AW:0] wr_ptr_bin, wr_ptr_gray;
    reg  [AW:0] rd_ptr_bin, rd_ptr_gray;
    reg  [AW:0] rq1_wptr, rq2_wptr;     // write pointer in the read domain
    reg  [AW:0] wq1_rptr, wq2_rptr;     // read pointer in the write domain

    wire [AW:0] wr_bin_next  = wr_ptr_bin + (wr_en & ~wfull);
    wire [AW:0] wr_gray_next = (wr_bin_next >> 1) ^ wr_bin_next;
    wire [AW:0] rd_bin_next  = rd_ptr_bin + (rd_en & ~rempty);
    wire [AW:0] rd_gray_next = (rd_bin_next >> 1) ^ rd_bin_next;

    // ---------------- write domain
    always @(posedge wclk) begin
        if (wr_en && !wfull)
            mem[wr_ptr_bin[AW-1:0]] <= wdata;
    end

    always @(posedge wclk or negedge wrst_n) begin
        if (!wrst_n) begin
            wr_ptr_bin  <= {(AW+1){1'b0}};
            wr_ptr_gray <= {(AW+1){1'b0}};
        end else begin
            wr_ptr_bin  <= wr_bin_next;
            wr_ptr_gray <= wr_gray_next;
        end
    end

    always @(posedge wclk or negedge wrst_n) begin
        if (!wrst_n) begin
            wq1_rptr <= {(AW+1){1'b0}};
            wq2_rptr <= {(AW+1){1'b0}};
        end else begin
            wq1_rptr <= rd_ptr_gray;
            wq2_rptr <= wq1_rptr;
        end
    end

    // full: the next write pointer equals the read pointer with the two MSBs inverted
    always @(posedge wclk or negedge wrst_n) begin
        if (!wrst_n)
            wfull <= 1'b0;
        else
            wfull <= (wr_gray_next == {~wq2_rptr[AW:AW-1], wq2_rptr[AW-2:0]});
    end

    // ---------------- read domain
    always @(posedge rclk or negedge rrst_n) begin
        if (!rrst_n) begin
            rd_ptr_bin  <= {(AW+1){1'b0}};
            rd_ptr_gray <= {(AW+1){1'b0}};
        end else begin
            rd_ptr_bin  <= rd_bin_next;
            rd_ptr_gray <= rd_gray_next;
        end
    end

    always @(posedge rclk or negedge rrst_n) begin
        if (!rrst_n) begin
            rq1_wptr <= {(AW+1){1'b0}};
            rq2_wptr <= {(AW+1){1'b0}};
        end else begin
            rq1_wptr <= wr_ptr_gray;
            rq2_wptr <= rq1_wptr;
        end
    end

    always @(posedge rclk or negedge rrst_n) begin
        if (!rrst_n)
            rempty <= 1'b1;
        else
            rempty <= (rd_gray_next == rq2_wptr);
    end

    assign rdata = mem[rd_ptr_bin[AW-1:0]];

endmodule
