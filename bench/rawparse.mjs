#!/usr/bin/env node
// Raw single-thread parse of every HDL file under a folder, as a baseline for indexing:
//
//   node bench/rawparse.mjs DIR [--engine web|native] [--native-dir DIR]
//
// web:    web-tree-sitter through the project's own loadGrammar (out/server/src/syntax) with the
//         wasm paths of out/server/src/workers/host grammarPaths().
// native: the `tree-sitter` npm binding with tree-sitter-systemverilog's prebuilt addon,
//         installed by bench/native.mjs into bench/.work/native.
// Files are read first (timed separately), then parsed one after the other, each tree deleted
// (web) or dropped (native). Prints one JSON line.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { OUT, hdlFiles, require } from './lib.mjs';

const args = process.argv.slice(2);
const dir = args[0];
const flag = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const engine = flag('--engine', 'web');

const files = hdlFiles(path.resolve(dir));
let t = performance.now();
const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
const readMs = performance.now() - t;
const chars = texts.reduce((a, s) => a + s.length, 0);
const lines = texts.reduce((a, s) => a + s.split('\n').length - (s.endsWith('\n') ? 1 : 0), 0);

let loadMs;
let parseMs;
let errorFiles = 0;
let cpu0;
const perFile = [];
if (engine === 'web') {
  t = performance.now();
  const { loadGrammar } = require(OUT.syntax);
  const { grammarPaths } = require(OUT.host);
  const grammar = await loadGrammar(grammarPaths());
  const parser = grammar.newParser();
  loadMs = performance.now() - t;
  t = performance.now();
  cpu0 = process.cpuUsage();
  for (let i = 0; i < texts.length; i++) {
    const t0 = performance.now();
    const tree = parser.parse(texts[i]);
    if (tree.rootNode.hasError) errorFiles++;
    tree.delete();
    perFile.push(performance.now() - t0);
  }
  parseMs = performance.now() - t;
  parser.delete();
} else {
  const nativeDir = flag('--native-dir');
  const req = createRequire(path.join(nativeDir, 'package.json'));
  t = performance.now();
  const Parser = req('tree-sitter');
  const language = req('tree-sitter-systemverilog');
  const parser = new Parser();
  parser.setLanguage(language);
  loadMs = performance.now() - t;
  t = performance.now();
  cpu0 = process.cpuUsage();
  for (let i = 0; i < texts.length; i++) {
    const t0 = performance.now();
    // The binding reads the text through a callback in chunks; a buffer as large as the file
    // avoids re-entering JS per 32 KB.
    const tree = parser.parse(texts[i], undefined, { bufferSize: Math.max(32 * 1024, texts[i].length * 2 + 16) });
    if (tree.rootNode.hasError) errorFiles++;
    perFile.push(performance.now() - t0);
  }
  parseMs = performance.now() - t;
}
const cpu = process.cpuUsage(cpu0);
const parseCpuMs = (cpu.user + cpu.system) / 1000;
const big = perFile.reduce((best, ms, i) => (ms > best.ms ? { ms, file: files[i] } : best), { ms: 0, file: '' });
console.log(JSON.stringify({ engine, files: files.length, lines, chars, readMs, loadMs, parseMs, parseCpuMs, errorFiles, slowestFile: { file: path.relative(dir, big.file), ms: Math.round(big.ms * 10) / 10 } }));
