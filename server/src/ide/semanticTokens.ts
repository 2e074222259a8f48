import type { SemanticTokens } from 'vscode-languageserver-types';
import type { Span } from '../base';
import type { DesignUnit } from '../syntax';
import type { Snapshot } from '../workspace';

/**
 * Semantic tokens from resolved identifiers, so a port, a parameter, a signal, a module and a
 * macro look different even where TextMate cannot tell them apart.
 */
export const TOKEN_TYPES = ['namespace', 'type', 'class', 'enumMember', 'parameter', 'variable', 'property', 'function', 'macro', 'interface', 'event'];
export const TOKEN_MODIFIERS = ['declaration', 'readonly', 'defaultLibrary'];

const T = Object.fromEntries(TOKEN_TYPES.map((t, i) => [t, i])) as Record<string, number>;

export function semanticTokens(snapshot: Snapshot, path: string): SemanticTokens {
  const summary = snapshot.summary(path);
  const lineIndex = snapshot.lineIndex(path);
  if (!summary || !lineIndex || !summary.parsed) return { data: [] };
  const tokens: { span: Span; type: number; modifiers: number }[] = [];
  for (const use of summary.macroUses) tokens.push({ span: { start: use.span.start, end: use.nameSpan.end }, type: T.macro, modifiers: 0 });
  for (const unit of summary.units) {
    if (unit.kind === 'unit') continue;
    const kinds = namesOf(unit);
    for (const o of snapshot.occurrences(path, unit.span)) {
      let type: number | undefined;
      let modifiers = o.role === 'declaration' ? 1 : 0;
      switch (o.role) {
        case 'instance-type': type = T.class; break;
        case 'package': type = T.namespace; break;
        case 'port-connection': type = T.parameter; break;
        case 'parameter-override': type = T.property; modifiers |= 2; break;
        case 'macro': break;
        case 'member': type = T.property; break;
        default: {
          const kind = kinds.get(o.name);
          if (kind === 'port') type = T.parameter;
          else if (kind === 'parameter') { type = T.variable; modifiers |= 2; }
          else if (kind === 'enum') { type = T.enumMember; modifiers |= 2; }
          else if (kind === 'type') type = T.type;
          else if (kind === 'subprogram') type = T.function;
          else if (kind === 'instance' || kind === 'signal') type = T.variable;
          else if (kind === 'label') type = T.event;
          else if (o.name === unit.name) type = T.class;
        }
      }
      if (type !== undefined) tokens.push({ span: o.span, type, modifiers });
    }
  }
  tokens.sort((a, b) => a.span.start - b.span.start);
  const data: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  for (const t of tokens) {
    const start = lineIndex.position(t.span.start);
    const end = lineIndex.position(t.span.end);
    if (end.line !== start.line) continue;
    const deltaLine = start.line - prevLine;
    const deltaChar = deltaLine === 0 ? start.character - prevChar : start.character;
    if (deltaLine === 0 && deltaChar < 0) continue;
    data.push(deltaLine, deltaChar, end.character - start.character, t.type, t.modifiers);
    prevLine = start.line;
    prevChar = start.character;
  }
  return { data };
}

function namesOf(unit: DesignUnit): Map<string, string> {
  const map = new Map<string, string>();
  for (const s of unit.signals) map.set(s.name, s.kind === 'enum-member' ? 'enum' : s.kind === 'typedef' ? 'type' : 'signal');
  for (const i of unit.instances) map.set(i.name, 'instance');
  for (const f of unit.subprograms) map.set(f.name, 'subprogram');
  for (const b of unit.blocks) if (b.label) map.set(b.label, 'label');
  for (const p of unit.params) map.set(p.name, 'parameter');
  for (const p of unit.ports) map.set(p.name, 'port');
  return map;
}
