/**
 * The search index (graph-RAG, HDLxGraph): a fielded BM25 text index (MiniSearch) over the
 * multi-grain descriptions of every module, block and signal, and a re-ranking through the
 * design graph: a module is lifted by its best-matching blocks and signals, a block by the
 * signals it drives and its module, a signal by the block that drives it and its module, an
 * instantiated module by the instance that matched; names written in the query count most.
 * Incremental: a unit whose content key did not change keeps its documents.
 */
import type { LineIndex, Span } from '../../base';
import type { DesignUnit } from '../../model';
import { moduleGraph, type DesignIndex } from '../../graph';
import { describeUnit, leadingComment, type Granularity, type ItemRef, type SearchDoc } from './describe';
import { understand, type Understood } from './query';
import { isStopWord, splitWords, stem, synonymsOf, terms } from './words';
import { TermIndex } from './termIndex';
import type { RepositoryPack } from './repositoryPack';

/** What the index reads: the workspace snapshot (graph/DesignIndex plus file text). */
export interface SearchSource extends DesignIndex {
  text(path: string): string | undefined;
  lineIndex(path: string): LineIndex | undefined;
}

export interface SearchHit {
  granularity: Granularity;
  path: string;
  module: string;
  signal?: string;
  block?: string;
  span: Span;
  /** 1-based first and last line. */
  line: number;
  endLine: number;
  score: number;
  summary: string;
  snippet?: string;
  key: string;
  /** The repository of the hit, when the index spans several. */
  repository?: string;
}

export interface SearchAnswer {
  hits: SearchHit[];
  understood: { granularity?: Granularity; identifiers: string[] };
  partial: boolean;
  message?: string;
  ms: number;
}

export interface SearchOptions {
  k?: number;
  granularity?: Granularity;
}

/** What a query keeps of a document: all but its index fields; a repository's (pack) documents also say where they are. */
export type DocMeta = Omit<SearchDoc, 'name' | 'comment' | 'pattern' | 'text' | 'code'> & { at?: StoredPlace; repository?: string };

/** A document's place, stored with it where its file is not in memory (another repository's pack). */
export interface StoredPlace {
  span: Span;
  /** 1-based first and last line. */
  line: number;
  endLine: number;
  snippet?: string;
}

/** Field weights, in SearchDoc's field order (name, comment, pattern, text, code): names and recognised patterns say most, comments next, raw identifiers least. */
const BOOST = [3, 1.6, 2.2, 1.1, 0.5];
const MAX_K = 200;
/** Weight of the other grains when the question asks for one (module, block or signal). */
const HINT_OTHERS = 0.3;
/** Share of its module's score a block or signal gets (the module is its context: "X of the Y"). */
const CONTEXT = 0.4;
/** Share of the best-matching signal it drives a block gets. */
const DRIVES = 0.3;
/** How much a module loses to its own submodule answering as well (the wrapper is not the answer). */
const SPECIFIC = 0.3;
/** Bonus of a block or signal inside the module the question names as its place. */
const INSIDE = 0.3;
/** Weight of a synonym of a question's word against the word itself. */
const SYNONYM_WEIGHT = 0.5;
/** Weight of an initialism of the question's words that the design uses (mcf for "MAC control frame"). */
const INITIALISM_WEIGHT = 0.8;

export class SearchIndex {
  private readonly text = new TermIndex(BOOST);
  private readonly docs = new Map<string, DocMeta>();
  /** path#unit -> content key and the documents made from it. */
  private readonly units = new Map<string, { key: string; ids: string[] }>();
  /** Attached repositories (packs) -> their units' keys. */
  private readonly packs = new Map<string, string[]>();
  /** path#module -> the terms of each word of the module's name (for "inside" questions), as first needed. */
  private readonly nameTerms = new Map<string, string[][]>();
  /** Lower-case names of modules and signals -> document ids. */
  private readonly names = new Map<string, string[]>();
  /** path#module -> ids of its documents (the AST view's contains edges). */
  private readonly byModule = new Map<string, string[]>();
  private source: SearchSource | undefined;
  /** path#module -> path#module of the modules it instantiates (the instantiates edges). */
  private readonly children = new Map<string, string[]>();

