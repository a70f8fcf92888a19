#!/usr/bin/env bash
# One benchmark sitting on this machine, as reported in docs/benchmarks.md.
# Usage: bash benchmarks/sitting.sh [core] [paired] [paired-rest] [load]   (core and load when no argument)
#   core: JMH (PhilJS kairo shapes + cellx, Vaadin deep/broad/diamond) and the JavaScript side
#         (alien-signals, preact) from shared/bench/js-signals; about 12 minutes
#   paired: deep, broad and diamond in rounds (PAIRED_ROUNDS, default 7), each round one JMH
#         fork of PhilJS right before one round of bench.mjs, so that both sides of a ratio
#         share the machine's state of the moment (on a host with noisy neighbours the
#         speed drifts by tens of percent within minutes); reports the per-round ratios
#         and their median; about 1.5 minutes a round. PAIRED_BENCH (a JMH regex, default
#         PhilJsKairoBenchmark) chooses the Java side, for example
#         'PhilJsKairoBenchmark|BareKairoBenchmark' (see paired-report.sh's REPORT_BENCH)
#   paired-rest: the same for the five kairo shapes that bench.mjs does not run
#         (avoidablePropagation, mux, repeatedObservers, triangle, unstable), against
#         benchmarks/js/kairo-rest.mjs (alien-signals and preact, timed as bench.mjs times)
#   load: the server load harness (sse, websocket, slow, http, persistence, then cross);
#         about 20 minutes; needs wrk, redis-server and redis-benchmark on the PATH
# Results go to benchmarks/target/sitting/. Close everything else first: on a machine that
# is busy, the numbers measure the other work.
set -euo pipefail
cd "$(dirname "$0")/.."
parts=("$@")
[ ${#parts[@]} -eq 0 ] && parts=(core load)
out=benchmarks/target/sitting
mkdir -p "$out"
{ date -u; uname -a; grep -m1 'model name' /proc/cpuinfo; nproc; java -version 2>&1 | head -1; node --version || true; uptime; } > "$out/machine.txt"

for part in "${parts[@]}"; do
  case "$part" in
    core)
      mvn -B -q -pl benchmarks -am package -DskipTests
      java -jar benchmarks/target/benchmarks.jar 'PhilJsKairoBenchmark|PhilJsCellxBenchmark' \
        -f 2 -wi 4 -i 6 -w 1s -r 1s -prof gc -rf json -rff "$out/philjs.json" | tee "$out/philjs.txt"
      java -jar benchmarks/target/benchmarks.jar VaadinKairoBenchmark \
        -p shape=deepPropagation,broadPropagation,diamond -f 1 -wi 2 -i 3 -w 1s -r 1s \
        -rf json -rff "$out/vaadin.json" | tee "$out/vaadin.txt"
      shared="${PHILJS_SHARED:-../shared}"
      rm -rf /tmp/philjs-js-signals && cp -r "$shared/bench/js-signals" /tmp/philjs-js-signals
      (cd /tmp/philjs-js-signals && npm install --no-audit --no-fund >/dev/null \
        && npm run bench && node --expose-gc bench.mjs --shape cellx --cellx-layers 1000,2500,5000 --json cellx.json) \
        | tee "$out/js.txt"
      cp /tmp/philjs-js-signals/results.json "$out/js-results.json"
      cp /tmp/philjs-js-signals/cellx.json "$out/js-cellx.json"
      ;;
    paired)
      mvn -B -q -pl benchmarks -am package -DskipTests
      shared="${PHILJS_SHARED:-../shared}"
      rm -rf /tmp/philjs-js-signals && cp -r "$shared/bench/js-signals" /tmp/philjs-js-signals
      (cd /tmp/philjs-js-signals && npm install --no-audit --no-fund >/dev/null)
      rm -rf "$out/paired" && mkdir -p "$out/paired"
      for r in $(seq 1 "${PAIRED_ROUNDS:-7}"); do
        java -jar benchmarks/target/benchmarks.jar "${PAIRED_BENCH:-PhilJsKairoBenchmark}" \
          -p shape=deepPropagation,broadPropagation,diamond -f 1 -wi 4 -i 6 -w 1s -r 1s \
          -rf json -rff "$out/paired/philjs-$r.json" >/dev/null
        (cd /tmp/philjs-js-signals && node --expose-gc bench.mjs --shape deep,broad,diamond --rounds 1 \
          --json "$OLDPWD/$out/paired/js-$r.json" >/dev/null)
      done
      for bench in $(tr '|' ' ' <<< "${PAIRED_BENCH:-PhilJsKairoBenchmark}"); do
        echo "$bench"; REPORT_BENCH=$bench bash benchmarks/paired-report.sh "$out/paired"
      done | tee "$out/paired.txt"
      ;;
    paired-rest)
      mvn -B -q -pl benchmarks -am package -DskipTests
      (cd benchmarks/js && npm install --no-audit --no-fund >/dev/null)
      rest=avoidablePropagation,mux,repeatedObservers,triangle,unstable
      rm -rf "$out/paired-rest" && mkdir -p "$out/paired-rest"
      for r in $(seq 1 "${PAIRED_ROUNDS:-7}"); do
        java -jar benchmarks/target/benchmarks.jar "${PAIRED_BENCH:-PhilJsKairoBenchmark}" \
          -p shape=$rest -f 1 -wi 4 -i 6 -w 1s -r 1s \
          -rf json -rff "$out/paired-rest/philjs-$r.json" >/dev/null
        (cd benchmarks/js && node --expose-gc kairo-rest.mjs --rounds 1 \
          --json "$OLDPWD/$out/paired-rest/js-$r.json" >/dev/null)
      done
      for bench in $(tr '|' ' ' <<< "${PAIRED_BENCH:-PhilJsKairoBenchmark}"); do
        echo "$bench"; REPORT_BENCH=$bench PAIRED_SHAPES="${rest//,/ }" bash benchmarks/paired-report.sh "$out/paired-rest"
      done | tee "$out/paired-rest.txt"
      ;;
    load)
      ulimit -n 20000 2>/dev/null || true
      mvn -B -q -pl benchmarks/load -am package -DskipTests
      cp='benchmarks/load/target/classes:benchmarks/load/target/lib/*'
      java -Xmx3g -cp "$cp" dev.philjs.benchmarks.load.LoadHarness --out="$out/load"
      java -Xmx1g -cp "$cp" dev.philjs.benchmarks.load.LoadHarness --scenarios=cross --out="$out/load-cross"
      ;;
    *) echo "unknown part '$part' (core, paired, load)" >&2; exit 2 ;;
  esac
done
echo "sitting done: $out"
