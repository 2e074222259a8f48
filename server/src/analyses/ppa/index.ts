export * from './target';
export * from './script';
export * from './report';
export * from './sources';
export * from './exact';
