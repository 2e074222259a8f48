/**
 * Search across repositories: the open workspace and other checkouts (an IP library, a
 * colleague's core) seen as one source, so that one index ranks all of them on the same scale
 * and every hit can say which repository it comes from. Each repository keeps its own
 * workspace (its own files, macros and module names); a name is looked up in the asking file's
 * repository first.
 */
import { basename, type LineIndex } from '../../base';
import type { DesignUnit } from '../../model';
import type { Instantiation } from '../../graph';
import type { SearchSource } from './searchIndex';

export interface SearchRepository {
  /** Shown with each hit: the folder's name, or the one the user gave. */
  name: string;
  /** Folders of the repository (absolute, normalized): a path under one of them is its. */
  roots: readonly string[];
  source: SearchSource;
}

export class RepositoriesSource implements SearchSource {
  private units: { path: string; unit: DesignUnit }[] | undefined;

  constructor(readonly repositories: readonly SearchRepository[]) {}

  /** The repository holding a path: the one with the longest root above it. */
  repositoryOf(path: string): SearchRepository | undefined {
    let best: SearchRepository | undefined;
    let length = -1;
    for (const r of this.repositories) {
      for (const root of r.roots) {
        const base = root.endsWith('/') ? root : `${root}/`;
        if ((path === root || path.startsWith(base)) && root.length > length) {
          best = r;
          length = root.length;
        }
      }
    }
    return best;
  }

  allUnits(): { path: string; unit: DesignUnit }[] {
    this.units ??= this.repositories.flatMap((r) => r.source.allUnits());
    return this.units;
  }

  unit(name: string, from?: string): { path: string; unit: DesignUnit } | undefined {
    const own = from !== undefined ? this.repositoryOf(from) : undefined;
    const found = own?.source.unit(name, from);
    if (found) return found;
    for (const r of this.repositories) {
      if (r === own) continue;
      const other = r.source.unit(name);
      if (other) return other;
    }
    return undefined;
  }

  instantiations(moduleName: string): readonly Instantiation[] {
    return this.repositories.flatMap((r) => [...r.source.instantiations(moduleName)]);
  }

  text(path: string): string | undefined {
    return this.repositoryOf(path)?.source.text(path);
  }

  lineIndex(path: string): LineIndex | undefined {
    return this.repositoryOf(path)?.source.lineIndex(path);
  }
}

/** A repository's name for its hits: its folder's name, numbered when another already has it. */
export function repositoryName(root: string, taken: ReadonlySet<string>): string {
  const base = basename(root) || root;
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base} (${i})`;
  return name;
}
