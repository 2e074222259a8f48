// suggest: PPA-aware rewrite suggestions. Detectors propose edits of one module (rewrites.ts);
// each is estimated before and after through an overlay of the workspace (suggest.ts), and on
// demand proven equivalent with Yosys + ABC (prove.ts) and synthesized before and after.
// Imports base, graph/model types and the ppa analysis (estimates, sources, the runner).
export * from './text';
export * from './rewrites';
export * from './prove';
export * from './suggest';
export * from './audit';
