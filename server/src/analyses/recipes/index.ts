// recipes: synthesis-recipe recommendation (ABC-RL): recipes of ABC transforms, their batched
// evaluation in one Yosys run, the knowledge base of designs and their best recipes, the
// budgeted search, and the entry that ties them together with an equivalence check.
// Imports base, graph/model types and the ppa analysis (sources, targets, the runner).
export * from './recipe';
export * from './batch';
export * from './knowledge';
export * from './search';
export * from './recommend';
export * from './export';
