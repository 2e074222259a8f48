// Part 5 (optional): the native `tree-sitter` binding against web-tree-sitter on the same files.
//
// The binding is not a project dependency: it is installed with npm into bench/.work/native
// (tree-sitter, compiled from source by node-gyp against the local Node headers, and
// tree-sitter-systemverilog, whose linux-x64 addon ships prebuilt). npm 11 warns that install
// scripts are not covered by allowScripts; whatever npm does about them, the install counts as
// usable only if both modules load and parse. If not, the part is skipped with the reason.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { BENCH_DIR, WORK_DIR, lastJson, median, round, runNode } from './lib.mjs';

const NATIVE_DIR = path.join(WORK_DIR, 'native');
const PACKAGES = ['tree-sitter@0.25.0', 'tree-sitter-systemverilog@0.4.1'];

function npmInstall(timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--no-package-lock', ...PACKAGES], { cwd: NATIVE_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => resolve({ code: -1, out: String(e) }));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

async function probe() {
  return runNode(['-e', `const P=require('tree-sitter');const L=require('tree-sitter-systemverilog');const p=new P();p.setLanguage(L);const t=p.parse('module m; endmodule');if(t.rootNode.hasError)throw new Error('parse error');console.log('{"ok":true}')`], { cwd: NATIVE_DIR, timeoutMs: 30_000 });
}

export async function ensureNative({ log = console.error, timeoutMs = 240_000 } = {}) {
  fs.mkdirSync(NATIVE_DIR, { recursive: true });
  if (!fs.existsSync(path.join(NATIVE_DIR, 'package.json'))) fs.writeFileSync(path.join(NATIVE_DIR, 'package.json'), '{"name":"rtlens-bench-native","private":true}\n');
  let p = await probe();
  if (p.code === 0) return { ok: true, installed: 'cached' };
  log(`[native] installing ${PACKAGES.join(' ')} into ${path.relative(BENCH_DIR, NATIVE_DIR)} (builds tree-sitter with node-gyp)...`);
  const t0 = performance.now();
  const r = await npmInstall(timeoutMs);
  const installMs = Math.round(performance.now() - t0);
  if (r.code !== 0) return { ok: false, reason: `npm install exited ${r.code} after ${installMs} ms: ${r.out.trim().split('\n').slice(-6).join(' | ')}` };
  p = await probe();
  if (p.code !== 0) return { ok: false, reason: `installed in ${installMs} ms but the binding does not load: ${(p.stderr || p.stdout).trim().split('\n').slice(0, 4).join(' | ')}. npm said: ${r.out.trim().split('\n').slice(-4).join(' | ')}` };
  return { ok: true, installed: `now, in ${installMs} ms`, npmWarnings: r.out.split('\n').filter((l) => /warn/i.test(l)).slice(0, 6) };
}

export async function benchNative({ workspace, repeats = 2, log = console.error }) {
  const setup = await ensureNative({ log });
  if (!setup.ok) {
    log(`[native] skipped: ${setup.reason}`);
    return { skipped: true, reason: setup.reason };
  }
  const web = [];
  const native = [];
  for (let i = 0; i < repeats; i++) {
    const w = await runNode([path.join(BENCH_DIR, 'rawparse.mjs'), workspace, '--engine', 'web']);
    const n = await runNode([path.join(BENCH_DIR, 'rawparse.mjs'), workspace, '--engine', 'native', '--native-dir', NATIVE_DIR]);
    if (w.code !== 0 || n.code !== 0) return { skipped: true, reason: `parse run failed: ${(w.stderr + n.stderr).slice(-400)}` };
    web.push(lastJson(w.stdout));
    native.push(lastJson(n.stdout));
    log(`[native] web ${Math.round(web[i].parseMs)} ms, native ${Math.round(native[i].parseMs)} ms`);
  }
  const webMs = median(web.map((r) => r.parseMs));
  const nativeMs = median(native.map((r) => r.parseMs));
  return {
    skipped: false,
    setup,
    web: { parseMs: round(webMs, 0), errorFiles: web[0].errorFiles, slowestFile: web[0].slowestFile },
    native: { parseMs: round(nativeMs, 0), errorFiles: native[0].errorFiles, slowestFile: native[0].slowestFile, loadMs: round(native[0].loadMs, 0) },
    ratios: { nativeVsWeb: round(nativeMs / webMs, 3) },
  };
}
