; Data flow of a block: the assignments, the conditions that guard them, loop control.
; Read by server/src/syntax/dataflow.ts; names are read from the captured text there.

; One capture per assignment: the left-hand side is found in its text (the operator at
; bracket depth 0), which costs less than a capture per part.
(nonblocking_assignment) @assign.nonblocking
(operator_assignment) @assign.blocking
(net_assignment) @assign.continuous
(inc_or_dec_expression) @assign.increment

(conditional_statement (cond_predicate) @condition) @if
(case_statement (case_expression) @condition) @case

(for_initialization) @loop
(for_step) @loop
(for_variable_declaration (simple_identifier) @loop.variable)
; A for loop: its header ends with the step; what its body assigns repeats once per iteration.
(loop_statement (for_step) @loop.step) @loop.for

; The sensitivity list of an always block (the top-level one only).
(always_construct (statement (statement_item (procedural_timing_control_statement (event_control) @event)))) @always
