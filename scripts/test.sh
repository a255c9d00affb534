#!/usr/bin/env bash
# Runs every test of Sportello: formatting, lints, the core for wasm32, unit and integration
# tests through the real encrypted database, CLI scenarios, and the end-to-end tests of the real
# window. Installs what is missing first (scripts/setup.sh). Fails loudly: no test skips itself.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

step() { printf '\n== %s\n' "$*"; }

step "format"
cargo fmt --all -- --check

step "clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "core builds for wasm32"
cargo build -p sportello-core --target wasm32-unknown-unknown --locked

step "tests"
cargo test --workspace --locked
