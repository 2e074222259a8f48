//-----------------------------------------------------------------------------
// hazard_unit
//
// Detects the one data hazard forwarding cannot cover: an instruction in ID that
// reads a register a load in EX is about to write (load-use). The load's data only
// arrives at the end of MEM, so IF and ID hold for one cycle and a bubble goes to EX.
//
// Control hazards: a taken branch or a jump resolved in EX flushes the two younger
// instructions in IF/ID and ID/EX.
//-----------------------------------------------------------------------------
module hazard_unit (
    input        id_ex_mem_read,   // instruction in EX is a load
    input  [4:0] id_ex_rd,
    input  [4:0] if_id_rs1,
    input  [4:0] if_id_rs2,
    input        if_id_uses_rs1,
    input        if_id_uses_rs2,
    input        ex_redirect,      // taken branch / jump in EX
    input        dmem_stall,       // data memory not ready
    output       stall_if,
    output       stall_id,
    output       bubble_ex,
    output       flush_if_id,
    output       flush_id_ex,
    output       stall_mem
);

    wire load_use;

    assign load_use = id_ex_mem_read && (id_ex_rd != 5'd0) &&
                      ((if_id_uses_rs1 && id_ex_rd == if_id_rs1) ||
                       (if_id_uses_rs2 && id_ex_rd == if_id_rs2));

    // the whole front of the pipe freezes while memory is busy
    assign stall_if    = load_use | dmem_stall;
    assign stall_id    = load_use | dmem_stall;
    assign stall_mem   = dmem_stall;
    assign bubble_ex   = load_use & ~dmem_stall;

    assign flush_if_id = ex_redirect & ~dmem_stall;
    assign flush_id_ex = ex_redirect & ~dmem_stall;

endmodule
