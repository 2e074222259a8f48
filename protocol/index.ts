// Custom requests and notifications between the RTLens client and server: names and shapes.
// Both sides import this file; it imports nothing but LSP's plain types.
import type { Location, Range } from 'vscode-languageserver-types';

export const Requests = {
  reindex: 'rtlens/reindex',
  status: 'rtlens/status',
  trace: 'rtlens/trace',
  hierarchy: 'rtlens/hierarchy',
  synthesize: 'rtlens/synthesize',
  ppaReport: 'rtlens/ppaReport',
  ppaTarget: 'rtlens/ppaTarget',
  ppaHotspots: 'rtlens/ppaHotspots',
  search: 'rtlens/search',
  findSimilar: 'rtlens/findSimilar',
  contextPack: 'rtlens/contextPack',
  /** A question with its context for a language model: `AskParams` -> `AskResult`. */
  askContext: 'rtlens/askContext',
  recommendRecipe: 'rtlens/recommendRecipe',
  /** The whole design under a top as one Yosys script with the saved recipes: `DesignScriptAnswer`. */
  designScript: 'rtlens/designScript',
  checkSuggestion: 'rtlens/checkSuggestion',
  /** Every suggestion of the workspace, checked (synthesis and proof): `AuditParams` -> `AuditAnswer`. */
  auditSuggestions: 'rtlens/auditSuggestions',
  /** The project configuration in use and the candidates: `ProjectStatus`. */
  projectStatus: 'rtlens/projectStatus',
  /**
   * VS Code for the Web, server to client: run Yosys once (`WebYosysParams` -> `WebYosysAnswer`).
   * The browser's language server cannot start workers of its own from the extension's files,
   * so the client runs Yosys in a web worker and the server asks it; cancelling the request stops the run.
   */
  webRunYosys: 'rtlens/web/runYosys',
} as const;

export interface WebYosysParams {
  args: string[];
  files: Record<string, string>;
  /** Files to bring back from Yosys's virtual file system after the run. */
  outputs: string[];
  timeoutMs: number;
}

/** Exactly one of result, timeout, cancelled or error. */
export interface WebYosysAnswer {
  result?: { log: string; outputs: Record<string, string | undefined>; code: number };
  /** Why the run was stopped for taking too long. */
  timeout?: string;
  cancelled?: boolean;
  /** Yosys could not run at all (its worker failed to start, a file was missing). */
  error?: string;
}

export const Notifications = {
  indexed: 'rtlens/indexed',
  synthesized: 'rtlens/synthesized',
  /** Sent whenever the project configuration is (re)read: `ProjectStatus`. */
  project: 'rtlens/project',
  /** Client to server: whether the workspace is trusted now (`TrustParams`). Untrusted: no synthesis. */
  trust: 'rtlens/trust',
} as const;

export interface TrustParams {
  trusted: boolean;
}

