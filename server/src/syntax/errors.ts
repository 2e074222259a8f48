import type { Node, Tree } from 'web-tree-sitter';
import { type Problem, problem } from '../base';

/**
 * Syntax problems from ERROR and MISSING nodes, with ranges narrowed to the first offending
 * token and messages an engineer can act on. At most `limit` per file: after a bad edit the
 * first few errors say what matters, the rest is noise.
 */
export function syntaxProblems(tree: Tree, text: string, limit = 50): Problem[] {
  const out: Problem[] = [];
  if (!tree.rootNode.hasError) return out;
  const visit = (node: Node) => {
    if (out.length >= limit) return;
    if (node.isMissing) {
      const what = node.type;
      out.push(problem('missing-token', { start: node.startIndex, end: Math.max(node.endIndex, node.startIndex) }, `Missing ${describeToken(what)} here.`));
      return;
    }
    if (node.type === 'ERROR') {
      const known = grammarLimit(node);
      out.push(known ? problem('syntax-error', spanOf(node), `${known} Names inside may be missed.`, { severity: 'warning' }) : describeError(node, text));
      return;
    }
    if (!node.hasError) return;
    for (const child of node.children) {
      if (child) visit(child);
    }
  };
  visit(tree.rootNode);
  return out;
}

const spanOf = (node: Node) => ({ start: node.startIndex, end: Math.max(node.endIndex, node.startIndex + 1) });

/**
 * Legal constructs tree-sitter-systemverilog 0.4.1 cannot read, recognised by the exact shape
 * its error recovery leaves (an ERROR node holding just the construct's head): such an error is
 * the grammar's, not the user's, so it is a warning that says so, never an Error. Returns the
 * message, or undefined for any other error.
 */
function grammarLimit(node: Node): string | undefined {
  const parts = node.children.filter((c): c is Node => c !== null);
  const next = node.nextSibling;
  // `$fatal(2)`: a finish number with no message (IEEE 1800-2017 20.10); the grammar wants a
  // message after it.
  if (node.parent?.type === 'severity_system_task' && parts.length === 1 && parts[0].type === 'finish_number' && next?.type === ')') {
    return "RTLens's grammar cannot read a severity task with only a finish number (legal SystemVerilog).";
  }
  // `$bits(x)'(v)`, `` `WIDTH(n) '(v) ``: a cast whose type is a function call or a macro usage
  // left unexpanded (casting_type ::= constant_primary, 6.24.1); the grammar takes only simple
  // types and parenthesised expressions there.
  if (parts.length === 2 && parts[1].type === "'" && (isCallPrimary(parts[0]) || parts[0].type === 'text_macro_usage') && next?.firstChild?.type === 'primary' && next.firstChild.firstChild?.type === '(') {
    return parts[0].type === 'text_macro_usage'
      ? "RTLens's grammar cannot read a cast whose type is a macro usage it could not expand here (the macro is not defined in this file or its includes)."
      : "RTLens's grammar cannot read a cast whose type is a function call (legal SystemVerilog).";
  }
  return undefined;
}

function isCallPrimary(node: Node): boolean {
  return node.type === 'primary' && node.namedChildCount === 1 && node.firstNamedChild?.type === 'function_subroutine_call';
}

function describeToken(type: string): string {
  if (/^[a-z_]+$/.test(type) && type.includes('_')) return type.replace(/_/g, ' ');
  return `'${type}'`;
}

function describeError(node: Node, text: string): Problem {
  const start = node.startIndex;
  // Narrow to the first token of the error, so the squiggle sits where reading stopped.
  let end = node.endIndex;
  const first = firstLeaf(node);
  if (first && first.endIndex > first.startIndex) end = first.endIndex;
  const token = text.slice(start, end).split('\n')[0].trim().slice(0, 40);
  const parent = node.parent;
  const where = parent && parent.type !== 'source_file' ? ` in ${parent.type.replace(/_/g, ' ')}` : '';
  const message = token ? `Syntax error: unexpected '${token}'${where}.` : `Syntax error${where}.`;
  return problem('syntax-error', { start, end: Math.max(end, start + 1) }, message);
}

function firstLeaf(node: Node): Node | undefined {
  let current: Node | null = node;
  while (current && current.childCount > 0) current = current.child(0);
  return current ?? undefined;
}
