import type { PpaReportResult, PpaRowView } from '../../protocol';

/**
 * The PPA report's page: a bar chart of the largest modules and a table of every module that
 * sorts by any column (click its header; again to reverse) and filters by name or note and by
 * kind (estimates, synthesized, failed), for workspaces of hundreds of modules. Free of the
 * VS Code API so that tests read it; the page runs `viewOrder` itself, from its source text.
 */

/** What the table shows: its order and its filters. The page keeps it across refreshes (webview state). */
export interface ReportView {
  /** A column key of SORTABLE. */
  sort: string;
  descending: boolean;
  /** Words that must all occur in the module name or the note (case-insensitive). */
  filter: string;
  kind: 'all' | 'estimate' | 'synthesized' | 'failed';
}

/** One row's values as the page sorts and filters them (module and note as text, figures as numbers). */
export type ViewValues = Record<string, string | number | undefined>;

export const DEFAULT_VIEW: ReportView = { sort: 'size', descending: true, filter: '', kind: 'all' };

/**
 * The indices of the rows to show, in order. Rows without a value in the sorted column go last
 * whichever the direction; ties keep the report's order. Self-contained: the page runs its text.
 */
export function viewOrder(rows: ViewValues[], view: ReportView): number[] {
  const words = view.filter.toLowerCase().split(/\s+/).filter((w) => w.length > 0);
  const shown: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (view.kind === 'failed' ? !r.error : view.kind !== 'all' && r.kind !== view.kind) continue;
    const text = `${r.module ?? ''} ${r.error ?? ''}`.toLowerCase();
    if (words.some((w) => !text.includes(w))) continue;
    shown.push(i);
  }
  const sign = view.descending ? -1 : 1;
  return shown.sort((a, b) => {
    const x = rows[a][view.sort];
    const y = rows[b][view.sort];
    if (x === undefined || y === undefined) return x === y ? a - b : x === undefined ? 1 : -1;
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return order === 0 ? a - b : sign * order;
  });
}

/** The table's columns: key, header, and the value a row sorts by. */
const TABLE: { key: string; header: string; value: (r: PpaRowView) => string | number | undefined }[] = [
  { key: 'module', header: 'module', value: (r) => r.module },
  { key: 'kind', header: 'kind', value: (r) => r.kind },
  { key: 'cells', header: 'cells/LUTs', value: (r) => r.luts ?? r.cells },
  { key: 'areaUm2', header: 'area µm²', value: (r) => r.areaUm2 },
  { key: 'ffs', header: 'FFs', value: (r) => r.ffs },
  { key: 'logicLevels', header: 'levels', value: (r) => r.logicLevels },
  { key: 'delayNs', header: 'delay ns', value: (r) => r.delayNs },
  { key: 'latencyCycles', header: 'latency', value: (r) => r.latencyCycles },
  { key: 'fmaxMhz', header: 'fmax MHz', value: (r) => r.fmaxMhz },
  { key: 'error', header: 'note', value: (r) => r.error },
];

/** What the page sorts and filters a row by. */
export function viewValues(r: PpaRowView): ViewValues {
  const values: ViewValues = { size: r.areaUm2 ?? r.luts ?? r.cells ?? 0, kind: r.kind, error: r.error };
  for (const column of TABLE) values[column.key] = column.value(r);
  return values;
}

const COLUMNS: (keyof PpaRowView)[] = ['module', 'kind', 'cells', 'luts', 'areaUm2', 'ffs', 'logicLevels', 'delayNs', 'latencyCycles', 'fmaxMhz', 'errorPct', 'delayErrorPct', 'error'];

