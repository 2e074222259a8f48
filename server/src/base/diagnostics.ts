import type { Span } from './span';

/**
 * Every diagnostic RTLens reports is declared here once, with its code and default severity.
 * Tests assert codes, never wording. A user can switch a code off in settings
 * (rtlens.diagnostics.disabled) or on one line with `// rtlens-disable-line CODE`.
 */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

export const DIAGNOSTICS = {
  'syntax-error': { severity: 'error', summary: 'The parser could not read this text.' },
  'missing-token': { severity: 'error', summary: 'A token the grammar requires is missing.' },
  'unknown-module': { severity: 'error', summary: 'An instance names a module no workspace file defines.' },
  'unknown-port': { severity: 'error', summary: 'A named connection names a port the module does not have.' },
  'unknown-parameter': { severity: 'error', summary: 'A parameter override names a parameter the module does not have.' },
  'too-many-connections': { severity: 'error', summary: 'More positional connections than the module has ports.' },
  'missing-port': { severity: 'warning', summary: 'An instance leaves a module port unconnected.' },
  'duplicate-declaration': { severity: 'error', summary: 'A name is declared twice in one scope.' },
  'duplicate-module': { severity: 'warning', summary: 'Two workspace files define a module of the same name.' },
  'undeclared-identifier': { severity: 'error', summary: 'An identifier is used but never declared.' },
  'implicit-net': { severity: 'warning', summary: 'An undeclared identifier in a port connection or assign target becomes an implicit wire.' },
  'include-not-found': { severity: 'error', summary: 'An `include names a file found in no include folder.' },
  'include-cycle': { severity: 'warning', summary: 'An `include includes itself, directly or not.' },
  'undefined-macro': { severity: 'error', summary: 'A macro is used but never `defined.' },
  'unbalanced-conditional': { severity: 'error', summary: 'An `else, `elsif or `endif without `ifdef, or an `ifdef never closed.' },
  'macro-arguments': { severity: 'error', summary: 'A macro is used with the wrong number of arguments.' },
  'macro-recursion': { severity: 'error', summary: 'A macro expands into itself (expansion nested too deep); the rest is left unexpanded.' },
  'macro-expansion-limit': { severity: 'warning', summary: 'Macro expansion in a file passed its size limit; later usages are left unexpanded.' },
  'multiple-drivers': { severity: 'warning', summary: 'A signal is assigned by more than one block or instance output.' },
  'undriven-signal': { severity: 'warning', summary: 'A signal is read but nothing assigns or drives it.' },
  'unused-signal': { severity: 'hint', summary: 'A signal is declared but never used.' },
  'inferred-latch': { severity: 'warning', summary: 'A combinational block leaves a signal unassigned on some path, so a latch holds it.' },
  'combinational-loop': { severity: 'warning', summary: 'Combinational assignments form a cycle.' },
  'blocking-in-sequential': { severity: 'warning', summary: 'A blocking assignment in a clocked block to a signal read by other blocks.' },
  'nonblocking-in-combinational': { severity: 'warning', summary: 'A nonblocking assignment in a combinational block.' },
  'clock-domain-crossing': { severity: 'information', summary: 'A register reads a register of another clock with no synchronizer.' },
  'width-mismatch': { severity: 'warning', summary: 'A connection or assignment joins signals of different constant widths.' },
  'inactive-branch': { severity: 'hint', summary: 'Text in an `ifdef branch that is not compiled.' },
  'file-too-large': { severity: 'information', summary: 'The file is larger than the parse limit; only preprocessing runs.' },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type DiagnosticCode = keyof typeof DIAGNOSTICS;

export interface RelatedLocation {
  path: string;
  span: Span;
  message: string;
}

/** A diagnostic inside one file, in offsets; the LSP adapter converts ranges. */
export interface Problem {
  code: DiagnosticCode;
  span: Span;
  message: string;
  severity?: Severity;
  related?: RelatedLocation[];
  /** Marks text that is unused or inactive rather than wrong. */
  unnecessary?: boolean;
}

export function problem(code: DiagnosticCode, span: Span, message: string, extra?: Partial<Problem>): Problem {
  return { code, span, message, ...extra };
}

export function severityOf(p: Problem): Severity {
  return p.severity ?? DIAGNOSTICS[p.code].severity;
}
