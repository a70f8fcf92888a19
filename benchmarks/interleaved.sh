#!/usr/bin/env bash
# A/B of two builds of benchmarks.jar with Interleaved (both builds in one JVM, timed in
# alternating 2 ms slices), repeated over many JVMs: one JVM's ratio mostly measures how the
# JIT happened to compile each copy (an A/A run gives 0.94 to 1.14 in single JVMs), so the
# median over JVMs is what to read. Runs two JVMs at a time, one per CPU (taskset), and
# swaps which build is loaded first in every other JVM.
# Usage: bash benchmarks/interleaved.sh JVMS SHAPES A.jar B.jar   (SHAPES: deepPropagation,diamond,...;
# a build may be JAR#class to time another Framework of that JAR, e.g. #dev.philjs.benchmarks.BareFramework)
# Build this checkout first (mvn -B -pl benchmarks -am package -DskipTests): the harness
# comes from its benchmarks/target/benchmarks.jar. Prints, per shape, the mean of the
# per-JVM medians of A and B and the sorted per-JVM ratios B/A (below 1: B is faster).
# Needs 2 CPUs, nothing else running, and gawk.
set -euo pipefail
jvms=${1:?jvms}; shapes=${2:?shapes}
# a build may be JAR#framework-class (for example x.jar#dev.philjs.benchmarks.BareFramework)
resolve() { local jar=${1%%#*}; local rest=${1#"$jar"}; echo "$(realpath "$jar")$rest"; }
jar_a=$(resolve "${3:?A.jar}"); jar_b=$(resolve "${4:?B.jar}")
cd "$(dirname "$0")/.."
tool=benchmarks/target/benchmarks.jar
tmp=$(mktemp -d)
for r in $(seq 1 "$jvms"); do
  if (( r % 2 )); then first=$jar_a; second=$jar_b; swapped=0; else first=$jar_b; second=$jar_a; swapped=1; fi
  taskset -c $(( r % 2 )) java -XX:AutoBoxCacheMax=65536 -cp "$tool" dev.philjs.benchmarks.Interleaved \
    "$first" "$second" "$shapes" 4 |
    awk -v swapped=$swapped '{ if (swapped) print $1, $6, $3; else print $1, $3, $6 }' > "$tmp/$r" &
  if (( r % 2 == 0 )); then wait; fi
done
wait
cat "$tmp"/* | sort | awk '
  { s = $1; n[s]++; a[s] += $2; b[s] += $3; ratios[s] = ratios[s] " " $3 / $2 }
  END {
    for (s in n) {
      m = split(ratios[s], r, " "); asort(r)
      printf "%-20s JVMs %d  A %.2f us  B %.2f us  B/A median %.3f  per JVM:", s, n[s], a[s] / n[s], b[s] / n[s], (m % 2) ? r[(m + 1) / 2] : (r[m / 2] + r[m / 2 + 1]) / 2
      for (i = 1; i <= m; i++) printf " %.2f", r[i]
      printf "\n"
    }
  }'
rm -rf "$tmp"
