#!/usr/bin/env bash
# Fuzzes the scenario loader for FUZZ_SECONDS (default 60) with cargo fuzz,
# seeded from the examples and the hostile corpus, and prints the figures.
# Stable Rust only: RUSTC_BOOTSTRAP lets cargo fuzz use its -Z flags.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz.sh: installing cargo-fuzz (cargo install)"
  cargo install --locked cargo-fuzz
fi
seconds="${FUZZ_SECONDS:-60}"
corpus=fuzz/corpus/load
mkdir -p "$corpus"
cp examples/*.casplan.json tests/hostile/*.json tests/fixtures/v0/*.json "$corpus"/ 2>/dev/null || true
export RUSTC_BOOTSTRAP=1
# -s none: no sanitizer runtime needed; the target asserts what matters (no
# panic, save/load round trip) and Rust is memory-safe without unsafe code here.
cargo fuzz run -s none load "$corpus" -- -max_total_time="$seconds" -max_len=65536 -print_final_stats=1 2>&1 \
  | tee target/fuzz.log | grep -E "DONE|^stat::|^Done|SUMMARY|panicked|^==" | tail -12
echo "fuzz.sh: crashes found: $(ls fuzz/artifacts/load 2>/dev/null | wc -l)"
