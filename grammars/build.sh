#!/usr/bin/env bash
# Rebuilds grammars/tree-sitter-systemverilog.wasm from the parser.c that the npm package
# tree-sitter-systemverilog@0.4.1 ships. Optional: scripts/build.mjs uses the package's own
# wasm when this file is absent. Needs Debian's clang-19, lld-19, wasi-libc and binaryen.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=node_modules/tree-sitter-systemverilog/src
if ! command -v clang-19 >/dev/null || ! command -v wasm-opt >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang-19 lld-19 wasi-libc binaryen >/dev/null
fi
OUT=grammars/tree-sitter-systemverilog.wasm
clang-19 --target=wasm32-unknown-wasi --sysroot=/usr -fPIC -shared -Os \
  -Wl,--export=tree_sitter_systemverilog -Wl,--allow-undefined -Wl,--no-entry \
  -nostdlib -fno-exceptions -fvisibility=hidden -I "$SRC" "$SRC/parser.c" -o "$OUT.tmp"
wasm-opt -Os --strip-debug "$OUT.tmp" -o "$OUT" 2>/dev/null || mv "$OUT.tmp" "$OUT"
rm -f "$OUT.tmp"
ls -l "$OUT"
