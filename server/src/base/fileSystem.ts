/**
 * File access for the core, injected by the adapter. Paths are absolute with forward slashes.
 * Tests pass an in-memory map (see memoryFileSystem); the server and CLI pass Node's fs.
 */
export interface FileSystem {
  readFile(path: string): string | undefined;
  exists(path: string): boolean;
}

export function memoryFileSystem(files: ReadonlyMap<string, string> | Record<string, string>): FileSystem {
  const map = files instanceof Map ? files : new Map(Object.entries(files));
  return {
    readFile: (path) => map.get(path),
    exists: (path) => map.has(path),
  };
}

/** POSIX-style path helpers that do not need Node's path module. */
export function dirname(path: string): string {
  const index = path.lastIndexOf('/');
  if (index < 0) return '.';
  if (index === 0) return '/';
  return path.slice(0, index);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function joinPath(base: string, relative: string): string {
  if (relative.startsWith('/')) return normalizePath(relative);
  return normalizePath(`${base}/${relative}`);
}

export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!absolute) parts.push('..');
      continue;
    }
    parts.push(part);
  }
  return (absolute ? '/' : '') + parts.join('/');
}

export function relativePath(from: string, to: string): string {
  const a = normalizePath(from).split('/').filter(Boolean);
  const b = normalizePath(to).split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/') || '.';
}

export function extensionOf(path: string): string {
  const name = basename(path);
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot).toLowerCase();
}

export const HDL_EXTENSIONS = ['.v', '.vh', '.vl', '.sv', '.svh', '.svi'];
export const HEADER_EXTENSIONS = ['.vh', '.svh', '.svi'];

export function isHdlFile(path: string): boolean {
  return HDL_EXTENSIONS.includes(extensionOf(path));
}
