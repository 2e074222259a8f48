// Matrix-multiply tile: a 4x4 systolic array with a streaming front end.
//
// A job multiplies A (4 x K) by B (K x 4). After `start`, K input beats arrive on the
// s_* stream, each carrying column k of A (bytes 0..3) and row k of B (bytes 4..7). When the
// last products have drained through the array, the sixteen sums are streamed out on the
// m_* stream, row-major, and `done` pulses.
module npu_tile #(
  parameter int N   = 4,
  parameter int ACC = 24
) (
  input  logic        clk,
  input  logic        rst_n,
  input  logic        start,
  input  logic [15:0] k_len,
  output logic        done,
  // operand stream
  input  logic        s_valid,
  output logic        s_ready,
  input  logic [63:0] s_data,
  // result stream
  output logic        m_valid,
  input  logic        m_ready,
  output logic [31:0] m_data
);

  typedef enum logic [1:0] {T_IDLE, T_FEED, T_DRAIN, T_OUT} tile_state_e;
  tile_state_e st;

  logic [15:0] beats_left;
  logic [3:0]  drain_cnt;
  logic [$clog2(N*N)-1:0] out_idx;
  logic        feed_en;
  logic signed [7:0]     a_col [N];
  logic signed [7:0]     b_row [N];
  logic signed [ACC-1:0] c_mat [N][N];
  logic        res_valid, res_ready;
  logic [31:0] res_data;

  assign s_ready = (st == T_FEED);
  assign feed_en = (st == T_FEED && s_valid) || st == T_DRAIN;

  always_comb begin
    for (int i = 0; i < N; i++) begin
      a_col[i] = (st == T_FEED && s_valid) ? s_data[8*i +: 8] : 8'sd0;
      b_row[i] = (st == T_FEED && s_valid) ? s_data[32 + 8*i +: 8] : 8'sd0;
    end
  end

  systolic_array #(.N(N), .DW(8), .ACC(ACC)) u_array (
    .clk     (clk),
    .rst_n   (rst_n),
    .clear   (start),
    .en      (feed_en),
    .a_west  (a_col),
    .b_north (b_row),
    .c_out   (c_mat)
  );

  // job sequencing
  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      st         <= T_IDLE;
      beats_left <= '0;
      drain_cnt  <= '0;
      out_idx    <= '0;
      done       <= 1'b0;
    end else begin
      done <= 1'b0;
      case (st)
        T_IDLE: if (start && k_len != 16'd0) begin
          beats_left <= k_len;
          st         <= T_FEED;
        end
        T_FEED: if (s_valid) begin
          beats_left <= beats_left - 16'd1;
          if (beats_left == 16'd1) begin
            drain_cnt <= 4'(2 * N - 1);
            st        <= T_DRAIN;
          end
        end
        T_DRAIN: begin
          drain_cnt <= drain_cnt - 4'd1;
          if (drain_cnt == 4'd1) begin
            out_idx <= '0;
            st      <= T_OUT;
          end
        end
        T_OUT: if (res_ready) begin
          out_idx <= out_idx + 1'b1;
          if (out_idx == N*N - 1) begin
            done <= 1'b1;
            st   <= T_IDLE;
          end
        end
      endcase
    end
  end

  assign res_valid = (st == T_OUT);
  assign res_data  = 32'(c_mat[out_idx / N][out_idx % N]);

  skid_buffer #(.W(32)) u_out_skid (
    .clk     (clk),
    .rst_n   (rst_n),
    .s_data  (res_data),
    .s_valid (res_valid),
    .s_ready (res_ready),
    .m_data  (m_data),
    .m_valid (m_valid),
    .m_ready (m_ready)
  );

endmodule
