import type { AuditAnswer, AuditRowView } from '../../protocol';

/**
 * The page of "RTLens: Find PPA Opportunities": one row per rewrite found in the workspace,
 * offered ones first and the largest synthesized saving first among them (the server's order),
 * each with its proof, its synthesized area and delay change, and a link to the code. Exported
 * as Markdown. Free of the VS Code API so that tests read it.
 */

/** Offered, proven (no gain), refuted, not proven, failed, not checked: what a row came to. */
export function verdict(r: AuditRowView): string {
  const c = r.check;
  if (!c) return r.skipped ? `not checked (${r.skipped})` : 'not checked';
  if (c.error) return 'check failed';
  if (c.offered) return 'offered';
  if (c.proof?.status === 'refuted') return 'refuted';
  if (r.preservesBehaviour && c.proof?.status !== 'proven') return 'not proven';
  return 'no gain';
}

function change(before: number | undefined, after: number | undefined): string {
  if (before === undefined || after === undefined || before === 0) return '';
  const p = ((after - before) / before) * 100;
  if (p === 0) return '0%';
  const shown = Math.abs(p) < 1 ? p.toFixed(1) : p.toFixed(0);
  return `${p > 0 ? '+' : ''}${shown}%`;
}

export function areaText(r: AuditRowView): string {
  return change(r.check?.before?.area, r.check?.after?.area);
}

export function delayText(r: AuditRowView): string {
  return change(r.check?.before?.delay, r.check?.after?.delay);
}

function proofText(r: AuditRowView): string {
  if (!r.preservesBehaviour) return 'changes behaviour';
  return r.check?.proof?.status ?? '';
}

/** The file part of a URI, relative to the first workspace folder that holds it. */
export function shortPath(uri: string, folders: readonly string[]): string {
  for (const f of folders) {
    const base = f.endsWith('/') ? f : `${f}/`;
    if (uri.startsWith(base)) return decodeURIComponent(uri.slice(base.length));
  }
  return decodeURIComponent(uri.replace(/^file:\/\//, ''));
}

export function countsLine(answer: AuditAnswer): string {
  const c = answer.counts;
  return `${c.found} candidate${c.found === 1 ? '' : 's'} in ${c.files} file${c.files === 1 ? '' : 's'} (${c.lines} lines) on ${answer.target}: ${c.checked} checked, ${c.proven} proven, ${c.refuted} refuted, ${c.unproven} not proven, ${c.offered} offered, ${c.errors} failed${answer.cancelled ? ' (cancelled: partial)' : ''}`;
}

/** The report as Markdown: what Export writes. */
export function toMarkdown(answer: AuditAnswer, folders: readonly string[]): string {
  const cell = (t: string) => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    '# RTLens: PPA opportunities',
    '',
    countsLine(answer),
    '',
    '| verdict | module | rewrite | area | delay | proof | where |',
    '|---|---|---|---|---|---|---|',
    ...answer.rows.map((r) => `| ${[verdict(r), r.module, r.title, areaText(r), delayText(r), proofText(r), `${shortPath(r.uri, folders)}:${r.line + 1}`].map(cell).join(' | ')} |`),
    '',
  ];
  return lines.join('\n');
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The page. Rows link back with `open` messages (by index); the buttons send `export` and `refresh`. */
export function auditHtml(answer: AuditAnswer, folders: readonly string[], nonce: string, cspSource: string): string {
  const rows = answer.rows
    .map(
      (r, i) => `<tr class="${escape(verdict(r).split(' ')[0])}">
  <td>${escape(verdict(r))}</td><td>${escape(r.module)}</td>
  <td title="${escape(r.detail)}">${escape(r.title)}</td>
  <td class="n">${escape(areaText(r))}</td><td class="n">${escape(delayText(r))}</td>
  <td title="${escape(r.check?.summary ?? '')}">${escape(proofText(r))}</td>
  <td><a href="#" data-row="${i}">${escape(`${shortPath(r.uri, folders)}:${r.line + 1}`)}</a></td></tr>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'unsafe-inline'; script-src 'nonce-${nonce}';">
<style>
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 2px 8px; border-bottom: 1px solid var(--vscode-panel-border); vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.offered td:first-child { color: var(--vscode-testing-iconPassed); font-weight: bold; }
tr.refuted td:first-child, tr.check td:first-child { color: var(--vscode-errorForeground); }
button { margin-right: 8px; }
</style></head>
<body>
<p><button id="refresh">Refresh</button><button id="export">Export…</button></p>
<p id="counts">${escape(countsLine(answer))}</p>
${answer.error ? `<p>${escape(answer.error)}</p>` : ''}
<table><thead><tr><th>verdict</th><th>module</th><th>rewrite</th><th>area</th><th>delay</th><th>proof</th><th>where</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
document.getElementById('refresh').addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
document.getElementById('export').addEventListener('click', () => vscode.postMessage({ type: 'export' }));
for (const a of document.querySelectorAll('a[data-row]')) a.addEventListener('click', (e) => { e.preventDefault(); vscode.postMessage({ type: 'open', row: Number(a.dataset.row) }); });
</script>
</body></html>`;
}
