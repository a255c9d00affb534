#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build and test Sportello: system packages,
# the wasm32 target, and cargo tools at pinned versions from crates.io. Idempotent: what is
# already there is not installed again. Nothing is downloaded from outside the package registries.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential pkg-config perl make libssl-dev            # SQLCipher with vendored OpenSSL
  libwebkit2gtk-4.1-dev libxdo-dev libayatana-appindicator3-dev librsvg2-dev  # Tauri on Linux
  xvfb xauth imagemagick webkit2gtk-driver x11-utils         # the real window under test
  libdbus-1-dev dbus-daemon dbus-bin                          # suspend and screen lock (and their test)
  age sqlite3 poppler-utils qpdf fonts-dejavu-core file unzip zbar-tools  # independent checks of our files
  lintian                                                     # checks the Debian package
)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm (axe-core for the e2e accessibility rules, the Tauri CLI for packaging): Debian's, unless
# a Node.js that brings its own npm is already installed (Debian's npm would conflict with it).
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The toolchain and the wasm32 target come from rust-toolchain.toml.
rustup show active-toolchain >/dev/null
rustup target list --installed | grep -q '^wasm32-unknown-unknown$' || rustup target add wasm32-unknown-unknown

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
# (No --locked: a locked dependency of it is not served by the registry mirror.)
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
if [ -n "$WB_VERSION" ] && [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]; then
  echo "setup: installing wasm-bindgen-cli $WB_VERSION"
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --quiet
fi

# axe-core: the accessibility rules the end-to-end tests run on every screen they visit. The
# npm package at a pinned version (npm checks the registry's integrity), its script checked
# against the SHA-256 recorded here, kept under target/ and injected through WebDriver (the
# app's CSP forbids remote scripts).
AXE_VERSION=4.14.1
AXE_SHA256=29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c
AXE_DIR=target/axe-core-$AXE_VERSION
if ! echo "$AXE_SHA256  $AXE_DIR/axe.min.js" | sha256sum --check --status 2>/dev/null; then
  echo "setup: fetching axe-core $AXE_VERSION from npm"
  mkdir -p "$AXE_DIR"
  (cd "$AXE_DIR" && npm pack --silent "axe-core@$AXE_VERSION" >/dev/null \
    && tar -xzf "axe-core-$AXE_VERSION.tgz" --strip-components=1 package/axe.min.js \
    && rm "axe-core-$AXE_VERSION.tgz")
  echo "$AXE_SHA256  $AXE_DIR/axe.min.js" | sha256sum --check --quiet
fi

# The Tauri CLI that bundles the Debian package (scripts/package.sh): the npm packages at the
# version of the tauri crate, prebuilt for x86-64 Linux (building tauri-cli from crates.io takes
# ten minutes), their tarballs checked against the SHA-256 recorded here, kept under target/.
TAURI_CLI_VERSION=2.12.5
TAURI_CLI_SHA256=(
  "tauri-apps-cli-$TAURI_CLI_VERSION.tgz 5631ba6f7e653c35f3e10c982c64ca4b29aebb9a13ff1009c0190068d1db7288"
  "tauri-apps-cli-linux-x64-gnu-$TAURI_CLI_VERSION.tgz 5b229c40e8480477c1f623dab4a2be29a13d85656796a95b5679f3c4ffb11cc1"
)
TAURI_CLI_DIR=target/tauri-cli-$TAURI_CLI_VERSION
if [ ! -f "$TAURI_CLI_DIR/installed" ]; then
  echo "setup: fetching the Tauri CLI $TAURI_CLI_VERSION from npm"
  rm -rf "$TAURI_CLI_DIR"
  mkdir -p "$TAURI_CLI_DIR/node_modules/@tauri-apps"
  (cd "$TAURI_CLI_DIR" && npm pack --silent "@tauri-apps/cli@$TAURI_CLI_VERSION" \
    "@tauri-apps/cli-linux-x64-gnu@$TAURI_CLI_VERSION" >/dev/null)
  for entry in "${TAURI_CLI_SHA256[@]}"; do
    read -r file sum <<<"$entry"
    echo "$sum  $TAURI_CLI_DIR/$file" | sha256sum --check --quiet
    name=${file%-"$TAURI_CLI_VERSION".tgz}
    mkdir -p "$TAURI_CLI_DIR/node_modules/@tauri-apps/${name#tauri-apps-}"
    tar -xzf "$TAURI_CLI_DIR/$file" -C "$TAURI_CLI_DIR/node_modules/@tauri-apps/${name#tauri-apps-}" --strip-components=1
    rm "$TAURI_CLI_DIR/$file"
  done
  touch "$TAURI_CLI_DIR/installed"
fi

TAURI_DRIVER_VERSION=2.1.0
if [ "$(tauri-driver --version 2>/dev/null | awk '{print $2}')" != "$TAURI_DRIVER_VERSION" ]; then
  echo "setup: installing tauri-driver $TAURI_DRIVER_VERSION"
  cargo install tauri-driver --version "$TAURI_DRIVER_VERSION" --locked --quiet
fi
