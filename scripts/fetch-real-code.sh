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

# Real cell libraries for synthesis tests and the PPA benches: OSU 0.18, 0.35 and 0.5 um
# standard cells from qflow (GPL data: used in tests and benches, never shipped), into
# $CACHE/liberty. The 0.5 um package names its file osu05_stdcells.lib; it is copied as
# osu050_stdcells.lib so the three names line up.
dest="$CACHE/liberty"
for tech in osu018 osu035 osu050; do
  file="${tech}_stdcells.lib"
  if [ -f "$dest/$file" ]; then
    log "$file already in $dest"
    continue
  fi
  command -v apt-get >/dev/null || break
  version="$(apt-cache policy "qflow-tech-$tech" 2>/dev/null | awk '/Candidate:/ {print $2}')"
  if { [ -z "$version" ] || [ "$version" = "(none)" ]; } && [ "$apt_updated" = 0 ]; then
    apt-get update -qq >/dev/null 2>&1 || true
    apt_updated=1
  fi
  log "fetching qflow-tech-$tech"
  if (cd "$WORK" && apt-get download "qflow-tech-$tech" >/dev/null 2>&1); then
    mkdir -p "$WORK/$tech" "$dest"
    dpkg-deb -x "$WORK"/qflow-tech-"$tech"_*.deb "$WORK/$tech"
    lib="$(find "$WORK/$tech" -name '*_stdcells.lib' | head -1)"
    if [ -n "$lib" ]; then cp "$lib" "$dest/$file"; else log "no liberty file in qflow-tech-$tech"; fi
  else
    log "qflow-tech-$tech not available: skipping"
  fi
done

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
