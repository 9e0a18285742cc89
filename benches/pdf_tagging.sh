#!/usr/bin/env bash
# What tagging costs: the booklet tagged (PDF/UA-1 + PDF/A-2a, the default) beside the
# same booklet untagged ([pdf] tagged = false) and beside Typst writing it tagged, side
# by side on the same generated workbooks.
#
#   RUNS=3 bash benches/pdf_tagging.sh [SIZES...]      # default: 200x20
#
# Needs what benches/booklet_vs_typst.sh needs (pip install typst==0.15.2 openpyxl;
# ../shared/bench/typst beside this repo; GNU time). Prints the median wall time, peak
# RSS and PDF size of each, and the ratios the issue asks for.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
typst_src=${TYPST_BENCH:-$repo/../shared/bench/typst}
runs=${RUNS:-3}
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(200x20)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cp -r "$typst_src" "$work/typst"
(cd "$repo" && cargo build --release -q)
hoshin=${CARGO_TARGET_DIR:-$repo/target}/release/hoshin
export SOURCE_DATE_EPOCH=1049155200

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# label, command... (@OUT@: a new empty folder each run): runs the labels given in
# turn, round by round, so that drift of the machine's speed hits all alike.
declare -A cmds
run_rounds() {
  for i in $(seq "$runs"); do
    for label in "$@"; do
      local args=(${cmds[$label]//@OUT@/$work/out-$label-$i})
      /usr/bin/time -f '%e %M' -o "$work/t" "${args[@]}" > /dev/null 2>&1
      cat "$work/t" >> "$work/$label.times"
    done
  done
}
stat_of() { # label: "wall rss_kb"
  echo "$(cut -d' ' -f1 "$work/$1.times" | median) $(cut -d' ' -f2 "$work/$1.times" | median)"
}

printf '%-8s %-16s %6s %8s %9s %10s\n' size what pages wall_s rss_MB pdf_KB
for size in "${sizes[@]}"; do
  d=${size%x*} p=${size#*x}
  data=$work/data-$size
  "$hoshin" sample -o "$data" --departments "$d" --projects "$p" > /dev/null
  # The same settings (a build with --config reads only that file) and [pdf] off.
  { cat "$data/hoshin.toml"; printf '\n[pdf]\ntagged = false\n'; } > "$work/untagged.toml"
  python3 "$work/typst/wb2json.py" "$data" "$work/typst/data.json" > /dev/null 2>&1
  cmds[tagged]="$hoshin build $data -o @OUT@ --only booklet -q"
  cmds[untagged]="$hoshin build $data -o @OUT@ --only booklet -q --config $work/untagged.toml"
  cmds[typst]="python3 $work/typst/compile.py $work/typst/data.json @OUT@.pdf --timestamp $SOURCE_DATE_EPOCH"
  rm -f "$work"/*.times
  # hoshin's two alternate; Typst's runs come after them: a hoshin run right after
  # Typst's (1.5 GB freed) was 0.03–0.05 s slower, which fell on whichever came next.
  run_rounds tagged untagged
  run_rounds typst
  for label in tagged untagged typst; do
    read -r w r < <(stat_of "$label")
    eval "w_$label=$w r_$label=$r"
    if [ "$label" = typst ]; then pdf=$work/out-typst-1.pdf; else pdf=$work/out-$label-1/booklet.pdf; fi
    eval "s_$label=$(stat -c %s "$pdf")"
    printf '%-8s %-16s %6s %8s %9.0f %10.0f\n' "$size" "hoshin $label" "$(pdfinfo "$pdf" | awk '/^Pages/{print $2}')" \
      "$w" "$((r / 1024))" "$(( $(stat -c %s "$pdf") / 1024 ))"
  done
  awk -v tw="$w_tagged" -v uw="$w_untagged" -v yw="$w_typst" -v ts="$s_tagged" -v us="$s_untagged" -v s="$size" \
    'BEGIN { printf "%-8s tagged/untagged: %+.1f %% time, %+.1f %% size; Typst tagged / hoshin tagged: %.1fx the time\n", s, (tw / uw - 1) * 100, (ts / us - 1) * 100, yw / tw }'
done
