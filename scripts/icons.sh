#!/usr/bin/env bash
# Makes the app's icons from their drawing, assets/icon/sportello.svg: the PNG sizes the Linux
# menu and the window use, and icon.ico for the Windows build. Run after changing the drawing,
# then commit the icons (the build uses them as they are; it never runs this).
# Needs rsvg-convert (Debian: librsvg2-bin) and ImageMagick's convert.
set -euo pipefail
cd "$(dirname "$0")/.."
svg=assets/icon/sportello.svg
out=src-tauri/icons
mkdir -p "$out"
for size in 32 64 128 256 512; do
  rsvg-convert -w "$size" -h "$size" "$svg" -o "$out/$size.png"
done
mv "$out/32.png" "$out/32x32.png"
mv "$out/64.png" "$out/64x64.png"
mv "$out/128.png" "$out/128x128.png"
mv "$out/256.png" "$out/256x256.png"
mv "$out/512.png" "$out/icon.png"
convert "$out/32x32.png" "$out/64x64.png" "$out/128x128.png" "$out/256x256.png" "$out/icon.ico"
echo "icons: $(ls "$out" | tr '\n' ' ')"
