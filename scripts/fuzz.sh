#!/usr/bin/env bash
# Fuzzes a parser for FUZZ_SECONDS (default 60) with cargo fuzz and prints
# executions and findings. FUZZ_TARGET picks the target (fuzz/fuzz_targets/):
#   load (default): the scenario loader (file::load, share::decode), seeded from
#                   the examples, the hostile corpus and the old-version fixtures;
#   zone:           the zone file parser (import::zone), seeded from the hostile zone corpus;
#   shell:          the Exchange shell CSV reader (import::shell), seeded from the hostile CSV corpus;
#   clixml:         the Export-Clixml reader (import::clixml), seeded from the hostile CLIXML corpus;
#   format_list:    the Format-List paste reader (import::format_list), seeded from the hostile
#                   Format-List corpus and the fixture organisation's pasted session;
#   import:         any file through recognition and the mapping to a design (import::read, build),
#                   two files read together with $INCLUDE, and the parts between NULs read as
#                   exports given together (import::read_all), seeded from the fixture
#                   organisation, every hostile import corpus and a NUL-joined collector folder
#                   (servers, databases, Get-OrganizationConfig, Get-CASMailbox, zones) and the
#                   coexistence folder joined likewise, with fuzz/import.dict.
# Stable Rust only: RUSTC_BOOTSTRAP=1 lets cargo fuzz use the -Z flags it needs.
# A crash leaves its input in fuzz/artifacts/TARGET/; replay it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run -s none TARGET fuzz/artifacts/TARGET/<file>
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz.sh: cargo-fuzz is missing; installing it (cargo install cargo-fuzz --locked)"
  cargo install cargo-fuzz --locked
fi
seconds="${FUZZ_SECONDS:-60}"
target="${FUZZ_TARGET:-load}"
corpus=fuzz/corpus/$target
mkdir -p "$corpus" target "fuzz/artifacts/$target"
extra=()
case "$target" in
  load)
    # Fixtures of several versions share names: each seed is named by its path.
    for f in examples/*.casplan.json tests/hostile/* tests/fixtures/v*/*.json; do
      cp "$f" "$corpus/$(echo "$f" | tr / _)"
    done
    extra=(-dict=fuzz/load.dict) ;;
  zone)
    cp tests/hostile-zones/* "$corpus"/ ;;
  shell)
    cp tests/hostile-csv/* "$corpus"/ ;;
  clixml)
    cp tests/hostile-clixml/* tests/import/raw/*.xml "$corpus"/ ;;
  format_list)
    cp tests/hostile-format-list/* tests/import/format-list/* "$corpus"/ ;;
  autodiscover)
    cp tests/hostile-local-xml/* "$corpus"/ ;;
  import)
    # Prefixed: the corpora share file names (expected.json).
    for d in tests/import/contoso tests/import/coexistence tests/import/coexistence-clixml tests/import/raw tests/import/public tests/import/format-list tests/hostile-format-list tests/hostile-csv tests/hostile-zones tests/hostile-clixml tests/hostile-imports tests/hostile-not-exports; do
      for f in "$d"/*; do cp "$f" "$corpus/$(basename "$d")-$(basename "$f")"; done
    done
    # The collector's folder as one input, its files joined by NULs: the
    # target reads the parts together (versions, MAPI/HTTP settings, clients).
    for f in exchange-servers server-addresses mailbox-databases organization-config cas-mailboxes dns-records; do
      cat "tests/import/contoso/$f.csv"; printf '\0'
    done > "$corpus/contoso-folder-joined"
    # The coexistence folder likewise: Outlook Anywhere's IIS methods,
    # Windows, KB3140410 and virtual directories meet their servers.
    for f in tests/import/coexistence/*.csv; do
      cat "$f"; printf '\0'
    done > "$corpus/coexistence-folder-joined"
    extra=(-dict=fuzz/import.dict) ;;
  *) echo "fuzz.sh: unknown FUZZ_TARGET $target (load, zone, shell, clixml, format_list, import, autodiscover)"; exit 2 ;;
esac
before=$(ls "fuzz/artifacts/$target" | wc -l)
export RUSTC_BOOTSTRAP=1
echo "fuzz.sh: fuzzing $target for ${seconds}s (log: target/fuzz-$target.log)"
# -s none: no sanitizer runtime; the code under test has no unsafe, and the
# target asserts what matters (no panic, messages placed, round trips).
set +e
cargo fuzz run -s none "$target" "$corpus" -- \
  -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  "${extra[@]}" -print_final_stats=1 2>&1 \
  | tee "target/fuzz-$target.log" | grep --line-buffered -E "^Done|^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)|panicked|SUMMARY|^==[0-9]+== ERROR|Test unit written"
status=${PIPESTATUS[0]}
set -e
after=$(ls "fuzz/artifacts/$target" | wc -l)
echo "fuzz.sh: new crashes: $((after - before)); corpus: $(ls "$corpus" | wc -l) inputs"
if [ "$status" -ne 0 ]; then
  echo "fuzz.sh: cargo fuzz exited with $status; inputs: $(ls -t "fuzz/artifacts/$target" | head -5 | tr '\n' ' ')"
  exit "$status"
fi
