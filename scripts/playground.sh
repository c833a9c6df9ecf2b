#!/usr/bin/env bash
# Builds the playground and serves it on http://127.0.0.1:8080/ (PORT=... to change), installing
# what is missing first (wasm32 target, wasm-bindgen CLI, npm packages; no browser needed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-playground.sh --no-browser
export PATH="$HOME/.cargo/bin:$PATH"
exec node www/scripts/serve.mjs --build-if-needed "$@"
