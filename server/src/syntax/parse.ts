import type { Parser, Tree } from 'web-tree-sitter';
import { textDiff } from '../base';
import type { Grammar } from './grammar';

/**
 * Parsing with reuse of the previous tree. The caller hands in the old tree and the text it
 * was parsed from; the edit is found by comparing the two texts (common prefix and suffix),
 * which also covers changes the preprocessor made far from the user's edit (an `ifdef that
 * now masks other lines).
 */
export class IncrementalParser {
  private readonly parser: Parser;

  constructor(readonly grammar: Grammar) {
    this.parser = grammar.newParser();
  }

  parse(text: string, previous?: { tree: Tree; text: string }): Tree {
    if (!previous) return this.parseFresh(text);
    const old = previous.text;
    const { prefix, suffix } = textDiff(old, text);
    const tree = previous.tree.copy();
    const oldEnd = old.length - suffix;
    const newEnd = text.length - suffix;
    tree.edit({
      startIndex: prefix,
      oldEndIndex: oldEnd,
      newEndIndex: newEnd,
      startPosition: point(old, prefix),
      oldEndPosition: point(old, oldEnd),
      newEndPosition: point(text, newEnd),
    });
    const result = this.parser.parse(text, tree);
    tree.delete();
    return result ?? this.parseFresh(text);
  }

  private parseFresh(text: string): Tree {
    const tree = this.parser.parse(text);
    if (!tree) throw new Error('tree-sitter returned no tree');
    return tree;
  }

  delete(): void {
    this.parser.delete();
  }
}

/** Row and column for tree.edit; only offsets are read back, so columns in code units do. */
function point(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: (offset - lineStart) * 2 };
}