export function toCsv(rows: PpaRowView[]): string {
  const cell = (v: unknown) => (v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON inside a <script> element: nothing in it can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export function reportHtml(result: PpaReportResult, title: string, csp: string): string {
  const rows = [...result.rows].sort((a, b) => (b.areaUm2 ?? b.luts ?? b.cells ?? 0) - (a.areaUm2 ?? a.luts ?? a.cells ?? 0));
  const size = (r: PpaRowView) => r.areaUm2 ?? r.luts ?? r.cells ?? 0;
  const maxSize = Math.max(1, ...rows.map(size));
  const maxDelay = Math.max(1e-9, ...rows.map((r) => r.delayNs ?? r.logicLevels ?? 0));
  const sizeName = rows.some((r) => r.areaUm2 !== undefined) ? 'area (µm²)' : rows.some((r) => r.luts !== undefined) ? 'LUTs' : 'cells';
  const delayName = rows.some((r) => r.delayNs !== undefined) ? 'delay (ns)' : 'logic levels';
  const chartRows = rows.slice(0, 30);
  const barHeight = 18;
  // Scaled to the panel's width (a panel beside the editor is narrow): the whole chart shows, never half of it.
  const chartHeight = chartRows.length * barHeight + 24;
  const chart = `<svg viewBox="0 0 640 ${chartHeight}" width="100%" style="max-width: 960px" preserveAspectRatio="xMinYMin meet" role="img" aria-label="area and delay per module">
  <text x="160" y="12" class="legend">${sizeName}</text><text x="420" y="12" class="legend">${delayName}</text>
  ${chartRows
    .map((r, i) => {
      const y = 20 + i * barHeight;
      const w1 = (size(r) / maxSize) * 240;
      const w2 = ((r.delayNs ?? r.logicLevels ?? 0) / maxDelay) * 200;
      return `<text x="150" y="${y + 12}" text-anchor="end">${escape(r.module)}</text><rect x="160" y="${y}" width="${w1.toFixed(1)}" height="${barHeight - 4}" class="area ${r.kind}"/><rect x="420" y="${y}" width="${w2.toFixed(1)}" height="${barHeight - 4}" class="delay ${r.kind}"/>`;
    })
    .join('\n  ')}
</svg>`;
  const fmt = (v: number | undefined, digits = 1) => (v === undefined ? '' : Number.isInteger(v) ? String(v) : v.toFixed(digits));
  const table = rows
    .map(
      (r, i) => `<tr data-row="${i}"><td><a href="#" data-uri="${escape(r.uri)}" data-line="${r.line}">${escape(r.module)}</a></td><td>${r.kind === 'synthesized' ? 'synthesized' : `estimate ±${r.errorPct ?? '?'}%`}</td><td>${fmt(r.luts ?? r.cells, 0)}</td><td>${fmt(r.areaUm2)}</td><td>${fmt(r.ffs, 0)}</td><td>${fmt(r.logicLevels, 0)}</td><td>${fmt(r.delayNs, 3)}</td><td>${fmt(r.latencyCycles, 0)}</td><td>${fmt(r.fmaxMhz, 0)}</td><td class="error">${escape(r.error ?? '')}</td></tr>`,
    )
    .join('\n');
  const headers = TABLE.map((c) => `<th data-sort="${c.key}" tabindex="0" title="sort by ${escape(c.header)}">${escape(c.header)}</th>`).join('');
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${csp} 'unsafe-inline'; script-src 'unsafe-inline';">
<style>
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); }
table { border-collapse: collapse; margin-top: 1em; } td, th { padding: 2px 8px; text-align: right; border-bottom: 1px solid var(--vscode-panel-border); }
th { cursor: pointer; user-select: none; } th.sorted.up::after { content: ' ▲'; } th.sorted.down::after { content: ' ▼'; }
td:first-child, th:first-child, td:nth-child(2), th:nth-child(2), td.error { text-align: left; }
svg text { fill: var(--vscode-foreground); font-size: 11px; } .legend { font-weight: bold; }
rect.area { fill: var(--vscode-charts-blue); } rect.delay { fill: var(--vscode-charts-orange); } rect.estimate { opacity: 0.6; }
button { margin-right: 0.5em; }
.scroll { overflow-x: auto; max-width: 100%; }
input, select { background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, transparent); margin-right: 0.5em; }
</style></head><body>
<h2>PPA: ${escape(title)} <small>(target ${escape(result.target)})</small></h2>
${result.targetError ? `<p class="error">${escape(result.targetError)}</p>` : ''}
<p><button id="json">Export JSON</button><button id="csv">Export CSV</button> ${rows.length} module${rows.length === 1 ? '' : 's'}; faded bars are estimates.</p>
${chart}
<p><input id="filter" type="search" placeholder="filter by module or note" aria-label="filter by module or note" size="32">
<select id="kind" aria-label="which modules"><option value="all">all modules</option><option value="estimate">estimates</option><option value="synthesized">synthesized</option><option value="failed">with a note</option></select>
<span id="count"></span></p>
<div class="scroll"><table><thead><tr>${headers}</tr></thead>
<tbody id="rows">${table}</tbody></table></div>
<script>
const vscode = acquireVsCodeApi();
const viewOrder = ${viewOrder.toString()};
const values = ${scriptJson(rows.map(viewValues))};
const body = document.getElementById('rows');
const rowElements = [...body.querySelectorAll('tr')];
const filter = document.getElementById('filter');
const kind = document.getElementById('kind');
const count = document.getElementById('count');
let view = Object.assign(${scriptJson(DEFAULT_VIEW)}, vscode.getState() ?? {});
filter.value = view.filter;
kind.value = view.kind;
const render = () => {
  const order = viewOrder(values, view);
  const shown = new Set(order);
  for (const i of order) body.appendChild(rowElements[i]);
  rowElements.forEach((tr, i) => { tr.hidden = !shown.has(i); });
  for (const th of document.querySelectorAll('th[data-sort]')) {
    th.classList.toggle('sorted', th.dataset.sort === view.sort);
    th.classList.toggle('up', th.dataset.sort === view.sort && !view.descending);
    th.classList.toggle('down', th.dataset.sort === view.sort && view.descending);
  }
  count.textContent = order.length === values.length ? '' : order.length + ' of ' + values.length + ' shown';
  vscode.setState(view);
};
const sortBy = (key) => {
  view = { ...view, sort: key, descending: view.sort === key ? !view.descending : key !== 'module' && key !== 'kind' && key !== 'error' };
  render();
};
for (const th of document.querySelectorAll('th[data-sort]')) {
  th.onclick = () => sortBy(th.dataset.sort);
  th.onkeydown = (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sortBy(th.dataset.sort); } };
}
filter.oninput = () => { view = { ...view, filter: filter.value }; render(); };
kind.onchange = () => { view = { ...view, kind: kind.value }; render(); };
render();
document.getElementById('json').onclick = () => vscode.postMessage({ export: 'json' });
document.getElementById('csv').onclick = () => vscode.postMessage({ export: 'csv' });
for (const a of document.querySelectorAll('a[data-uri]')) a.onclick = (e) => { e.preventDefault(); vscode.postMessage({ open: { uri: a.dataset.uri, line: Number(a.dataset.line) } }); };
</script></body></html>`;
}
