// Exclude globs over forward-slash paths: pure, for the Node and the web hosts alike.

/** Glob patterns (**, *, ?, {a,b}) to a RegExp over forward-slash paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
        i += glob[i + 2] === '/' ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const close = glob.indexOf('}', i);
      re += `(?:${glob.slice(i + 1, close).split(',').map(escape).join('|')})`;
      i = close;
    } else re += escape(c);
  }
  return new RegExp(`(?:^|/)${re}$`);
}

function escape(s: string): string {
  return s.replace(/[.+^$()|[\]\\]/g, '\\$&');
}

/**
 * Whether an exclude pattern matches the file or one of its folders below a root (what
 * findHdlFiles skips), for files indexed before the pattern was set.
 */
export function isExcluded(file: string, roots: string[], patterns: RegExp[]): boolean {
  const root = roots.find((r) => file.startsWith(r.endsWith('/') ? r : `${r}/`));
  if (!root || patterns.length === 0) return false;
  for (let p = file; p.length > root.length; p = p.slice(0, p.lastIndexOf('/'))) {
    if (patterns.some((re) => re.test(p) || re.test(`${p}/`))) return true;
  }
  return false;
}
