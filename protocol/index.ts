// Custom requests and notifications between the RTLens client and server: names and shapes.
// Both sides import this file; it imports nothing but LSP's plain types.
import type { Location } from 'vscode-languageserver-types';

export const Requests = {
  reindex: 'rtlens/reindex',
  status: 'rtlens/status',
  trace: 'rtlens/trace',
  hierarchy: 'rtlens/hierarchy',
  synthesize: 'rtlens/synthesize',
  ppaReport: 'rtlens/ppaReport',
  ppaTarget: 'rtlens/ppaTarget',
  ppaHotspots: 'rtlens/ppaHotspots',
} as const;

export const Notifications = {
  indexed: 'rtlens/indexed',
  synthesized: 'rtlens/synthesized',
} as const;

/** One module's PPA: synthesized figures when current, otherwise the estimate (with its error bar). */
export interface PpaRowView {
  module: string;
  uri: string;
  /** 0-based line of the module's name. */
  line: number;
  kind: 'estimate' | 'synthesized';
  cells?: number;
  luts?: number;
  areaUm2?: number;
  ffs?: number;
  logicLevels?: number;
  delayNs?: number;
  latencyCycles?: number;
  fmaxMhz?: number;
  errorPct?: number;
  delayErrorPct?: number;
  error?: string;
}

export interface PpaReportResult {
  target: string;
  targetError?: string;
  rows: PpaRowView[];
}

export interface IndexedParams {
  files: number;
  fromCache: number;
  parsed: number;
  lines: number;
  ms: number;
}

export interface TraceParams {
  textDocument: { uri: string };
  position: { line: number; character: number };
  direction: 'drivers' | 'loads';
  depth?: number;
}

export interface TraceViewNode {
  module: string;
  signal: string;
  /** continuous, blocking, nonblocking, port or instance */
  kind: string;
  depth: number;
  /** Instance path from the traced module: '' itself, 'u1/u_add' inside, '..' where it is instantiated. */
  instance: string;
  /** The declaration of the signal reached. */
  location: Location;
  /** The assignment or connection that reaches it. */
  via: Location;
}

export interface TraceResult {
  root: { module: string; signal: string } | undefined;
  steps: TraceViewNode[];
}

export interface HierarchyParams {
  top?: string;
}

export interface HierarchyViewNode {
  name: string;
  module: string;
  /** Where the instance is written (absent for a top). */
  location?: Location;
  /** Where the module is defined. */
  moduleLocation?: Location;
  recursive?: boolean;
  unresolved?: boolean;
  /** Parameter values of this instance where they are constant. */
  params?: Record<string, number>;
  /** Why a generate loop around this instance was not unrolled. */
  notUnrolled?: string;
  children: HierarchyViewNode[];
}

export interface HierarchyResult {
  tops: string[];
  roots: HierarchyViewNode[];
}

/** Lines to mark in a file: a large share of a module's area, or on its estimated critical path. */
export interface PpaHotspotsResult {
  area: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; sharePct: number; label: string }[];
  critical: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; module: string }[];
}
