#!/usr/bin/env bash
# Builds Sportello's Debian package: the desktop app (menu entry in Italian and English, icons),
# the `sportello` command line, the copyright and changelog, version and description from the
# workspace. Prints the package's path: target/release/bundle/deb/Sportello_<version>_amd64.deb
# (--debug: the debug build, target/debug/bundle/deb/…, which the tests install).
#
# The Tauri CLI (npm, pinned by scripts/setup.sh) bundles what cargo built; the binaries are then
# stripped in the package, as Debian requires (the bundler copies them as they are).
set -euo pipefail
cd "$(dirname "$0")/.."

profile=release
cargo_profile=(--release)
bundle_flags=()
case "${1:-}" in
  --debug) profile=debug; cargo_profile=(); bundle_flags=(--debug) ;;
  "") ;;
  *) echo "uso: scripts/package.sh [--debug]" >&2; exit 2 ;;
esac

bash scripts/setup.sh
TAURI_CLI_VERSION=$(awk -F= '/^TAURI_CLI_VERSION=/{print $2}' scripts/setup.sh)
tauri=(node "$PWD/target/tauri-cli-$TAURI_CLI_VERSION/node_modules/@tauri-apps/cli/tauri.js")

bash scripts/build-ui.sh
cargo build -p sportello-desktop -p sportello-cli "${cargo_profile[@]}" --locked

version=$(awk -F'"' '/^\[workspace.package\]/{w=1} w && /^version =/{print $2; exit}' Cargo.toml)
maintainer=$(awk -F'"' '/^\[workspace.package\]/{w=1} w && /^authors =/{print $2; exit}' Cargo.toml)
work="$PWD/target/package"
rm -rf "$work"
mkdir -p "$work"

# The Debian changelog of this version, dated by the last commit (the same package twice).
when=$(git log -1 --format=%cD 2>/dev/null || date -R)
cat >"$work/changelog" <<CHANGELOG
sportello ($version) unstable; urgency=medium

  * Sportello $version.

 -- $maintainer  $when
CHANGELOG
gzip -9n "$work/changelog"

# What only this build knows: where its CLI binary and changelog are.
cat >"$work/tauri.package.json" <<JSON
{ "bundle": { "linux": { "deb": { "files": {
  "/usr/share/doc/sportello/copyright": "packaging/copyright",
  "/usr/share/lintian/overrides/sportello": "packaging/lintian-overrides",
  "/usr/share/doc/sportello/changelog.gz": "$work/changelog.gz",
  "/usr/bin/sportello": "$PWD/target/$profile/sportello"
} } } } }
JSON
(cd src-tauri && "${tauri[@]}" bundle --bundles deb "${bundle_flags[@]}" --config "$work/tauri.package.json" --ci)

deb="target/$profile/bundle/deb/Sportello_${version}_amd64.deb"
[ -f "$deb" ] || { echo "package: $deb was not made" >&2; exit 1; }

# Strip the binaries inside the package, add the shared libraries they need to its Depends
# (dpkg-shlibdeps, as Debian's own packages do), and write its checksums and size again.
root="$work/debian/sportello"
mkdir -p "$work/debian"
printf 'Source: sportello\n\nPackage: sportello\nArchitecture: any\n' >"$work/debian/control"
dpkg-deb --raw-extract "$deb" "$root"
for bin in "$root"/usr/bin/*; do
  strip --strip-unneeded --remove-section=.comment --remove-section=.note "$bin"
done
depends=$(cd "$work" && dpkg-shlibdeps -O -e debian/sportello/usr/bin/sportello \
  -e debian/sportello/usr/bin/sportello-desktop | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "package: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
grep -q '^Depends: ' "$root/DEBIAN/control" || { echo "package: no Depends line to replace" >&2; exit 1; }
sed -i "s/^Depends: .*/Depends: $depends/" "$root/DEBIAN/control"
# Modes as Debian wants them, whatever the build machine's umask and checkout.
find "$root" -path "$root/DEBIAN" -prune -o -type d -exec chmod 0755 {} +
find "$root/usr" -type f -exec chmod 0644 {} +
chmod 0755 "$root"/usr/bin/*
(cd "$root" && find usr -type f -printf '%P\n' | sort | sed 's|^|usr/|' | xargs md5sum >DEBIAN/md5sums)
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -i "s/^Installed-Size: .*/Installed-Size: $size/" "$root/DEBIAN/control"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
rm -rf "$work/debian"
echo "$deb"
