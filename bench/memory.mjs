// Part 4: resident memory of the language server.
//
// Baseline: VmRSS of a server right after initialize + initialized on an empty folder (its
// rtlens/indexed arrives at once). Measured: VmRSS of a server on the generated workspace right
// after rtlens/indexed (cold: empty storage folder, so no disk cache), again 2 s later, and of a
// second server started warm on the cache the first one wrote. VmHWM (peak) is reported too;
// the index workers are threads of the server process, so their memory counts while they run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OUT, WORK_DIR, procMemory, require, round, sleep } from './lib.mjs';
import { startServer } from './lsp.mjs';

export async function benchMemory({ workspace, log = console.error }) {
  const empty = path.join(WORK_DIR, 'empty-folder');
  fs.rmSync(empty, { recursive: true, force: true });
  fs.mkdirSync(empty, { recursive: true });

  const base = await startServer(empty, 'memory-empty');
  const baseline = procMemory(base.session.process.pid);
  await sleep(1000);
  const baselineSettled = procMemory(base.session.process.pid);
  await base.session.stop();
  log(`[memory] empty folder: RSS ${baseline.rssMB} MB (after 1 s: ${baselineSettled.rssMB} MB)`);

  const cold = await startServer(workspace, 'memory-ws');
  const afterIndex = procMemory(cold.session.process.pid);
  await sleep(2000);
  const settled = procMemory(cold.session.process.pid);
  await cold.session.stop();
  log(`[memory] ${cold.indexed?.files} files indexed cold in ${cold.indexed?.ms} ms: RSS ${afterIndex.rssMB} MB, after 2 s ${settled.rssMB} MB, peak ${settled.hwmMB} MB`);

  // Warm: same storage folder, so the server reads the cache the cold run wrote.
  const { startLsp } = require(OUT.lspClient);
  const t0 = performance.now();
  const warmSession = await startLsp(workspace, {}, cold.storage);
  const warmStartup = performance.now() - t0;
  const warmIndexed = warmSession.notifications.find((n) => n.method === 'rtlens/indexed')?.params;
  const warm = procMemory(warmSession.process.pid);
  await warmSession.stop();
  log(`[memory] warm start: ${warmIndexed?.fromCache}/${warmIndexed?.files} from cache in ${warmIndexed?.ms} ms, RSS ${warm.rssMB} MB`);

  return {
    baseline: { rssMB: baseline.rssMB, rssAfter1sMB: baselineSettled.rssMB, hwmMB: baselineSettled.hwmMB },
    afterColdIndex: { rssMB: afterIndex.rssMB, rssAfter2sMB: settled.rssMB, hwmMB: settled.hwmMB, threads: afterIndex.threads, indexMs: cold.indexed?.ms, startupToIndexedMs: Math.round(cold.startupMs) },
    afterWarmStart: { rssMB: warm.rssMB, hwmMB: warm.hwmMB, fromCache: warmIndexed?.fromCache, indexMs: warmIndexed?.ms, startupToIndexedMs: Math.round(warmStartup) },
    ratios: { coldRssVsEmpty: round(afterIndex.rssMB / baseline.rssMB, 2), warmRssVsEmpty: round(warm.rssMB / baseline.rssMB, 2) },
  };
}
