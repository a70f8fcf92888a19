#!/usr/bin/env bash
# A/B of two builds of benchmarks.jar on a noisy host: in each round the two JARs run at the
# same time, one per CPU (taskset; the CPUs are swapped every round), so that both see the
# host's state of the moment. Prints, per JAR and shape, the fastest, 25th percentile and median
# of the per-iteration scores over all rounds.
# Usage: bash benchmarks/ab.sh ROUNDS SHAPES A.jar B.jar   (SHAPES: deepPropagation,diamond,...)
# Needs 2 CPUs and nothing else running. An A/A run (one JAR on both sides) shows the method's
# own spread: about 4% on the fastest, 2.5% on the 25th percentile on the 2-core machine of
# docs/benchmarks.md.
set -euo pipefail
rounds=${1:?rounds}; shapes=${2:?shapes}; jar_a=${3:?A.jar}; jar_b=${4:?B.jar}
tmp=$(mktemp -d)
run() { # cpu jar label
  taskset -c "$1" java -Djmh.ignoreLock=true -jar "$2" PhilJsKairoBenchmark -p shape="$shapes" \
    -f 1 -wi 4 -i 8 -w 1s -r 1s 2>&1 |
    awk -v label="$3" '/# Parameters: \(shape = /{s=$5; gsub(/\)/,"",s)} /^Iteration/{print label, s, $3}'
}
for r in $(seq 1 "$rounds"); do
  if (( r % 2 )); then cpu_a=0; cpu_b=1; else cpu_a=1; cpu_b=0; fi
  run "$cpu_a" "$jar_a" A > "$tmp/a" &
  run "$cpu_b" "$jar_b" B > "$tmp/b"
  wait
  cat "$tmp/a" "$tmp/b" >> "$tmp/all"
done
# sorted by JAR, shape and score, so each group's scores arrive in order
sort -k2,2 -k1,1 -k3,3g "$tmp/all" | awk '
  function report() { if (n) printf "%s fastest %.1f p25 %.1f median %.1f us (%d iterations)\n", key, a[1], a[int(n/4)+1], a[int(n/2)+1], n }
  $1 " " $2 != key { report(); key = $1 " " $2; n = 0 }
  { a[++n] = $3 }
  END { report() }'
rm -rf "$tmp"
