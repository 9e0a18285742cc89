#!/usr/bin/env bash
# Remakes the pictures in docs/ from `hoshin build samples`.
#   bash docs/make-pictures.sh [all|pdf|web]   (needs poppler-utils; chromium and imagemagick for web)
# HOSHIN=path/to/hoshin uses that binary instead of `cargo run --release`.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
part=${1:-all}
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
if [ -n "${HOSHIN:-}" ]; then
  SOURCE_DATE_EPOCH=1049155200 "$HOSHIN" build "$repo/samples" -o "$out" -q
else
  (cd "$repo" && SOURCE_DATE_EPOCH=1049155200 cargo run --release -q -- build samples -o "$out" -q)
fi
page() { # PDF PAGE NAME DPI
  pdftoppm -png -r "$4" -f "$2" -l "$2" -singlefile "$1" "$repo/docs/$3"
}
if [ "$part" != web ]; then
  page "$out/booklet.pdf" 1 booklet-cover 50
  page "$out/booklet.pdf" 2 booklet-contents 50
  page "$out/booklet.pdf" 3 booklet-department 70
  page "$out/booklet.pdf" 4 booklet-projects 70
  if [ -f "$out/newsletter.pdf" ]; then page "$out/newsletter.pdf" 1 newsletter 40; fi
  # The newsletter in 縦組み: the samples with [newsletter] writing = "vertical".
  vin="$out/vertical-in"; mkdir -p "$vin"; cp "$repo"/samples/* "$vin"/
  printf '\n[newsletter]\nwriting = "vertical"\n' >> "$vin/hoshin.toml"
  if [ -n "${HOSHIN:-}" ]; then SOURCE_DATE_EPOCH=1049155200 "$HOSHIN" build "$vin" -o "$out/vertical" -q --only newsletter; else (cd "$repo" && SOURCE_DATE_EPOCH=1049155200 cargo run --release -q -- build "$vin" -o "$out/vertical" -q --only newsletter); fi
  page "$out/vertical/newsletter.pdf" 1 newsletter-vertical 40
  pdftoppm -png -r 110 -f 1 -l 1 -x 700 -y 480 -W 460 -H 560 -singlefile "$out/vertical/newsletter.pdf" "$repo/docs/newsletter-vertical-detail"
fi
# The web edition at a desktop's width (1280 px) and a phone's (390 px), in Debian's
# chromium with the repository's IPAex Gothic (a machine without Japanese fonts draws
# boxes).
if [ "$part" != pdf ] && command -v chromium > /dev/null; then
  cat > "$out/fonts.conf" <<CONF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>
<dir>$repo/fonts</dir><cachedir>$out/fontcache</cachedir></fontconfig>
CONF
  shot() { # WIDTH,HEIGHT PNG PAGE
    FONTCONFIG_FILE="$out/fonts.conf" chromium --headless --no-sandbox --disable-gpu --disable-quic \
      --no-first-run --disable-background-networking --disable-component-update --disable-sync \
      --hide-scrollbars --user-data-dir="$out/chromium" --window-size="$1" \
      --screenshot="$repo/docs/$2" "file://$out/web/$3" 2> /dev/null
  }
  shot 1280,1000 web-desktop.png dept-01-kikaku.html
  shot 1280,1000 web-desktop-indicators.png indicators.html
  shot 390,1100 web-phone.png index.html
  # A department's indicators as cards: a tall page, cut at 個別事業とその目標.
  shot 390,4200 ../web-tall.png dept-01-kikaku.html
  convert "$repo/web-tall.png" -crop 390x1100+0+3050 +repage "$repo/docs/web-phone-department.png"
  rm "$repo/web-tall.png"
fi
ls -la "$repo"/docs/*.png
