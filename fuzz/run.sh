#!/usr/bin/env bash
# Runs every fuzz target (or those named) for SECONDS each, one after the
# other, keeping what each finds in fuzz/corpus/<target> for the next run.
#
#   fuzz/run.sh [SECONDS] [TARGET...]        default: 600 s, every target
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz --locked`).
# Seeds come from the test fixtures and from crates/core/examples/fuzz_seeds.rs.
# A crash stops that target and leaves its input in fuzz/artifacts/<target>/;
# once fixed, the input goes to fuzz/regressions/<target>/ (replayed on every run)
# and becomes a unit test where the bug was;
# the summary (executions, seconds, crashes per target) goes to fuzz/results.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(uri migration import vault_file vault_payload backup_codes qr_image)
fi
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/twofold/target}
fuzz_target_dir=$CARGO_TARGET_DIR/fuzz
data=crates/core/tests/data
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT

# --- seeds ---------------------------------------------------------------
mkdir -p "$seeds"/{uri,migration,import,backup_codes,qr_image}
grep -oh 'otpauth://[^" ]*' crates/core/src/uri.rs "$data"/import/otpauth_list.txt \
  | sort -u | split -l 1 - "$seeds/uri/u"
cp "$data"/migration/*.txt "$seeds/migration/"
# One copy of each export per reader: the first byte picks it (see import.rs: the 24 formats of
# Format::ALL, the Twofold backup, then detection).
for f in "$data"/import/*; do
  [ -f "$f" ] || continue
  case $f in *.password|*.py|*.json.expected|*/manifest.json|*/canonical.json) continue ;; esac
  for pick in $(seq 0 25); do
    { printf "\\x$(printf %02x "$pick")"; cat "$f"; } > "$seeds/import/$(basename "$f").$pick"
  done
done
# Steam Desktop Authenticator's folder, through the collector: 1 names a file manifest.json, 2 a .maFile.
for f in "$data"/import/sda_encrypted/manifest.json "$data"/import/sda_encrypted/*.maFile; do
  for pick in 1 2; do
    { printf "\\x$(printf %02x "$pick")"; cat "$f"; } > "$seeds/import/sda-$(basename "$f").$pick"
  done
done
cp "$data"/backup_codes/*.txt "$seeds/backup_codes/"
cp "$data"/import/*.png "$seeds/qr_image/"
convert -size 16x16 xc:white "$seeds/qr_image/blank.png" 2>/dev/null || true
cargo run -q -p twofold-core --example fuzz_seeds -- "$seeds"

# --- runs ----------------------------------------------------------------
results=fuzz/results.tsv
[ -f "$results" ] || printf 'date\ttarget\tseconds\texecutions\tcorpus\tcrashes\n' > "$results"
failed=0
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  found_before=$(find "fuzz/artifacts/$t" -type f | wc -l)
  log=$(mktemp)
  echo "== $t: ${seconds}s"
  # -rss_limit_mb: images and imports are bounded far below this; going over it is a bug.
  set +e
  cargo +nightly fuzz run --fuzz-dir fuzz --target-dir "$fuzz_target_dir" "$t" \
    "fuzz/corpus/$t" "$seeds/$t" $(ls -d "fuzz/regressions/$t" 2>/dev/null) -- \
    -max_total_time="$seconds" -rss_limit_mb=3072 -timeout=30 -max_len=262144 \
    -artifact_prefix="$root/fuzz/artifacts/$t/" -print_final_stats=1 >"$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
  took=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | grep -o 'in [0-9]*' | grep -o '[0-9]*' | tail -1 || true)
  # A crash ends the run early, without libFuzzer's "Done" line: executions / executions per second.
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
  if [ -z "$took" ] && [ -n "$execs" ] && [ "${rate:-0}" -gt 0 ]; then took=$(( execs / rate )); fi
  corpus=$(find "fuzz/corpus/$t" -type f | wc -l)
  crashes=$(( $(find "fuzz/artifacts/$t" -type f | wc -l) - found_before ))
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%F)" "$t" "${took:-?}" "${execs:-?}" "$corpus" "$crashes" | tee -a "$results"
  if [ $rc -ne 0 ]; then
    echo "fuzz: $t stopped with exit $rc; the end of its log:" >&2
    tail -40 "$log" >&2
    failed=1
  fi
  rm -f "$log"
done
exit $failed
