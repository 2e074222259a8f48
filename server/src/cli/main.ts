import * as path from 'node:path';
import * as fs from 'node:fs';
import { normalizePath, relativePath, severityOf, type Span } from '../base';
import { fileProblems } from '../ide';
import { CalibrationError, type CalibrationReport, calibrateTo, type Characterization, characterize, estimateModule, fmaxMhz, parseSamples, type PpaContext, registerOverhead, SynthesisError, synthesizeModule, type Target, TimeoutError } from '../analyses/ppa';
import { loadPpaModel, resolveTarget, TargetError } from '../workers/ppaHost';
import { YosysPool } from '../workers/synthesis';
import { engineProblem } from '../workers/engine';
import { hierarchy, type HierarchyNode, tops, trace } from '../graph';
import { findProjectFiles, loadProject, repositoryCacheName, Snapshot, Workspace, workspaceProject } from '../workspace';
import { ask, repositoryName, type SearchHit, SearchIndex } from '../analyses/search';
import { type DesignScript, designScript } from '../analyses/recipes';
import { openSearchRepository } from '../workers/searchRepository';
import { indexWorkspace } from '../workers/indexer';
import { loadNodeGrammar, nodeFileSystem } from '../workers/host';

/**
 * The rtlens command line (contract in docs/CLI.md): the same core the server uses, JSON out.
 * A user error prints one line on stderr and exits 1; never a stack trace.
 */
class UsageError extends Error {}

interface Parsed {
  positional: string[];
  flags: Map<string, string[]>;
}

function parseArgs(argv: string[]): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  const valueFlags = new Set(['--include-dir', '--define', '--top', '--module', '--signal', '--depth', '--liberty', '--target', '--budget', '--k', '--workers', '--cache', '--min-severity', '--fail-on', '--timeout', '--calibrate', '--granularity', '--project', '--repository', '--cache-dir', '--time-budget', '--saved', '--proof-timeout', '--packs', '--max-chars']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(0, eq) : a;
      let value = eq > 0 ? a.slice(eq + 1) : 'true';
      if (eq < 0 && valueFlags.has(name)) {
        if (i + 1 >= argv.length) throw new UsageError(`${name} needs a value`);
        value = argv[++i];
      }
      flags.set(name, [...(flags.get(name) ?? []), value]);
    } else positional.push(a);
  }
  return { positional, flags };
}

const USAGE = `usage: rtlens <command> [options]
  lsp --stdio                         run the language server on stdio
  index DIR [--include-dir D]... [--define NAME[=VAL]]... [--json] [--cache FILE]
                                      index every HDL file under DIR
  --project FILE (any command reading a DIR)
                                      a filelist (.f/.vc/.flist), FuseSoC .core or Bender.yml: its include
                                      folders, macros and file order; $VARs from the environment
  hierarchy DIR [--top M] [--json]    instance tree under M (default: every top)
  trace DIR --module M --signal S (--drivers|--loads) [--depth N] [--json]
                                      signals driving or loaded by S, across instances
  ppa PATH [--top M] [--exact] [--target generic|ice40|ecp5|xilinx|gowin] [--liberty FILE] [--calibrate RESULTS] [--json]
                                      area, delay, logic levels and latency per module: the fast
                                      estimate, or real synthesis (Yosys + ABC) with --exact
  check DIR [--json] [--min-severity error|warning|information|hint] [--fail-on error|warning]
                                      every diagnostic of every file, as the editor shows them;
                                      with --fail-on, exit 3 when one of that severity or worse is found
  search DIR QUERY [--k N] [--granularity module|block|signal] [--repository OTHER]... [--cache-dir D] [--json]
                                      modules, blocks and signals answering a question in words
                                      ("where is the instruction decoder"), best first
  ask DIR QUESTION [--k N] [--packs N] [--max-chars N] [--json]
                                      what the @rtlens chat participant sends a language model: the
                                      best hits, the context packs of the first few, and the prompt
  recipe PATH --top M [--budget N] [--liberty FILE] [--timeout S] [--time-budget S] [--json]
                                      the ABC recipe (balance, rewrite, refactor, resub ...) with the best
                                      area x delay for M, found by a search seeded from similar designs,
                                      proven equivalent with cec, against resyn2 and Yosys's default flow
  suggest PATH [--top M] [--check] [--target NAME] [--liberty FILE] [--timeout S] [--proof-timeout S] [--json]
                                      PPA-aware rewrites (shared operators, narrowed counters, dropped
                                      resets, latch defaults, pipeline registers) with estimated figures
                                      before and after; --check proves each equivalent (Yosys + ABC) and
                                      synthesizes both versions`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'lsp': {
        // Imported lazily: the language server's modules are only needed here.
        const [{ startServer }, { nodeHost }, { createConnection, ProposedFeatures }, { loadNodeGrammar }] = await Promise.all([import('../lsp/server'), import('../lsp/nodeHost'), import('vscode-languageserver/node'), import('../workers/host')]);
        startServer(createConnection(ProposedFeatures.all), { host: nodeHost, grammar: loadNodeGrammar });
        return -1;
      }
      case 'index':
        return await indexCommand(parseArgs(rest));
      case 'hierarchy':
        return await hierarchyCommand(parseArgs(rest));
      case 'check':
        return await checkCommand(parseArgs(rest));
      case 'ppa':
        return await ppaCommand(parseArgs(rest));
      case 'trace':
        return await traceCommand(parseArgs(rest));
      case 'search':
        return await searchCommand(parseArgs(rest));
      case 'ask':
        return await askCommand(parseArgs(rest));
      case 'suggest':
        return await suggestCommand(parseArgs(rest));
      case 'recipe':
        return await recipeCommand(parseArgs(rest));
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(USAGE + '\n');
        return command === undefined ? 1 : 0;
      default:
        throw new UsageError(`unknown command '${command}' (try rtlens --help)`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`rtlens: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`rtlens: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

function defines(parsed: Parsed): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of parsed.flags.get('--define') ?? []) {
    const eq = d.indexOf('=');
    if (eq < 0) out[d] = '';
    else out[d.slice(0, eq)] = d.slice(eq + 1);
  }
  return out;
}

