import type { Tree, TreeCursor } from 'web-tree-sitter';
import type { Span } from '../base';

/**
 * Every identifier in a stretch of the tree, with the role its position gives it. Features
 * that need names in expressions (references, rename, undeclared identifiers) read these; the
 * workspace index does not, so they are computed only for files a feature asks about.
 */
export type IdentifierRole =
  /** Declares a name: a signal, port, parameter, instance, label, function, genvar, type. */
  | 'declaration'
  /** Uses a name declared in scope. */
  | 'reference'
  /** The first name of a dotted path a.b.c: an instance, interface port or struct. */
  | 'path-head'
  /** A name after . or :: (member, hierarchical part, package item). */
  | 'member'
  /** A package name before :: */
  | 'package'
  /** The port in .port(expr). */
  | 'port-connection'
  /** The parameter in #(.P(expr)). */
  | 'parameter-override'
  /** The module named by an instantiation. */
  | 'instance-type'
  /** A name in the header port list of a non-ANSI module, declared later in the body. */
  | 'port-list'
  /** Tf names and other callables. */
  | 'call'
  | 'macro';

export interface Occurrence {
  name: string;
  span: Span;
  role: IdentifierRole;
  /**
   * For a reference: whether it sits where an undeclared name becomes an implicit net (a
   * continuous assignment's target or a port connection), outside any select's brackets (an
   * index or a range bound there is a constant or another signal, not the net connected) and
   * not a replication count.
   */
  implicitNetContext?: boolean;
}

const DECLARING_PARENTS = new Set([
  'variable_decl_assignment',
  'net_decl_assignment',
  'param_assignment',
  'type_assignment',
  'list_of_port_identifiers',
  'list_of_variable_port_identifiers',
  'list_of_variable_identifiers',
  'list_of_genvar_identifiers',
  'list_of_tf_variable_identifiers',
  'ansi_port_declaration',
  'type_declaration',
  'enum_name_declaration',
  'tf_port_item',
  'function_body_declaration',
  'task_body_declaration',
  'name_of_instance',
  'generate_block',
  'seq_block',
  'par_block',
  'for_variable_declaration',
  'loop_variables',
  'modport_item',
  'class_declaration',
  'property_declaration',
  'sequence_declaration',
  'covergroup_declaration',
  'clocking_declaration',
  'interface_declaration',
  'module_ansi_header',
  'module_nonansi_header',
  'interface_ansi_header',
  'interface_nonansi_header',
  'program_ansi_header',
  'program_nonansi_header',
  'package_declaration',
  'checker_declaration',
  'udp_declaration',
  'genvar_initialization',
  'specparam_assignment',
  'net_type_declaration',
  'let_declaration',
  'function_prototype',
  'task_prototype',
  'dpi_import_export',
  // Statement and assertion labels: `name: assert (...)`.
  'statement',
  'concurrent_assertion_item',
  'deferred_immediate_assertion_item',
]);

/** Coverage items whose name (the `name` field; a bins selection's own identifier) declares: `cp: coverpoint`, `bins idle = {0}`. */
const COVERAGE_NAMES = new Set(['cover_point', 'cover_cross', 'bins_or_options', 'bins_selection']);

/** Subtrees with no names of the design in them: attributes (* keep *), strings, comments, specify timing. */
const SKIPPED = new Set(['system_tf_identifier', 'one_line_comment', 'block_comment', 'string_literal', 'attribute_instance', 'specify_block']);

/** Parents under which an identifier starting a hierarchical name is a plain reference. */
const IMPLICIT_NET_PARENTS = new Set(['net_lvalue']);

