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
ls -la "$repo"/docs/*.png
