#!/usr/bin/env bash
# Fuzzes the scenario loader (file::load and share::decode, fuzz/fuzz_targets/load.rs)
# for FUZZ_SECONDS (default 60) with cargo fuzz, seeded from the examples, the
# hostile corpus and the old-version fixtures, and prints executions and findings.
# Stable Rust only: RUSTC_BOOTSTRAP=1 lets cargo fuzz use the -Z flags it needs.
# A crash leaves its input in fuzz/artifacts/load/; replay it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run -s none load fuzz/artifacts/load/<file>
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz.sh: cargo-fuzz is missing; installing it (cargo install cargo-fuzz --locked)"
  cargo install cargo-fuzz --locked
fi
seconds="${FUZZ_SECONDS:-60}"
corpus=fuzz/corpus/load
mkdir -p "$corpus" target fuzz/artifacts/load
cp examples/*.casplan.json tests/hostile/* tests/fixtures/v*/*.json "$corpus"/
before=$(ls fuzz/artifacts/load | wc -l)
export RUSTC_BOOTSTRAP=1
echo "fuzz.sh: fuzzing file::load and share::decode for ${seconds}s (log: target/fuzz.log)"
# -s none: no sanitizer runtime; the code under test has no unsafe, and the
# target asserts what matters (no panic, messages name the file, round trips).
set +e
cargo fuzz run -s none load "$corpus" -- \
  -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -dict=fuzz/load.dict -print_final_stats=1 2>&1 \
  | tee target/fuzz.log | grep --line-buffered -E "^Done|^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)|panicked|SUMMARY|^==[0-9]+== ERROR|Test unit written"
status=${PIPESTATUS[0]}
set -e
after=$(ls fuzz/artifacts/load | wc -l)
echo "fuzz.sh: new crashes: $((after - before)); corpus: $(ls "$corpus" | wc -l) inputs"
if [ "$status" -ne 0 ]; then
  echo "fuzz.sh: cargo fuzz exited with $status; inputs: $(ls -t fuzz/artifacts/load | head -5 | tr '\n' ' ')"
  exit "$status"
fi
