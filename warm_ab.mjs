const m = await import('/work/main/out/server/src/workers/host.js');
const model = await import('/work/main/out/server/src/model/index.js');
const ws = await import('/work/main/out/server/src/workspace/index.js');
const syn = await import('/work/main/out/server/src/syntax/index.js');
const grammar = await m.loadNodeGrammar();
const root = process.argv[2];
const all = m.findHdlFiles([root]);
const w = new ws.Workspace(m.nodeFileSystem, grammar, { roots: [root], includeDirs: [], defines: {} });
w.addKnownPaths(all);
const parser = new syn.IncrementalParser(grammar);
const raw = grammar.newParser();
const texts = all.map((f) => m.nodeFileSystem.readFile(f));
for (let pass = 0; pass < 1; pass++) {
  const pre = { ...w.preprocessOptions(), resolver: syn.rememberingResolver(w.resolver) };
  const c0 = process.cpuUsage(); let t0 = performance.now();
  for (let i = 0; i < all.length; i++) { const p = model.parseFile(all[i], texts[i], pre, parser, undefined, false); p.tree?.delete(); }
  const c = process.cpuUsage(c0); const t = performance.now() - t0;
  t0 = performance.now();
  for (let i = 0; i < all.length; i++) { const tr = raw.parse(texts[i]); tr.delete(); }
  console.log(`pass ${pass}: rtlens ${t.toFixed(0)} ms (cpu ${((c.user+c.system)/1000).toFixed(0)}), raw ${(performance.now()-t0).toFixed(0)}`);
}