  /** The workspace's name on its hits once other repositories are attached (their hits carry theirs). */
  workspaceName: string | undefined;

  get size(): number {
    return this.docs.size;
  }

  /**
   * Brings the index up to date with a snapshot: units added, changed or removed since the last
   * call. With a time budget it stops when the budget is spent and says how many units are left
   * (call again, e.g. on the next tick): a first build of a large workspace never holds the
   * caller for long.
   */
  update(source: SearchSource, budgetMs = Infinity): { added: number; removed: number; pending: number; ms: number } {
    const t0 = performance.now();
    this.source = source;
    const seen = new Set<string>();
    const stale: { path: string; unit: DesignUnit; unitKey: string; key: string }[] = [];
    const firstStart = firstUnitStarts(source);
    for (const { path, unit } of source.allUnits()) {
      if (unit.kind !== 'module' && unit.kind !== 'interface') continue;
      const unitKey = `${path}#${unit.name}`;
      if (seen.has(unitKey)) continue;
      seen.add(unitKey);
      const key = unitContentKey(unit);
      const known = this.units.get(unitKey);
      if (known && known.key === key) continue;
      stale.push({ path, unit, unitKey, key });
    }
    let removed = 0;
    for (const [unitKey, entry] of this.units) if (!seen.has(unitKey)) removed += this.removeUnit(unitKey, entry.ids);
    let added = 0;
    let lastPath: string | undefined;
    let text: string | undefined;
    let done = 0;
    for (const s of stale) {
      if (done > 0 && performance.now() - t0 > budgetMs) break;
      done++;
      if (s.path !== lastPath) {
        text = source.text(s.path);
        lastPath = s.path;
      }
      const previous = this.units.get(s.unitKey);
      if (previous) removed += this.removeUnit(s.unitKey, previous.ids);
      const { docs, children } = unitDocs(source, s.path, s.unit, text, firstStart.get(s.path) === s.unit.span.start);
      for (const d of docs) this.text.add(d.id, [d.name, d.comment, d.pattern, d.text, d.code]);
      this.register(s.unitKey, docs.map(({ name: _n, comment: _c, pattern: _p, text: _t, code: _x, ...meta }) => meta), children);
      this.units.set(s.unitKey, { key: s.key, ids: docs.map((d) => d.id) });
      added += docs.length;
    }
    return { added, removed, pending: stale.length - done, ms: performance.now() - t0 };
  }

  /** A unit's documents in the maps every query reads (names, the module's documents, its children). */
  private register(unitKey: string, metas: DocMeta[], children: string[]): void {
    for (const meta of metas) {
      this.docs.set(meta.id, meta);
      const named = meta.granularity === 'module' ? meta.module : meta.granularity === 'signal' ? meta.signal : undefined;
      if (named) push(this.names, named.toLowerCase(), meta.id);
    }
    this.byModule.set(unitKey, metas.map((d) => d.id));
    this.children.set(unitKey, children);
    this.nameTerms.delete(unitKey);
  }

  /**
   * Another repository, from its pack: searched with the workspace on one scale, its hits named
   * after it and placed from the pack (its workspace need not be in memory). A pack of the same
   * name is replaced.
   */
  attach(pack: RepositoryPack): void {
    this.detach(pack.name);
    this.text.attach(pack.name, pack.segment);
    const keys: string[] = [];
    for (const u of pack.units) {
      const unitKey = `${u.path}#${u.module}`;
      if (this.units.has(unitKey) || this.byModule.has(unitKey)) continue;
      keys.push(unitKey);
      this.register(unitKey, u.docs, u.children);
    }
    this.packs.set(pack.name, keys);
  }

  /** Takes a repository's pack out of the index. */
  detach(name: string): boolean {
    const keys = this.packs.get(name);
    if (!keys) return false;
    this.text.detach(name);
    for (const unitKey of keys) this.removeUnit(unitKey, this.byModule.get(unitKey) ?? []);
    this.packs.delete(name);
    return true;
  }

