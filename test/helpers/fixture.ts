import { memoryFileSystem } from '../../server/src/base';
import type { Grammar } from '../../server/src/syntax';
import { loadNodeGrammar } from '../../server/src/workers/host';
import { Snapshot, Workspace } from '../../server/src/workspace';

/**
 * Fixtures are Verilog in template strings: `//- /rtl/top.v` starts a file, `$0` marks the
 * cursor (Verilog's own `|` stays free), and the first file is the one "open in the editor".
 */
export interface Fixture {
  files: Map<string, string>;
  cursor?: { path: string; offset: number };
  /** The file holding the cursor, or the first file. */
  main: string;
}

export function parseFixture(source: string): Fixture {
  const files = new Map<string, string>();
  let cursor: Fixture['cursor'];
  const chunks = source.split(/^\/\/- (\S+)(?:[^\S\n][^\n]*)?\n/m);
  const pairs: [string, string][] = [];
  if (chunks.length === 1) pairs.push(['/ws/main.sv', chunks[0]]);
  else for (let i = 1; i < chunks.length; i += 2) pairs.push([chunks[i], chunks[i + 1] ?? '']);
  for (const [path, raw] of pairs) {
    const full = path.startsWith('/ws/') ? path : `/ws${path.startsWith('/') ? '' : '/'}${path}`;
    const at = raw.indexOf('$0');
    const text = at >= 0 ? raw.slice(0, at) + raw.slice(at + 2) : raw;
    if (at >= 0) cursor = { path: full, offset: at };
    files.set(full, text);
  }
  return { files, cursor, main: cursor?.path ?? pairs.map(([p]) => (p.startsWith('/ws/') ? p : `/ws${p.startsWith('/') ? '' : '/'}${p}`))[0] };
}

let grammar: Promise<Grammar> | undefined;
export function testGrammar(): Promise<Grammar> {
  grammar ??= loadNodeGrammar();
  return grammar;
}

/** A workspace holding the fixture's files; the main file is opened as a document. */
export async function fixtureWorkspace(source: string, options: { defines?: Record<string, string>; includeDirs?: string[] } = {}) {
  const fixture = parseFixture(source);
  const workspace = new Workspace(memoryFileSystem(fixture.files), await testGrammar(), {
    roots: ['/ws'],
    includeDirs: options.includeDirs ?? [],
    defines: options.defines ?? {},
  });
  workspace.addKnownPaths(fixture.files.keys());
  for (const path of fixture.files.keys()) if (path !== fixture.main) workspace.refreshFromDisk(path);
  workspace.openDocument(fixture.main, fixture.files.get(fixture.main)!);
  return { workspace, snapshot: new Snapshot(workspace), fixture, cursor: fixture.cursor ?? { path: fixture.main, offset: 0 } };
}

/** Offset of the n-th occurrence (0-based) of a string in a text. */
export function offsetOf(text: string, needle: string, nth = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' not found ${nth + 1} times`);
  }
  return at;
}
