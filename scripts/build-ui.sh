#!/usr/bin/env bash
# Builds the Leptos UI into ui/dist: the wasm32 crate, bound with wasm-bindgen (the exact version
# of Cargo.lock, installed by setup.sh), plus the static files. No tool downloads anything.
set -euo pipefail
cd "$(dirname "$0")/.."
# Built for size (profile wasm-release, Cargo.toml); the names of its functions, which only a
# debugger reads, are left out.
cargo build -p sportello-ui --target wasm32-unknown-unknown --profile wasm-release --locked
rm -rf ui/dist && mkdir -p ui/dist
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
  --out-dir ui/dist --out-name sportello_ui target/wasm32-unknown-unknown/wasm-release/sportello_ui.wasm
cp ui/static/* ui/dist/
