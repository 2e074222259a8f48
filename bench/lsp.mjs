// Part 3: language-server latency through the real server over stdio (test/helpers startLsp).
//
// Baseline: the round trip of `rtlens/status`, a trivial request, sampled throughout the run.
// Measured: definition, hover, references and completion at identifiers picked at random
// (seeded) in files opened as an editor would (didOpen, wait for their diagnostics, query,
// didClose), and edit-to-diagnostics on the ~8k-line file: single-character incremental
// didChange edits, each timed until the publishDiagnostics that reflects it arrives.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Rng } from './generate.mjs';
import { OUT, WORK_DIR, procMemory, require, round, stats, hdlFiles } from './lib.mjs';

const { URI } = require('vscode-uri');

const KEYWORDS = new Set(`accept_on alias always always_comb always_ff always_latch and assert assign assume automatic before begin bind bins binsof bit break buf bufif0 bufif1 byte case casex casez cell chandle checker class clocking cmos config const constraint context continue cover covergroup coverpoint cross deassign default defparam design disable dist do edge else end endcase endchecker endclass endclocking endconfig endfunction endgenerate endgroup endinterface endmodule endpackage endprimitive endprogram endproperty endspecify endsequence endtable endtask enum event eventually expect export extends extern final first_match for force foreach forever fork forkjoin function generate genvar global highz0 highz1 if iff ifnone ignore_bins illegal_bins implements implies import incdir include initial inout input inside instance int integer interconnect interface intersect join join_any join_none large let liblist library local localparam logic longint macromodule matches medium modport module nand negedge nettype new nexttime nmos nor noshowcancelled not notif0 notif1 null or output package packed parameter pmos posedge primitive priority program property protected pull0 pull1 pulldown pullup pulsestyle_ondetect pulsestyle_onevent pure rand randc randcase randsequence rcmos real realtime ref reg reject_on release repeat restrict return rnmos rpmos rtran rtranif0 rtranif1 s_always s_eventually s_nexttime s_until s_until_with scalared sequence shortint shortreal showcancelled signed small soft solve specify specparam static string strong strong0 strong1 struct super supply0 supply1 sync_accept_on sync_reject_on table tagged task this throughout time timeprecision timeunit tran tranif0 tranif1 tri tri0 tri1 triand trior trireg type typedef union unique unique0 unsigned until until_with untyped use uwire var vectored virtual void wait wait_order wand weak weak0 weak1 while wildcard wire with within wor xnor xor`.split(/\s+/));