async function openWorkspace(parsed: Parsed, command: string, dirOverride?: string, cacheFile?: string) {
  const dir = dirOverride ?? parsed.positional[0];
  if (!dir) throw new UsageError(`${command} needs a directory`);
  const root = normalizePath(path.resolve(dir));
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`not a directory: ${dir}`);
  const grammar = await loadNodeGrammar();
  const includeDirs = (parsed.flags.get('--include-dir') ?? []).map((d) => normalizePath(path.resolve(d)));
  const project = projectOf(parsed, root);
  const workspace = new Workspace(nodeFileSystem, grammar, { roots: [root], includeDirs, defines: defines(parsed), project });
  const stats = await indexWorkspace(workspace, { cacheFile: parsed.flags.get('--cache')?.[0] ?? cacheFile, workers: workersOf(parsed) });
  return { root, workspace, stats };
}

/** `--workers N`, when given. */
function workersOf(parsed: Parsed): number | undefined {
  return parsed.flags.has('--workers') ? Number(parsed.flags.get('--workers')![0]) : undefined;
}

/** `--project FILE`: read, its problems on stderr (one line each), the rest of the run goes on. */
function projectOf(parsed: Parsed, root: string) {
  const file = parsed.flags.get('--project')?.[0];
  if (file === undefined) return undefined;
  const absolute = normalizePath(path.resolve(file));
  if (!fs.existsSync(absolute) || !fs.statSync(absolute).isFile()) throw new UsageError(`no project file ${file}`);
  // Dependencies of a core or a Bender manifest are looked up among the workspace's ones.
  const list = (dir: string) => { try { return fs.readdirSync(dir, { withFileTypes: true }).map((e) => ({ name: e.name, folder: e.isDirectory() })); } catch { return undefined; } };
  const found = absolute.endsWith('.core') || absolute.endsWith('/Bender.yml') ? findProjectFiles([root], list) : [];
  const cores = found.filter((c) => c.endsWith('.core'));
  const manifests = found.filter((c) => c.endsWith('/Bender.yml'));
  const config = loadProject(nodeFileSystem, absolute, { root, env: process.env, cores, manifests, folderExists: (p) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false });
  for (const p of config.problems) process.stderr.write(`rtlens: ${relativePath(root, p.path)}${p.line ? `:${p.line}` : ''}: ${p.message}\n`);
  return workspaceProject(config);
}

function lineOf(snapshot: Snapshot, file: string, offset: number): number {
  return snapshot.lineIndex(file)?.line1(offset) ?? 1;
}

function lines(snapshot: Snapshot, file: string, span: Span): { start: number; end: number } {
  return { start: lineOf(snapshot, file, span.start), end: lineOf(snapshot, file, Math.max(span.start, span.end - 1)) };
}

function output(parsed: Parsed, json: unknown, text: () => string): void {
  process.stdout.write(parsed.flags.has('--json') ? JSON.stringify(json) + '\n' : text());
}

async function hierarchyCommand(parsed: Parsed): Promise<number> {
  const { root, workspace } = await openWorkspace(parsed, 'hierarchy');
  const snapshot = new Snapshot(workspace);
  const wanted = parsed.flags.get('--top')?.[0];
  const topNames = wanted ? [wanted] : tops(snapshot).map((t) => t.unit.name).sort();
  if (wanted && !snapshot.unit(wanted)) throw new UsageError(`no module named '${wanted}' in ${parsed.positional[0]}`);
  if (topNames.length === 0) throw new UsageError('no top module found (every module is instantiated somewhere); pass --top');
  const render = (node: HierarchyNode, parentFile: string | undefined): unknown => ({
    name: node.name,
    module: node.module,
    file: parentFile ? relativePath(root, parentFile) : undefined,
    line: parentFile ? lineOf(snapshot, parentFile, node.span.start) : undefined,
    ...(Object.keys(node.params).length > 0 ? { params: node.params } : {}),
    ...(node.recursive ? { recursive: true } : {}),
    ...(node.unresolved ? { unresolved: true } : {}),
    ...(node.notUnrolled ? { notUnrolled: node.notUnrolled } : {}),
    ...(node.truncated ? { truncated: true } : {}),
    instances: node.instances.map((child) => render(child, child.path)),
  });
  const trees = topNames.map((name) => {
    const tree = hierarchy(snapshot, name)!;
    const ref = snapshot.unit(name)!;
    return {
      module: name,
      file: relativePath(root, ref.path),
      line: lineOf(snapshot, ref.path, ref.unit.nameSpan.start),
      ...(Object.keys(tree.params).length > 0 ? { params: tree.params } : {}),
      instances: tree.instances.map((child) => render(child, ref.path)),
    };
  });
  const text = () => {
    const out: string[] = [];
    const walk = (node: { name?: string; module: string; instances: unknown[] }, depth: number) => {
      out.push(`${'  '.repeat(depth)}${node.name ? `${node.name}: ` : ''}${node.module}`);
      for (const child of node.instances as { name: string; module: string; instances: unknown[] }[]) walk(child, depth + 1);
    };
    for (const t of trees) walk(t, 0);
    return out.join('\n') + '\n';
  };
  output(parsed, wanted ? trees[0] : trees.length === 1 ? trees[0] : trees, text);
  workspace.dispose();
  return 0;
}

