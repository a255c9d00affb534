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
  npm                                                         # axe-core, the accessibility rules of the e2e tests
)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
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

TAURI_DRIVER_VERSION=2.1.0
if [ "$(tauri-driver --version 2>/dev/null | awk '{print $2}')" != "$TAURI_DRIVER_VERSION" ]; then
  echo "setup: installing tauri-driver $TAURI_DRIVER_VERSION"
  cargo install tauri-driver --version "$TAURI_DRIVER_VERSION" --locked --quiet
fi
