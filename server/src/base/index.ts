// base: spans, offsets to positions, hashes, diagnostic codes, file-system interface, never().
// Imports nothing else of RTLens.
export * from './span';
export * from './lineIndex';
export * from './hash';
export * from './never';
export * from './fileSystem';
export * from './diagnostics';
export * from './expression';
export * from './comments';
export * from './width';
export * from './diff';
export * from './glob';
