#!/usr/bin/env bash
# Installs what the playground's build and browser tests need, each step only when it is missing
# (a re-run on a ready machine takes a second):
#   - the Rust target wasm32-unknown-unknown (rustup)
#   - the wasm-bindgen CLI, exactly the version of the wasm-bindgen crate in Cargo.lock (cargo install)
#   - Chromium from Debian's apt (for the e2e tests; skipped with --no-browser)
#   - the npm packages of www/ (npm ci, from www/package-lock.json)
# Used by .ci/run and scripts/playground.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

BROWSER=1
[ "${1:-}" = "--no-browser" ] && BROWSER=0
say() { echo "setup: $*"; }

command -v cargo >/dev/null || { echo "setup: cargo is not installed (https://rustup.rs)" >&2; exit 1; }
command -v node >/dev/null && command -v npm >/dev/null || { echo "setup: node and npm are not installed (Node >= 20)" >&2; exit 1; }

TARGET=wasm32-unknown-unknown
if ! rustup target list --installed 2>/dev/null | grep -qx "$TARGET"; then
  say "rustup target add $TARGET"
  rustup target add "$TARGET"
fi

WB_VER=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$WB_VER" ] || { echo "setup: Cargo.lock has no wasm-bindgen crate" >&2; exit 1; }
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $WB_VER"; then
  say "cargo install wasm-bindgen-cli $WB_VER (about 2 minutes, once per machine)"
  # opt-level 1: 2m10s instead of 3m35s on 2 cores, and as fast for what the CLI does here.
  # --locked first; this registry mirror may lack a locked dependency version, then resolve afresh.
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 cargo install wasm-bindgen-cli --version "$WB_VER" --locked --force \
    || CARGO_PROFILE_RELEASE_OPT_LEVEL=1 cargo install wasm-bindgen-cli --version "$WB_VER" --force
fi

if [ "$BROWSER" = 1 ] && ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "apt-get install chromium"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
  else
    echo "setup: chromium is missing: install it (e.g. sudo apt-get install chromium) or set CHROMIUM=/path/to/chrome" >&2
    [ -n "${CHROMIUM:-}" ] || exit 1
  fi
fi

# npm ci when node_modules is missing or older than the lockfile.
if [ ! -f www/node_modules/.package-lock.json ] || [ www/package-lock.json -nt www/node_modules/.package-lock.json ]; then
  say "npm ci (www/)"
  npm --prefix www ci --no-audit --no-fund --loglevel=error
fi
