import type { CallHierarchyIncomingCall, CallHierarchyItem, CallHierarchyOutgoingCall, Range } from 'vscode-languageserver-types';
import { SymbolKind } from 'vscode-languageserver-types';
import { declarationSpan, followMove, instancePath, type Move, type Neighbour, neighbours } from '../graph';
import type { Snapshot } from '../workspace';
import { declarationAt } from './references';

/**
 * Call hierarchy mapped to data flow: a signal's incoming calls are its drivers, its outgoing
 * calls its loads, across instances. Items carry {module, signal} and the instance path the
 * expansion came through, so expanding a signal inside instance u1 goes back up through u1
 * only (as the trace does), and a resolve needs nothing else.
 */
export interface SignalItemData {
  module: string;
  signal: string;
  frames?: Move[];
  /** The file of the module's copy (several files may declare one module name). */
  path?: string;
}

export function prepareCallHierarchy(snapshot: Snapshot, path: string, offset: number, uriOf: (p: string) => string): CallHierarchyItem[] {
  const declaration = declarationAt(snapshot, path, offset);
  if (!declaration || !(declaration.kind === 'port' || declaration.kind === 'signal')) return [];
  const item = signalItem(snapshot, declaration.unit.name, declaration.name, uriOf, [], declaration.path);
  return item ? [item] : [];
}

export function signalItem(snapshot: Snapshot, module: string, signal: string, uriOf: (p: string) => string, frames: readonly Move[] = [], from?: string): CallHierarchyItem | undefined {
  const ref = snapshot.unit(module, from);
  const lineIndex = ref && snapshot.lineIndex(ref.path);
  const span = ref && declarationSpan(ref.unit, signal);
  if (!ref || !lineIndex || !span) return undefined;
  const range = lineIndex.range(span);
  const port = ref.unit.ports.find((p) => p.name === signal);
  const data: SignalItemData = { module, signal, ...(frames.length > 0 ? { frames: [...frames] } : {}), path: ref.path };
  const where = instancePath(frames);
  return {
    name: signal,
    detail: `${module}${port ? ` (${port.direction} port)` : ''}${where ? ` in ${where}` : ''}`,
    kind: port ? SymbolKind.Field : SymbolKind.Variable,
    uri: uriOf(ref.path),
    range,
    selectionRange: range,
    data,
  };
}

function grouped(snapshot: Snapshot, from: SignalItemData, steps: Neighbour[], uriOf: (p: string) => string): { item: CallHierarchyItem; ranges: Range[] }[] {
  const byTarget = new Map<string, { item: CallHierarchyItem; ranges: Range[] }>();
  for (const step of steps) {
    const frames = followMove(from.frames ?? [], step.move);
    if (!frames) continue;
    const key = `${step.module}.${step.signal}\u0000${JSON.stringify(frames)}`;
    let entry = byTarget.get(key);
    if (!entry) {
      const item = signalItem(snapshot, step.module, step.signal, uriOf, frames, step.path);
      if (!item) continue;
      entry = { item, ranges: [] };
      byTarget.set(key, entry);
    }
    const lineIndex = snapshot.lineIndex(step.via.path);
    if (lineIndex) entry.ranges.push(lineIndex.range(step.via.span));
  }
  return [...byTarget.values()];
}

export function incomingCalls(snapshot: Snapshot, item: CallHierarchyItem, uriOf: (p: string) => string): CallHierarchyIncomingCall[] {
  const data = item.data as SignalItemData;
  // LSP wants the ranges in the caller's file; ours are where the assignment is, which is the caller's.
  return grouped(snapshot, data, neighbours(snapshot, data.module, data.signal, 'drivers', data.path), uriOf).map(({ item: from, ranges }) => ({ from, fromRanges: ranges }));
}

export function outgoingCalls(snapshot: Snapshot, item: CallHierarchyItem, uriOf: (p: string) => string): CallHierarchyOutgoingCall[] {
  const data = item.data as SignalItemData;
  return grouped(snapshot, data, neighbours(snapshot, data.module, data.signal, 'loads', data.path), uriOf).map(({ item: to, ranges }) => ({ to, fromRanges: ranges }));
}