async function traceCommand(parsed: Parsed): Promise<number> {
  const moduleName = parsed.flags.get('--module')?.[0];
  const signal = parsed.flags.get('--signal')?.[0];
  if (!moduleName || !signal) throw new UsageError('trace needs --module M and --signal S');
  const drivers = parsed.flags.has('--drivers');
  if (drivers === parsed.flags.has('--loads')) throw new UsageError('trace needs exactly one of --drivers and --loads');
  const depth = Number(parsed.flags.get('--depth')?.[0] ?? 1);
  if (!Number.isInteger(depth) || depth < 1) throw new UsageError('--depth must be a positive integer');
  const { root, workspace } = await openWorkspace(parsed, 'trace');
  const snapshot = new Snapshot(workspace);
  const unit = snapshot.unit(moduleName);
  if (!unit) throw new UsageError(`no module named '${moduleName}'`);
  const u = unit.unit;
  if (!u.ports.some((p) => p.name === signal) && !u.signals.some((s) => s.name === signal) && !u.params.some((p) => p.name === signal)) {
    throw new UsageError(`module '${moduleName}' has no signal '${signal}'`);
  }
  const steps = trace(snapshot, moduleName, signal, drivers ? 'drivers' : 'loads', depth);
  const result = steps.map((step) => ({
    module: step.module,
    signal: step.signal,
    file: relativePath(root, step.path),
    line: lineOf(snapshot, step.path, step.span.start),
    instance: step.instance,
    via: { kind: step.via.kind, file: relativePath(root, step.via.path), ...lines(snapshot, step.via.path, step.via.span) },
  }));
  output(parsed, result, () => result.map((r) => `${r.instance ? `${r.instance}: ` : ''}${r.module}.${r.signal}  ${r.file}:${r.line}  via ${r.via.kind} ${r.via.file}:${r.via.start}\n`).join(''));
  workspace.dispose();
  return 0;
}

async function indexCommand(parsed: Parsed): Promise<number> {
  const { workspace, stats } = await openWorkspace(parsed, 'index');
  let modules = 0;
  let parseErrorFiles = 0;
  for (const { summary } of workspace.summaries()) {
    modules += summary.units.filter((u) => u.kind === 'module').length;
    if (summary.problems.some((p) => p.code === 'syntax-error' || p.code === 'missing-token')) parseErrorFiles++;
  }
  const result = { files: stats.files, lines: stats.lines, modules, parseErrorFiles, ms: stats.ms, fromCache: stats.fromCache, workers: stats.workers };
  if (parsed.flags.has('--json')) process.stdout.write(JSON.stringify(result) + '\n');
  else process.stdout.write(`${result.files} files, ${result.lines} lines, ${result.modules} modules, ${result.parseErrorFiles} with parse errors, ${result.ms} ms\n`);
  workspace.dispose();
  return 0;
}

/**
 * PPA per module (docs/CLI.md): estimates by default, real synthesis with --exact. PATH is a folder
 * (every module in it) or a file (the modules it defines; its folder is the workspace).
 */
