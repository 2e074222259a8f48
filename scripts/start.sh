#!/usr/bin/env bash
# npm start: from a fresh clone to RTLens running in a real VS Code in your browser.
#   1. installs the dependencies (npm ci; skipped while node_modules matches package-lock.json),
#   2. builds the extension (npm run build -> dist/),
#   3. installs code-server's VS Code, Node 24 and Chromium if missing (test/e2e/setup.sh,
#      into $E2E_CACHE, default .e2e-cache/),
#   4. serves VS Code on http://127.0.0.1:$PORT (default 8080) with this repository loaded as
#      the extension under development and test-fixtures/sample open (or $RTLENS_WORKSPACE),
#      and prints the URL to open. Runs until Ctrl-C.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PORT=${PORT:-8080}
WORKSPACE=$(cd "${RTLENS_WORKSPACE:-test-fixtures/sample}" && pwd)
say() { echo "[start] $*"; }

if [ ! -d node_modules ] || { [ -f package-lock.json ] && [ package-lock.json -nt node_modules/.package-lock.json ]; }; then
  if [ -f package-lock.json ]; then say "npm ci"; npm ci --no-audit --no-fund
  else say "npm install"; npm install --no-audit --no-fund; fi
else
  say "dependencies up to date (node_modules matches package-lock.json)"
fi
say "npm run build"
npm run build --silent
bash test/e2e/setup.sh

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "[start] port $PORT on 127.0.0.1 is already in use: set PORT to another port" >&2
  exit 1
fi

# The server runs in its own process group (see test/e2e/codeServer.mjs); this node process stops
# it on Ctrl-C, SIGTERM or exit.
export RTLENS_START_PORT=$PORT RTLENS_START_WORKSPACE=$WORKSPACE
exec node --input-type=module - <<'JS'
import { existsSync } from 'node:fs';
import path from 'node:path';
import { root, startCodeServer } from './test/e2e/codeServer.mjs';

const port = Number(process.env.RTLENS_START_PORT);
const folder = process.env.RTLENS_START_WORKSPACE;
const server = await startCodeServer({ port, handleSignals: false });
// In the sample project, open the top level so that the outline, hovers and F12 are one click away.
const openFile = existsSync(path.join(folder, 'rtl/top.v')) ? path.join(folder, 'rtl/top.v') : undefined;
const url = server.url({ folder, extensionDevelopmentPath: root, openFile });
console.log(`[start] VS Code is up (${server.startMs} ms), with RTLens from ${root} and ${folder} open.`);
console.log('[start] Open this URL in a browser (Chrome or Chromium):');
console.log('');
console.log(`    ${url}`);
console.log('');
console.log(`[start] Only http://127.0.0.1:${port}/ with the payload above loads the extension under development;`);
console.log('[start] after editing the extension, run `npm run build` and reload the page. Ctrl-C stops the server.');
let stopping = false;
const stop = (code) => {
  if (stopping) return;
  stopping = true;
  console.log('\n[start] stopping the VS Code server');
  server.stop();
  setTimeout(() => process.exit(code), 300);
};
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
process.on('SIGHUP', () => stop(0));
process.on('exit', () => server.stop());
server.child.on('exit', (code, signal) => {
  if (stopping) return;
  console.error(`[start] the VS Code server exited (${signal ?? code}):\n${server.log().slice(-3000)}`);
  process.exit(1);
});
JS
