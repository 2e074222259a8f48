// Escaped identifiers, as netlists and generated code produce them.
module escaped_names (
  input  wire       \clk$main ,
  input  wire [3:0] \data-in ,
  output wire [3:0] \data.out ,
  output reg        \bus[0]
);

  wire [3:0] \inverted* ;
  assign \inverted* = ~\data-in ;
  assign \data.out = \inverted* ^ 4'b1010;

  always @(posedge \clk$main )
    \bus[0] <= ^\data-in ;

endmodule
