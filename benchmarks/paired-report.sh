#!/usr/bin/env bash
# The per-round ratios of a paired sitting (benchmarks/sitting.sh paired): for each round r,
# philjs-r.json (JMH) and js-r.json (bench.mjs) in the folder given. Prints, per shape and
# library, each round's PhilJS mean / JS median and PhilJS fastest iteration / JS fastest
# sample, then the median of each over the rounds. PAIRED_LIBS (default "alien preact") chooses
# the JavaScript libraries; REPORT_BENCH (default PhilJsKairoBenchmark) the JMH benchmark class
# when philjs-r.json holds several; PAIRED_SHAPES (default "deepPropagation broadPropagation
# diamond") the shapes.
set -euo pipefail
dir=${1:?usage: paired-report.sh DIR}
med() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
printf '%-17s %-10s %s\n' shape library 'per round: mean/median (fastest/fastest) ... => median of the rounds'
for shape in ${PAIRED_SHAPES:-deepPropagation broadPropagation diamond}; do
  for lib in ${PAIRED_LIBS:-alien preact}; do
    ratios=() bests=()
    for js in "$dir"/js-*.json; do
      r=${js##*/js-}; r=${r%.json}
      jm="$dir/philjs-$r.json"
      [ -f "$jm" ] || continue
      read -r ours ours_best < <(jq -r --arg s "$shape" --arg b "${REPORT_BENCH:-PhilJsKairoBenchmark}" \
        '.[] | select(.params.shape == $s and (.benchmark | contains("." + $b + "."))) | "\(.primaryMetric.score) \([.primaryMetric.rawData[][]] | min)"' "$jm")
      read -r theirs theirs_best < <(jq -r --arg s "$shape" --arg l "$lib" \
        '.results[] | select(.shape == $s and (.lib | contains($l))) | "\(.perIterUs.median) \(.perIterUs.min)"' "$js")
      ratios+=("$(awk -v a="$ours" -v b="$theirs" 'BEGIN {print a / b}')")
      bests+=("$(awk -v a="$ours_best" -v b="$theirs_best" 'BEGIN {print a / b}')")
    done
    line=""
    for i in "${!ratios[@]}"; do line+=$(printf '%.2f (%.2f) ' "${ratios[$i]}" "${bests[$i]}"); done
    printf '%-17s %-10s %s=> %.2f (%.2f)\n' "$shape" "$lib" "$line" "$(med "${ratios[@]}")" "$(med "${bests[@]}")"
  done
done
