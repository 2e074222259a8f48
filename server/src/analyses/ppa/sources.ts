import type { DesignIndex } from '../../graph';
import type { FileSummary } from '../../model';
import type { SynthesisJob } from './script';
import type { Target } from './target';

/** What the synthesis job needs from the workspace beyond the design index: file texts and summaries. */
export interface SourceAccess extends DesignIndex {
  text(path: string): string | undefined;
  summary(path: string): FileSummary | undefined;
  /** Files defining a macro, for macros a file uses but neither defines nor includes. */
  macroDefinitions?(name: string): { path?: string }[];
  /** Where an `include of a file leads (the summary may not record it). */
  resolveInclude?(target: string, fromPath: string): string | undefined;
}

export interface CollectedSources {
  job: SynthesisJob;
  /** Modules reached from the top that no workspace file defines (vendor primitives, missing files). */
  missing: string[];
}

/**
 * Absolute workspace path -> the path Yosys sees in its virtual file system: relative to the
 * workspace root when inside it (so messages name files as the user sees them), else the
 * absolute path without its leading slash.
 */
export function virtualPath(path: string, root?: string): string {
  if (root) {
    const prefix = root.endsWith('/') ? root : `${root}/`;
    if (path.startsWith(prefix)) return path.slice(prefix.length);
  }
  return path.replace(/^[A-Za-z]:/, '').replace(/^\/+/, '');
}

/** Directory part of a virtual path. */
function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '.' : path.slice(0, i);
}

/**
 * The files Yosys must read to synthesize `top`: those defining it and everything it
 * instantiates (transitively), the packages and interfaces they use, files defining macros
 * they use, and the headers they include, read in dependency order (definitions first).
 * When several files declare a name, `from` (the file the user named or is editing) picks the
 * top's copy, and each instance's module is the copy its parent's file sees first; a name is
 * read once (Yosys cannot hold two modules of one name), from the copy reached first.
 */
export function collectSources(access: SourceAccess, top: string, target: Target, defines: Record<string, string> = {}, root?: string, from?: string): CollectedSources | undefined {
  const vpath = (p: string) => virtualPath(p, root);
  if (!access.unit(top, from)) return undefined;
  const modulePaths: string[] = [];
  const early: string[] = [];
  const missing = new Set<string>();
  const seenUnits = new Set<string>();
  const addEarly = (path: string) => {
    if (!early.includes(path)) early.push(path);
  };
  const queue: { name: string; from?: string }[] = [{ name: top, from }];
  while (queue.length > 0 && seenUnits.size < 5000) {
    const { name, from: asking } = queue.shift()!;
    if (seenUnits.has(name)) continue;
    seenUnits.add(name);
    const ref = access.unit(name, asking);
    if (!ref) {
      missing.add(name);
      continue;
    }
    if (!modulePaths.includes(ref.path)) modulePaths.push(ref.path);
    for (const instance of ref.unit.instances) queue.push({ name: instance.module, from: ref.path });
    for (const imp of ref.unit.imports) {
      const pkg = access.unit(imp.package, ref.path);
      if (pkg) addEarly(pkg.path);
    }
    for (const port of ref.unit.ports) {
      const typeName = /^([A-Za-z_][A-Za-z0-9_$]*)/.exec(port.type)?.[1];
      const iface = typeName ? access.unit(typeName, ref.path) : undefined;
      if (iface && iface.unit.kind === 'interface') queue.push({ name: typeName!, from: ref.path });
    }
  }
  const files: Record<string, string> = {};
  const includeDirs = new Set<string>();
  const addFile = (path: string) => {
    const key = vpath(path);
    if (files[key] !== undefined) return;
    const text = access.text(path);
    if (text === undefined) return;
    files[key] = text;
    const summary = access.summary(path);
    for (const inc of summary?.includes ?? []) {
      const target = inc.resolved ?? access.resolveInclude?.(inc.target, path);
      if (!target) continue;
      // `include "a/b.vh" resolved to /ws/x/a/b.vh: Yosys finds it with -I ws/x.
      const resolved = vpath(target);
      const written = inc.target.replace(/\\/g, '/');
      if (resolved.endsWith(written)) includeDirs.add(resolved.slice(0, resolved.length - written.length).replace(/\/$/, '') || '.');
      else includeDirs.add(dirOf(resolved));
      addFile(target);
    }
    // Headers read where this file includes them, nested ones too: a header's own summary can
    // miss an `include that is active only under the includer's defines (scr1_hdu.svh includes
    // scr1_csr.svh under SCR1_DBG_EN, which scr1_arch_description.svh defines before it).
    for (const dependency of Object.keys(summary?.dependencies ?? {})) {
      if (files[vpath(dependency)] !== undefined || access.text(dependency) === undefined) continue;
      includeDirs.add(dirOf(vpath(dependency)));
      addFile(dependency);
    }
    // A macro used here but defined only in another file: that file is read first.
    if (access.macroDefinitions) {
      for (const use of summary?.macroUses ?? []) {
        if (use.definition) continue;
        const definer = access.macroDefinitions(use.name).find((d) => d.path && d.path !== path)?.path;
        if (definer) addEarly(definer);
      }
    }
  };
  for (const path of modulePaths) addFile(path);
  for (const path of early) addFile(path);
  const read = [...early.filter((p) => !modulePaths.includes(p)), ...modulePaths].map(vpath).filter((p) => files[p] !== undefined);
  // Headers are not read on their own: they come in through `include.
  return { job: { top, files, read, includeDirs: [...includeDirs].sort(), defines, target }, missing: [...missing].sort() };
}
