// ide: editor features as plain functions of a Snapshot, returning LSP types
// (vscode-languageserver-types only). No I/O, no protocol, no tree-sitter nodes.
export { fileProblems, toLspDiagnostic, inactiveRegions } from './diagnostics';
export { documentSymbols, workspaceSymbols } from './symbols';
export { definition } from './definition';
export { references, documentHighlights, declarationAt, type Reference } from './references';
export { rename, prepareRename } from './rename';
export { hover, signature } from './hover';
export { completion, resolveCompletion, KEYWORDS, SYSTEM_TASKS } from './completion';
export { signatureHelp } from './signatureHelp';
export { foldingRanges } from './folding';
export { semanticTokens, TOKEN_TYPES, TOKEN_MODIFIERS } from './semanticTokens';
export { targetAt, lookupName, type Declaration } from './resolve';
export { inlayHints } from './inlayHints';
export { prepareCallHierarchy, incomingCalls, outgoingCalls, signalItem } from './callHierarchy';
export { traceView, hierarchyView } from './graphViews';
export { ppaCodeLenses, ppaHotspots, type Hotspots, ppaHover, ppaReport, ppaRow, ppaSummary, type PpaView, type PpaRow, type SynthesisState } from './ppa';
export { searchView, findSimilarView, contextPackView, askView } from './search';
export { suggestionActions, suggestionView, REVIEW_COMMAND } from './suggestions';
export type * from './views';
