import type { Hover } from 'vscode-languageserver-types';
import { basename, rangeWidth } from '../base';
import { expandMacro, type DesignUnit } from '../syntax';
import { expandMacros, resolveParameters } from '../graph';
import type { Snapshot } from '../workspace';
import { type Declaration, targetAt } from './resolve';

/** Hover: the declaration with direction, type, width and value; a module's signature; a macro's expansion. */
export function hover(snapshot: Snapshot, path: string, offset: number): Hover | undefined {
  const target = targetAt(snapshot, path, offset);
  if (!target) return undefined;
  const lineIndex = snapshot.lineIndex(path);
  if (!lineIndex) return undefined;
  let markdown: string | undefined;
  let range = lineIndex.range(target.kind === 'occurrence' ? target.occurrence.span : target.span);
  if (target.kind === 'include') {
    const resolved = target.include.resolved ?? snapshot.resolveInclude(target.include.target, path);
    markdown = resolved ? `\`include **${target.include.target}**\n\nResolves to \`${resolved}\`` : `\`include **${target.include.target}**: not found`;
  } else if (target.kind === 'macro') {
    const def = target.definitions[0]?.item as import('../syntax').MacroDef | undefined;
    if (!def) {
      markdown = `\`${target.name}: undefined macro`;
    } else {
      const signature = `\`define ${def.name}${def.params ? `(${def.params.map((p) => p.name + (p.defaultValue !== undefined ? `=${p.defaultValue}` : '')).join(', ')})` : ''} ${def.body}`;
      markdown = codeBlock(signature);
      if (target.use) {
        const macros = new Map<string, import('../syntax').MacroDef>();
        for (const d of snapshot.macroDefinitions(def.name)) macros.set(d.def.name, d.def);
        for (const m of collectMacros(snapshot, def.body)) macros.set(m.name, m);
        macros.set(def.name, def);
        const expansion = expandMacro(target.use, macros);
        if (expansion !== undefined && expansion !== def.body) markdown += `\nExpands to:\n${codeBlock(expansion)}`;
      }
      markdown += `\n${def.path ? `Defined in \`${basename(def.path)}\`` : 'Predefined in settings'}`;
    }
  } else {
    range = lineIndex.range(target.occurrence.span);
    if (!target.declaration) return undefined;
    markdown = describe(snapshot, target.declaration);
  }
  return markdown ? { contents: { kind: 'markdown', value: markdown }, range } : undefined;
}

function collectMacros(snapshot: Snapshot, body: string): import('../syntax').MacroDef[] {
  const out = [];
  for (const m of body.matchAll(/`([A-Za-z_][A-Za-z0-9_$]*)/g)) {
    const def = snapshot.macroDefinitions(m[1])[0]?.def;
    if (def) out.push(def);
  }
  return out;
}

function codeBlock(text: string): string {
  return '```systemverilog\n' + text + '\n```\n';
}

export function describe(snapshot: Snapshot, declaration: Declaration): string {
  const where = declaration.kind === 'macro' || !declaration.path ? '' : `\n\n*${declaration.kind === 'unit' ? '' : `in ${declaration.unit.kind} \`${declaration.unit.name}\`, `}${basename(declaration.path)}*`;
  switch (declaration.kind) {
    case 'port': {
      const p = declaration.item;
      return codeBlock([p.direction, p.type, p.range, p.name].filter(Boolean).join(' ')) + widthNote(declaration.unit, expandMacros(snapshot, p.range)) + comment(p.comment) + where;
    }
    case 'parameter': {
      const p = declaration.item;
      return codeBlock(`${p.local ? 'localparam' : 'parameter'} ${p.type ? p.type + ' ' : ''}${p.name}${p.value !== undefined ? ` = ${p.value}` : ''}`) + comment(p.comment) + where;
    }
    case 'signal': {
      const s = declaration.item;
      const head = s.kind === 'typedef' ? `typedef ${s.type} ${s.name}` : s.kind === 'enum-member' ? `${s.name} (enum value)` : s.kind === 'genvar' ? `genvar ${s.name}` : [s.type, s.range, s.name + s.array].filter(Boolean).join(' ');
      return codeBlock(head) + widthNote(declaration.unit, expandMacros(snapshot, s.range)) + (s.scope ? `\nIn scope \`${s.scope}\`\n` : '') + comment(s.comment) + where;
    }
    case 'instance': {
      const i = declaration.item;
      const target = snapshot.unit(i.module, declaration.path);
      const params = i.params.map((p) => (p.name ? `.${p.name}(${p.value ?? ''})` : p.value)).join(', ');
      return codeBlock(`${i.module}${params ? ` #(${params})` : ''} ${i.name}${i.array}`) + (target ? `\n${signature(target.unit)}` : '') + comment(i.comment) + where;
    }
    case 'subprogram': {
      const f = declaration.item;
      return codeBlock(`${f.kind} ${f.returnType && f.kind === 'function' ? f.returnType + ' ' : ''}${f.name}(${f.args.map((a) => [a.direction, a.type, a.name].filter(Boolean).join(' ')).join(', ')})`) + comment(f.comment) + where;
    }
    case 'label':
      return codeBlock(`${declaration.item.kind} : ${declaration.name}`) + where;
    case 'unit':
      return signature(declaration.item) + comment(declaration.item.comment) + where;
    case 'macro':
      return codeBlock(`\`define ${declaration.name} ${declaration.item.body}`);
    case 'implicit-net':
      return codeBlock(`wire ${declaration.name}`) + '\nImplicit net: not declared; the first continuous assignment target or port connection naming it declares a 1-bit wire (IEEE 1800-2017 6.10).\n' + where;
    case 'local': {
      // The declaring line as written: a loop header, an argument list, a local declaration.
      const text = snapshot.text(declaration.path) ?? '';
      const lineStart = text.lastIndexOf('\n', declaration.nameSpan.start - 1) + 1;
      const lineEnd = text.indexOf('\n', declaration.nameSpan.start);
      return codeBlock(text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd).trim().slice(0, 160)) + where;
    }
  }
}

/** A module's signature: parameters with defaults, ports with direction, type and width. */
export function signature(unit: DesignUnit): string {
  const params = unit.params.filter((p) => !p.local && (p.inHeader || unit.params.every((q) => !q.inHeader)));
  const lines = [`${unit.kind} ${unit.name}`];
  if (params.length > 0) {
    lines[0] += ' #(';
    params.forEach((p, i) => lines.push(`  parameter ${p.type ? p.type + ' ' : ''}${p.name}${p.value !== undefined ? ` = ${p.value}` : ''}${i < params.length - 1 ? ',' : ''}`));
    lines.push(')');
  }
  if (unit.ports.length > 0) {
    lines[lines.length - 1] += ' (';
    unit.ports.forEach((p, i) => lines.push(`  ${[p.direction, p.type, p.range, p.name].filter(Boolean).join(' ')}${i < unit.ports.length - 1 ? ',' : ''}`));
    lines.push(');');
  } else lines[lines.length - 1] += ';';
  return codeBlock(lines.join('\n'));
}

function comment(text: string | undefined): string {
  return text ? `\n${text}\n` : '';
}

/** Width of a constant range such as [7:0] or [W-1:0] with W known. */
function widthNote(unit: DesignUnit, range: string): string {
  const width = rangeWidth(range, resolveParameters(unit));
  return width !== undefined && width > 1 ? `\nWidth: ${width} bits\n` : '';
}