export function identifiersIn(tree: Tree, text: string, within: Span): Occurrence[] {
  const out: Occurrence[] = [];
  const cursor: TreeCursor = tree.walk();
  const parents: string[] = [];
  // Descend to the first node overlapping the span.
  let implicitDepth = -1;
  let connectionDepth = -1;
  // Where the innermost implicit-net context (assign target or connection) starts.
  let contextStart = -1;
  // Comments walked past, in order: the text before a name skips them (`// done.` then a name
  // on the next line is not a member after a dot).
  const comments: Span[] = [];
  const visit = () => {
    for (;;) {
      const start = cursor.startIndex;
      const end = cursor.endIndex;
      const type = cursor.nodeType;
      let enter = end > within.start && start < within.end;
      if (enter && (type === 'simple_identifier' || type === 'escaped_identifier')) {
        classify(type, start, end);
        enter = false;
      } else if (SKIPPED.has(type)) {
        enter = false;
        if (type === 'one_line_comment' || type === 'block_comment') comments.push({ start, end });
      }
      if (enter && cursor.gotoFirstChild()) {
        parents.push(type);
        if (IMPLICIT_NET_PARENTS.has(type) && implicitDepth < 0) {
          implicitDepth = parents.length;
          contextStart = start;
        }
        if ((type === 'named_port_connection' || type === 'ordered_port_connection') && connectionDepth < 0) {
          connectionDepth = parents.length;
          contextStart = start;
        }
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return;
        if (implicitDepth === parents.length) implicitDepth = -1;
        if (connectionDepth === parents.length) connectionDepth = -1;
        parents.pop();
      }
    }
  };
  const classify = (type: string, start: number, end: number) => {
    const name = type === 'escaped_identifier' ? text.slice(start + 1, end).trim() : text.slice(start, end);
    const parent = parents[parents.length - 1] ?? '';
    const field = cursor.currentFieldName;
    let role: IdentifierRole;
    const before = previousNonSpace(text, start, comments);
    const after = nextNonSpace(text, end);
    if (parent === 'text_macro_usage' || parent === 'text_macro_name') role = 'macro';
    else if (text.startsWith('::', after)) role = 'package';
    else if (before >= 1 && text.startsWith('::', before - 1)) role = 'member';
    else if (parent === 'named_port_connection' && field === 'port_name') role = 'port-connection';
    else if (parent === 'named_parameter_assignment') role = 'parameter-override';
    else if (
      (parent === 'module_instantiation' || parent === 'interface_instantiation' || parent === 'program_instantiation' || parent === 'checker_instantiation' || parent === 'udp_instantiation') &&
      field === 'instance_type'
    ) role = 'instance-type';
    // bus.addr inside a select, s.field: a name after a dot is a member, whatever holds it.
    else if (before >= 0 && text[before] === '.' && parent !== 'named_port_connection') role = 'member';
    else if (parent === 'port' && parents[parents.length - 2] === 'list_of_ports') role = 'port-list';
    else if (parent === 'hierarchical_identifier' || parent === 'ps_or_hierarchical_identifier' || parent === 'hierarchical_variable_identifier') {
      if (before >= 0 && text[before] === '.' ) role = 'member';
      else if (text[after] === '.') role = 'path-head';
      else role = parents[parents.length - 2] === 'tf_call' ? 'call' : 'reference';
    } else if (parent === 'method_call_body' || parent === 'member_identifier') role = 'member';
    // '{key: value}: the key names a struct member.
    else if (parent === 'assignment_pattern' && text[after] === ':' && text[after + 1] !== ':') role = 'member';
    else if (parent === 'tf_call') role = 'call';
    else if (COVERAGE_NAMES.has(parent) && (field === 'name' || parent === 'bins_selection')) role = 'declaration';
    else if (DECLARING_PARENTS.has(parent)) {
      // In these parents only the name position declares; a default value or a size does not.
      role = 'declaration';
    } else if (parent === 'interface_port_header' || parent === 'class_type' || parent === 'modport_simple_port' || parent === 'package_import_item') {
      role = parent === 'modport_simple_port' ? 'reference' : 'member';
    } else role = 'reference';
    const occurrence: Occurrence = { name, span: { start, end }, role };
    // Not a select's index or bound, nor a replication count ({N{x}}): those are constants or other signals.
    if (role === 'reference' && (implicitDepth >= 0 || connectionDepth >= 0) && text[after] !== '{' && !insideBrackets(text, contextStart, start)) occurrence.implicitNetContext = true;
    out.push(occurrence);
  };
  visit();
  cursor.delete();
  return out;
}

/** Whether an offset sits inside [...] opened after `from` (bounded: a connection or assign target is short). */
function insideBrackets(text: string, from: number, offset: number): boolean {
  if (from < 0 || offset - from > 4096) return false;
  let depth = 0;
  for (let i = from; i < offset; i++) {
    if (text[i] === '[') depth++;
    else if (text[i] === ']' && depth > 0) depth--;
  }
  return depth > 0;
}

/** The last offset before `offset` that is neither white space nor in one of the comments (in order, all before `offset`). */
function previousNonSpace(text: string, offset: number, comments: readonly Span[] = []): number {
  let i = offset - 1;
  let k = comments.length - 1;
  for (;;) {
    while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i--;
    while (k >= 0 && comments[k].start > i) k--;
    if (k < 0 || i >= comments[k].end) return i;
    i = comments[k].start - 1;
    k--;
  }
}

function nextNonSpace(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  return i;
}
