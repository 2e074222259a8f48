// Peripheral subsystem on a simple single-cycle register bus.
//   0x0xxx UART     0x1xxx GPIO     0x2xxx timer     0x3xxx interrupt controller
//   0x4xxx random number (LFSR)
module periph_subsys (
    input         clk,
    input         rst_n,
    input         p_sel,
    input         p_we,
    input  [15:0] p_addr,
    input  [31:0] p_wdata,
    output reg [31:0] p_rdata,
    output        p_ready,
    // pins
    input         uart_rxd,
    output        uart_txd,
    input  [15:0] gpio_i,
    output [15:0] gpio_o,
    output [15:0] gpio_oe,
    // interrupt sources from outside the subsystem
    input         dma_irq,
    input         npu_irq,
    input         btn_irq,
    // to the core
    output        ext_irq,
    output        timer_irq
);

    wire sel_uart  = p_sel && p_addr[15:12] == 4'h0;
    wire sel_gpio  = p_sel && p_addr[15:12] == 4'h1;
    wire sel_timer = p_sel && p_addr[15:12] == 4'h2;
    wire sel_intc  = p_sel && p_addr[15:12] == 4'h3;
    wire sel_rng   = p_sel && p_addr[15:12] == 4'h4;

    assign p_ready = p_sel;

    // ---------------------------------------------------------------- UART
    wire [31:0] uart_rdata;
    wire        uart_irq;

    uart u_uart (
        .clk      (clk),
        .rst_n    (rst_n),
        .sel      (sel_uart),
        .we       (p_we),
        .addr     (p_addr[3:2]),
        .wdata    (p_wdata),
        .rdata    (uart_rdata),
        .irq      (uart_irq),
        .uart_rxd (uart_rxd),
        .uart_txd (uart_txd)
    );

    // ---------------------------------------------------------------- GPIO
    wire [15:0] gpio_in;
    wire        gpio_irq;

    gpio #(.NPINS(16)) u_gpio (
        .clk     (clk),
        .rst_n   (rst_n),
        .wr_en   (sel_gpio && p_we),
        .wr_sel  (p_addr[4:2]),
        .wr_data (p_wdata[15:0]),
        .pin_in  (gpio_in),
        .pad_i   (gpio_i),
        .pad_o   (gpio_o),
        .pad_oe  (gpio_oe),
        .irq     (gpio_irq)
    );

    // ---------------------------------------------------------------- timer
    reg        tmr_en, tmr_reload;
    reg [7:0]  tmr_psc;
    reg [31:0] tmr_cmp;
    wire [31:0] tmr_count;
    wire        tmr_clr = sel_timer && p_we && p_addr[3:2] == 2'd3;

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            tmr_en     <= 1'b0;
            tmr_reload <= 1'b0;
            tmr_psc    <= 8'd0;
            tmr_cmp    <= 32'hFFFF_FFFF;
        end else if (sel_timer && p_we) begin
            case (p_addr[3:2])
                2'd0: begin
                    tmr_en     <= p_wdata[0];
                    tmr_reload <= p_wdata[1];
                    tmr_psc    <= p_wdata[15:8];
                end
                2'd1: tmr_cmp <= p_wdata;
                default: ;
            endcase
        end
    end

    timer u_timer (
        .clk         (clk),
        .rst_n       (rst_n),
        .en          (tmr_en),
        .psc         (tmr_psc),
        .cmp         (tmr_cmp),
        .auto_reload (tmr_reload),
        .clr_irq     (tmr_clr),
        .count       (tmr_count),
        .irq         (timer_irq)
    );

    // ---------------------------------------------------------------- interrupts
    reg  [7:0] irq_enable;
    wire [2:0] irq_id;
    wire       irq_claim = sel_intc && !p_we && p_addr[3:2] == 2'd1;

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n)
            irq_enable <= 8'h00;
        else if (sel_intc && p_we && p_addr[3:2] == 2'd0)
            irq_enable <= p_wdata[7:0];
    end

    intc #(.NSRC(8)) u_intc (
        .clk      (clk),
        .rst_n    (rst_n),
        .src      ({4'b0, btn_irq, npu_irq, dma_irq, uart_irq | gpio_irq}),
        .enable   (irq_enable),
        .claim    (irq_claim),
        .claim_id (irq_id),
        .irq_o    (ext_irq)
    );

    // ---------------------------------------------------------------- RNG
    wire [15:0] rnd;

    lfsr16 u_rng (
        .clk   (clk),
        .rst_n (rst_n),
        .step  (1'b1),
        .load  (sel_rng && p_we),
        .seed  (p_wdata[15:0]),
        .value (rnd)
    );

    // ---------------------------------------------------------------- read back
    always @(*) begin
        p_rdata = 32'd0;
        if (sel_uart)
            p_rdata = uart_rdata;
        else if (sel_gpio)
            p_rdata = {16'd0, gpio_in};
        else if (sel_timer)
            p_rdata = (p_addr[3:2] == 2'd2) ? tmr_count : {16'd0, tmr_psc, 6'd0, tmr_reload, tmr_en};
        else if (sel_intc)
            p_rdata = (p_addr[3:2] == 2'd0) ? {24'd0, irq_enable} : {29'd0, irq_id};
        else if (sel_rng)
            p_rdata = {16'd0, rnd};
    end

endmodule
