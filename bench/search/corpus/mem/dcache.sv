// Direct-mapped, write-back, write-allocate data cache.
//
//   address = | tag | index | word offset | byte |
//
// A line is LINE_WORDS words. On a miss the controller first writes the victim back if it is
// dirty, then refills the line from the next level one word per beat (req/ack handshake on
// the memory side), then replays the access.
module dcache #(
  parameter int SETS       = 64,
  parameter int LINE_WORDS = 4
) (
  input  logic        clk,
  input  logic        rst_n,
  // CPU side
  input  logic        cpu_req,
  input  logic        cpu_we,
  input  logic [3:0]  cpu_be,
  input  logic [31:0] cpu_addr,
  input  logic [31:0] cpu_wdata,
  output logic [31:0] cpu_rdata,
  output logic        cpu_ready,
  // memory side
  output logic        mem_req,
  output logic        mem_we,
  output logic [31:0] mem_addr,
  output logic [31:0] mem_wdata,
  input  logic [31:0] mem_rdata,
  input  logic        mem_ack
);

  localparam int IDX_W = $clog2(SETS);
  localparam int OFS_W = $clog2(LINE_WORDS);
  localparam int TAG_W = 32 - IDX_W - OFS_W - 2;

  typedef enum logic [1:0] {
    S_IDLE,
    S_COMPARE,
    S_WRITEBACK,
    S_ALLOCATE
  } state_t;

  state_t state, state_nxt;

  logic [TAG_W-1:0] tag_ram   [SETS];
  logic             valid_ram [SETS];
  logic             dirty_ram [SETS];
  logic [31:0]      data_ram  [SETS*LINE_WORDS];

  logic [TAG_W-1:0] req_tag;
  logic [IDX_W-1:0] req_idx;
  logic [OFS_W-1:0] req_ofs;
  logic             hit;
  logic             victim_dirty;
  logic [OFS_W-1:0] beat;        // word counter during write-back and refill
  logic             last_beat;

  assign req_tag = cpu_addr[31 -: TAG_W];
  assign req_idx = cpu_addr[2+OFS_W +: IDX_W];
  assign req_ofs = cpu_addr[2 +: OFS_W];

  assign hit          = valid_ram[req_idx] && (tag_ram[req_idx] == req_tag);
  assign victim_dirty = valid_ram[req_idx] && dirty_ram[req_idx];
  assign last_beat    = (beat == OFS_W'(LINE_WORDS - 1));

  // next-state logic
  always_comb begin
    state_nxt = state;
    case (state)
      S_IDLE:      if (cpu_req) state_nxt = S_COMPARE;
      S_COMPARE: begin
        if (hit)
          state_nxt = S_IDLE;
        else if (victim_dirty)
          state_nxt = S_WRITEBACK;
        else
          state_nxt = S_ALLOCATE;
      end
      S_WRITEBACK: if (mem_ack && last_beat) state_nxt = S_ALLOCATE;
      S_ALLOCATE:  if (mem_ack && last_beat) state_nxt = S_COMPARE;
      default:     state_nxt = S_IDLE;
    endcase
  end

  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) state <= S_IDLE;
    else        state <= state_nxt;
  end

  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n)
      beat <= '0;
    else if ((state == S_WRITEBACK || state == S_ALLOCATE) && mem_ack)
      beat <= last_beat ? '0 : beat + 1'b1;
  end

  // tag / valid / dirty bookkeeping
  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      for (int i = 0; i < SETS; i++) begin
        valid_ram[i] <= 1'b0;
        dirty_ram[i] <= 1'b0;
      end
    end else if (state == S_ALLOCATE && mem_ack && last_beat) begin
      valid_ram[req_idx] <= 1'b1;
      dirty_ram[req_idx] <= 1'b0;
      tag_ram[req_idx]   <= req_tag;
    end else if (state == S_COMPARE && hit && cpu_we) begin
      dirty_ram[req_idx] <= 1'b1;
    end
  end

  // data array: refill beats and CPU write hits (byte enables)
  always_ff @(posedge clk) begin
    if (state == S_ALLOCATE && mem_ack)
      data_ram[{req_idx, beat}] <= mem_rdata;
    else if (state == S_COMPARE && hit && cpu_we) begin
      for (int b = 0; b < 4; b++)
        if (cpu_be[b]) data_ram[{req_idx, req_ofs}][8*b +: 8] <= cpu_wdata[8*b +: 8];
    end
  end

  assign cpu_rdata = data_ram[{req_idx, req_ofs}];
  assign cpu_ready = (state == S_COMPARE) && hit;

  // memory side
  assign mem_req   = (state == S_WRITEBACK) || (state == S_ALLOCATE);
  assign mem_we    = (state == S_WRITEBACK);
  assign mem_addr  = (state == S_WRITEBACK) ? {tag_ram[req_idx], req_idx, beat, 2'b00}
                                            : {req_tag, req_idx, beat, 2'b00};
  assign mem_wdata = data_ram[{req_idx, beat}];

endmodule
