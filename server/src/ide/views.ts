// The shapes of what the editor features of this folder answer beyond LSP's own types: trace
// and hierarchy views, PPA rows and hotspots, search hits and context packs, suggestions.
// protocol/index.ts mirrors them for the client (which never imports the server), and
// test/unit/arch.test.ts checks that each mirror is the same type, so neither can drift.
// Only ide/ (and the adapters) may know them; they import LSP's plain types and nothing else.
import type { Location, Range } from 'vscode-languageserver-types';

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
  /** Results the estimate is calibrated on (the user's file, or the workspace's own exact results). */
  calibratedOn?: number;
  delayErrorPct?: number;
  error?: string;
}

/** Lines to mark in a file: a large share of a module's area, or on its estimated critical path. */
export interface PpaHotspotsResult {
  area: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; sharePct: number; label: string }[];
  critical: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; module: string }[];
}

export type SearchGranularity = 'module' | 'block' | 'signal';

/** One result. Ranges are 0-based (LSP). */
export interface SearchHitView {
  granularity: SearchGranularity;
  uri: string;
  module: string;
  /** For a signal result, its name; for a block result, the signal it drives when there is one. */
  signal?: string;
  /** For a block result: "always_ff @(posedge clk)", "assign", "instance u_fifo (fifo)", ... */
  block?: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  score: number;
  /** The one-line description (made from the code, its comments and the graph). */
  summary: string;
  /** A few lines of the code itself. */
  snippet?: string;
  /** Opaque key of the item, for rtlens/contextPack. */
  key: string;
}

export interface SearchResult {
  hits: SearchHitView[];
  /** True while the workspace index is still being built: the hits cover the files read so far. */
  partial: boolean;
  /** Why there are no hits, or what was understood from the query (for the view to show). */
  message?: string;
  /** What the query was understood as: granularity hint and identifiers found in it. */
  understood?: { granularity?: SearchGranularity; identifiers: string[] };
  ms: number;
}

export interface ContextPackResult {
  /** Markdown: the item, its drivers and loads, the module's ports, the instantiating parents. */
  markdown: string;
  title: string;
}

/**
 * A question answered with context for a language model (rtlens/askContext, `rtlens ask`): the
 * search hits, the context packs of the first few, and the prompt that carries them.
 */
export interface AskResult {
  hits: SearchHitView[];
  partial: boolean;
  message?: string;
  context: ContextPackResult[];
  /** Instructions, the context cut to the budget, the question. */
  prompt: string;
  clipped: boolean;
}

/** One module's figures in a suggestion: area (um2 or LUTs), delay (ns or logic levels), flip-flops, latches. */
export interface SuggestionFiguresView {
  area?: number;
  delay?: number;
  ffs: number;
  latches: number;
}

/** A PPA-aware rewrite offered as a code action: what it does, its estimate, its edits. */
export interface SuggestionView {
  id: string;
  uri: string;
  /** The document version the edits apply to. */
  version: number;
  kind: string;
  module: string;
  title: string;
  detail: string;
  preservesBehaviour: boolean;
  behaviourChange?: string;
  goal: 'area' | 'delay' | 'latch';
  areaUnit: 'um2' | 'LUTs';
  delayUnit: 'ns' | 'levels';
  estimate: { before: SuggestionFiguresView; after: SuggestionFiguresView; gain: boolean };
  edits: { range: Range; newText: string }[];
}
