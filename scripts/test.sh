#!/usr/bin/env bash
# Runs every test: the Rust tests (unit, engine behaviour, CLI, robustness, the AWS-recorded
# conformance floor), then builds the playground (wasm + web, `npm --prefix www run build`) and runs
# its tests: the TypeScript type check, the wasm engine and the app's modules from Node (www/test),
# and the site in headless Chromium (www/e2e).
# Needs what scripts/setup-playground.sh installs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo test --locked
[ -f www/node_modules/.package-lock.json ] || npm --prefix www ci --no-audit --no-fund --loglevel=error
npm --prefix www run build
npm --prefix www run --silent typecheck   # needs www/pkg's .d.ts from the build
node --test www/test www/e2e
