// Preloaded with `node --require bench/cpu-report.cjs ...`: on exit the main thread prints the
// process's CPU time (user + system, all threads, workers included) and peak RSS as one
// tagged JSON line on stderr. Lets the benches compare CPU time as well as wall time, which
// tells contention from other work on the machine apart from a real slowdown.
const { isMainThread } = require('node:worker_threads');
if (isMainThread) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    process.stderr.write(`\n@@cpu ${JSON.stringify({ cpuMs: Math.round((u.userCPUTime + u.systemCPUTime) / 1000), userMs: Math.round(u.userCPUTime / 1000), maxRssMB: Math.round(u.maxRSS / 1024) })}\n`);
  });
}
