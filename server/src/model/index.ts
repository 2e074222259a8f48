// model: the per-file summary (design units, ports, parameters, signals, instances, blocks,
// macros, includes, problems), a pure function of the file's text and macro context, cached
// by content hash. Imports syntax and base only.
export * from './summary';
export type {
  DesignUnit,
  Port,
  Parameter,
  Signal,
  Instance,
  Connection,
  Subprogram,
  Block,
  UnitKind,
  MacroDef,
  MacroUse,
  IncludeDirective,
  Occurrence,
  IdentifierRole,
  BlockFlow,
  Assignment,
  Edge,
  LoopHeader,
  Statement,
  ResetBranch,
} from '../syntax';