async function ppaCommand(parsed: Parsed): Promise<number> {
  const target = (() => {
    try {
      return resolveTarget(parsed.flags.get('--target')?.[0], parsed.flags.get('--liberty')?.[0]);
    } catch (error) {
      if (error instanceof TargetError) throw new UsageError(error.message);
      throw error;
    }
  })();
  const given = parsed.positional[0];
  if (!given) throw new UsageError('ppa needs a file or a directory');
  const absolute = path.resolve(given);
  if (!fs.existsSync(absolute)) throw new UsageError(`no such file or directory: ${given}`);
  const isFile = fs.statSync(absolute).isFile();
  const { root, workspace } = await openWorkspace(parsed, 'ppa', isFile ? path.dirname(absolute) : absolute);
  const snapshot = new Snapshot(workspace);
  const only = parsed.flags.get('--top')?.[0];
  const file = isFile ? normalizePath(absolute) : undefined;
  const units = snapshot
    .allUnits()
    .filter((r) => r.unit.kind === 'module' && (!only || r.unit.name === only) && (!file || r.path === file))
    .sort((a, b) => a.path.localeCompare(b.path) || a.unit.span.start - b.unit.span.start);
  if (only && units.length === 0) throw new UsageError(`no module named '${only}' in ${given}`);
  const ctx: PpaContext = { access: snapshot, target, model: loadPpaModel(), root, defines: defines(parsed) };
  // A user liberty: the estimate is carried into its units by synthesizing the reference circuits once.
  let library: Characterization | undefined;
  if (target.kind === 'asic' && !target.builtIn) {
    const problem = engineProblem();
    if (problem) process.stderr.write(`rtlens: estimates stay in the built-in library's units (${problem})\n`);
    else {
      const started = Date.now();
      const refs = new YosysPool(2);
      try {
        library = await characterize(target, resolveTarget('generic', undefined), refs, { timeoutMs: 60000 });
        ctx.library = library;
        process.stderr.write(`rtlens: ${target.libertyFile} characterized on ${library.circuits} reference circuits in ${((Date.now() - started) / 1000).toFixed(1)} s: area x${library.area.toFixed(3)}, delay x${library.delay.toFixed(3)} of the built-in library's\n`);
      } catch (error) {
        process.stderr.write(`rtlens: could not characterize ${target.libertyFile} (${error instanceof Error ? error.message : String(error)}); estimates stay in the built-in library's units\n`);
      } finally {
        await refs.dispose();
      }
    }
  }
  const calibrationFile = parsed.flags.get('--calibrate')?.[0];
  let calibration: CalibrationReport | undefined;
  if (calibrationFile) {
    let text: string;
    try {
      text = fs.readFileSync(calibrationFile, 'utf8');
    } catch {
      throw new UsageError(`cannot read ${calibrationFile}`);
    }
    try {
      calibration = calibrateTo(ctx, parseSamples(text, calibrationFile), file);
    } catch (error) {
      if (error instanceof CalibrationError) throw new UsageError(`${calibrationFile}: ${error.message}`);
      throw error;
    }
    if (calibration.used === 0) throw new UsageError(`${calibrationFile}: no result names a module of ${given}`);
    ctx.calibration = calibration.calibration;
  }
  const exact = parsed.flags.has('--exact');
  const timeoutMs = Number(parsed.flags.get('--timeout')?.[0] ?? 120) * 1000;
  const pool = exact ? new YosysPool(Math.max(1, Math.min(2, units.length))) : undefined;
  const overhead = target.kind === 'asic' ? registerOverhead(target.liberty) : undefined;
  const fpga = target.kind === 'fpga';
  try {
    // Progress on stderr for a large workspace: a line per tenth of the modules.
    let estimatedCount = 0;
    let synthesizedCount = 0;
    const step = Math.max(50, Math.ceil(units.length / 10));
    const progress = (what: string, count: number) => {
      if (units.length >= 100 && (count % step === 0 || count === units.length)) process.stderr.write(`rtlens: ${what} ${count}/${units.length} modules\n`);
    };
    const modules = await Promise.all(
      units.map(async (ref) => {
        const where = { module: ref.unit.name, file: relativePath(root, ref.path), line: lineOf(snapshot, ref.path, ref.unit.nameSpan.start) };
        const { estimate, latency, reason } = estimateModule(ctx, ref.path, ref.unit);
        progress('estimated', ++estimatedCount);
        const latencyCycles = latency?.max ?? 0;
        const latencyMin = latency?.min ?? 0;
        const sequential = latencyCycles > 0 || (estimate?.ffs ?? 0) > 0;
        const estimated = estimate
          ? {
              kind: 'estimate' as const,
              ...(fpga ? { luts: estimate.luts } : { cells: estimate.cells, areaUm2: estimate.areaUm2 }),
              ffs: estimate.ffs,
              logicLevels: estimate.logicLevels,
              ...(fpga ? {} : { delayNs: estimate.delayNs }),
              latencyCycles,
              latencyMinCycles: latencyMin,
              errorPct: estimate.errorPct.area,
              delayErrorPct: estimate.errorPct.delay,
            }
          : undefined;
        if (!exact || !pool) return { ...where, ...(estimated ?? { kind: 'estimate', latencyCycles, latencyMinCycles: latencyMin, error: reason }) };
        try {
          // The module of this file: its own copy and what its file sees first, not another file's module of the same name.
          const result = await synthesizeModule(ctx, ref.unit.name, pool, { timeoutMs, from: ref.path }).finally(() => progress('synthesized', ++synthesizedCount));
          const f = result.figures;
          const fmax = sequential ? fmaxMhz(f.delayNs, overhead) : undefined;
          return {
            ...where,
            kind: 'synthesized' as const,
            cells: f.cells,
            ...(fpga ? { luts: f.luts, brams: f.brams, dsps: f.dsps } : { areaUm2: f.areaUm2, delayNs: f.delayNs }),
            ffs: f.ffs,
            logicLevels: f.logicLevels,
            latencyCycles,
            latencyMinCycles: latencyMin,
            ...(fmax !== undefined ? { fmaxMhz: fmax } : {}),
            ...(f.startPoint ? { criticalPath: { from: f.startPoint, to: f.endPoint } } : {}),
            ...(f.unmapped ? { warning: `not mapped to ${target.name} cells, so left out of area and delay: ${Object.entries(f.unmapped).map(([t, n]) => `${n} x ${t}`).join(', ')}` } : {}),
            ...(f.reader ? { reader: f.reader } : {}),
            ms: result.ms,
          };
        } catch (error) {
          if (!(error instanceof SynthesisError) && !(error instanceof TimeoutError)) throw error;
          // The estimate still stands, with what failed.
          return { ...where, ...(estimated ?? { kind: 'estimate', latencyCycles, latencyMinCycles: latencyMin }), error: error.message };
        }
      }),
    );
    const result = { target: target.name, ...(library ? { library: { area: Math.round(library.area * 1000) / 1000, delay: Math.round(library.delay * 1000) / 1000, circuits: library.circuits } } : {}), ...(calibration ? { calibration: { samples: calibration.used, unmatched: calibration.unmatched, errors: calibration.errors } } : {}), modules };
    output(parsed, result, () =>
      modules
        .map((m) => {
          const r = m as Record<string, unknown>;
          const size = r.luts !== undefined ? `${r.luts} LUTs` : r.cells !== undefined ? `${r.cells} cells` : '';
          const area = r.areaUm2 !== undefined ? ` · ${r.areaUm2} um2` : '';
          const delay = r.delayNs !== undefined ? ` · ${r.delayNs} ns` : '';
          const tag = r.kind === 'estimate' ? `estimate ±${r.errorPct ?? '?'}%` : 'synthesized';
          return `${m.module} (${m.file}:${m.line})  ${size}${area}${delay} · ${r.ffs ?? '?'} FFs · ${r.logicLevels ?? '?'} levels · ${m.latencyCycles} cycles  [${tag}]${r.error ? `  ${r.error}` : ''}${r.warning ? `  (${r.warning})` : ''}\n`;
        })
        .join(''),
    );
  } finally {
    await pool?.dispose();
    workspace.dispose();
  }
  return 0;
}

