import type { CallHierarchyIncomingCall, CallHierarchyItem, CallHierarchyOutgoingCall, Range } from 'vscode-languageserver-types';
import { SymbolKind } from 'vscode-languageserver-types';
import { declarationSpan, neighbours, type TraceStep } from '../graph';
import type { Snapshot } from '../workspace';
import { declarationAt } from './references';

/**
 * Call hierarchy mapped to data flow: a signal's incoming calls are its drivers, its outgoing
 * calls its loads, across instances. Items carry {module, signal} so a resolve needs nothing else.
 */
export interface SignalItemData {
  module: string;
  signal: string;
}

export function prepareCallHierarchy(snapshot: Snapshot, path: string, offset: number, uriOf: (p: string) => string): CallHierarchyItem[] {
  const declaration = declarationAt(snapshot, path, offset);
  if (!declaration || !(declaration.kind === 'port' || declaration.kind === 'signal')) return [];
  const item = signalItem(snapshot, declaration.unit.name, declaration.name, uriOf);
  return item ? [item] : [];
}

export function signalItem(snapshot: Snapshot, module: string, signal: string, uriOf: (p: string) => string): CallHierarchyItem | undefined {
  const ref = snapshot.unit(module);
  const lineIndex = ref && snapshot.lineIndex(ref.path);
  const span = ref && declarationSpan(ref.unit, signal);
  if (!ref || !lineIndex || !span) return undefined;
  const range = lineIndex.range(span);
  const port = ref.unit.ports.find((p) => p.name === signal);
  const data: SignalItemData = { module, signal };
  return {
    name: signal,
    detail: `${module}${port ? ` (${port.direction} port)` : ''}`,
    kind: port ? SymbolKind.Field : SymbolKind.Variable,
    uri: uriOf(ref.path),
    range,
    selectionRange: range,
    data,
  };
}

function grouped(snapshot: Snapshot, steps: Omit<TraceStep, 'depth'>[], uriOf: (p: string) => string): { item: CallHierarchyItem; ranges: Range[] }[] {
  const byTarget = new Map<string, { item: CallHierarchyItem; ranges: Range[] }>();
  for (const step of steps) {
    const key = `${step.module}.${step.signal}`;
    let entry = byTarget.get(key);
    if (!entry) {
      const item = signalItem(snapshot, step.module, step.signal, uriOf);
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
  return grouped(snapshot, neighbours(snapshot, data.module, data.signal, 'drivers'), uriOf).map(({ item: from, ranges }) => ({ from, fromRanges: ranges }));
}

export function outgoingCalls(snapshot: Snapshot, item: CallHierarchyItem, uriOf: (p: string) => string): CallHierarchyOutgoingCall[] {
  const data = item.data as SignalItemData;
  return grouped(snapshot, neighbours(snapshot, data.module, data.signal, 'loads'), uriOf).map(({ item: to, ranges }) => ({ to, fromRanges: ranges }));
}
