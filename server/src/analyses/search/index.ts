// search: multi-grain descriptions of modules, blocks and signals, a fielded text index, and
// re-ranking through the design graph (graph-RAG). Imports graph, model and base only.
export * from './words';
export * from './describe';
export * from './query';
export * from './searchIndex';
export * from './termIndex';
export * from './repositoryPack';
export * from './ask';
