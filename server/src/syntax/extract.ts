import type { Node, Tree } from 'web-tree-sitter';
import { parseExpression, type Span } from '../base';
import type { SourceMap } from './sourceMap';
import type {
  Block,
  BlockKind,
  Connection,
  DesignUnit,
  Import,
  Instance,
  Parameter,
  Port,
  PortDirection,
  Signal,
  Subprogram,
  UnitKind,
} from './items';
import { blockFlow, expressionNames, type FlowFacts, flowFacts, readLoopHeader } from './dataflow';

/**
 * Reads design units and their items out of a tree. Only item-level nodes are visited, never
 * expressions, so this stays a small fraction of parse time.
 */

const UNIT_KINDS: Record<string, UnitKind> = {
  module_declaration: 'module',
  interface_declaration: 'interface',
  package_declaration: 'package',
  program_declaration: 'program',
  class_declaration: 'class',
  udp_declaration: 'primitive',
  checker_declaration: 'checker',
};

const INSTANCE_TYPES = new Set([
  'module_instantiation',
  'interface_instantiation',
  'program_instantiation',
  'checker_instantiation',
  'udp_instantiation',
]);

const STATEMENT_CHAIN = new Set([
  'statement',
  'statement_item',
  'statement_or_null',
  'procedural_timing_control_statement',
  'seq_block',
  'par_block',
]);

const ITEM_WRAPPERS = new Set([
  'module_item',
  'package_item',
  'interface_item',
  'program_item',
  'non_port_module_item',
  'non_port_interface_item',
  'non_port_program_item',
  'module_or_generate_item',
  'module_common_item',
  'package_or_generate_item_declaration',
  'interface_or_generate_item',
  'generate_region',
  'generate_item',
  'block_item_declaration',
  'module_or_generate_item_declaration',
]);

/** The top-level nodes of a tree, with the unit kind of each (undefined for items outside units). */
export function topLevelNodes(tree: Tree): { node: Node; kind: UnitKind | undefined }[] {
  const out: { node: Node; kind: UnitKind | undefined }[] = [];
  for (const node of tree.rootNode.namedChildren) {
    if (!node) continue;
    out.push({ node, kind: UNIT_KINDS[node.type] });
  }
  return out;
}

export function isCommentType(type: string): boolean {
  return type === 'one_line_comment' || type === 'block_comment' || type === 'comment';
}

export class Extractor {
  /**
   * `text` is what the parser saw (macros expanded, includes inserted, directives blanked);
   * `source` is the user's text, used for what is shown: types, ranges, values. Spans of the
   * items are offsets of `text`; the caller maps them to the user's offsets with `map`.
   */
  constructor(
    private readonly text: string,
    /** Comments, as offsets of `text`. */
    private readonly comments: readonly Span[],
    private readonly source: string = text,
    private readonly map?: SourceMap,
    /** What the parser read, when it differs from `text` (`begin_keywords renames). */
    private readonly parsedText?: string,
  ) {}

  /** The data-flow facts of the unit being read (flowFacts), found once per unit. */
  private facts: FlowFacts | undefined;

  private flow(node: Node): ReturnType<typeof blockFlow> | undefined {
    this.facts ??= { ...flowFacts(this.factsRoot ?? node, this.text), parsedText: this.parsedText };
    return blockFlow(node, this.text, this.facts);
  }

  private factsRoot: Node | undefined;

  slice(node: Node): string {
    const text = this.text.slice(node.startIndex, node.endIndex);
    // \name<space> and name are one identifier.
    if (text.charCodeAt(0) === 92) return text.slice(1).trim();
    return text;
  }

  /** The user's text of a node, white space collapsed. */
  display(node: Node): string {
    return squash(this.sourceText(node.startIndex, node.endIndex));
  }

  /**
   * The user's text for [start, end) of the parsed text: what they wrote there (a macro usage
   * as written), or the expansion itself when all of it comes from one usage's body.
   */
  private sourceText(start: number, end: number): string {
    const map = this.map;
    if (!map) return this.source.slice(start, end);
    const a = map.toSource(start, 'start');
    const b = map.toSource(end, 'end');
    if (end > start && !map.isExact(start, start + 1) && map.toSource(start, 'end') === b && map.toSource(end - 1, 'start') === a) return this.text.slice(start, end);
    return this.source.slice(a, Math.max(a, b));
  }

  spanOf(node: Node): Span {
    return { start: node.startIndex, end: node.endIndex };
  }

