/**
 * Living beside other Verilog extensions (free of the VS Code API, so tests read it): which
 * installed extensions also serve Verilog or SystemVerilog, and which of RTLens's editor
 * features the user keeps (`rtlens.features.*`, each on by default).
 */

/** The features a user can switch off one by one, with their setting key and what they are. */
export const FEATURES = [
  { key: 'diagnostics', label: 'Diagnostics', detail: 'errors and warnings in the Problems view' },
  { key: 'completion', label: 'Completion', detail: 'names, instances, ports, macros as you type' },
  { key: 'hover', label: 'Hover', detail: 'declarations, macro expansions and PPA on hover' },
  { key: 'signatureHelp', label: 'Signature help', detail: 'ports and parameters inside instantiations' },
  { key: 'semanticHighlighting', label: 'Semantic highlighting', detail: 'colours from the server on top of the grammar' },
  { key: 'navigation', label: 'Navigation', detail: 'definition, references, highlights, outline, workspace symbols' },
  { key: 'inlayHints', label: 'Inlay hints', detail: 'widths and connections shown inline' },
] as const;

export type FeatureKey = (typeof FEATURES)[number]['key'];

/** The languages RTLens serves, by id; another extension providing one of them is a neighbour. */
const HDL_LANGUAGES = new Set(['verilog', 'systemverilog']);

export interface ExtensionInfo {
  id: string;
  packageJSON?: {
    displayName?: string;
    name?: string;
    activationEvents?: unknown;
    contributes?: { languages?: unknown; grammars?: unknown };
  };
}

/**
 * The other installed extensions that serve Verilog or SystemVerilog: they contribute one of its
 * languages or activate on it. Grammars alone (colours only) do not count: they cannot duplicate
 * diagnostics or completion. Sorted by id.
 */
export function otherHdlExtensions(extensions: readonly ExtensionInfo[], ownId: string): { id: string; name: string }[] {
  const out: { id: string; name: string }[] = [];
  for (const e of extensions) {
    if (e.id.toLowerCase() === ownId.toLowerCase() || e.id.startsWith('vscode.')) continue;
    const pkg = e.packageJSON ?? {};
    const languages = Array.isArray(pkg.contributes?.languages) ? (pkg.contributes.languages as { id?: unknown }[]) : [];
    const events = Array.isArray(pkg.activationEvents) ? (pkg.activationEvents as unknown[]) : [];
    const serves = languages.some((l) => typeof l?.id === 'string' && HDL_LANGUAGES.has(l.id)) || events.some((a) => typeof a === 'string' && [...HDL_LANGUAGES].some((id) => a === `onLanguage:${id}`));
    if (serves) out.push({ id: e.id, name: pkg.displayName || pkg.name || e.id });
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

/** The sentence the user sees once for a set of neighbours. */
export function neighbourMessage(neighbours: readonly { name: string }[]): string {
  const names = neighbours.map((n) => n.name);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `RTLens: ${list} also ${names.length === 1 ? 'provides' : 'provide'} Verilog/SystemVerilog support, so you may see diagnostics or completions twice. Choose which features RTLens provides.`;
}
