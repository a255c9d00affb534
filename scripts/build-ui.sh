#!/usr/bin/env bash
# Builds the Leptos UI into ui/dist: the wasm32 crate, bound with wasm-bindgen (the exact version
# of Cargo.lock, installed by setup.sh), plus the static files. No tool downloads anything.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -p sportello-ui --target wasm32-unknown-unknown --release --locked
rm -rf ui/dist && mkdir -p ui/dist
wasm-bindgen --target web --no-typescript --out-dir ui/dist --out-name sportello_ui \
  target/wasm32-unknown-unknown/release/sportello_ui.wasm
cp ui/static/* ui/dist/
