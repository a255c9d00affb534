#!/usr/bin/env bash
# Runs every test of Sportello: formatting, lints, the core for wasm32, unit and integration
# tests through the real encrypted database, CLI scenarios, and the end-to-end tests of the real
# window. Installs what is missing first (scripts/setup.sh). Fails loudly: no test skips itself.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

# One full build, never edited and rebuilt: incremental caches would only cost disk (gigabytes
# across some forty test binaries), and a CI disk can be small.
export CARGO_INCREMENTAL=0

step() { printf '\n== %s\n' "$*"; }

step "format"
cargo fmt --all -- --check

step "user interface (wasm32 + wasm-bindgen)"
bash scripts/build-ui.sh

step "clippy"
cargo clippy --workspace --exclude sportello-ui --exclude sportello-hello --exclude sportello-hello-ui --all-targets --locked -- -D warnings
cargo clippy -p sportello-ui -p sportello-core --target wasm32-unknown-unknown --locked -- -D warnings

step "core builds for wasm32"
cargo build -p sportello-core --target wasm32-unknown-unknown --locked

step "desktop app (the binary the end-to-end tests drive)"
cargo build -p sportello-desktop --locked

step "Debian package (debug build; installed by the package test, checked by lintian)"
deb=$(bash scripts/package.sh --debug | tail -n 1)
lintian --fail-on error --display-level '>=warning' "$deb"

step "benchmarks compile (they run with cargo bench, never as tests)"
cargo test --workspace --exclude sportello-ui --exclude sportello-hello --exclude sportello-hello-ui --benches --no-run --locked

step "tests: build, then flush the disk"
cargo test --workspace --exclude sportello-ui --exclude sportello-hello --exclude sportello-hello-ui --no-run --locked
# Gigabytes of fresh binaries still being written back would stall the tests' own fsyncs (and
# a killed app's last write) on a slow disk; flushed once here instead, before the tests run.
sync

step "tests: unit, integration, CLI, end-to-end in the real window"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
rm -f target/e2e-artifacts/axe-summary.tsv target/e2e-artifacts/apps-ended-by-harness.log
cargo test --workspace --exclude sportello-ui --exclude sportello-hello --exclude sportello-hello-ui --locked 2>&1 | tee "$log"
# One closing line for the whole run (cargo prints one per test binary, the last often a doc-test's 0).
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed;?$/) p += $i; if ($(i+1) ~ /^failed;?$/) f += $i } }
     END { printf "\nsummary: %d passed, %d failed\n", p, f }' "$log"
# axe-core's findings over every screen the end-to-end tests visited (serious ones fail a test).
awk -F'\t' '{ n++; s += $3; m += $4 } END { printf "axe-core: %d screens checked, %d serious or critical, %d moderate or minor violations\n", n, s, m }' \
  target/e2e-artifacts/axe-summary.tsv
# Apps the harness had to end itself after their WebDriver session (tests/support/lib.rs,
# unlock_after_the_app): none is the normal case; each one is printed, even if its test passed.
ended=target/e2e-artifacts/apps-ended-by-harness.log
if [ -s "$ended" ]; then
  echo "apps ended by the e2e harness after their session: $(grep -c 'ended by the harness' "$ended")"
  cat "$ended"
else
  echo "apps ended by the e2e harness after their session: 0"
fi
echo "build directory: $(du -sh target | cut -f1)"