  /** Names of the repositories attached from packs. */
  repositories(): string[] {
    return [...this.packs.keys()];
  }

  private removeUnit(unitKey: string, ids: string[]): number {
    for (const id of ids) {
      const meta = this.docs.get(id);
      if (!meta) continue;
      this.text.remove(id);
      this.docs.delete(id);
      const named = meta.granularity === 'module' ? meta.module : meta.granularity === 'signal' ? meta.signal : undefined;
      if (named) {
        const list = this.names.get(named.toLowerCase());
        if (list) {
          const rest = list.filter((x) => x !== id);
          if (rest.length) this.names.set(named.toLowerCase(), rest);
          else this.names.delete(named.toLowerCase());
        }
      }
    }
    this.units.delete(unitKey);
    this.byModule.delete(unitKey);
    this.children.delete(unitKey);
    this.nameTerms.delete(unitKey);
    return ids.length;
  }

  /** Answers a natural-language query: modules, blocks and signals, best first. */
  search(query: string, options: SearchOptions = {}, partial = false): SearchAnswer {
    const t0 = performance.now();
    const k = Math.max(1, Math.min(MAX_K, options.k ?? 20));
    const understood = understand(query, (w) => this.names.has(w.toLowerCase()));
    const done = (hits: SearchHit[], message?: string): SearchAnswer => ({
      hits,
      understood: { granularity: understood.granularity, identifiers: understood.identifiers },
      partial,
      message: message ?? (understood.truncated ? `The query was cut to its first ${understood.text.length} characters.` : partial ? 'The workspace index is still being built: results cover the files read so far.' : undefined),
      ms: performance.now() - t0,
    });
    if (understood.problem) return done([], understood.problem);
    if (this.docs.size === 0) return done([], partial ? 'The workspace index is still being built.' : 'No Verilog or SystemVerilog modules in this workspace.');
    const scores = this.rank(understood, options.granularity);
    const hits = this.materialize(scores.slice(0, k));
    return done(hits, hits.length === 0 ? 'Nothing matched: try other words, or a module or signal name.' : undefined);
  }

  /** Items like the module, block or signal at a position: the item's own words as the query, itself left out. */
  findSimilar(path: string, offset: number, options: SearchOptions = {}): SearchAnswer & { item?: SearchHit } {
    const t0 = performance.now();
    const source = this.source;
    const at = source ? itemAt(source, path, offset) : undefined;
    if (!source || !at) return { hits: [], understood: { identifiers: [] }, partial: false, message: 'Place the cursor in a module, on a block or on a signal name to find similar ones.', ms: performance.now() - t0 };
    const docs = describeUnit(at.path, at.unit, source.text(at.path), '');
    const doc = docs.find((d) => sameItem(d.item, at.item)) ?? docs[0];
    const words = [...new Set(terms(`${doc.name} ${doc.comment} ${doc.pattern} ${doc.text}`))].slice(0, 60);
    const understood: Understood = { text: words.join(' '), terms: words, granularity: doc.granularity, identifiers: [], context: [], instances: doc.item.kind === 'instance', truncated: false };
    const k = Math.max(1, Math.min(MAX_K, options.k ?? 20));
    const ranked = this.rank(understood, options.granularity ?? doc.granularity, doc.id);
    const [item] = this.materialize([[doc.id, 1]]);
    return { hits: this.materialize(ranked.slice(0, k)), item, understood: { granularity: doc.granularity, identifiers: [] }, partial: false, ms: performance.now() - t0 };
  }

  /** The key of the item at a position (for a context pack from the editor). */
  keyAt(path: string, offset: number): string | undefined {
    const source = this.source;
    const at = source ? itemAt(source, path, offset) : undefined;
    if (!at) return undefined;
    const base = `${at.path}#${at.unit.name}`;
    switch (at.item.kind) {
      case 'module':
        return `m:${base}`;
      case 'block':
        return `b:${base}#${at.item.index}`;
      case 'instance':
        return `i:${base}#${at.item.index}`;
      case 'signal':
        return `s:${base}#${at.item.name}`;
    }
  }

