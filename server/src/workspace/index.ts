// workspace: the set of HDL files, their summaries, open documents with trees, cross-file
// indices and the disk cache; features read it through a Snapshot. Imports model, syntax, base.
export * from './workspace';
export * from './snapshot';
export * from './cache';
export * from './project';
