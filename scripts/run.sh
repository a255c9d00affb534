#!/usr/bin/env bash
# Builds and starts the Sportello desktop app. With --demo it opens a freshly generated demo
# archive in a temporary folder and prints its passphrase. Other arguments go to the app
# (e.g. --data-dir CARTELLA).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build-ui.sh
cargo build --release -p sportello-desktop -p sportello-archive --locked
exec ./target/release/sportello-desktop "$@"
