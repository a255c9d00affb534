#!/usr/bin/env bash
# Every benchmark in one command, written to BENCHMARKS.md at the repository root: the large
# archive (about 100,000 colloqui and 20,000 persons over ten years, cached in
# target/bench-archives/ by the generator's version), the archive's benchmarks (criterion,
# small samples), the encrypted database against its plain twin, generating the archive (median
# of 3), and the desktop app's start-up and memory against a hello-world Tauri window built the
# same way (median of 5). Each figure beside its target and, where there is one, its limit.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The activity benchmark's yardstick (LibreOffice headless) and the writer of BENCHMARKS.md.
missing=()
for p in libreoffice-writer-nogui python3; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

step() { printf '\n== %s\n' "$*"; }

step "builds (not timed)"
bash scripts/build-ui.sh
cargo build --release -p sportello-desktop --locked
# The floor, built like the app: the hello-world window serving a Leptos page compiled to wasm32
# (benches/hello-ui). Then, for reference, the same window with its field in plain HTML.
cargo build -p sportello-hello-ui --target wasm32-unknown-unknown --profile wasm-release --locked
rm -rf benches/hello/dist-leptos && mkdir -p benches/hello/dist-leptos
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
  --out-dir benches/hello/dist-leptos --out-name hello \
  target/wasm32-unknown-unknown/wasm-release/sportello_hello_ui.wasm
cp benches/hello-ui/static/* benches/hello/dist-leptos/
cargo build --release -p sportello-hello --locked
cp target/release/sportello-hello target/release/sportello-hello-html
TAURI_CONFIG='{"build":{"frontendDist":"dist-leptos"}}' cargo build --release -p sportello-hello --locked
cargo bench -p sportello-archive --locked --no-run

step "generating the large archive: once for the cache if missing (not timed), then 3 timed"
rm -rf target/criterion target/bench-results
mkdir -p target/bench-results
started=$(date +%s)
# Small samples: criterion's least (10) and short windows; one-shot figures are medians of 3.
args=(--warm-up-time 1 --measurement-time 2 --noplot)
cargo bench -p sportello-archive --locked --bench generate -- "${args[@]}"

for bench in daily hours activity encryption import backup attachments; do
  step "cargo bench --bench $bench"
  cargo bench -p sportello-archive --locked --bench "$bench" -- "${args[@]}"
done

step "start-up and memory: Sportello on the large archive, and the hello-world window"
# The benchmarks before wrote gigabytes (imports, backups): written out first, so the disk's
# catching up is not timed as the windows' start-up.
sync
archive=$(ls -d target/bench-archives/large-v* | head -n 1)
SPORTELLO_E2E_PROFILE=release cargo run --release -p sportello-e2e --bin measure-desktop --locked -- \
  --archive "$archive" --hello target/release/sportello-hello \
  --hello-html target/release/sportello-hello-html --json target/bench-results/desktop.json

# The run's own time: the cached archive's making (when it was missing) left out.
cache_s=$(python3 -c 'import json; print(int(json.load(open("target/bench-results/generate.json"))["cached_archive_s"]))')
elapsed=$(( $(date +%s) - started - cache_s ))
python3 scripts/benchmarks.py --seconds "$elapsed" > BENCHMARKS.md
echo "BENCHMARKS.md written; the benchmarks took $((elapsed / 60)) min $((elapsed % 60)) s (builds and the cached archive aside)"
