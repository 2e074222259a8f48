; Data flow of a block: the assignments, the conditions that guard them, loop control.
; Read by server/src/syntax/dataflow.ts; names are read from the captured text there.

(nonblocking_assignment (variable_lvalue) @lhs) @assign.nonblocking
(operator_assignment (variable_lvalue) @lhs (assignment_operator) @operator) @assign.blocking
(net_assignment (net_lvalue) @lhs) @assign.continuous
(inc_or_dec_expression (variable_lvalue) @lhs) @assign.increment

(conditional_statement (cond_predicate) @condition) @if
(case_statement (case_expression) @condition) @case

(for_initialization) @loop
(for_step) @loop
(for_variable_declaration (simple_identifier) @loop.variable)

; The sensitivity list of an always block (the top-level one only).
(always_construct (statement (statement_item (procedural_timing_control_statement (event_control) @event)))) @always