  /** A design unit from a top-level node of a unit kind. */
  unit(node: Node, kind: UnitKind): DesignUnit {
    this.unnamedBlocks = 0;
    this.facts = undefined;
    this.factsRoot = node;
    const nameNode = this.unitName(node);
    const unit: DesignUnit = {
      kind,
      name: nameNode ? this.slice(nameNode) : '',
      nameSpan: nameNode ? this.spanOf(nameNode) : { start: node.startIndex, end: node.startIndex },
      span: this.spanOf(node),
      headerSpan: this.spanOf(node),
      ansi: true,
      ports: [],
      params: [],
      signals: [],
      instances: [],
      subprograms: [],
      blocks: [],
      imports: [],
      hasErrors: node.hasError,
      comment: this.commentBefore(node.startIndex),
    };
    const header = node.namedChildren.find((c) => c !== null && c.type.endsWith('_header')) ?? undefined;
    if (header) {
      unit.headerSpan = this.spanOf(header);
      // The header's semicolon follows it.
      const semicolon = this.text.indexOf(';', header.endIndex);
      if (semicolon >= 0 && semicolon < node.endIndex) unit.headerSpan = { start: header.startIndex, end: semicolon + 1 };
      unit.ansi = !header.type.includes('nonansi');
      this.header(header, unit);
    } else if (kind === 'package' || kind === 'class') {
      const semicolon = this.text.indexOf(';', node.startIndex);
      if (semicolon >= 0) unit.headerSpan = { start: node.startIndex, end: semicolon + 1 };
    }
    this.items(node, unit, '');
    if (!unit.ansi) this.completeNonAnsiPorts(unit);
    return unit;
  }

  /** Items at file level (outside any unit), gathered into one pseudo-unit named $unit. */
  fileScope(nodes: readonly Node[], fileSpan: Span): DesignUnit {
    const unit: DesignUnit = {
      kind: 'unit',
      name: '$unit',
      nameSpan: { start: 0, end: 0 },
      span: fileSpan,
      headerSpan: { start: 0, end: 0 },
      ansi: true,
      ports: [],
      params: [],
      signals: [],
      instances: [],
      subprograms: [],
      blocks: [],
      imports: [],
      hasErrors: false,
    };
    for (const node of nodes) {
      this.facts = undefined;
      this.factsRoot = node;
      this.item(node, unit, '');
    }
    return unit;
  }