/** Which project configuration (filelist, FuseSoC core, Bender manifest) the server uses. */
export interface ProjectStatus {
  /** Absolute path of the project file; absent when none is used. */
  path?: string;
  /** Short text for the status bar: the file's name, or 'no project file'. */
  label: string;
  kind?: 'filelist' | 'fusesoc' | 'bender';
  /** Source files the project names, and how many of them do not exist. */
  files: number;
  absent: number;
  includeDirs: number;
  defines: number;
  top?: string;
  /** Problems found reading it (also published as diagnostics on the project file). */
  problems: number;
  /** One line saying what went wrong, when something did. */
  message?: string;
  /** Project files found in the workspace, absolute, shallowest first. */
  candidates: string[];
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
  /** The document being edited: where several files declare a module, its copy is the one shown. */
  uri?: string;
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

export type SearchGranularity = 'module' | 'block' | 'signal';

export interface SearchParams {
  query: string;
  /** At most this many results (default 20, at most 200). */
  k?: number;
  /** Only results of this granularity. */
  granularity?: SearchGranularity;
}

/** "Find similar" for the module, block or signal at a position. */
export interface FindSimilarParams {
  textDocument: { uri: string };
  position: { line: number; character: number };
  k?: number;
}

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
  /** The repository of the hit when `rtlens.search.repositories` adds others to the workspace. */
  repository?: string;
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

export interface ContextPackParams {
  /** A hit's key, or a position in a document. */
  key?: string;
  textDocument?: { uri: string };
  position?: { line: number; character: number };
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

export interface AskParams {
  query: string;
  /** Search hits (default 5). */
  k?: number;
  /** Hits whose context pack goes into the prompt (default 3). */
  packs?: number;
  /** The prompt's context at most, in characters (default 48000). */
  maxChars?: number;
}

/**
 * "Recommend synthesis recipe" for a module. Long (seconds to a minute): the client passes a
 * `workDoneToken` for progress (LSP work-done progress: `$/progress` with begin, report, end)
 * and cancels through the request's own cancellation. Without a token the server creates a
 * progress of its own when the client supports it.
 */
export interface RecommendRecipeParams {
  module: string;
  /** Recipe evaluations in all, resyn2 included (default 20, at most 200). */
  budget?: number;
  workDoneToken?: string | number;
}

/** Quality of result after a recipe: stime's area and delay on the current liberty, and the AIG before mapping. */
export interface RecipeQorView {
  /** In the liberty's area unit (µm² for the built-in library). */
  area: number;
  delayPs: number;
  /** area x delay. */
  adp: number;
  ands: number;
  levels: number;
}

export interface RecommendRecipeResult {
  module: string;
  /** The target the figures are measured on: 'generic' (the built-in library) or the liberty's name. */
  target: string;
  /** ABC transforms in order (the action set: balance, rewrite, refactor, resub and their variants, dc2, fraig, &syn2, ...). */
  recipe: string[];
  /** The mapping after the recipe: '&dch -f; &nf' (Yosys's own), '&nf', '&synch2; &nf', 'dch -f; map', 'map', 'map -a' or 'amap', each optionally followed by '; topo; buffer; upsize; dnsize'. */
  mapping: string;
  qor: RecipeQorView;
  /** On the same starting netlist: resyn2 with Yosys's mapping, resyn2 followed by `map`, Yosys's default `abc -liberty` flow. */
  baseline: { resyn2: RecipeQorView; resyn2Map?: RecipeQorView; yosysDefault?: RecipeQorView };
  evaluations: number;
  /** ABC's cec proved the recommended recipe's mapped netlist equivalent to the original logic. */
  equivalent: boolean;
  ms: number;
  /** The AIG before any recipe. */
  aig: { inputs: number; outputs: number; ands: number; levels: number };
  /** Set for a sequential design: what was optimised (the logic between registers). */
  note?: string;
  /** Set when the search ended before its budget: the answer is the best proven so far. */
  partial?: string;
  registers: number;
  /** Knowledge-base designs nearest to this one, whose recipes seeded the search. */
  neighbours: { design: string; distance: number; similarity: number }[];
  /** Trust given to the knowledge base (0..1). */
  alpha: number;
  yosysRuns: number;
  /** A recipe the search found, resyn2, or Yosys's default flow (then `recipe` is empty): never one that measured worse than a baseline. */
  recommended: 'search' | 'resyn2' | 'yosys-default';
  /** The recommendation in words, with its ADP against the baselines. */
  verdict: string;
  /** The full ABC script the figures come from, as run. */
  script: string;
  /** The recommendation as an ABC script and as a Yosys command, ready to copy. */
  abcScript: string;
  yosysScript: string;
  /** The whole Yosys flow (read, synth -flatten -noabc, the abc call, stat) the figures come from. */
  yosysFlow: string;
  /** Mapper families the liberty was checked to support, and those it does not. */
  liberty: { usable: string[]; unusable: { family: string; reason: string }[] };
}

/** What went wrong, in words for the user; `cancelled` when the client cancelled the request. */
export interface RecommendRecipeError {
  module?: string;
  error: string;
  cancelled?: boolean;
}

export type RecommendRecipeAnswer = RecommendRecipeResult | RecommendRecipeError;

export interface DesignScriptParams {
  top: string;
}

/** A Yosys script for the design under `top` with every saved recipe (rtlens.recipes.saved) in it, or what went wrong. */
export type DesignScriptAnswer =
  | { top: string; script: string; withRecipe: { module: string; recipe: string[]; mapping: string }[]; skipped: { module: string; reason: string }[] }
  | { top?: string; error: string };

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

/**
 * "Check a suggestion": proof of equivalence (for rewrites that keep behaviour) and real
 * synthesis of the module before and after. Seconds; the client passes a workDoneToken and
 * may cancel. The server finds the suggestion again by id in the document's current text.
 */
export interface CheckSuggestionParams {
  uri: string;
  id: string;
  workDoneToken?: string | number;
}

export interface CheckSuggestionResult {
  id: string;
  proof?: { status: 'proven' | 'refuted' | 'undecided' | 'unsupported' | 'error'; message: string; ms: number };
  before?: SuggestionFiguresView;
  after?: SuggestionFiguresView;
  gain: boolean;
  safe: boolean;
  /** The editor may offer to apply it (after the user has seen the diff): a gain, and proven when it claims to keep behaviour. */
  offered: boolean;
  summary: string;
  error?: string;
  cancelled?: boolean;
}

/**
 * "RTLens: Find PPA Opportunities": every rewrite of every module in the workspace, each
 * checked (synthesis before and after on the current target, proof where it keeps behaviour)
 * unless `check` is false. Long: the client passes a workDoneToken and may cancel; a cancelled
 * audit answers with what it had checked.
 */
export interface AuditParams {
  check?: boolean;
  workDoneToken?: string | number;
}

export interface AuditRowView {
  uri: string;
  /** 0-based line of the rewrite's start. */
  line: number;
  module: string;
  kind: string;
  title: string;
  detail: string;
  preservesBehaviour: boolean;
  goal: 'area' | 'delay' | 'latch';
  areaUnit: 'um2' | 'LUTs';
  delayUnit: 'ns' | 'levels';
  estimate: { before: SuggestionFiguresView; after: SuggestionFiguresView; gain: boolean };
  check?: CheckSuggestionResult;
  /** Why it was not checked. */
  skipped?: string;
}

export interface AuditAnswer {
  target: string;
  rows: AuditRowView[];
  counts: { files: number; lines: number; found: number; checked: number; proven: number; refuted: number; unproven: number; offered: number; errors: number; findMs: number; checkMs: number };
  cancelled?: boolean;
  error?: string;
}
