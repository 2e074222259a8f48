#!/usr/bin/env bash
# Gathers real Verilog/SystemVerilog written by others into test/real/.cache, for
# test/unit/realCode.test.ts. Nothing fetched here is committed (test/real/.gitignore).
#
# Sources, all through the ordinary package clients, at pinned versions where the client allows:
#   debian/yosys       yosys's simulation models and techmap libraries (/usr/share/yosys)
#   debian/verilator   Verilator's examples and its verilated.v / verilated_std.sv
#   debian/iverilog    Icarus Verilog's examples
#   debian/nextpnr     nextpnr-generic's blinky example
#   debian/gtkwave     GTKWave's DES example
#   npm/yowasp-yosys   the newer yosys sim models that @yowasp/yosys ships (1-3 MB files)
#
# Debian packages are downloaded and unpacked (apt-get download + dpkg-deb -x), not
# installed. Idempotent: a source already gathered (its .done stamp names the version) is
# skipped; delete test/real/.cache to start over. Needs apt-get (Debian) and npm.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/test/real/.cache"
YOWASP_VERSION="0.55.944"
mkdir -p "$CACHE"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

log() { printf 'fetch-real-code: %s\n' "$*" >&2; }

# copy_hdl SRC_DIR DEST_DIR: copies every .v/.vh/.sv/.svh under SRC_DIR, keeping the tree.
copy_hdl() {
  local src="$1" dest="$2"
  mkdir -p "$dest"
  (cd "$src" && find . -type f \( -name '*.v' -o -name '*.vh' -o -name '*.sv' -o -name '*.svh' \) -print0) |
    while IFS= read -r -d '' f; do
      mkdir -p "$dest/$(dirname "$f")"
      cp "$src/$f" "$dest/$f"
    done
}

apt_updated=0
# debian PACKAGE NAME SUBDIR...: unpacks PACKAGE and copies the HDL under each SUBDIR to $CACHE/debian/NAME.
debian() {
  local package="$1" name="$2"
  shift 2
  local dest="$CACHE/debian/$name"
  if ! command -v apt-get >/dev/null; then
    log "no apt-get: skipping $package"
    return 0
  fi
  local version
  version="$(apt-cache policy "$package" 2>/dev/null | awk '/Candidate:/ {print $2}')"
  if [ -z "$version" ] || [ "$version" = "(none)" ]; then
    if [ "$apt_updated" = 0 ]; then
      log "apt-get update (no candidate for $package yet)"
      apt-get update -qq >/dev/null 2>&1 || true
      apt_updated=1
      version="$(apt-cache policy "$package" 2>/dev/null | awk '/Candidate:/ {print $2}')"
    fi
  fi
  if [ -z "$version" ] || [ "$version" = "(none)" ]; then
    log "package $package not available: skipping"
    return 0
  fi
  if [ -f "$dest/.done" ] && [ "$(cat "$dest/.done")" = "$package $version" ]; then
    log "$package $version already in $dest"
    return 0
  fi
  log "fetching $package $version"
  rm -rf "$dest"
  local unpack="$WORK/$name"
  mkdir -p "$unpack"
  (cd "$WORK" && apt-get download "$package=$version" >/dev/null 2>&1) || (cd "$WORK" && apt-get download "$package" >/dev/null)
  dpkg-deb -x "$WORK"/"${package}"_*.deb "$unpack"
  for sub in "$@"; do
    if [ -d "$unpack/$sub" ]; then copy_hdl "$unpack/$sub" "$dest/$(basename "$sub")"; fi
  done
  echo "$package $version" >"$dest/.done"
}

debian yosys yosys usr/share/yosys
debian verilator verilator usr/share/verilator/examples usr/share/verilator/include
debian iverilog iverilog usr/share/doc/iverilog/examples
debian nextpnr-generic nextpnr usr/share/doc/nextpnr-generic/examples
debian gtkwave gtkwave usr/share/doc/gtkwave/examples

# A real cell library for synthesis tests and the calibration bench: OSU 0.18 um standard cells
# from qflow (GPL data: used in tests, never shipped), into $CACHE/liberty.
dest="$CACHE/liberty"
if [ -f "$dest/osu018_stdcells.lib" ]; then
  log "osu018_stdcells.lib already in $dest"
elif command -v apt-get >/dev/null; then
  version="$(apt-cache policy qflow-tech-osu018 2>/dev/null | awk '/Candidate:/ {print $2}')"
  if { [ -z "$version" ] || [ "$version" = "(none)" ]; } && [ "$apt_updated" = 0 ]; then
    apt-get update -qq >/dev/null 2>&1 || true
    apt_updated=1
  fi
  log "fetching qflow-tech-osu018"
  if (cd "$WORK" && apt-get download qflow-tech-osu018 >/dev/null 2>&1); then
    mkdir -p "$WORK/osu018" "$dest"
    dpkg-deb -x "$WORK"/qflow-tech-osu018_*.deb "$WORK/osu018"
    lib="$(find "$WORK/osu018" -name osu018_stdcells.lib | head -1)"
    if [ -n "$lib" ]; then cp "$lib" "$dest/osu018_stdcells.lib"; else log "no osu018_stdcells.lib in the package"; fi
  else
    log "qflow-tech-osu018 not available: skipping"
  fi
fi

# npm: @yowasp/yosys ships a few of yosys's simulation models as plain files.
dest="$CACHE/npm/yowasp-yosys"
if [ -f "$dest/.done" ] && [ "$(cat "$dest/.done")" = "@yowasp/yosys $YOWASP_VERSION" ]; then
  log "@yowasp/yosys $YOWASP_VERSION already in $dest"
elif command -v npm >/dev/null; then
  log "fetching @yowasp/yosys $YOWASP_VERSION"
  rm -rf "$dest"
  (cd "$WORK" && npm pack --silent "@yowasp/yosys@$YOWASP_VERSION" >/dev/null)
  mkdir -p "$WORK/yowasp"
  tar -xzf "$WORK"/yowasp-yosys-*.tgz -C "$WORK/yowasp"
  copy_hdl "$WORK/yowasp/package/gen/share" "$dest/share"
  echo "@yowasp/yosys $YOWASP_VERSION" >"$dest/.done"
else
  log "no npm: skipping @yowasp/yosys"
fi

count="$(find "$CACHE" -type f \( -name '*.v' -o -name '*.vh' -o -name '*.sv' -o -name '*.svh' \) | wc -l)"
log "$count HDL files in $CACHE"
