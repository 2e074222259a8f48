import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { type RunYosys, runYosysJob, type YosysJob } from './yosysJob';

/**
 * One Yosys (WebAssembly, @yowasp/yosys) per worker thread. The module is compiled on the
 * first job (about 2 s) and reused; the parent terminates the thread to cancel a run or end
 * one that takes too long, and starts a fresh one.
 */
let yosys: Promise<RunYosys> | undefined;

function load(): Promise<RunYosys> {
  // A real dynamic import: the package is an ES module; the bundler must leave this alone.
  const dynamicImport = new Function('url', 'return import(url)') as (url: string) => Promise<{ runYosys: RunYosys }>;
  yosys ??= dynamicImport(pathToFileURL((workerData as { bundle: string }).bundle).href).then((m) => m.runYosys);
  return yosys;
}

parentPort!.on('message', async (job: YosysJob) => {
  parentPort!.postMessage(await runYosysJob(load, job));
});