const SEVERITIES = ['error', 'warning', 'information', 'hint'] as const;

function severityFlag(parsed: Parsed, flag: string, fallback: (typeof SEVERITIES)[number] | undefined): number | undefined {
  const value = parsed.flags.get(flag)?.[0] ?? fallback;
  if (value === undefined) return undefined;
  const rank = SEVERITIES.indexOf(value as (typeof SEVERITIES)[number]);
  if (rank < 0) throw new UsageError(`${flag} must be one of ${SEVERITIES.join(', ')}`);
  return rank;
}

async function checkCommand(parsed: Parsed): Promise<number> {
  const minimum = severityFlag(parsed, '--min-severity', 'information')!;
  const failOn = severityFlag(parsed, '--fail-on', undefined);
  const { root, workspace } = await openWorkspace(parsed, 'check');
  const snapshot = new Snapshot(workspace);
  const result: { file: string; line: number; endLine: number; severity: string; code: string; message: string }[] = [];
  for (const file of [...workspace.paths()].sort()) {
    for (const p of fileProblems(snapshot, file)) {
      const severity = severityOf(p);
      if (SEVERITIES.indexOf(severity) > minimum) continue;
      const where = lines(snapshot, file, p.span);
      result.push({ file: relativePath(root, file), line: where.start, endLine: where.end, severity, code: p.code, message: p.message });
    }
  }
  result.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.code.localeCompare(b.code));
  output(parsed, result, () => result.map((r) => `${r.file}:${r.line}: ${r.severity}: ${r.message} [${r.code}]\n`).join(''));
  // Without --json a closing count on stderr (stdout stays one problem per line), so a clean run says so.
  if (!parsed.flags.has('--json')) {
    const files = [...workspace.paths()].length;
    const counts = SEVERITIES.map((s) => [s, result.filter((r) => r.severity === s).length] as const).filter(([, n]) => n > 0);
    process.stderr.write(`rtlens: ${files} file${files === 1 ? '' : 's'} checked: ${counts.length === 0 ? 'no problems' : counts.map(([s, n]) => `${n} ${s}${n === 1 || s === 'information' ? '' : 's'}`).join(', ')}\n`);
  }
  workspace.dispose();
  return failOn !== undefined && result.some((r) => SEVERITIES.indexOf(r.severity as (typeof SEVERITIES)[number]) <= failOn) ? 3 : 0;
}

if (require.main === module) {
  // Output piped into `head` and closed early: stop quietly, as Unix tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  void main(process.argv.slice(2)).then((code) => {
    if (code >= 0) process.exitCode = code;
  });
}

/**
 * Semantic search (docs/CLI.md): `rtlens search DIR QUERY [--k N] [--repository OTHER]... [--cache-dir D] --json`,
 * best first. Other repositories are opened as packs (indexed each in a workspace of its own,
 * described, the workspace let go) and searched with DIR in one index; with --cache-dir each
 * repository's pack (and DIR's summary cache) is kept there and reused while its files are as
 * they were.
 */
