#!/usr/bin/env bash
# The QR benchmark, in one go: builds the corpus (not committed), the release
# `twofold`, and runs Twofold, zbarimg and ZXing-C++ on every image.
#
#   bash bench/qr/run.sh            # 8 images per category (about 200 images)
#   QR_PER_CATEGORY=3 bash bench/qr/run.sh
#
# Needs: python3 with venv, zbarimg (apt-get install zbar-tools). Python
# packages go into a venv under the cache folder. Results: stdout and
# bench/qr/results.md (per-image detail: results.json in the corpus folder).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/twofold"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CACHE/target}"
PER="${QR_PER_CATEGORY:-8}"
SEED="${QR_SEED:-20240611}"
CORPUS="${QR_CORPUS:-$CARGO_TARGET_DIR/qr-corpus-$PER-$SEED}"
VENV="$CACHE/bench-venv"

command -v zbarimg >/dev/null || { echo "bench: zbarimg is missing: apt-get install zbar-tools" >&2; exit 2; }
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install -q "zxing-cpp==3.1.1" "pillow==13.0.0" "segno==1.6.6" "numpy==2.4.6"

(cd "$ROOT" && cargo build --release -q -p twofold-cli)
BIN="$CARGO_TARGET_DIR/release/twofold"

# The corpus is rebuilt when the generator changes.
STAMP="$(sha256sum "$HERE/make_corpus.py" | cut -c1-16)"
if [ ! -f "$CORPUS/manifest.json" ] || [ "$(cat "$CORPUS/.stamp" 2>/dev/null)" != "$STAMP" ]; then
  rm -rf "$CORPUS"
  "$VENV/bin/python" "$HERE/make_corpus.py" "$CORPUS" --per-category "$PER" --seed "$SEED"
  echo "$STAMP" > "$CORPUS/.stamp"
fi

{
  echo "# QR decoding: Twofold against zbarimg and ZXing-C++"
  echo
  echo "Machine: $(nproc) cores, $(uname -m); zbarimg $(zbarimg --version), zxing-cpp 3.1.1."
  echo
} > "$HERE/results.md.head"
"$VENV/bin/python" "$HERE/compare.py" "$CORPUS" "$BIN" "$HERE/results.body.md" --ablations >/dev/null
cat "$HERE/results.md.head" "$HERE/results.body.md" > "$HERE/results.md"
mv "$HERE/results.body.json" "$CORPUS/results.json"  # per-image detail, beside the corpus
rm -f "$HERE/results.md.head" "$HERE/results.body.md"
cat "$HERE/results.md"
