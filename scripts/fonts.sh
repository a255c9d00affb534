#!/usr/bin/env bash
# Remakes the report fonts of assets/fonts/ (see assets/fonts/README.md) from the npm and PyPI
# packages. Not part of the build: the subsets are committed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack @expo-google-fonts/titillium-web@0.4.1 >/dev/null
tar xzf expo-google-fonts-titillium-web-0.4.1.tgz
pip install -q fonttools==4.55.0
for weight in 400Regular 700Bold; do
  pyftsubset "package/$weight/TitilliumWeb_$weight.ttf" \
    --unicodes="U+0020-007E,U+00A0-00FF,U+2013-2014,U+2018-201D,U+2022,U+2026,U+20AC" \
    --layout-features='' --no-hinting --name-IDs='*' --name-languages='*' \
    --output-file="$root/assets/fonts/TitilliumWeb-$weight-Latin.ttf"
done
cp package/LICENSE_FONT "$root/assets/fonts/OFL.txt"
