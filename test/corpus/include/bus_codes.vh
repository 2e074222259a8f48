// Response codes of the simple bus, included *inside* a module body.
// Deliberately unguarded: each module that includes it needs its own copy.
localparam [1:0] RESP_OKAY   = 2'b00;
localparam [1:0] RESP_EXOKAY = 2'b01;
localparam [1:0] RESP_SLVERR = 2'b10;
localparam [1:0] RESP_DECERR = 2'b11;