  private rank(q: Understood, only: Granularity | undefined, exclude?: string): [string, number][] {
    // Terms in many documents ("write", "clock") cost a walk over long posting lists and weigh
    // little: the index is searched with the rarer terms, and the frequent ones only add their
    // weight to the documents found (from each document's term list), as BM25 would roughly.
    const n = Math.max(1, this.docs.size);
    const common = Math.max(200, n / 50);
    // Each word of the question with its synonyms is one concept; coverage counts concepts.
    const written = new Set(q.terms);
    const concepts = [...written].map((t) => [t, ...synonymsOf(t).filter((x) => !written.has(x))]);
    const conceptOf = new Map<string, number>();
    concepts.forEach((c, i) => c.forEach((t) => conceptOf.has(t) || conceptOf.set(t, i)));
    // Initialisms of the question's phrases that the design uses as words ("MAC control frame" ->
    // mcf in mcf_frame_reg, "priority flow control" -> pfc): the same concept as the phrase.
    const initialisms = new Set<string>();
    const plain = q.text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w && !isStopWord(w));
    for (let n = 2; n <= 4; n++) {
      for (let i = 0; i + n <= plain.length; i++) {
        const gram = plain.slice(i, i + n);
        const initialism = gram.map((w) => w[0]).join('');
        if (initialism.length < 3 || !/^[a-z]+$/.test(initialism) || written.has(initialism) || this.text.df(initialism) === 0) continue;
        const concept = conceptOf.get(stem(gram[0]));
        if (concept === undefined || conceptOf.has(initialism)) continue;
        conceptOf.set(initialism, concept);
        initialisms.add(initialism);
      }
    }
    /** How much a term counts: written in the question 1, an initialism of its words less, a synonym least. */
    const weightOf = (t: string) => (written.has(t) ? 1 : initialisms.has(t) ? INITIALISM_WEIGHT : SYNONYM_WEIGHT);
    const df = new Map([...conceptOf.keys()].map((t) => [t, this.text.df(t)]));
    const byRarity = [...conceptOf.keys()].sort((a, b) => df.get(a)! - df.get(b)!);
    let used = byRarity.filter((t) => df.get(t)! <= common);
    if (used.length === 0) used = byRarity.slice(0, 2);
    const frequent = byRarity.filter((t) => !used.includes(t));
    const idf = (t: string) => Math.log(1 + (n - df.get(t)! + 0.5) / (df.get(t)! + 0.5));
    const scored = this.text.score(used, weightOf);
    while (scored.size < 20 && frequent.length > 0) {
      // The rare words met (almost) nothing: the next rarest of the frequent ones has to find documents.
      this.text.score([frequent.shift()!], weightOf, scored);
    }
    const results = TermIndex.results(scored, 3000);
    const distinct = concepts.length;
    const text = new Map<string, number>();
    let best = 0;
    for (const r of results) {
      let score = r.score;
      // A concept met by the written word counts fully, by a synonym only in part.
      const met = new Map<number, number>();
      const meet = (t: string) => {
        const c = conceptOf.get(t);
        if (c !== undefined) met.set(c, Math.max(met.get(c) ?? 0, weightOf(t)));
      };
      for (const t of r.queryTerms) meet(t);
      if (frequent.length) {
        for (const t of frequent) if (this.text.holds(r, t)) {
          score += idf(t) * weightOf(t);
          meet(t);
        }
      }
      // Docs that meet more of the question's words come first (coverage), then BM25.
      let metSum = 0;
      for (const v of met.values()) metSum += v;
      const coverage = Math.min(1, metSum / distinct);
      const s = score * (0.25 + coverage * coverage);
      text.set(r.id, s);
      if (s > best) best = s;
    }
    if (best === 0 && q.identifiers.length === 0) return [];
    const norm = (id: string) => (best > 0 ? (text.get(id) ?? 0) / best : 0);
    // Candidates: the text hits, their modules, the documents of modules they are in (graph expansion).
    const candidates = new Set<string>([...text.keys()].slice(0, 400));
    // Names in the query: written as code (wr_ptr, txValid) they are almost certainly meant;
    // plain words that happen to be names (busy, timer) count a little.
    const named = new Map<string, number>();
    for (const ident of q.identifiers) {
      const weight = /_|[a-z][A-Z]|[A-Za-z][0-9]/.test(ident) ? 1 : 0.15;
      for (const id of this.names.get(ident.toLowerCase()) ?? []) {
        named.set(id, Math.max(named.get(id) ?? 0, weight));
        candidates.add(id);
      }
    }
    const moduleOf = (meta: DocMeta) => `${meta.path}#${meta.module}`;
    const moduleBest = new Map<string, number>();
    for (const id of candidates) {
      const meta = this.docs.get(id);
      // An instance that matches speaks for the module it instantiates (below), not for its parent.
      if (!meta || meta.granularity === 'module' || meta.item.kind === 'instance') continue;
      const key = moduleOf(meta);
      moduleBest.set(key, Math.max(moduleBest.get(key) ?? 0, norm(id)));
    }
    // Instances that matched lift the module they instantiate.
    const instanceOf = new Map<string, number>();
    for (const id of candidates) {
      const meta = this.docs.get(id);
      if (meta?.item.kind !== 'instance') continue;
      const target = parenthesisedTail(meta.block ?? '');
      if (target) instanceOf.set(target, Math.max(instanceOf.get(target) ?? 0, norm(id)));
    }
    for (const [key] of moduleBest) candidates.add(`m:${key}`);
    const signalScore = (path: string, module: string, signal: string) => norm(`s:${path}#${module}#${signal}`);
    const driverScore = new Map<string, number>();
    for (const id of candidates) {
      const meta = this.docs.get(id);
      if (meta?.granularity !== 'block') continue;
      for (const t of meta.drives) {
        const sid = `s:${meta.path}#${meta.module}#${t}`;
        driverScore.set(sid, Math.max(driverScore.get(sid) ?? 0, norm(id)));
      }
    }
    // Blocks driving a signal that matched join the candidates.
    for (const id of [...candidates]) {
      const meta = this.docs.get(id);
      if (meta?.granularity !== 'signal' || norm(id) < 0.3) continue;
      for (const other of this.byModule.get(moduleOf(meta)) ?? []) {
        const m = this.docs.get(other);
        if (m?.granularity === 'block' && meta.signal && m.drives.includes(meta.signal)) candidates.add(other);
      }
    }
    // Modules the question names as the place to look ("counter of the timer", "in uart_rx, ..."):
    // every word of the module's name is among the context words.
    const inside = new Set<string>();
    if (q.context.length > 0) {
      const contextTerms = new Set(terms(q.context.join(' ')));
      for (const key of this.byModule.keys()) {
        const name = key.slice(key.lastIndexOf('#') + 1);
        // Each word of the name, or what it stands for (dcache: data cache), is in the context.
        let words = this.nameTerms.get(key);
        if (!words) this.nameTerms.set(key, (words = splitWords(name).map((w) => terms(w)).filter((t) => t.length > 0)));
        if (q.context.includes(name.toLowerCase()) || (words.length > 0 && words.every((w) => w.some((t) => contextTerms.has(t))))) inside.add(key);
      }
    }
    // "the multiplier in the MAC processing element": a unit-like thing inside a named module may be a
    // part of it (a block) or a module it instantiates: no grain is preferred.
    const wanted = q.granularity === 'module' && inside.size > 0 && ![...inside].some((key) => q.identifiers.some((i) => key.endsWith(`#${i}`))) && q.context.length > 0 ? undefined : q.granularity;
    const out: [string, number][] = [];
    for (const id of candidates) {
      if (id === exclude) continue;
      const meta = this.docs.get(id);
      if (!meta) continue;
      if (only && meta.granularity !== only) continue;
      const own = norm(id);
      const moduleScore = norm(`m:${moduleOf(meta)}`);
      let s = own;
      if (meta.granularity === 'module') {
        // A module whose own submodule answers as well is the wrapper, not the answer: the more
        // specific unit comes first.
        const children = this.children.get(moduleOf(meta)) ?? [];
        const specific = Math.max(0, ...children.map((c) => norm(`m:${c}`)));
        s = own + 0.25 * (moduleBest.get(moduleOf(meta)) ?? 0) + 0.4 * (instanceOf.get(meta.module) ?? 0) - SPECIFIC * specific;
      } else if (meta.granularity === 'block') {
        const drivesBest = Math.max(0, ...meta.drives.slice(0, 20).map((t) => signalScore(meta.path, meta.module, t)));
        s = own + DRIVES * drivesBest + CONTEXT * moduleScore;
        s += 0.4 * Math.max(0, ...meta.drives.slice(0, 20).map((t) => named.get(`s:${meta.path}#${meta.module}#${t}`) ?? 0));
      } else {
        s = own + 0.25 * (driverScore.get(id) ?? 0) + CONTEXT * moduleScore;
      }
      s += named.get(id) ?? 0;
      if (meta.granularity !== 'module' && inside.has(moduleOf(meta))) s += INSIDE;
      // The module named as the place is where the answer is, not the answer.
      if (meta.granularity === 'module' && inside.has(moduleOf(meta))) s *= 0.5;
      // An instance is where a module is used: the answer when the question is about that.
      if (meta.item.kind === 'instance' && !q.instances) s *= 0.6;
      if (wanted && !only) s *= meta.granularity === wanted ? 1 : HINT_OTHERS;
      // The grain model's belief, floored as an explicit word's hint is (a wrong guess still shows the rest).
      else if (!wanted && !only && q.grainWeights) s *= Math.max(HINT_OTHERS, q.grainWeights[meta.granularity] ?? 1);
      if (s > 0) out.push([id, s]);
    }
    out.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    return out;
  }

  private materialize(scored: [string, number][]): SearchHit[] {
    const source = this.source ?? EMPTY_SOURCE;
    const hits: SearchHit[] = [];
    for (const [id, score] of scored) {
      const meta = this.docs.get(id);
      if (!meta) continue;
      if (meta.at) {
        const { span, line, endLine, snippet } = meta.at;
        hits.push({ granularity: meta.granularity, path: meta.path, module: meta.module, signal: meta.signal, block: meta.block, span, line, endLine, score: Math.round(score * 1000) / 1000, summary: meta.summary, snippet, key: id, ...(meta.repository !== undefined ? { repository: meta.repository } : {}) });
        continue;
      }
      const unit = unitIn(source, meta.path, meta.module);
      if (!unit) continue;
      const span = spanOf(unit, meta.item);
      if (!span) continue;
      const lines = source.lineIndex(meta.path);
      const line = lines ? lines.line1(span.start) : 1;
      const endLine = lines ? lines.line1(Math.max(span.start, span.end - 1)) : line;
      const text = lines?.text;
      const snippet = text ? snippetOf(text, span, meta.granularity === 'module' ? 3 : 4) : undefined;
      const repository = this.packs.size > 0 ? this.workspaceName : undefined;
      hits.push({ granularity: meta.granularity, path: meta.path, module: meta.module, signal: meta.signal, block: meta.block, span, line, endLine, score: Math.round(score * 1000) / 1000, summary: meta.summary, snippet, key: id, ...(repository !== undefined ? { repository } : {}) });
    }
    return hits;
  }

  /** Markdown for a language model or a colleague: the item, its drivers and loads, the module's ports, who instantiates it. */
  contextPack(key: string): { markdown: string; title: string } | undefined {
    const source = this.source;
    const meta = this.docs.get(key);
    if (!source || !meta) return undefined;
    const [hit] = this.materialize([[key, 0]]);
    if (!hit) return undefined;
    const title = meta.granularity === 'module' ? `module ${meta.module}` : meta.granularity === 'signal' ? `signal ${meta.signal} in ${meta.module}` : `${meta.block} in ${meta.module}`;
    const unit = meta.at ? undefined : unitIn(source, meta.path, meta.module);
    if (!unit) {
      // Another repository's item (from its pack): what the pack keeps, its description, place and snippet.
      if (!meta.at) return undefined;
      const markdown = [`# ${title}`, '', hit.summary, '', `Location: \`${meta.path}:${hit.line}\`${meta.repository ? ` (repository ${meta.repository})` : ''}`, '', '```systemverilog', hit.snippet ?? '', '```', ''].join('\n');
      return { markdown, title };
    }
    const graph = moduleGraph(meta.path, unit);
    const lines = source.lineIndex(meta.path);
    const text = lines?.text ?? '';
    const where = (s: Span) => `${meta.path}:${lines ? lines.line1(s.start) : '?'}`;
    const md: string[] = [`# ${title}`, '', `${hit.summary}`, '', `Location: \`${where(hit.span)}\``, ''];
    const code = text.slice(hit.span.start, hit.span.end);
    const codeLines = code.split('\n');
    md.push('```systemverilog', ...(meta.granularity === 'signal' ? [lineAt(text, hit.span.start)] : codeLines.slice(0, 60)), ...(codeLines.length > 60 && meta.granularity !== 'signal' ? [`// … ${codeLines.length - 60} more lines`] : []), '```', '');
    const signals = meta.granularity === 'signal' ? [meta.signal!] : meta.granularity === 'block' ? [...new Set([...meta.drives, ...meta.reads])].slice(0, 12) : [];
    if (signals.length) {
      md.push('## Drivers and loads', '');
      for (const s of signals) {
        const drivers = (graph.drivers.get(s) ?? []).slice(0, 8);
        const loads = (graph.loads.get(s) ?? []).slice(0, 8);
        const fmt = (e: { from: string; to: string; span: Span; kind: string }, dir: 'from' | 'to') => `\`${dir === 'from' ? e.from || '(constant)' : e.to}\` (${e.kind}, line ${lines ? lines.line1(e.span.start) : '?'}: \`${lineAt(text, e.span.start).trim().slice(0, 100)}\`)`;
        md.push(`- **${s}**${graph.registers.has(s) ? ` (register on ${graph.registers.get(s)!.clock.signal})` : ''}`);
        if (drivers.length) md.push(`  - driven by: ${drivers.map((e) => fmt(e, 'from')).join('; ')}`);
        if (loads.length) md.push(`  - feeds: ${loads.map((e) => fmt(e, 'to')).join('; ')}`);
      }
      md.push('');
    }
    md.push(`## Ports of ${unit.name}`, '', '| direction | name | range | comment |', '|---|---|---|---|');
    for (const p of unit.ports) md.push(`| ${p.direction} | ${p.name} | ${p.range || ''} | ${(p.comment ?? '').replace(/\|/g, '/').replace(/\s+/g, ' ').slice(0, 80)} |`);
    md.push('');
    const parents = source.instantiations(unit.name).slice(0, 10);
    md.push(`## Instantiated by`, '', ...(parents.length ? parents.map((p) => `- \`${p.parent.name}\` as \`${p.instance.name}\` (${p.path})`) : ['- (nothing in the workspace: a top)']), '');
    if (unit.instances.length) md.push('## Instantiates', '', ...unit.instances.slice(0, 20).map((i) => `- \`${i.name}\`: \`${i.module}\``), '');
    return { markdown: md.join('\n'), title };
  }
}

