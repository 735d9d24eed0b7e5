#!/usr/bin/env bash
# Installs what the Makefile needs, each tool skipped when already present at
# the right version, and says what it installs. Usage: ensure-tools.sh build|test|bench
#   build: Rust wasm target, trunk, wasm-bindgen-cli, npm packages (wasm-opt)
#   test:  build + Debian chromium and chromium-driver (browser tests), the
#          PowerShell grammar in .tools/pyvenv (make test-powershell), and
#          bind9, bind9-utils and bind9-dnsutils (named, named-checkzone, dig:
#          the BIND reference test, crates/core/tests/bind_reference.rs)
#   bench: test + twiggy (the wasm's size profile) and Lighthouse (bench/lighthouse)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
what="${1:-build}"
say() { echo "ensure-tools: $*"; }

TRUNK_VERSION=0.21.14 # 0.22 needs rustc 1.96
# Runs the browser unit tests; with --mode no-install and --chromedriver it downloads nothing.
WASM_PACK_VERSION=0.15.1
# Prints where the wasm's bytes are for make bench.
TWIGGY_VERSION=0.8.0
# The PowerShell grammar make test-powershell parses with: the versions pinned,
# with their hashes, in scripts/powershell-grammar.txt.
PS_GRAMMAR_VERSIONS=$(sed -n 's/^\(tree-sitter[a-z-]*\)==\([^ ]*\).*/\1 \2/p' scripts/powershell-grammar.txt | tr '\n' ' ')
# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "installing Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# make test checks formatting and lints (rustup's own components, not downloads from elsewhere).
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "installing Rust component $component"
    rustup component add "$component"
  fi
done

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (cargo install, a few minutes)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WBG_VERSION" ]; then
  say "installing wasm-bindgen-cli $WBG_VERSION (cargo install, a few minutes)"
  # Not --locked: its lockfile pins crates that no longer build.
  cargo install --force wasm-bindgen-cli --version "$WBG_VERSION"
fi

# npm: reinstall only when package-lock.json changed since the last install.
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -x node_modules/.bin/wasm-opt ] || [ "$(cat node_modules/.lock-sum 2>/dev/null)" != "$lock_sum" ]; then
  say "installing npm packages from package-lock.json (binaryen wasm-opt, playwright-core, axe-core)"
  npm ci --no-audit --no-fund
  echo "$lock_sum" > node_modules/.lock-sum
fi

if [ "$what" = test ] || [ "$what" = bench ]; then
  if [ "$(wasm-pack --version 2>/dev/null)" != "wasm-pack $WASM_PACK_VERSION" ]; then
    say "installing wasm-pack $WASM_PACK_VERSION (cargo install, a few minutes)"
    # Not --locked, as for wasm-bindgen-cli: the registry's current compatible crates build on this rustc.
    cargo install --force wasm-pack --version "$WASM_PACK_VERSION"
  fi
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Debian chromium and chromium-driver (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
  # A venv of its own under .tools/ (gitignored), from PyPI with every file's hash checked.
  venv=.tools/pyvenv
  installed=$("$venv/bin/python" -c 'from importlib.metadata import version as v
for name in ("tree-sitter", "tree-sitter-powershell"): print(name, v(name), end=" ")' 2>/dev/null) || true
  if [ "$installed" != "$PS_GRAMMAR_VERSIONS" ]; then
    say "installing the PowerShell grammar: ${PS_GRAMMAR_VERSIONS% } (PyPI, hashes checked, Python venv $venv)"
    if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
      say "installing Debian python3-venv (apt-get)"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      apt-get install -y -qq python3-venv >/dev/null
    fi
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --require-hashes -r scripts/powershell-grammar.txt
  fi
  # BIND is the reference for how a zone reads and a name resolves (make test-bind).
  # Debian's policy-rc.d (or no init) keeps the packaged named service from
  # starting; the test runs its own named on 127.0.0.1 and stops it.
  # named lives in /usr/sbin, which a user's PATH may leave out (the test looks there too).
  if ! command -v named-checkzone >/dev/null || ! { command -v named >/dev/null || [ -x /usr/sbin/named ]; } || ! command -v dig >/dev/null; then
    say "installing Debian bind9, bind9-utils and bind9-dnsutils (apt-get: named, named-checkzone, dig)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq bind9 bind9-utils bind9-dnsutils >/dev/null
  fi
fi
if [ "$what" = bench ]; then
  if [ "$(twiggy --version 2>/dev/null)" != "twiggy-opt $TWIGGY_VERSION" ]; then  # its binary calls itself twiggy-opt
    say "installing twiggy $TWIGGY_VERSION (cargo install, about a minute)"
    cargo install --locked twiggy --version "$TWIGGY_VERSION"
  fi
  # Lighthouse lives in its own package so make test never installs its ~200 packages.
  lh_sum=$(sha256sum bench/lighthouse/package-lock.json | cut -d' ' -f1)
  if [ ! -d bench/lighthouse/node_modules/lighthouse ] || [ "$(cat bench/lighthouse/node_modules/.lock-sum 2>/dev/null)" != "$lh_sum" ]; then
    say "installing Lighthouse from bench/lighthouse/package-lock.json (npm ci)"
    npm ci --prefix bench/lighthouse --no-audit --no-fund
    echo "$lh_sum" > bench/lighthouse/node_modules/.lock-sum
  fi
fi
say "all tools present (trunk $TRUNK_VERSION, wasm-bindgen $WBG_VERSION, $(wasm-opt --version | head -1)$([ "$what" != build ] && echo ", wasm-pack $WASM_PACK_VERSION, ${PS_GRAMMAR_VERSIONS% }, $(PATH="$PATH:/usr/sbin" named -v | cut -d' ' -f1-2)")$([ "$what" = bench ] && echo ", twiggy $TWIGGY_VERSION, lighthouse $(node -p "require('./bench/lighthouse/node_modules/lighthouse/package.json').version")"))"
