// graph: the HDL graph over the workspace's summaries. AST view (units contain ports,
// signals, blocks; instances instantiate units) and data-flow view (signal -> signal edges
// labelled with block, kind, clock and conditions; port connections across instances).
// Queries: drivers, loads, traces to a depth, hierarchy, tops. Imports model and base.
export * from './moduleGraph';
export * from './design';
export * from './checks';
export * from './paths';
export * from './clocks';
export * from './widths';
export * from './elaborate';
