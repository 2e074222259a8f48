// General-purpose I/O block.
//   dir[i] = 1: pin i drives out_reg[i]; otherwise it is an input.
//   Inputs are synchronised, and a rising or falling edge (selected by edge_pol) on an
//   enabled pin sets its bit in irq_status; software clears bits by writing ones.
module gpio #(
    parameter NPINS = 16
) (
    input                  clk,
    input                  rst_n,
    // register interface
    input                  wr_en,
    input      [2:0]       wr_sel,
    input      [NPINS-1:0] wr_data,
    output     [NPINS-1:0] pin_in,
    // pads
    input      [NPINS-1:0] pad_i,
    output     [NPINS-1:0] pad_o,
    output     [NPINS-1:0] pad_oe,
    // interrupt
    output                 irq
);

    reg [NPINS-1:0] dir, out_reg, irq_mask, edge_pol, irq_status;
    reg [NPINS-1:0] sync0, sync1, last;
    wire [NPINS-1:0] edge_hit;

    // register writes; irq_status is write-one-to-clear
    always @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            dir      <= {NPINS{1'b0}};
            out_reg  <= {NPINS{1'b0}};
            irq_mask <= {NPINS{1'b0}};
            edge_pol <= {NPINS{1'b1}};
        end else if (wr_en) begin
            case (wr_sel)
                3'd0: dir      <= wr_data;
                3'd1: out_reg  <= wr_data;
                3'd2: irq_mask <= wr_data;
                3'd3: edge_pol <= wr_data;
                default: ;
            endcase
        end
    end

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            sync0 <= {NPINS{1'b0}};
            sync1 <= {NPINS{1'b0}};
            last  <= {NPINS{1'b0}};
        end else begin
            sync0 <= pad_i;
            sync1 <= sync0;
            last  <= sync1;
        end
    end

    assign edge_hit = irq_mask & ((edge_pol & sync1 & ~last) | (~edge_pol & ~sync1 & last));

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n)
            irq_status <= {NPINS{1'b0}};
        else if (wr_en && wr_sel == 3'd4)
            irq_status <= (irq_status & ~wr_data) | edge_hit;
        else
            irq_status <= irq_status | edge_hit;
    end

    assign irq    = |irq_status;
    assign pad_o  = out_reg;
    assign pad_oe = dir;
    assign pin_in = sync1;

endmodule
