// syntax: the grammar, (incremental) parsing, the preprocessor, and reading items and
// identifiers out of trees. The only folder that knows the grammar's node-type names.
// Exports plain data; callers above this layer never hold a tree-sitter node.
export * from './grammar';
export * from './parse';
export * from './preprocess';
export { keywordsNotIn, renameKeywords, type KeywordRegion } from './keywords';
export * from './sourceMap';
export * from './items';
export * from './identifiers';
export * from './errors';
export * from './dataflow';
export { Extractor, topLevelNodes, squash } from './extract';
export type { Tree } from 'web-tree-sitter';
