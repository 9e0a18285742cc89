#!/usr/bin/env bash
# The booklet beside Typst, on the same generated workbooks, in one run.
#
#   bash benches/booklet_vs_typst.sh [SIZES...]      # default: 8x10 200x20
#
# Needs: pip install typst==0.15.2 openpyxl; apt-get install fonts-ipaexfont-mincho
# fonts-ipaexfont-gothic poppler-utils time; ../shared/bench/typst beside this repo.
# For each size DEPTSxPROJECTS: `hoshin sample` data, then `hoshin build --only booklet`
# and Typst compiling the same content (../shared/bench/typst, copied to a temp folder
# because shared/ is read-only), each RUNS times (default 3); prints the median wall
# time, peak RSS, pages and PDF bytes of each and the ratios.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
typst_src=${TYPST_BENCH:-$repo/../shared/bench/typst}
runs=${RUNS:-3}
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(8x10 200x20)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cp -r "$typst_src" "$work/typst"
(cd "$repo" && cargo build --release -q)
hoshin=${CARGO_TARGET_DIR:-$repo/target}/release/hoshin
export SOURCE_DATE_EPOCH=1049155200

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() { # label, command...: prints "wall rss_kb" medians; @OUT@ becomes a new
  # empty folder each run (a rebuild into the same folder leaves unchanged files alone)
  local label=$1; shift
  : > "$work/$label.times"
  for i in $(seq "$runs"); do
    local args=("${@/@OUT@/$work/out-$label-$i}")
    /usr/bin/time -f '%e %M' -o "$work/t" "${args[@]}" > /dev/null 2>&1
    cat "$work/t" >> "$work/$label.times"
  done
  echo "$(cut -d' ' -f1 "$work/$label.times" | median) $(cut -d' ' -f2 "$work/$label.times" | median)"
}

printf '%-8s %-7s %6s %8s %9s %10s\n' size tool pages wall_s rss_MB pdf_KB
for size in "${sizes[@]}"; do
  d=${size%x*} p=${size#*x}
  data=$work/data-$size
  "$hoshin" sample -o "$data" --departments "$d" --projects "$p" > /dev/null
  read -r hw hr < <(measure "hoshin-$size" "$hoshin" build "$data" -o @OUT@ --only booklet -q)
  hpdf=$work/out-hoshin-$size-1/booklet.pdf
  python3 "$work/typst/wb2json.py" "$data" "$work/typst/data.json" > /dev/null 2>&1
  read -r tw tr < <(measure "typst-$size" python3 "$work/typst/compile.py" "$work/typst/data.json" "$work/typst.pdf" --timestamp "$SOURCE_DATE_EPOCH" --no-tags)
  hpages=$(pdfinfo "$hpdf" | awk '/^Pages/{print $2}'); tpages=$(pdfinfo "$work/typst.pdf" | awk '/^Pages/{print $2}')
  printf '%-8s %-7s %6s %8s %9.0f %10.0f\n' "$size" hoshin "$hpages" "$hw" "$((hr / 1024))" "$(( $(stat -c %s "$hpdf") / 1024 ))"
  printf '%-8s %-7s %6s %8s %9.0f %10.0f\n' "$size" typst "$tpages" "$tw" "$((tr / 1024))" "$(( $(stat -c %s "$work/typst.pdf") / 1024 ))"
  awk -v hw="$hw" -v tw="$tw" -v hr="$hr" -v tr="$tr" -v s="$size" \
    'BEGIN { printf "%-8s typst/hoshin: %.1fx faster, %.1fx less memory\n", s, tw / hw, tr / hr }'
done
