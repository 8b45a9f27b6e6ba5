#!/bin/sh
# Builds native/shim/build/paratrack-shim, the small C process that keeps each agent running and logged while the
# server is down (see native/shim/paratrack-shim.c and its parts). Run by `npm ci` (postinstall) and runnable on
# its own.
set -eu
ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
SRC_DIR="$ROOT/native/shim"
OUT_DIR="$ROOT/native/shim/build"
CC=${CC:-cc}
if ! command -v "$CC" >/dev/null 2>&1; then
  echo "build-shim: no C compiler ($CC) found; install one (e.g. apt-get install build-essential) and run npm run build:shim" >&2
  exit 1
fi
mkdir -p "$OUT_DIR"
# Build beside the target and rename, so that a running server never sees a half-written binary.
"$CC" -O2 -Wall -Wextra -o "$OUT_DIR/paratrack-shim.tmp" \
  "$SRC_DIR/paratrack-shim.c" "$SRC_DIR/shim-options.c" "$SRC_DIR/shim-keeper.c" "$SRC_DIR/shim-record.c" \
  "$SRC_DIR/shim-log.c" "$SRC_DIR/shim-util.c"
mv -f "$OUT_DIR/paratrack-shim.tmp" "$OUT_DIR/paratrack-shim"
echo "build-shim: built $OUT_DIR/paratrack-shim"