async function searchCommand(parsed: Parsed): Promise<number> {
  const [dir, ...words] = parsed.positional;
  const query = words.join(' ');
  if (!dir) throw new UsageError('search needs a directory and a query');
  const k = Number(parsed.flags.get('--k')?.[0] ?? 10);
  if (!Number.isInteger(k) || k < 1) throw new UsageError('--k must be a positive integer');
  const granularity = parsed.flags.get('--granularity')?.[0];
  if (granularity !== undefined && !['module', 'block', 'signal'].includes(granularity)) throw new UsageError('--granularity must be module, block or signal');
  const others = (parsed.flags.get('--repository') ?? []).map((d) => {
    const root = normalizePath(path.resolve(d));
    if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`not a directory: ${d}`);
    return root;
  });
  const cacheDir = parsed.flags.get('--cache-dir')?.[0];
  if (cacheDir !== undefined) fs.mkdirSync(cacheDir, { recursive: true });
  const packOf = (root: string) => (cacheDir !== undefined ? path.join(cacheDir, repositoryCacheName(root)) : undefined);
  const dirRoot = normalizePath(path.resolve(dir));
  const { root, workspace } = await openWorkspace(parsed, 'search', dir, cacheDir !== undefined ? `${packOf(dirRoot)}.summaries.json` : undefined);
  const rootOf = new Map<string, string>([[repositoryName(root, new Set()), root]]);
  try {
    const index = new SearchIndex();
    const grammar = others.length > 0 ? await loadNodeGrammar() : undefined;
    for (const other of others) {
      const name = repositoryName(other, new Set(rootOf.keys()));
      rootOf.set(name, other);
      const opened = await openSearchRepository(other, { name, packFile: packOf(other), grammar: grammar!, workers: workersOf(parsed) });
      if (opened) index.attach(opened.pack);
    }
    index.update(new Snapshot(workspace));
    const answer = index.search(query, { k, granularity: granularity as 'module' | 'block' | 'signal' | undefined });
    if (answer.message && answer.hits.length === 0 && /^(Empty query|No searchable)/.test(answer.message)) throw new UsageError(answer.message);
    const result = answer.hits.map((h) => {
      const home = h.repository ?? [...rootOf.keys()][0];
      return { ...hitRow(h, rootOf.get(home) ?? root), ...(h.snippet ? { snippet: h.snippet } : {}), ...(rootOf.size > 1 ? { repository: home } : {}) };
    });
    if (answer.message) process.stderr.write(`rtlens: ${answer.message}\n`);
    output(parsed, result, () => result.map((r) => `${r.score.toFixed(2)}  ${r.granularity.padEnd(6)}  ${'repository' in r ? `${r.repository}: ` : ''}${r.file}:${r.start}  ${r.summary}\n`).join(''));
    return 0;
  } finally {
    workspace.dispose();
  }
}

/** A search hit as `rtlens search` and `rtlens ask` print it (docs/CLI.md), its file relative to `root`. */
function hitRow(h: SearchHit, root: string) {
  return {
    granularity: h.granularity,
    file: relativePath(root, h.path),
    module: h.module,
    ...(h.granularity === 'signal' && h.signal ? { signal: h.signal } : {}),
    ...(h.block ? { block: h.block } : {}),
    start: h.line,
    end: h.endLine,
    score: h.score,
    summary: h.summary,
  };
}

/**
 * A question with its context for a language model (docs/CLI.md): `rtlens ask DIR QUESTION --json`.
 * The prompt on stdout as text; with --json the hits, the context packs and the prompt.
 */
