#!/usr/bin/env bash
# End-to-end `hoshin build` (every output) at several sizes, 2 threads and 1 thread,
# beside Typst compiling only the booklet from the same workbooks.
#
#   bash benches/build.sh [SIZES...]     # default: samples 200x20 1000x20
#
# Prints per size: wall and CPU seconds, peak RSS, pages, bytes, hoshin's per-stage
# timings (-v), the 1-vs-2-thread ratio and the Typst ratio. RUNS (default 3) runs
# each, medians. TYPST=0 skips Typst. Needs /usr/bin/time; Typst as in
# benches/booklet_vs_typst.sh.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-3}
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(samples 200x20 1000x20)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
(cd "$repo" && cargo build --release -q)
hoshin=${CARGO_TARGET_DIR:-$repo/target}/release/hoshin
export SOURCE_DATE_EPOCH=1049155200
if [ "${TYPST:-1}" != 0 ]; then cp -r "${TYPST_BENCH:-$repo/../shared/bench/typst}" "$work/typst"; fi

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# run LABEL CMD...: RUNS runs; sets W (wall), C (user+sys), R (peak RSS MB) medians.
# An argument @OUT@ becomes a new empty output folder for each run: a rebuild into
# the same folder would leave the unchanged files alone and measure next to nothing.
run() {
  local label=$1; shift; : > "$work/$label"
  for i in $(seq "$runs"); do
    local args=("${@/@OUT@/$work/out-$label-$i}")
    /usr/bin/time -f '%e %U %S %M' -o "$work/t" "${args[@]}" > "$work/$label.out" 2>&1
    cat "$work/t" >> "$work/$label"
  done
  W=$(awk '{print $1}' "$work/$label" | median)
  C=$(awk '{print $2 + $3}' "$work/$label" | median)
  R=$(awk '{printf "%.0f\n", $4 / 1024}' "$work/$label" | median)
}

for size in "${sizes[@]}"; do
  if [ "$size" = samples ]; then data=$repo/samples; else
    data=$work/data-$size
    "$hoshin" sample -o "$data" --departments "${size%x*}" --projects "${size#*x}" > /dev/null
  fi
  # The newsletter is one page for a real city's departments; at hundreds it cannot
  # fit and stops the build by design, so generated sizes build every other output.
  only=(); [ "$size" = samples ] || only=(--only booklet,summary,departments,next-year,web)
  run "h2-$size" "$hoshin" build "$data" -o @OUT@ -v "${only[@]}"
  w2=$W c2=$C r2=$R
  run "h1-$size" env RAYON_NUM_THREADS=1 "$hoshin" build "$data" -o @OUT@ -v "${only[@]}"
  w1=$W
  run "h1c-$size" env RAYON_NUM_THREADS=1 taskset -c 0 "$hoshin" build "$data" -o @OUT@ -v "${only[@]}"
  w1c=$W
  out=$work/out-h2-$size-1
  pages=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(sum(o["pages"] or 0 for o in m["outputs"]), m["departments"])' "$out/manifest.json")
  bytes=$(du -sb "$out" | cut -f1)
  echo "== $size: ${pages#* } departments, ${pages% *} pages, $((bytes / 1024)) KB written"
  printf '  hoshin build, 2 threads: wall %s s, CPU %s s, peak RSS %s MB\n' "$w2" "$c2" "$r2"
  printf '  hoshin build, 1 thread:  wall %s s  (2 threads are %.2fx faster)\n' "$w1" "$(echo "$w1 / $w2" | bc -l)"
  # rust_xlsxwriter assembles each worksheet on a thread of its own whatever rayon's
  # count (kept on the saving thread's core, which may move): pinned to one core, the
  # run is single-threaded for real.
  printf '  hoshin build, 1 core:    wall %s s  (2 cores are %.2fx faster)\n' "$w1c" "$(echo "$w1c / $w2" | bc -l)"
  sed -n 's/^  \([a-zA-Z+ -]*\): \([0-9.]* s\)$/    stage \1: \2/p' "$work/h2-$size.out"
  if [ "${TYPST:-1}" != 0 ]; then
    python3 "$work/typst/wb2json.py" "$data" "$work/typst/data.json" > /dev/null 2>&1
    run "t-$size" python3 "$work/typst/compile.py" "$work/typst/data.json" "$work/typst.pdf" --timestamp "$SOURCE_DATE_EPOCH" --no-tags
    printf '  typst, booklet only:    wall %s s, CPU %s s, peak RSS %s MB, %s pages (hoshin, all outputs, is %.1fx faster)\n' \
      "$W" "$C" "$R" "$(pdfinfo "$work/typst.pdf" | awk '/^Pages/{print $2}')" "$(echo "$W / $w2" | bc -l)"
  fi
done