const EMPTY_SOURCE: SearchSource = { allUnits: () => [], unit: () => undefined, instantiations: () => [], text: () => undefined, lineIndex: () => undefined };

/** Where each file's first unit starts: that unit's description takes the file's header comment. */
export function firstUnitStarts(source: SearchSource): Map<string, number> {
  const first = new Map<string, number>();
  for (const { path, unit } of source.allUnits()) first.set(path, Math.min(first.get(path) ?? Infinity, unit.span.start));
  return first;
}

/** What tells a unit changed: its content key, else its shape. */
export function unitContentKey(unit: DesignUnit): string {
  return unit.contentKey ?? `${unit.span.start}:${unit.span.end}:${unit.blocks.length}:${unit.signals.length}`;
}

/** A unit's search documents, and the keys (path#module) of the modules it instantiates. */
export function unitDocs(source: SearchSource, path: string, unit: DesignUnit, text: string | undefined, firstInFile: boolean): { docs: SearchDoc[]; children: string[] } {
  const header = text !== undefined && firstInFile ? leadingComment(text, unit.span.start) : '';
  const docs = describeUnit(path, unit, text, header);
  const kids = new Set<string>();
  for (const i of unit.instances) {
    const ref = source.unit(i.module, path);
    if (ref) kids.add(`${ref.path}#${ref.unit.name}`);
  }
  return { docs, children: [...kids] };
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function unitIn(source: SearchSource, path: string, name: string): DesignUnit | undefined {
  const ref = source.unit(name, path);
  if (ref && ref.path === path && ref.unit.name === name) return ref.unit;
  return source.allUnits().find((r) => r.path === path && r.unit.name === name)?.unit;
}

export function spanOf(unit: DesignUnit, item: ItemRef): Span | undefined {
  switch (item.kind) {
    case 'module':
      return unit.span;
    case 'block':
      return unit.blocks[item.index]?.span;
    case 'instance':
      return unit.instances[item.index]?.span;
    case 'signal':
      return unit.ports.find((p) => p.name === item.name)?.span ?? unit.signals.find((s) => s.name === item.name)?.span;
  }
}

function sameItem(a: ItemRef, b: ItemRef): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'module') return true;
  if (a.kind === 'signal') return a.name === (b as { name: string }).name;
  return a.index === (b as { index: number }).index;
}

function lineAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return text.slice(start, end < 0 ? text.length : end);
}

export function snippetOf(text: string, span: Span, maxLines: number): string {
  const start = text.lastIndexOf('\n', span.start - 1) + 1;
  const body = text.slice(start, Math.min(span.end, start + 2000));
  const lines = body.split('\n').slice(0, maxLines);
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length));
  return lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0).trimEnd()).join('\n');
}

/** The item under a position: a signal name, else the innermost block or instance, else the module. */
function itemAt(source: SearchSource, path: string, offset: number): { path: string; unit: DesignUnit; item: ItemRef } | undefined {
  const unit = source.allUnits().find((r) => r.path === path && r.unit.span.start <= offset && offset <= r.unit.span.end && (r.unit.kind === 'module' || r.unit.kind === 'interface'))?.unit;
  if (!unit) return undefined;
  const text = source.text(path);
  if (text) {
    let s = offset;
    let e = offset;
    while (s > 0 && /[A-Za-z0-9_$]/.test(text[s - 1])) s--;
    while (e < text.length && /[A-Za-z0-9_$]/.test(text[e])) e++;
    const word = text.slice(s, e);
    const onHeaderName = unit.nameSpan.start <= offset && offset <= unit.nameSpan.end;
    if (!onHeaderName && word && (unit.ports.some((p) => p.name === word) || unit.signals.some((x) => x.name === word && (x.kind === 'net' || x.kind === 'variable')))) return { path, unit, item: { kind: 'signal', name: word } };
  }
  let best: { item: ItemRef; size: number } | undefined;
  unit.blocks.forEach((b, index) => {
    if (b.kind === 'initial' || b.kind === 'final') return;
    if (b.span.start <= offset && offset <= b.span.end && (!best || b.span.end - b.span.start < best.size)) best = { item: { kind: 'block', index }, size: b.span.end - b.span.start };
  });
  unit.instances.forEach((i, index) => {
    if (i.span.start <= offset && offset <= i.span.end && (!best || i.span.end - i.span.start < best.size)) best = { item: { kind: 'instance', index }, size: i.span.end - i.span.start };
  });
  return { path, unit, item: best?.item ?? { kind: 'module' } };
}

/** What /\(([^)]+)\)$/ captures (the text of a closing parenthesised group), without rescanning runs of '('. */
export function parenthesisedTail(text: string): string | undefined {
  if (!text.endsWith(')')) return undefined;
  const open = text.indexOf('(', text.lastIndexOf(')', text.length - 2) + 1);
  return open >= 0 && open < text.length - 2 ? text.slice(open + 1, -1) : undefined;
}