  private unitName(node: Node): Node | undefined {
    const direct = node.childForFieldName('name');
    if (direct) return direct;
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type.endsWith('_header')) {
        const name = child.childForFieldName('name');
        if (name) return name;
        const ident = child.namedChildren.find((c) => c?.type === 'simple_identifier');
        if (ident) return ident;
      }
      if (child.type === 'simple_identifier' || child.type === 'escaped_identifier' || child.type === 'class_identifier') return child;
      if (child.type === 'class_type') return child.namedChildren.find((c) => c?.type === 'simple_identifier') ?? undefined;
    }
    return undefined;
  }

  private header(header: Node, unit: DesignUnit): void {
    for (const child of header.namedChildren) {
      if (!child) continue;
      switch (child.type) {
        case 'parameter_port_list':
          this.headerParams(child, unit);
          break;
        case 'list_of_port_declarations':
          this.ansiPorts(child, unit);
          break;
        case 'list_of_ports':
          this.nonAnsiPortList(child, unit);
          break;
        case 'package_import_declaration':
          this.imports(child, unit);
          break;
      }
    }
  }

  private headerParams(list: Node, unit: DesignUnit): void {
    let local = false;
    let type = '';
    for (const decl of list.namedChildren) {
      // `#(W, D = 2, parameter int N = 1)`: a list may open with bare assignments, no
      // `parameter` keyword, no type, defaults optional (IEEE 1800-2017 A.1.3).
      if (decl?.type === 'list_of_param_assignments') {
        for (const assignment of this.descendants(decl, 'param_assignment', 1)) unit.params.push(this.param(assignment, assignment, false, '', true));
        continue;
      }
      if (!decl || decl.type !== 'parameter_port_declaration') continue;
      const inner = decl.namedChildren[0];
      if (inner?.type === 'local_parameter_declaration') local = true;
      else if (inner?.type === 'parameter_declaration') local = false;
      if (inner && (inner.type === 'parameter_declaration' || inner.type === 'local_parameter_declaration')) {
        type = this.paramType(inner);
      }
      for (const assignment of this.descendants(decl, 'param_assignment', 3)) {
        unit.params.push(this.param(assignment, decl, local, type, true));
      }
      for (const assignment of this.descendants(decl, 'type_assignment', 5)) {
        const name = assignment.namedChildren[0];
        if (name) unit.params.push(this.typeParam(assignment, name, decl, local, true));
      }
    }
  }

  private paramType(decl: Node): string {
    const typeNode = decl.namedChildren.find((c) => c?.type === 'data_type_or_implicit' || c?.type === 'data_type');
    return typeNode ? this.display(typeNode) : '';
  }

  private param(assignment: Node, decl: Node, local: boolean, type: string, inHeader: boolean): Parameter {
    let name = assignment.namedChildren[0]!;
    // parameter `BSG_INV_PARAM(width_p): a macro the file's context does not define stays in
    // the tree where the name is; its sole argument, a name alone, is the parameter's name.
    if (name.type === 'text_macro_usage') name = soleNameArgument(name) ?? name;
    const valueNode = assignment.namedChildren.find((c) => c?.type === 'constant_param_expression');
    return {
      name: this.slice(name),
      nameSpan: this.spanOf(name),
      value: valueNode ? this.display(valueNode) : undefined,
      type,
      local,
      inHeader,
      span: this.spanOf(decl),
      comment: this.commentBefore(decl.startIndex) ?? this.commentAfter(assignment.endIndex),
    };
  }

  private typeParam(assignment: Node, name: Node, decl: Node, local: boolean, inHeader: boolean): Parameter {
    const valueNode = assignment.namedChildren[1];
    return {
      name: this.slice(name),
      nameSpan: this.spanOf(name),
      value: valueNode ? this.display(valueNode) : undefined,
      type: 'type',
      local,
      inHeader,
      span: this.spanOf(decl),
    };
  }

  private ansiPorts(list: Node, unit: DesignUnit): void {
    let direction: PortDirection = 'inout';
    let type = '';
    let range = '';
    for (const decl of list.namedChildren) {
      if (!decl || decl.type !== 'ansi_port_declaration') continue;
      const nameNode = decl.childForFieldName('port_name') ?? decl.namedChildren.find((c) => c?.type === 'simple_identifier');
      if (!nameNode) continue;
      const header = decl.namedChildren.find((c) => c !== null && c.type.endsWith('_port_header'));
      if (header) {
        if (header.type === 'interface_port_header') {
          direction = 'interface';
          type = this.display(header);
          range = '';
        } else {
          const dirNode = header.namedChildren.find((c) => c?.type === 'port_direction');
          const rest = this.typeAndRange(header, dirNode ?? undefined);
          if (dirNode) direction = this.slice(dirNode) as PortDirection;
          type = rest.type;
          range = rest.range;
        }
      } else {
        const dirNode = decl.namedChildren.find((c) => c?.type === 'port_direction');
        if (dirNode) {
          direction = this.slice(dirNode) as PortDirection;
          type = '';
          range = '';
        }
      }
      unit.ports.push({
        name: this.slice(nameNode),
        nameSpan: this.spanOf(nameNode),
        direction,
        type,
        range,
        span: this.spanOf(decl),
        comment: this.commentBefore(decl.startIndex) ?? this.commentAfter(decl.endIndex),
      });
    }
  }

  /** Type and packed range of a declaration's header, the direction word left out. */
  private typeAndRange(node: Node, skip?: Node): { type: string; range: string } {
    if (!skip) return splitTypeAndRange(this.sourceText(node.startIndex, node.endIndex));
    const before = this.sourceText(node.startIndex, skip.startIndex);
    const skipped = this.sourceText(skip.startIndex, skip.endIndex);
    return splitTypeAndRange(before + ' '.repeat(skipped.length) + this.sourceText(skip.endIndex, node.endIndex));
  }

  private nonAnsiPortList(list: Node, unit: DesignUnit): void {
    for (const port of list.namedChildren) {
      if (!port || port.type !== 'port') continue;
      const ident = this.descendants(port, 'simple_identifier', 4)[0];
      if (!ident) continue;
      unit.ports.push({
        name: this.slice(ident),
        nameSpan: this.spanOf(ident),
        direction: 'inout',
        type: '',
        range: '',
        span: this.spanOf(port),
      });
    }
  }

  private completeNonAnsiPorts(unit: DesignUnit): void {
    // Directions and types came in as signals of kind 'port-decl'; move them onto the ports.
    const declared = new Map<string, Port>();
    for (const p of this.nonAnsiDecls) declared.set(p.name, p);
    // module m (...); or an unreadable header list: the body's declarations are the ports.
    if (unit.ports.length === 0) unit.ports.push(...this.nonAnsiDecls.map((p) => ({ ...p })));
    for (const port of unit.ports) {
      const decl = declared.get(port.name);
      if (!decl) continue;
      port.direction = decl.direction;
      port.type = decl.type;
      port.range = decl.range;
      port.span = decl.span;
      port.comment = decl.comment;
    }
    this.nonAnsiDecls = [];
  }

  private nonAnsiDecls: Port[] = [];

  private portDeclaration(node: Node, unit: DesignUnit): void {
    const inner = node.type === 'port_declaration' ? node.namedChildren.find((c) => c !== null && c.type.endsWith('_declaration')) : node;
    if (!inner) return;
    const direction = inner.type.replace('_declaration', '') as PortDirection;
    const list = inner.namedChildren.find((c) => c !== null && c.type.startsWith('list_of_'));
    const typeNode = inner.namedChildren.find((c) => c !== null && (c.type === 'net_port_type' || c.type === 'variable_port_type' || c.type === 'data_type'));
    const { type, range } = typeNode ? this.typeAndRange(typeNode) : { type: '', range: '' };
    if (!list) return;
    for (const ident of list.namedChildren) {
      if (!ident || (ident.type !== 'simple_identifier' && ident.type !== 'escaped_identifier')) continue;
      const name = this.slice(ident);
      this.nonAnsiDecls.push({
        name,
        nameSpan: this.spanOf(ident),
        direction,
        type,
        range,
        span: this.spanOf(node),
        comment: this.commentBefore(node.startIndex) ?? this.commentAfter(node.endIndex),
      });
      if (!unit.ports.some((p) => p.name === name) && unit.kind !== 'module') {
        unit.ports.push({ name, nameSpan: this.spanOf(ident), direction, type, range, span: this.spanOf(node) });
      }
    }
  }

  private imports(node: Node, unit: DesignUnit): void {
    for (const item of node.namedChildren) {
      if (!item || item.type !== 'package_import_item') continue;
      const idents = item.namedChildren.filter((c) => c?.type === 'simple_identifier');
      if (idents.length === 0) continue;
      unit.imports.push({
        package: this.slice(idents[0]!),
        item: idents[1] ? this.slice(idents[1]) : '*',
        span: this.spanOf(item),
      });
    }
  }

  private items(container: Node, unit: DesignUnit, scope: string): void {
    for (const child of container.namedChildren) {
      if (child) this.item(child, unit, scope);
    }
  }

  private item(node: Node, unit: DesignUnit, scope: string): void {
    const type = node.type;
    if (ITEM_WRAPPERS.has(type)) {
      this.items(node, unit, scope);
      return;
    }
    if (INSTANCE_TYPES.has(type)) {
      this.instance(node, unit, scope);
      return;
    }
    switch (type) {
      case 'port_declaration':
      case 'input_declaration':
      case 'output_declaration':
      case 'inout_declaration':
        this.portDeclaration(node, unit);
        return;
      case 'parameter_declaration':
      case 'local_parameter_declaration': {
        const local = type === 'local_parameter_declaration';
        const ptype = this.paramType(node);
        for (const a of this.descendants(node, 'param_assignment', 2)) unit.params.push({ ...this.param(a, node, local, ptype, false), scope });
        for (const a of this.descendants(node, 'type_assignment', 4)) {
          const name = a.namedChildren[0];
          if (name) unit.params.push(this.typeParam(a, name, node, local, false));
        }
        return;
      }
      case 'net_declaration':
        this.netDeclaration(node, unit, scope);
        return;
      case 'data_declaration':
        this.dataDeclaration(node, unit, scope);
        return;
      case 'genvar_declaration':
        for (const ident of this.descendants(node, 'simple_identifier', 2)) {
          unit.signals.push(this.signal(ident, node, 'genvar', 'genvar', '', '', scope));
        }
        return;
      case 'package_import_declaration':
        this.imports(node, unit);
        return;
      case 'continuous_assign': {
        const flow = this.flow(node);
        const targets = flow ? flow.assignments.flatMap((a) => a.targets) : this.descendants(node, 'net_lvalue', 3).map((l) => this.display(l));
        this.block(unit, { kind: 'assign', detail: targets.join(', '), scope, span: this.spanOf(node), flow }, node);
        return;
      }
      case 'always_construct': {
        const keyword = node.namedChildren.find((c) => c?.type === 'always_keyword');
        const kind = (keyword ? this.slice(keyword) : 'always') as BlockKind;
        const label = this.blockLabel(node);
        const flow = this.flow(node);
        const event = this.facts?.events.get(node.startIndex);
        this.block(unit, { kind, detail: event ? this.display(event) : '', scope, span: this.spanOf(node), ...label, flow }, node);
        return;
      }
      case 'initial_construct':
      case 'final_construct': {
        const label = this.blockLabel(node);
        this.block(unit, { kind: type === 'initial_construct' ? 'initial' : 'final', detail: '', scope, span: this.spanOf(node), ...label, flow: this.flow(node) }, node);
        return;
      }
      case 'loop_generate_construct': {
        const block = node.namedChildren.find((c) => c?.type === 'generate_block');
        const labelNode = block?.childForFieldName('name') ?? undefined;
        const label = labelNode ? this.slice(labelNode) : undefined;
        const headerEnd = block ? block.startIndex : node.endIndex;
        this.block(unit, {
          kind: 'generate-for',
          label,
          labelSpan: labelNode ? this.spanOf(labelNode) : undefined,
          detail: squash(this.text.slice(node.startIndex, headerEnd)),
          loop: readLoopHeader(this.text, node.startIndex, headerEnd),
          scope,
          span: this.spanOf(node),
        }, node);
        if (block) this.items(block, unit, joinScope(scope, label ?? this.unnamedBlock()));
        return;
      }
      case 'conditional_generate_construct':
        this.items(node, unit, scope);
        return;
      case 'if_generate_construct':
      case 'case_generate_construct': {
        const record: Block = {
          kind: type === 'if_generate_construct' ? 'generate-if' : 'generate-case',
          detail: squash(this.text.slice(node.startIndex, Math.min(node.endIndex, this.lineEndOf(node.startIndex)))),
          scope,
          span: this.spanOf(node),
        };
        this.block(unit, record, node);
        // Branches exclude each other, so they may reuse a label: each gets a scope of its own.
        const direct: string[] = [];
        this.descendants(node, 'generate_block', 3).forEach((block, branch) => {
          const labelNode = block.childForFieldName('name');
          const label = labelNode ? this.slice(labelNode) : this.unnamedBlock();
          const branchScope = joinScope(scope, branch > 0 && labelNode ? `${label}~${branch}` : label);
          if (block.parent?.id === node.id) direct.push(branchScope);
          this.items(block, unit, branchScope);
        });
        const condition = type === 'if_generate_construct' ? node.namedChildren.find((c) => c?.type === 'constant_expression') : undefined;
        const parsed = condition ? parseExpression(this.slice(condition)) : undefined;
        if (parsed && direct.length > 0) record.generateIf = { condition: parsed, then: direct[0], ...(direct[1] !== undefined ? { else: direct[1] } : {}) };
        return;
      }
      case 'generate_block': {
        const labelNode = node.childForFieldName('name');
        const label = labelNode ? this.slice(labelNode) : undefined;
        this.block(unit, { kind: 'generate-block', label, labelSpan: labelNode ? this.spanOf(labelNode) : undefined, detail: '', scope, span: this.spanOf(node) }, node);
        this.items(node, unit, joinScope(scope, label ?? this.unnamedBlock()));
        return;
      }
      case 'function_declaration':
      case 'task_declaration':
        this.subprogram(node, unit);
        return;
      case 'modport_declaration':
        for (const item of node.namedChildren) {
          const ident = item?.namedChildren.find((c) => c?.type === 'simple_identifier');
          if (item && ident) unit.signals.push(this.signal(ident, item, 'modport', 'modport', '', '', scope));
        }
        return;
      case 'type_declaration':
        this.typeDeclaration(node, unit, scope);
        return;
    }
  }

  /** Unnamed generate blocks are genblk1, genblk2, ... in their unit, as the standard numbers them. */
  private unnamedBlock(): string {
    return `genblk${++this.unnamedBlocks}`;
  }

  private unnamedBlocks = 0;

  private lineEndOf(offset: number): number {
    const nl = this.text.indexOf('\n', offset);
    return nl < 0 ? this.text.length : nl;
  }

  private block(unit: DesignUnit, block: Block, node: Node): void {
    block.comment = this.commentBefore(node.startIndex);
    unit.blocks.push(block);
  }

  /** The label of the begin-end block an always or initial runs, found along the statement chain only. */
  private blockLabel(node: Node): { label?: string; labelSpan?: Span } {
    let current: Node | null = node;
    let seq: Node | undefined;
    for (let depth = 0; current && depth < 12; depth++) {
      if (current.type === 'seq_block' || current.type === 'par_block') {
        seq = current;
        break;
      }
      current = current.namedChildren.find((c) => c !== null && STATEMENT_CHAIN.has(c.type)) ?? null;
    }
    const ident = seq?.namedChildren[0];
    if (ident && ident.type === 'simple_identifier') return { label: this.slice(ident), labelSpan: this.spanOf(ident) };
    return {};
  }

  private netDeclaration(node: Node, unit: DesignUnit, scope: string): void {
    const list = node.namedChildren.find((c) => c?.type === 'list_of_net_decl_assignments');
    const typeEnd = list ? list.startIndex : node.endIndex;
    const typeNodes = node.namedChildren.filter((c) => c !== null && c.endIndex <= typeEnd) as Node[];
    const { type, range } = this.typeAndRangeOf(typeNodes);
    for (const assignment of list?.namedChildren ?? []) {
      if (!assignment) continue;
      const ident = assignment.namedChildren[0];
      if (!ident) continue;
      const array = assignment.namedChildren.filter((c) => c?.type === 'unpacked_dimension').map((d) => this.slice(d!)).join('');
      unit.signals.push(this.signal(ident, node, 'net', type || 'wire', range, array, scope));
      // wire w = expr; is a continuous assignment.
      const init = assignment.namedChildren.find((c) => c?.type === 'expression');
      if (init) {
        const name = this.slice(ident);
        unit.blocks.push({
          kind: 'assign',
          detail: name,
          scope,
          span: this.spanOf(assignment),
          flow: {
            assignments: [{ kind: 'continuous', targets: [name], sources: expressionNames(init, this.text), conditions: [], selected: [], lhs: { kind: 'name', name, span: this.spanOf(ident) }, rhs: init.endIndex - init.startIndex < 1500 ? parseExpression(this.slice(init), init.startIndex) : undefined, span: this.spanOf(assignment) }],
            edges: [],
            sensitivity: [],
            reads: expressionNames(init, this.text),
            partial: assignment.hasError,
          },
        });
      }
    }
  }

  private typeAndRangeOf(nodes: Node[]): { type: string; range: string } {
    const types: string[] = [];
    const ranges: string[] = [];
    for (const n of nodes) {
      const r = this.typeAndRange(n);
      if (r.type) types.push(r.type);
      if (r.range) ranges.push(r.range);
    }
    return { type: types.join(' '), range: ranges.join('') };
  }

  private dataDeclaration(node: Node, unit: DesignUnit, scope: string): void {
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'type_declaration') {
        this.typeDeclaration(child, unit, scope);
        return;
      }
      if (child.type === 'package_import_declaration') {
        this.imports(child, unit);
        return;
      }
    }
    const list = node.namedChildren.find((c) => c?.type === 'list_of_variable_decl_assignments');
    if (!list) return;
    const typeNodes = node.namedChildren.filter((c) => c !== null && c.endIndex <= list.startIndex) as Node[];
    const { type, range } = this.typeAndRangeOf(typeNodes);
    for (const enumName of this.enumNames(node)) {
      const ident = enumName.namedChildren[0];
      if (ident) unit.signals.push(this.signal(ident, enumName, 'enum-member', 'enum', '', '', scope));
    }
    for (const assignment of list.namedChildren) {
      if (!assignment) continue;
      const ident = assignment.childForFieldName('name') ?? assignment.namedChildren[0];
      if (!ident) continue;
      const array = assignment.namedChildren.filter((c) => c?.type === 'unpacked_dimension').map((d) => this.slice(d!)).join('');
      const kind = type === 'event' ? 'event' : 'variable';
      unit.signals.push(this.signal(ident, node, kind, type || 'var', range, array, scope));
    }
  }

  private typeDeclaration(node: Node, unit: DesignUnit, scope: string): void {
    const nameNode = node.childForFieldName('type_name') ?? node.namedChildren.filter((c) => c?.type === 'simple_identifier').pop();
    for (const enumName of this.enumNames(node)) {
      const ident = enumName.namedChildren[0];
      if (ident) unit.signals.push(this.signal(ident, enumName, 'enum-member', 'enum', '', '', scope));
    }
    if (nameNode) {
      const dataType = node.namedChildren.find((c) => c?.type === 'data_type');
      unit.signals.push(this.signal(nameNode, node, 'typedef', dataType ? this.display(dataType).slice(0, 80) : 'type', '', '', scope));
    }
  }

  private signal(ident: Node, decl: Node, kind: Signal['kind'], type: string, range: string, array: string, scope: string): Signal {
    return {
      name: this.slice(ident),
      nameSpan: this.spanOf(ident),
      kind,
      type,
      range,
      array,
      scope,
      span: this.spanOf(decl),
      comment: this.commentBefore(decl.startIndex) ?? this.commentAfter(decl.endIndex),
    };
  }

  private instance(node: Node, unit: DesignUnit, scope: string): void {
    const typeNode = node.childForFieldName('instance_type') ?? node.namedChildren.find((c) => c?.type === 'simple_identifier');
    if (!typeNode) return;
    const params: Connection[] = [];
    const paramNode = node.namedChildren.find((c) => c?.type === 'parameter_value_assignment');
    if (paramNode) {
      const list = paramNode.namedChildren.find((c) => c?.type === 'list_of_parameter_value_assignments');
      for (const p of list?.namedChildren ?? []) {
        if (!p) continue;
        if (p.type === 'named_parameter_assignment') {
          const name = p.namedChildren.find((c) => c?.type === 'simple_identifier');
          const value = p.namedChildren.find((c) => c?.type === 'param_expression');
          params.push({
            name: name ? this.slice(name) : undefined,
            nameSpan: name ? this.spanOf(name) : undefined,
            value: value ? this.display(value) : undefined,
            valueSpan: value ? this.spanOf(value) : undefined,
            span: this.spanOf(p),
          });
        } else if (p.type === 'ordered_parameter_assignment') {
          params.push({ value: this.display(p), valueSpan: this.spanOf(p), span: this.spanOf(p) });
        }
      }
    }
    const comment = this.commentBefore(node.startIndex);
    const instances = node.namedChildren.filter((c) => c?.type === 'hierarchical_instance' || c?.type === 'udp_instance' || c?.type === 'name_of_instance') as Node[];
    for (const hi of instances) {
      const nameOf = hi.type === 'name_of_instance' ? hi : hi.namedChildren.find((c) => c?.type === 'name_of_instance');
      const nameNode = nameOf?.childForFieldName('instance_name') ?? nameOf?.namedChildren.find((c) => c?.type === 'simple_identifier');
      const array = nameOf ? nameOf.namedChildren.filter((c) => c?.type === 'unpacked_dimension').map((d) => this.slice(d!)).join('') : '';
      const list = hi.namedChildren.find((c) => c !== null && (c.type === 'list_of_port_connections' || c.type === 'list_of_checker_port_connections'));
      const connections: Connection[] = [];
      let wildcard = false;
      for (const conn of list?.namedChildren ?? []) {
        if (!conn) continue;
        if (conn.type === 'named_port_connection' || conn.type === 'named_checker_port_connection') {
          const name = conn.childForFieldName('port_name');
          if (!name) {
            if (this.slice(conn).replace(/\s/g, '') === '.*') wildcard = true;
            continue;
          }
          const value = conn.childForFieldName('connection');
          const hasParens = this.text.indexOf('(', name.endIndex) >= 0 && this.text.indexOf('(', name.endIndex) < conn.endIndex;
          connections.push({
            name: this.slice(name),
            nameSpan: this.spanOf(name),
            value: value ? this.display(value) : undefined,
            valueSpan: value ? this.spanOf(value) : undefined,
            implicit: !hasParens,
            names: value ? expressionNames(value, this.text) : hasParens ? [] : [this.slice(name)],
            span: this.spanOf(conn),
          });
        } else if (conn.type === 'ordered_port_connection' || conn.type === 'ordered_checker_port_connection' || conn.type === 'expression') {
          connections.push({ value: this.display(conn), valueSpan: this.spanOf(conn), names: expressionNames(conn, this.text), span: this.spanOf(conn) });
        }
      }
      // The parentheses around the connections: the first '(' after the instance name.
      let connectionListSpan: Span | undefined;
      const open = this.text.indexOf('(', (nameOf ?? hi).endIndex);
      if (open >= 0 && open < hi.endIndex) connectionListSpan = { start: open, end: hi.endIndex };
      unit.instances.push({
        module: this.slice(typeNode),
        moduleSpan: this.spanOf(typeNode),
        name: nameNode ? this.slice(nameNode) : '',
        nameSpan: nameNode ? this.spanOf(nameNode) : this.spanOf(hi),
        array,
        params,
        connections,
        wildcard,
        connectionListSpan,
        scope,
        span: this.spanOf(node),
        comment,
      });
    }
  }

  private subprogram(node: Node, unit: DesignUnit): void {
    const body = node.namedChildren.find((c) => c !== null && c.type.endsWith('_body_declaration'));
    if (!body) return;
    const nameNode = body.childForFieldName('name');
    if (!nameNode) return;
    const kind = node.type === 'function_declaration' ? 'function' : 'task';
    const returnNode = body.namedChildren.find((c) => c?.type === 'data_type_or_void' || c?.type === 'implicit_data_type' || c?.type === 'data_type');
    const args = [];
    const portList = body.namedChildren.find((c) => c?.type === 'tf_port_list');
    let direction = 'input';
    for (const item of portList?.namedChildren ?? []) {
      if (!item || item.type !== 'tf_port_item') continue;
      const name = item.childForFieldName('name');
      const dir = item.namedChildren.find((c) => c?.type === 'tf_port_direction');
      if (dir) direction = this.slice(dir);
      const t = item.namedChildren.find((c) => c?.type === 'data_type_or_implicit');
      if (name) args.push({ name: this.slice(name), direction, type: t ? this.display(t) : '' });
    }
    for (const decl of body.namedChildren) {
      if (!decl || decl.type !== 'tf_item_declaration') continue;
      const inner = this.descendants(decl, 'tf_port_declaration', 2)[0];
      if (!inner) continue;
      const dir = inner.namedChildren.find((c) => c?.type === 'tf_port_direction');
      const t = inner.namedChildren.find((c) => c?.type === 'data_type_or_implicit');
      for (const ident of this.descendants(inner, 'simple_identifier', 3)) {
        args.push({ name: this.slice(ident), direction: dir ? this.slice(dir) : 'input', type: t ? this.display(t) : '' });
      }
    }
    unit.subprograms.push({
      kind,
      name: this.slice(nameNode),
      nameSpan: this.spanOf(nameNode),
      returnType: returnNode ? this.display(returnNode) : kind === 'function' ? 'logic' : '',
      args,
      span: this.spanOf(node),
      comment: this.commentBefore(node.startIndex),
    });
  }

  /** The enum members a declaration holds; most declarations hold none, and their text says so. */
  private enumNames(node: Node): Node[] {
    const at = this.text.indexOf('enum', node.startIndex);
    return at >= 0 && at < node.endIndex ? this.descendants(node, 'enum_name_declaration', 4) : [];
  }

  /** Descendants of a type, breadth-first, not below a depth; expressions are not entered. */
  descendants(node: Node, type: string, maxDepth: number): Node[] {
    const out: Node[] = [];
    let level: Node[] = [node];
    for (let depth = 0; depth < maxDepth && level.length > 0; depth++) {
      const next: Node[] = [];
      for (const n of level) {
        for (const c of n.namedChildren) {
          if (!c) continue;
          if (c.type === type) out.push(c);
          else if (c.type !== 'expression' && c.type !== 'constant_expression') next.push(c);
        }
      }
      level = next;
    }
    return out;
  }

  /** The comment block just above an offset (only white space between, one line apart at most). */
  commentBefore(offset: number): string | undefined {
    const comments = this.comments;
    let low = 0;
    let high = comments.length - 1;
    let index = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (comments[mid].end <= offset) {
        index = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    if (index < 0) return undefined;
    const parts: string[] = [];
    let at = offset;
    for (let i = index; i >= 0; i--) {
      const c = comments[i];
      const gap = this.text.slice(c.end, at);
      if (!/^[ \t]*(?:(?:\r\n?|\n)[ \t]*)?$/.test(gap)) break;
      // A trailing comment of the line above belongs to that line's item.
      const lineStart = this.text.lastIndexOf('\n', c.start - 1) + 1;
      if (this.text.slice(lineStart, c.start).trim() !== '') break;
      parts.unshift(commentText(this.text.slice(c.start, c.end)));
      at = c.start;
    }
    const text = parts.join('\n').trim();
    return text || undefined;
  }

  /** A comment on the same line after an item (after its comma or semicolon). */
  commentAfter(offset: number): string | undefined {
    const eol = this.lineEndOf(offset);
    const rest = this.text.slice(offset, eol);
    const m = /^[\s,;)]*\/\/(.*)$/.exec(rest);
    return m ? m[1].trim() || undefined : undefined;
  }
}

