import { hierarchy, type HierarchyNode, tops, trace } from '../graph';
import type { Snapshot } from '../workspace';
import type { HierarchyResult, HierarchyViewNode, TraceResult, TraceViewNode } from './views';
import { declarationAt } from './references';

/**
 * What the client's tree views show: a trace of drivers or loads from the signal under the
 * cursor, and the design hierarchy from the tops. Plain data with locations to jump to.
 */
export function traceView(snapshot: Snapshot, path: string, offset: number, direction: 'drivers' | 'loads', depth: number, uriOf: (p: string) => string): TraceResult {
  const declaration = declarationAt(snapshot, path, offset);
  if (!declaration || !(declaration.kind === 'port' || declaration.kind === 'signal')) return { root: undefined, steps: [] };
  const module = declaration.unit.name;
  const steps = trace(snapshot, module, declaration.name, direction, depth, 2000, declaration.path);
  const out: TraceViewNode[] = [];
  for (const step of steps) {
    const declIndex = snapshot.lineIndex(step.path);
    const viaIndex = snapshot.lineIndex(step.via.path);
    if (!declIndex || !viaIndex) continue;
    out.push({
      module: step.module,
      signal: step.signal,
      kind: step.via.kind,
      depth: step.depth,
      instance: step.instance,
      location: { uri: uriOf(step.path), range: declIndex.range(step.span) },
      via: { uri: uriOf(step.via.path), range: viaIndex.range(step.via.span) },
    });
  }
  return { root: { module, signal: declaration.name }, steps: out };
}

/**
 * The hierarchy under `top` (or every top). `from`, the file being edited, picks the copy of a
 * module several files declare: the tree is that file's design.
 */
export function hierarchyView(snapshot: Snapshot, top: string | undefined, uriOf: (p: string) => string, from?: string): HierarchyResult {
  const allTops = [...new Set(tops(snapshot).map((t) => t.unit.name))].sort();
  const chosen = top && snapshot.unit(top, from) ? [top] : allTops;
  const convert = (node: HierarchyNode, isRoot: boolean): HierarchyViewNode => {
    const moduleRef = node.modulePath ? snapshot.units(node.module).find((r) => r.path === node.modulePath) : undefined;
    const moduleIndex = moduleRef && snapshot.lineIndex(moduleRef.path);
    const instanceIndex = node.path && snapshot.lineIndex(node.path);
    return {
      name: node.name,
      module: node.module,
      location: !isRoot && node.path && instanceIndex ? { uri: uriOf(node.path), range: instanceIndex.range(node.span) } : undefined,
      moduleLocation: moduleRef && moduleIndex ? { uri: uriOf(moduleRef.path), range: moduleIndex.range(moduleRef.unit.nameSpan) } : undefined,
      recursive: node.recursive,
      unresolved: node.unresolved,
      params: node.params,
      notUnrolled: node.notUnrolled,
      children: node.instances.map((child) => convert(child, false)),
    };
  };
  const roots = chosen.map((name) => hierarchy(snapshot, name, undefined, from)).filter((h): h is HierarchyNode => h !== undefined).map((h) => convert(h, true));
  return { tops: allTops, roots };
}
