import type { Expr, Span } from '../base';
import type { BlockFlow, LoopHeader } from './dataflow';

/**
 * The plain, serialisable items the syntax layer reads out of a tree. The model layer
 * assembles them into a file summary; nothing here holds a tree-sitter node.
 */

export type UnitKind = 'module' | 'interface' | 'package' | 'program' | 'class' | 'primitive' | 'checker' | 'unit';

export type PortDirection = 'input' | 'output' | 'inout' | 'ref' | 'interface';

/** The place in an included file where an item was written. */
export interface ItemOrigin {
  path: string;
  span: Span;
}

export interface Port {
  name: string;
  nameSpan: Span;
  /** Where the name was written when an `include brought it in: the header and the span there. */
  origin?: ItemOrigin;
  direction: PortDirection;
  /** The type as written, without the range: wire, reg, logic, bus_if.mp, pkg::t, or '' when implicit. */
  type: string;
  /** The packed range as written, e.g. [W-1:0]; '' for one bit. */
  range: string;
  /** The declaration the port's details come from (the ANSI entry or the non-ANSI declaration). */
  span: Span;
  comment?: string;
}

export interface Parameter {
  name: string;
  nameSpan: Span;
  /** Where the name was written when an `include brought it in: the header and the span there. */
  origin?: ItemOrigin;
  /** Default value as written. */
  value?: string;
  type: string;
  local: boolean;
  /** Declared in the #( ) list of the header. */
  inHeader: boolean;
  /** Label path of the generate block that holds it; '' or absent at module level. */
  scope?: string;
  span: Span;
  comment?: string;
}

export type SignalKind = 'net' | 'variable' | 'genvar' | 'typedef' | 'enum-member' | 'modport' | 'event';

export interface Signal {
  name: string;
  nameSpan: Span;
  /** Where the name was written when an `include brought it in: the header and the span there. */
  origin?: ItemOrigin;
  kind: SignalKind;
  type: string;
  range: string;
  /** Unpacked dimensions, e.g. [0:15] for a memory. */
  array: string;
  /** Label path of the generate or named block that holds it; '' at module level. */
  scope: string;
  span: Span;
  comment?: string;
}

export interface Connection {
  /** The port or parameter name for a named connection; undefined when ordered. */
  name?: string;
  nameSpan?: Span;
  /** The connected expression as written; undefined for .name() or .name (implicit). */
  value?: string;
  valueSpan?: Span;
  /** .name without parentheses: connects the signal of the same name. */
  implicit?: boolean;
  /** Signal names the connected expression reads or drives. */
  names?: string[];
  span: Span;
}

export interface Instance {
  module: string;
  moduleSpan: Span;
  name: string;
  nameSpan: Span;
  /** Where the name was written when an `include brought it in: the header and the span there. */
  origin?: ItemOrigin;
  /** Instance array dimensions as written. */
  array: string;
  params: Connection[];
  connections: Connection[];
  /** .* connects every port to the signal of its name. */
  wildcard: boolean;
  /** Span of the port connection list, parentheses included, when present. */
  connectionListSpan?: Span;
  scope: string;
  span: Span;
  comment?: string;
}

export interface Argument {
  name: string;
  direction: string;
  type: string;
}

export interface Subprogram {
  kind: 'function' | 'task';
  name: string;
  nameSpan: Span;
  /** Where the name was written when an `include brought it in: the header and the span there. */
  origin?: ItemOrigin;
  returnType: string;
  args: Argument[];
  span: Span;
  comment?: string;
}

export type BlockKind =
  | 'always'
  | 'always_ff'
  | 'always_comb'
  | 'always_latch'
  | 'initial'
  | 'final'
  | 'assign'
  | 'generate-for'
  | 'generate-if'
  | 'generate-case'
  | 'generate-block';

export interface Block {
  kind: BlockKind;
  /** The block's label (begin : name), if any. */
  label?: string;
  labelSpan?: Span;
  /** Short text for outlines: the sensitivity list, the assigned target, the loop header. */
  detail: string;
  scope: string;
  span: Span;
  comment?: string;
  /** Data-flow facts for assign, always, initial and final blocks. */
  flow?: BlockFlow;
  /** A generate-for loop's header, read (the detail shows it as text). */
  loop?: LoopHeader;
  /**
   * A generate-if (`if (C) begin ... end [else begin ... end]`): its condition and the scopes of
   * its two branches, so that elaboration can be followed (an `else if` chain's else branch
   * holds the rest of the chain).
   */
  generateIf?: { condition: Expr; then: string; else?: string };
}

export interface Import {
  package: string;
  /** The imported name, or '*' for a wildcard import. */
  item: string;
  span: Span;
}

export interface DesignUnit {
  kind: UnitKind;
  name: string;
  nameSpan: Span;
  /** Where the name was written when an `include brought it in: the header and the span there. */
  origin?: ItemOrigin;
  span: Span;
  /** From the keyword to the header's semicolon. */
  headerSpan: Span;
  ansi: boolean;
  ports: Port[];
  params: Parameter[];
  signals: Signal[];
  instances: Instance[];
  subprograms: Subprogram[];
  blocks: Block[];
  imports: Import[];
  /** Parse errors inside the unit's span. */
  hasErrors: boolean;
  /** Hash of the unit's text (and what it was read with): equal keys, equal units up to offsets. */
  contentKey?: string;
  comment?: string;
}