/** Identifiers of a text outside comments, strings and number literals, with a rough category. */
export function identifiersOf(text) {
  const out = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      i = text.indexOf('\n', i);
      if (i < 0) break;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2);
      if (i < 0) break;
      i += 2;
      continue;
    }
    if (c === '"') {
      i++;
      while (i < n && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const start = i;
      while (i < n && /[A-Za-z0-9_$]/.test(text[i])) i++;
      const name = text.slice(start, i);
      const prev = text[start - 1];
      // `define NAME, `include, `ifdef ... : directive keywords are not identifiers.
      if (prev === "'" || /[0-9]/.test(prev ?? '')) continue; // 8'hff, 'd3, 32'(x)
      if (prev === '`') {
        if (['define', 'include', 'ifdef', 'ifndef', 'else', 'endif', 'elsif', 'timescale', 'default_nettype', 'undef', 'resetall'].includes(name)) continue;
        out.push({ name, start, end: i, category: 'macro-use' });
        continue;
      }
      if (prev === '$' || KEYWORDS.has(name)) continue;
      let j = i;
      while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
      const lineStart = text.lastIndexOf('\n', start - 1) + 1;
      const before = text.slice(lineStart, start).trimEnd();
      let category = 'name';
      if (before.endsWith('.') && /\(\s*$/.test(text.slice(i, j + 1))) category = 'port-connection';
      else if (before.endsWith('.')) category = 'member';
      else if (text.startsWith('::', j)) category = 'package';
      else if (/^`define\s+$/.test(text.slice(lineStart, start))) category = 'macro-definition';
      else if (before === '' && /^\s*(#\s*\(|[A-Za-z_]\w*\s*\()/.test(text.slice(i, i + 80))) category = 'instance-type';
      out.push({ name, start, end: i, category });
      continue;
    }
    if (/[0-9]/.test(c)) {
      while (i < n && /[0-9A-Za-z_'.]/.test(text[i])) i++;
      continue;
    }
    i++;
  }
  return out;
}

function positionOf(text, offset) {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let line = 0;
  for (let k = text.indexOf('\n'); k !== -1 && k < offset; k = text.indexOf('\n', k + 1)) line++;
  return { line, character: offset - lineStart };
}

const languageId = (p) => (/\.(sv|svh)$/.test(p) ? 'systemverilog' : 'verilog');

export async function startServer(workspace, label, settings = {}) {
  const { startLsp } = require(OUT.lspClient);
  const storage = path.join(WORK_DIR, 'lsp-storage', label);
  fs.rmSync(storage, { recursive: true, force: true });
  fs.mkdirSync(storage, { recursive: true });
  const t0 = performance.now();
  const session = await startLsp(workspace, settings, storage);
  const startupMs = performance.now() - t0;
  const indexed = session.notifications.find((n) => n.method === 'rtlens/indexed')?.params;
  return { session, startupMs, indexed, storage };
}

/** Keeps track of which notification objects were already there, so a wait sees only new ones. */
class NotificationCursor {
  constructor(session) {
    this.session = session;
    this.seen = new WeakSet();
    this.upTo = 0;
  }
  mark() {
    const list = this.session.notifications;
    for (; this.upTo < list.length; this.upTo++) this.seen.add(list[this.upTo].params);
  }
  /** Resolves { params, at } for the first new notification of `method` matching `predicate`. */
  next(method, predicate, timeoutMs) {
    this.mark();
    let at = 0;
    const seen = this.seen;
    return this.session
      .waitFor(method, (p) => {
        if (seen.has(p) || !predicate(p)) return false;
        at = performance.now();
        return true;
      }, timeoutMs)
      .then((params) => ({ params, at }));
  }
}

/** Times a request; a request still unanswered after timeoutMs fails (the server may be stuck). */
async function timed(fn, timeoutMs = 60_000) {
  const t0 = performance.now();
  let timer;
  const result = await Promise.race([fn(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)))]);
  clearTimeout(timer);
  return { ms: performance.now() - t0, result };
}

export async function benchLsp({ workspace, manifest, seed = 1, positions = 200, files = 20, edits = 100, log = console.error }) {
  const rng = new Rng(seed * 7919 + 17);
  const { session, startupMs, indexed } = await startServer(workspace, 'latency');
  const conn = session.connection;
  const cursor = new NotificationCursor(session);
  const pid = session.process.pid;
  const memAfterIndex = procMemory(pid);
  log(`[lsp] server indexed ${indexed?.files} files in ${indexed?.ms} ms (startup to rtlens/indexed ${Math.round(startupMs)} ms), RSS ${memAfterIndex.rssMB} MB`);
  const status = [];
  const baselineOnce = async () => status.push((await timed(() => conn.sendRequest('rtlens/status'))).ms);
  try {
    for (let i = 0; i < 30; i++) await conn.sendRequest('rtlens/status'); // warm-up, not recorded
    for (let i = 0; i < 50; i++) await baselineOnce();

    // ---- queries at random identifiers of random files (the big file always among them)
    const all = hdlFiles(workspace).filter((f) => /\.(sv|v)$/.test(f));
    const bigFile = manifest.bigFile;
    // Stratified: the big file, one package, one subsystem top (many instances across files)
    // always; the rest at random.
    const pkgFile = rng.pick(all.filter((f) => /\/pkg\/[^/]+_pkg\.sv$/.test(f)));
    const topFile = rng.pick(all.filter((f) => /_subsys_top\.sv$/.test(f)));
    const fixed = [bigFile, pkgFile, topFile].filter(Boolean);
    const chosen = [...fixed, ...rng.sample(all.filter((f) => !fixed.includes(f)), files - fixed.length)];
    const perFile = Math.ceil(positions / chosen.length);
    const samples = { definition: [], hover: [], references: [], completion: [] };
    const details = [];
    const openToDiagnostics = [];
    const completionSizes = [];
    const failures = [];
    let emptyDefinitions = 0;
    let emptyHovers = 0;
    for (const file of chosen) {
      const text = fs.readFileSync(file, 'utf8');
      const uri = URI.file(file).toString();
      const ids = identifiersOf(text);
      if (ids.length === 0) continue;
      const diagnosticsArrived = cursor.next('textDocument/publishDiagnostics', (p) => p.uri === uri, 60000);
      const tOpen = performance.now();
      await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: languageId(file), version: 1, text } });
      const { at, params } = await diagnosticsArrived;
      openToDiagnostics.push({ file: path.relative(workspace, file), lines: text.split('\n').length, ms: round(at - tOpen, 1), diagnostics: params.diagnostics.length });
      const picks = rng.sample(ids, perFile);
      for (const id of picks) {
        const offset = id.start + rng.int(0, id.end - id.start - 1);
        const position = positionOf(text, offset);
        const endPosition = positionOf(text, id.end);
        const where = { file: path.relative(workspace, file), line: position.line + 1, character: position.character + 1, name: id.name, category: id.category };
        await baselineOnce();
        const td = { textDocument: { uri }, position };
        const order = rng.shuffle(['definition', 'hover', 'references', 'completion']);
        for (const method of order) {
          let r;
          try {
            if (method === 'definition') r = await timed(() => conn.sendRequest('textDocument/definition', td));
            else if (method === 'hover') r = await timed(() => conn.sendRequest('textDocument/hover', td));
            else if (method === 'references') r = await timed(() => conn.sendRequest('textDocument/references', { ...td, context: { includeDeclaration: true } }));
            else r = await timed(() => conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: endPosition, context: { triggerKind: 1 } }));
          } catch (error) {
            failures.push({ method, ...where, error: String(error?.message ?? error) });
            continue;
          }
          samples[method].push(r.ms);
          const count = Array.isArray(r.result) ? r.result.length : r.result?.items ? r.result.items.length : r.result ? 1 : 0;
          if (method === 'definition' && count === 0) emptyDefinitions++;
          if (method === 'hover' && !r.result) emptyHovers++;
          if (method === 'completion') completionSizes.push({ items: count, bytes: JSON.stringify(r.result ?? null).length });
          details.push({ method, ms: round(r.ms, 2), results: count, ...where });
        }
      }
      await conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
    for (let i = 0; i < 50; i++) await baselineOnce();

    const memAfterRequests = procMemory(pid);
    // ---- edit-to-diagnostics on the big file
    const editResult = await benchEdits({ conn, cursor, file: bigFile, workspace, rng, edits, log });
    const memAfterQueries = procMemory(pid);

    const baseline = stats(status);
    const method = (name) => {
      const s = stats(samples[name]);
      return { ...s, ratioP50: round(s.p50 / baseline.p50, 1), ratioP95: round(s.p95 / baseline.p50, 1), ratioP99: round(s.p99 / baseline.p50, 1) };
    };
    const slowest = (name, k = 5) => details.filter((d) => d.method === name).sort((a, b) => b.ms - a.ms).slice(0, k);
    const byCategory = {};
    for (const d of details) {
      const key = `${d.method}/${d.category}`;
      (byCategory[key] ??= []).push(d.ms);
    }
    const byFileKind = {};
    for (const d of details) {
      const key = `${d.method}/${d.file === path.relative(workspace, bigFile) ? 'big-file' : 'other-files'}`;
      (byFileKind[key] ??= []).push(d.ms);
    }
    const sizes = completionSizes.map((c) => c.bytes);
    const e = stats(editResult.samples);
    return {
      server: { pid, startupToIndexedMs: Math.round(startupMs), indexed, rssAfterIndexMB: memAfterIndex.rssMB, rssAfterRequestsMB: memAfterRequests.rssMB, rssAfterQueriesMB: memAfterQueries.rssMB, hwmMB: memAfterQueries.hwmMB },
      baseline: { method: 'rtlens/status', ...baseline },
      positions: details.length / 4,
      files: chosen.length,
      definition: method('definition'),
      hover: method('hover'),
      references: method('references'),
      completion: { ...method('completion'), meanItems: round(completionSizes.reduce((a, c) => a + c.items, 0) / Math.max(1, completionSizes.length), 0), meanKB: round(sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length) / 1024, 1), maxKB: round(Math.max(0, ...sizes) / 1024, 1) },
      editToDiagnostics: { ...e, ratioP50: round(e.p50 / baseline.p50, 1), ratioP95: round(e.p95 / baseline.p50, 1), ratioP99: round(e.p99 / baseline.p50, 1), ...editResult.info },
      emptyResults: { definition: emptyDefinitions, hover: emptyHovers, definitionExamples: details.filter((d) => d.method === 'definition' && d.results === 0).slice(0, 20).map((d) => `${d.file}:${d.line}:${d.character} ${d.name} (${d.category})`) },
      failures,
      openToDiagnostics: { ...stats(openToDiagnostics.map((o) => o.ms)), slowest: [...openToDiagnostics].sort((a, b) => b.ms - a.ms).slice(0, 3) },
      slowest: { definition: slowest('definition'), hover: slowest('hover'), references: slowest('references'), completion: slowest('completion', 3) },
      byCategoryP95: Object.fromEntries(Object.entries(byCategory).sort().map(([k, v]) => [k, { n: v.length, p50: stats(v).p50, p95: stats(v).p95, max: stats(v).max }])),
      byFileP95: Object.fromEntries(Object.entries(byFileKind).sort().map(([k, v]) => [k, { n: v.length, p50: stats(v).p50, p95: stats(v).p95, max: stats(v).max }])),
    };
  } finally {
    await session.stop();
  }
}

/**
 * Single-character edits on the big file. Each edit appends one character to an identifier read
 * on the right of an `assign` (so the file now names an undeclared identifier), the next edit
 * removes it again. The diagnostics that reflect an edit are recognised by content: after an
 * insertion they mention the new name, after the removal they no longer do. A publish that was
 * already scheduled before the edit (the server re-publishes open files 400 ms after a change)
 * therefore cannot be mistaken for the answer.
 */
async function benchEdits({ conn, cursor, file, workspace, rng, edits, log }) {
  const text = fs.readFileSync(file, 'utf8');
  const uri = URI.file(file).toString();
  const words = new Set(text.match(/[A-Za-z_][A-Za-z0-9_$]*/g));
  const sites = [];
  const re = /^[ \t]*assign\s+[A-Za-z_][\w.]*(?:\[[^\]\n]*\])?\s*=\s*(?:~?\(\s*|~\s*)?([A-Za-z_]\w*)\b(?!\s*[(:'])/gm;
  for (let m; (m = re.exec(text)); ) {
    const name = m[1];
    if (KEYWORDS.has(name) || words.has(`${name}x`) || /^[A-Z0-9_]+$/.test(name)) continue;
    const end = m.index + m[0].length;
    sites.push({ name, offset: end });
  }
  const chosen = rng.sample(sites, Math.ceil(edits / 2));
  let version = 1;
  const open = cursor.next('textDocument/publishDiagnostics', (p) => p.uri === uri, 60000);
  const tOpen = performance.now();
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: languageId(file), version, text } });
  const opened = await open;
  const openMs = opened.at - tOpen;
  const baseDiagnostics = opened.params.diagnostics.length;
  const samples = [];
  const insertSamples = [];
  const removeSamples = [];
  let timeouts = 0;
  let versionField = opened.params.version;
  const mentions = (p, name) => p.diagnostics.some((d) => d.message.includes(`'${name}'`));
  const lines = text.split('\n');
  for (const site of chosen) {
    const pos = positionOf(text, site.offset);
    for (const step of ['insert', 'remove']) {
      version++;
      const newName = `${site.name}x`;
      const change = step === 'insert'
        ? { range: { start: pos, end: pos }, text: 'x' }
        : { range: { start: pos, end: { line: pos.line, character: pos.character + 1 } }, text: '' };
      const v = version;
      const wait = cursor.next('textDocument/publishDiagnostics', (p) => p.uri === uri && (p.version === undefined || p.version === v) && (step === 'insert' ? mentions(p, newName) : !mentions(p, newName)), 5000);
      const t0 = performance.now();
      await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [change] });
      try {
        const { at, params } = await wait;
        const ms = at - t0;
        samples.push(ms);
        (step === 'insert' ? insertSamples : removeSamples).push(ms);
        if (params.version !== undefined) versionField = params.version;
      } catch {
        timeouts++;
        log(`[lsp] edit ${step} at ${path.relative(workspace, file)}:${pos.line + 1}:${pos.character + 1} ('${lines[pos.line].trim()}'): no matching diagnostics within 5 s`);
        if (timeouts >= 3) throw new Error('edit-to-diagnostics: three edits without the expected diagnostics; the server does not report the undeclared identifier the edit creates');
      }
    }
  }
  await conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  log(`[lsp] ${samples.length} edits on ${path.relative(workspace, file)} (${lines.length} lines), p50 ${round(stats(samples).p50, 1)} ms`);
  return {
    samples,
    info: {
      file: path.relative(workspace, file),
      fileLines: lines.length,
      openToFirstDiagnosticsMs: round(openMs, 1),
      diagnosticsOnOpen: baseDiagnostics,
      insertP50: stats(insertSamples).p50,
      removeP50: stats(removeSamples).p50,
      timeouts,
      publishCarriesVersion: versionField !== undefined,
    },
  };
}
