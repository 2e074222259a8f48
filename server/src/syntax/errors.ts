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
      out.push(describeError(node, text));
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