async function askCommand(parsed: Parsed): Promise<number> {
  const [dir, ...words] = parsed.positional;
  const question = words.join(' ');
  if (!dir || !question.trim()) throw new UsageError('ask needs a directory and a question');
  const number = (flag: string, min: number) => {
    const raw = parsed.flags.get(flag)?.[0];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} must be an integer of at least ${min}`);
    return n;
  };
  const options = { k: number('--k', 1), packs: number('--packs', 0), maxChars: number('--max-chars', 1) };
  const { root, workspace } = await openWorkspace(parsed, 'ask', dir);
  try {
    const index = new SearchIndex();
    index.update(new Snapshot(workspace));
    const answer = ask(index, question, options);
    if (answer.answer.message && answer.answer.hits.length === 0 && /^(Empty query|No searchable)/.test(answer.answer.message)) throw new UsageError(answer.answer.message);
    if (answer.answer.message) process.stderr.write(`rtlens: ${answer.answer.message}\n`);
    const hits = answer.answer.hits.map((h) => hitRow(h, root));
    output(parsed, { question: answer.question, hits, context: answer.context, prompt: answer.prompt, clipped: answer.clipped }, () => `${answer.prompt}\n`);
    return 0;
  } finally {
    workspace.dispose();
  }
}

/**
 * Synthesis-recipe recommendation (docs/CLI.md): `rtlens recipe PATH --top M [--budget N] [--liberty FILE] --json`.
 * Real Yosys + ABC through a one-worker pool; each Yosys run is bounded by --timeout (seconds).
 */
async function recipeCommand(parsed: Parsed): Promise<number> {
  const { recommendRecipe } = await import('../analyses/recipes');
  const { loadRecipeKnowledge } = await import('../workers/recipeHost');
  const given = parsed.positional[0];
  const top = parsed.flags.get('--top')?.[0];
  if (!given || !top) throw new UsageError('recipe needs a file or a directory and --top M');
  const budget = Number(parsed.flags.get('--budget')?.[0] ?? 20);
  if (!Number.isInteger(budget) || budget < 1 || budget > 1000) throw new UsageError('--budget must be an integer from 1 to 1000');
  const timeoutMs = Number(parsed.flags.get('--timeout')?.[0] ?? 120) * 1000;
  if (!(timeoutMs > 0)) throw new UsageError('--timeout must be a positive number of seconds');
  const timeBudgetText = parsed.flags.get('--time-budget')?.[0];
  const timeBudgetMs = timeBudgetText === undefined ? undefined : Number(timeBudgetText) * 1000;
  if (timeBudgetMs !== undefined && !(timeBudgetMs > 0)) throw new UsageError('--time-budget must be a positive number of seconds');
  const target = (() => {
    try {
      return resolveTarget(undefined, parsed.flags.get('--liberty')?.[0]);
    } catch (error) {
      if (error instanceof TargetError) throw new UsageError(error.message);
      throw error;
    }
  })();
  const absolute = path.resolve(given);
  if (!fs.existsSync(absolute)) throw new UsageError(`no such file or directory: ${given}`);
  const isFile = fs.statSync(absolute).isFile();
  const { root, workspace } = await openWorkspace(parsed, 'recipe', isFile ? path.dirname(absolute) : absolute);
  const snapshot = new Snapshot(workspace);
  // A file names its own copy of the top (several files may declare it); a folder, any one.
  const from = isFile ? normalizePath(absolute) : undefined;
  if (!snapshot.unit(top, from)) {
    workspace.dispose();
    throw new UsageError(`no module named '${top}' in ${given}`);
  }
  if (parsed.flags.has('--design-script')) {
    try {
      return designScriptCommand(parsed, snapshot, top, target, root, from, isFile ? path.dirname(absolute) : absolute);
    } finally {
      workspace.dispose();
    }
  }
  const pool = new YosysPool(1);
  try {
    const result = await recommendRecipe({ access: snapshot, target, knowledge: loadRecipeKnowledge(), root, defines: defines(parsed) }, top, pool, { budget, timeoutMs, from, ...(timeBudgetMs !== undefined ? { timeBudgetMs } : {}) });
    if (result.note) process.stderr.write(`rtlens: ${result.note}\n`);
    if (result.partial) process.stderr.write(`rtlens: ${result.partial}\n`);
    const figures = (q: { area: number; delayPs: number; adp: number; ands: number; levels: number }) => ({ area: q.area, delayPs: q.delayPs, adp: Math.round(q.adp * 100) / 100, ands: q.ands, levels: q.levels });
    const json = {
      module: result.module,
      recipe: result.recipe,
      mapping: result.mapping,
      qor: figures(result.qor),
      baseline: {
        resyn2: figures(result.baseline.resyn2),
        ...(result.baseline.resyn2Map ? { resyn2Map: figures(result.baseline.resyn2Map) } : {}),
        ...(result.baseline.yosysDefault ? { yosysDefault: figures(result.baseline.yosysDefault) } : {}),
      },
      evaluations: result.evaluations,
      equivalent: result.equivalent,
      ms: result.ms,
      target: result.target,
      aig: result.aig,
      ...(result.note ? { note: result.note } : {}),
      ...(result.partial ? { partial: result.partial } : {}),
      neighbours: result.neighbours,
      alpha: result.alpha,
      yosysRuns: result.yosysRuns,
      recommended: result.recommended,
      verdict: result.verdict,
      script: result.script,
      abcScript: result.abcScript,
      yosysScript: result.yosysScript,
      yosysFlow: result.yosysFlow,
      liberty: result.liberty,
    };
    const ratio = (q: { adp: number } | undefined) => (q ? `${(result.qor.adp / q.adp).toFixed(3)}x` : '?');
    output(parsed, json, () =>
      [
        `${result.module}: ${result.recommended === 'yosys-default' ? "Yosys's default flow" : `${result.recipe.join('; ')}, mapped with ${result.mapping}`}`,
        `  ${result.verdict}`,
        `  area ${result.qor.area} · delay ${result.qor.delayPs} ps · ${result.qor.ands} ANDs · ${result.qor.levels} levels · ADP ${ratio(result.baseline.resyn2)} resyn2, ${ratio(result.baseline.resyn2Map)} resyn2 + map, ${ratio(result.baseline.yosysDefault)} Yosys default`,
        `  ${result.evaluations} evaluations in ${result.yosysRuns} Yosys runs, ${result.ms} ms; ${result.equivalent ? 'proven equivalent (cec)' : 'NOT proven equivalent'}`,
        '',
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    if (error instanceof SynthesisError || error instanceof TimeoutError) throw new UsageError(`${top}: ${error.message}`);
    throw error;
  } finally {
    await pool.dispose();
    workspace.dispose();
  }
}

/**
 * `rtlens recipe PATH --top M --design-script [--saved FILE] [--liberty FILE] [--json]`: the whole
 * design as a Yosys script with the saved recipes in it (one abc call per module that has one).
 * Saved recipes come from --saved (a JSON object module -> items, or a VS Code settings file
 * holding rtlens.recipes.saved), by default the folder's .vscode/settings.json.
 */
function designScriptCommand(parsed: Parsed, snapshot: Snapshot, top: string, target: Target, root: string, from: string | undefined, folder: string): number {
  const savedFile = parsed.flags.get('--saved')?.[0] ?? path.join(folder, '.vscode', 'settings.json');
  let saved: Record<string, unknown> = {};
  if (fs.existsSync(savedFile)) {
    let parsedJson: unknown;
    try {
      parsedJson = JSON.parse(withoutJsonComments(fs.readFileSync(savedFile, 'utf8')));
    } catch (error) {
      throw new UsageError(`${savedFile} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    const object = parsedJson && typeof parsedJson === 'object' && !Array.isArray(parsedJson) ? (parsedJson as Record<string, unknown>) : {};
    const inSettings = object['rtlens.recipes.saved'];
    saved = inSettings && typeof inSettings === 'object' && !Array.isArray(inSettings) ? (inSettings as Record<string, unknown>) : parsed.flags.has('--saved') ? object : {};
  } else if (parsed.flags.has('--saved')) throw new UsageError(`no such file: ${savedFile}`);
  let result: DesignScript;
  try {
    result = designScript(snapshot, top, target, saved, { defines: defines(parsed), root, from });
  } catch (error) {
    if (error instanceof SynthesisError) throw new UsageError(`${top}: ${error.message}`);
    throw error;
  }
  for (const s of result.skipped) process.stderr.write(`rtlens: the saved recipe of '${s.module}' is left out: ${s.reason}\n`);
  output(parsed, { top: result.top, script: result.script, withRecipe: result.withRecipe.map((w) => ({ module: w.module, recipe: w.flow.recipe, mapping: w.flow.mapping })), skipped: result.skipped }, () => result.script);
  return 0;
}