/**
 * A declaration's type text split into the type and its packed dimensions: the bracket groups
 * at top level ([W-1:0][3:0]) are the range, the rest is the type. Read from the node's own
 * text: walking the header's subtree for packed_dimension nodes cost a tenth of indexing.
 */
export function splitTypeAndRange(text: string): { type: string; range: string } {
  let type = '';
  let range = '';
  let depth = 0;
  let braces = 0;
  let groupStart = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    // Brackets inside a struct or enum body belong to its members, not to the declaration.
    if (depth === 0 && (c === '{' || c === '}')) {
      braces += c === '{' ? 1 : -1;
      type += c;
      continue;
    }
    if (c === '[' && braces === 0) {
      if (depth === 0) groupStart = i;
      depth++;
    } else if (c === ']' && depth > 0 && braces === 0) {
      depth--;
      if (depth === 0) {
        range += squash(text.slice(groupStart, i + 1));
        type += ' ';
      }
    } else if (depth === 0 || braces > 0) type += c;
  }
  if (depth > 0) type += text.slice(groupStart);
  return { type: squash(type), range };
}

function joinScope(scope: string, label: string): string {
  return scope ? `${scope}.${label}` : label;
}

export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function commentText(raw: string): string {
  if (raw.startsWith('//')) return raw.replace(/^\/{2,}\s?/, '').trimEnd();
  return raw
    .replace(/^\/\*+/, '')
    .replace(/(?<!\*)\*+\/$/, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\*?\s?/, '').trimEnd())
    .join('\n')
    .trim();
}

/** The identifier a macro usage's only argument consists of, if it is a name alone. */
function soleNameArgument(usage: Node): Node | undefined {
  const list = usage.namedChildren.find((c) => c?.type === 'list_of_actual_arguments');
  if (!list || list.namedChildCount !== 1) return undefined;
  let node: Node | null = list.namedChildren[0];
  for (let depth = 0; node && depth < 8; depth++) {
    if (node.type === 'simple_identifier' || node.type === 'escaped_identifier') return node;
    if (node.namedChildCount !== 1) return undefined;
    node = node.namedChildren[0];
  }
  return undefined;
}
