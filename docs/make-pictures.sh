#!/usr/bin/env bash
# Remakes the pictures in docs/ from `hoshin build samples`.
#   bash docs/make-pictures.sh        (needs poppler-utils)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
(cd "$repo" && SOURCE_DATE_EPOCH=1049155200 cargo run --release -q -- build samples -o "$out" -q)
page() { # PDF PAGE NAME DPI
  pdftoppm -png -r "$4" -f "$2" -l "$2" -singlefile "$1" "$repo/docs/$3"
}
page "$out/booklet.pdf" 1 booklet-cover 50
page "$out/booklet.pdf" 2 booklet-contents 50
page "$out/booklet.pdf" 3 booklet-department 70
page "$out/booklet.pdf" 4 booklet-projects 70
if [ -f "$out/newsletter.pdf" ]; then page "$out/newsletter.pdf" 1 newsletter 40; fi
# The newsletter in 縦組み: the samples with [newsletter] writing = "vertical".
vin="$out/vertical-in"; mkdir -p "$vin"; cp "$repo"/samples/* "$vin"/
printf '\n[newsletter]\nwriting = "vertical"\n' >> "$vin/hoshin.toml"
(cd "$repo" && SOURCE_DATE_EPOCH=1049155200 cargo run --release -q -- build "$vin" -o "$out/vertical" -q --only newsletter)
page "$out/vertical/newsletter.pdf" 1 newsletter-vertical 40
pdftoppm -png -r 110 -f 1 -l 1 -x 700 -y 480 -W 460 -H 560 -singlefile "$out/vertical/newsletter.pdf" "$repo/docs/newsletter-vertical-detail"
# The web edition, desktop and phone widths (Debian's chromium).
if command -v chromium > /dev/null; then
  shot() { chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
    --user-data-dir="$out/chromium" --window-size="$1" --screenshot="$repo/docs/$2" "file://$out/web/$3" 2> /dev/null; }
  shot 1100,900 web-desktop.png 企画部.html
  shot 390,1100 web-phone.png indicators.html
fi
ls -la "$repo"/docs/*.png
