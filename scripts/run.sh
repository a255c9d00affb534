#!/usr/bin/env bash
# Builds and runs Sportello. With --demo: a freshly generated demo archive in a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo build --release -p sportello-archive --locked
if [ "${1:-}" = "--demo" ]; then
  dir=$(mktemp -d -t sportello-demo-XXXXXX)
  ./target/release/sportello --data-dir "$dir" demo --years 2
  SPORTELLO_PASSPHRASE=prova-demo-roccaverde ./target/release/sportello --data-dir "$dir" stats
else
  ./target/release/sportello "$@"
fi
