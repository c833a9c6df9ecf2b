#!/usr/bin/env bash
# Runs every test: unit, engine behaviour, CLI, and the AWS-recorded conformance floor.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --locked