/** JSON with line and block comments and trailing commas (VS Code settings files) as plain JSON. */
export function withoutJsonComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === ',') {
      // A trailing comma (only white space before the closing bracket) is dropped.
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j])) j++;
      if (text[j] !== '}' && text[j] !== ']') out += c;
    } else out += c;
  }
  return out;
}

async function suggestCommand(parsed: Parsed): Promise<number> {
  const { auditSuggestions } = await import('../analyses/suggest');
  const target = (() => {
    try {
      return resolveTarget(parsed.flags.get('--target')?.[0], parsed.flags.get('--liberty')?.[0]);
    } catch (error) {
      if (error instanceof TargetError) throw new UsageError(error.message);
      throw error;
    }
  })();
  const given = parsed.positional[0];
  if (!given) throw new UsageError('suggest needs a file or a directory');
  const absolute = path.resolve(given);
  if (!fs.existsSync(absolute)) throw new UsageError(`no such file or directory: ${given}`);
  const isFile = fs.statSync(absolute).isFile();
  const timeoutMs = Number(parsed.flags.get('--timeout')?.[0] ?? 120) * 1000;
  if (!(timeoutMs > 0)) throw new UsageError('--timeout must be a positive number of seconds');
  const proofTimeoutMs = parsed.flags.has('--proof-timeout') ? Number(parsed.flags.get('--proof-timeout')?.[0]) * 1000 : Math.min(timeoutMs, 60_000);
  if (!(proofTimeoutMs > 0)) throw new UsageError('--proof-timeout must be a positive number of seconds');
  const { root, workspace } = await openWorkspace(parsed, 'suggest', isFile ? path.dirname(absolute) : absolute);
  const snapshot = new Snapshot(workspace);
  const only = parsed.flags.get('--top')?.[0];
  const file = isFile ? normalizePath(absolute) : undefined;
  const paths = [...new Set(snapshot.allUnits().filter((r) => r.unit.kind === 'module' && (!only || r.unit.name === only) && (!file || r.path === file)).map((r) => r.path))].sort();
  if (only && paths.length === 0) {
    workspace.dispose();
    throw new UsageError(`no module named '${only}' in ${given}`);
  }
  const ctx = { ppa: { access: snapshot, target, model: loadPpaModel(), root, defines: defines(parsed) }, summarize: (p: string, t: string) => snapshot.summarizeText(p, t) };
  const check = parsed.flags.has('--check');
  const pool = check ? new YosysPool(2) : undefined;
  try {
    const quiet = parsed.flags.has('--json');
    const audit = await auditSuggestions(ctx, paths, (p) => snapshot.text(p), pool, {
      check,
      timeoutMs,
      proofTimeoutMs,
      onProgress: (p) => {
        if (!quiet && p.phase === 'check') process.stderr.write(`rtlens: checking ${p.done + 1}/${p.total}: ${p.item ?? ''}\n`);
      },
    });
    const rows = audit.rows
      .filter((r) => !only || r.suggestion.module === only)
      .map(({ suggestion: s, line, check: checked }) => ({
        module: s.module,
        kind: s.kind,
        file: relativePath(root, s.path),
        line,
        title: s.title,
        detail: s.detail,
        preservesBehaviour: s.preservesBehaviour,
        ...(s.behaviourChange ? { behaviourChange: s.behaviourChange } : {}),
        goal: s.goal,
        units: { area: s.areaUnit, delay: s.delayUnit },
        estimate: s.estimate,
        edits: s.edits,
        ...(checked ? { check: { proof: checked.proof, before: checked.before, after: checked.after, gain: checked.gain, safe: checked.safe, offered: checked.offered, summary: checked.summary, ...(checked.error ? { error: checked.error } : {}) } } : {}),
      }));
    const c = audit.counts;
    const summary = check
      ? `${c.found} candidate${c.found === 1 ? '' : 's'} in ${c.files} files (${c.lines} lines): ${c.checked} checked, ${c.proven} proven, ${c.refuted} refuted, ${c.unproven} not proven, ${c.offered} offered, ${c.errors} failed`
      : `${c.found} candidate${c.found === 1 ? '' : 's'} in ${c.files} files (${c.lines} lines); --check synthesizes and proves them`;
    output(parsed, rows, () =>
      [...rows.map((r) => `${r.file}:${r.line} ${r.module}: ${r.title}\n  estimate: ${r.estimate.gain ? 'gain' : 'no gain'}${r.check ? `\n  ${r.check.summary}` : ''}`), summary].join('\n') + '\n',
    );
    return 0;
  } finally {
    await pool?.dispose();
    workspace.dispose();
  }
}
