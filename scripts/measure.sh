#!/usr/bin/env bash
# Start-up time and resident memory of the release desktop app on a demo archive (median of 5).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build-ui.sh
cargo build --release -p sportello-desktop --locked
SPORTELLO_E2E_PROFILE=release cargo run --release -p sportello-e2e --bin measure-desktop --locked
