#!/usr/bin/env bash
# Offline end-to-end tests of RTLens in a real VS Code (code-server's), headless Chromium as UI:
#   1. test/e2e/setup.sh            Chromium, Node 24, code-server (idempotent; ~2 min the first time)
#   2. npm run build + tsc -p tsconfig.suite.json   (skip with E2E_SKIP_BUILD=1)
#   3. runInCodeServer.mjs          the mocha suite test/suite, as @vscode/test-electron would run it
#   4. browser.mjs                  the UI scenario (screenshots in test-results/e2e-*.png)
#      search.mjs                   the semantic search scenario (side bar, Find Similar, context pack)
#      recipe.mjs                   the synthesis-recipe scenario (palette command, result view, save)
#      suggest.mjs                  the PPA-suggestion scenario (palette quick pick, diff preview, proof, Apply, save)
#      web.mjs                      VS Code for the Web: RTLens in the web worker extension host (lens, synthesis, hover, outline, diagnostics, F12, search)
#      webYosys.mjs                 Yosys in a browser web worker (dist/webYosys.js): runs, errors, queue, timeout, cancel
#      webVirtual.mjs               VS Code for the Web on a virtual workspace (test/e2e/memfs: another extension's file system)
#   5. startSmoke.mjs               npm start (scripts/start.sh) serves a working workbench (skip with E2E_SKIP_START=1)
# Every step has a watchdog (E2E_STEP_TIMEOUT seconds, default 240). Exits non-zero if any failed.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
STEP_TIMEOUT=${E2E_STEP_TIMEOUT:-240}
export TEST_TIMEOUT_MS=$(( STEP_TIMEOUT * 1000 - 5000 ))
t_all=$(date +%s)

bash test/e2e/setup.sh || { echo "e2e: setup failed" >&2; exit 1; }
if [ -z "${E2E_SKIP_BUILD:-}" ]; then
  npm run build --silent && npx tsc -p tsconfig.suite.json || { echo "e2e: build failed" >&2; exit 1; }
fi

passed=0; failed=0; summary=()
step() {
  local name=$1; shift
  local t0; t0=$(date +%s)
  echo "=== $name"
  # The scripts have their own watchdogs and clean up after themselves; timeout(1) is the backstop.
  timeout -k 10 "$STEP_TIMEOUT" "$@"
  local rc=$?
  local dt=$(( $(date +%s) - t0 ))
  if [ $rc -eq 0 ]; then passed=$((passed + 1)); summary+=("PASS $name (${dt} s)")
  else failed=$((failed + 1)); summary+=("FAIL $name (exit $rc, ${dt} s)"); fi
}
step "suite in code-server" node test/e2e/runInCodeServer.mjs
step "browser scenario" node test/e2e/browser.mjs
step "search scenario" node test/e2e/search.mjs
step "recipe scenario" node test/e2e/recipe.mjs
step "suggestion scenario" node test/e2e/suggest.mjs
# The web scenario synthesizes and searches recipes with Yosys loaded in the browser: twice the time.
STEP_TIMEOUT=$(( STEP_TIMEOUT * 2 )) TEST_TIMEOUT_MS=$(( STEP_TIMEOUT * 1000 - 5000 )) step "web scenario" node test/e2e/web.mjs
step "web Yosys worker" node test/e2e/webYosys.mjs
step "web virtual workspace" node test/e2e/webVirtual.mjs
[ -n "${E2E_SKIP_START:-}" ] || step "npm start smoke" node test/e2e/startSmoke.mjs

echo "=== summary ($(( $(date +%s) - t_all )) s)"
printf '  %s\n' "${summary[@]}"
echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
