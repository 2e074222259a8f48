/**
 * The changed window between two versions of a text: the length of their common prefix and of
 * their common suffix (not overlapping the prefix). Compared a block at a time with native
 * string equality, then character by character inside the first differing block.
 */
export function textDiff(a: string, b: string): { prefix: number; suffix: number } {
  const limit = Math.min(a.length, b.length);
  const BLOCK = 4096;
  let prefix = 0;
  while (prefix + BLOCK <= limit && a.slice(prefix, prefix + BLOCK) === b.slice(prefix, prefix + BLOCK)) prefix += BLOCK;
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  const room = limit - prefix;
  while (suffix + BLOCK <= room && a.slice(a.length - suffix - BLOCK, a.length - suffix) === b.slice(b.length - suffix - BLOCK, b.length - suffix)) suffix += BLOCK;
  while (suffix < room && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return { prefix, suffix };
}
