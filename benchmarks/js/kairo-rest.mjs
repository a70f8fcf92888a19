#!/usr/bin/env node
// The five kairo shapes that ../shared/bench/js-signals/bench.mjs does not run
// (avoidablePropagation, mux, repeatedObservers, triangle, unstable), on alien-signals and
// @preact/signals-core, timed the way bench.mjs times deep, broad and diamond, so that the JMH
// numbers of PhilJsKairoBenchmark can be set against them shape by shape.
//
// The graphs and the work of one iter() follow js-reactivity-benchmark's kairo benches as
// docs/benchmarks.md and ../shared/spec/benchmark-shapes.md describe them (the same as the
// JMH shapes in src/main/java/dev/philjs/benchmarks: every write batched, the same asserts).
//
// Timing: every (round, shape, library) runs in a child process of its own, so that the two
// libraries never share inline caches. In it: build, two untimed iter(), warm up for
// --warmup-ms, size a sample to about --sample-ms, take --samples samples; a sample's value
// is its time divided by the iter() calls in it. Per shape and library, the median and the
// fastest sample of each round, and over the rounds the median of the medians.
//
// Usage: node --expose-gc kairo-rest.mjs [--shape avoidable,mux,repeated,triangle,unstable]
//          [--lib alien,preact] [--rounds 5] [--samples 15] [--sample-ms 100]
//          [--warmup-ms 1500] [--json FILE]
// Results (us per iter()) go to stdout, and with --json in the shape that paired-report.sh reads.

import * as alien from "alien-signals";
import * as preact from "@preact/signals-core";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const SHAPES = option("--shape", "avoidable,mux,repeated,triangle,unstable").split(",");
const LIBS = option("--lib", "alien,preact").split(",");
const ROUNDS = Number(option("--rounds", "5"));
const SAMPLES = Number(option("--samples", "15"));
const SAMPLE_MS = Number(option("--sample-ms", "100"));
const WARMUP_MS = Number(option("--warmup-ms", "1500"));
const JSON_FILE = option("--json", null);
const CHILD = args.includes("--child");

if (typeof gc !== "function") {
  console.error("run with node --expose-gc");
  process.exit(2);
}

const version = (name) =>
  JSON.parse(readFileSync(join(here, "node_modules", name, "package.json"), "utf8")).version;

// ------------------------------------------------------------------ the two libraries
// One small facade per library: signal -> {read, write}, computed -> {read}, effect, batch.
const LIBRARIES = {
  alien: () => ({
    name: `alien-signals@${version("alien-signals")}`,
    signal(initial) {
      const s = alien.signal(initial);
      return { read: () => s(), write: (v) => s(v) };
    },
    computed(fn) {
      const c = alien.computed(fn);
      return { read: () => c() };
    },
    effect(fn) {
      alien.effect(() => {
        fn(); // returns nothing: alien-signals would take a returned function for a cleanup
      });
    },
    batch(fn) {
      alien.startBatch();
      try {
        fn();
      } finally {
        alien.endBatch();
      }
    },
  }),
  preact: () => ({
    name: `@preact/signals-core@${version("@preact/signals-core")}`,
    signal(initial) {
      const s = preact.signal(initial);
      return {
        read: () => s.value,
        write: (v) => {
          s.value = v;
        },
      };
    },
    computed(fn) {
      const c = preact.computed(fn);
      return { read: () => c.value };
    },
    effect(fn) {
      preact.effect(() => {
        fn();
      });
    },
    batch(fn) {
      preact.batch(fn);
    },
  }),
};

// ------------------------------------------------------------------ the shapes
function mustBe(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: ${actual}, expected ${expected}`);
}

// A loop the engine must not skip (the original's busy()).
let sink = 0;
function busy() {
  let a = 0;
  for (let i = 0; i < 100; i++) a++;
  sink += a;
  return a;
}

// head -> c1 -> c2 (always 0) -> c3 -> c4 -> c5 -> effect; 1001 writes, none gets past c2.
function avoidable(lib) {
  const head = lib.signal(0);
  const c1 = lib.computed(() => head.read());
  const c2 = lib.computed(() => {
    c1.read();
    return 0;
  });
  const c3 = lib.computed(() => {
    busy();
    return c2.read() + 1;
  });
  const c4 = lib.computed(() => c3.read() + 2);
  const c5 = lib.computed(() => c4.read() + 3);
  lib.effect(() => {
    c5.read();
    busy();
  });
  return () => {
    lib.batch(() => head.write(1));
    mustBe(c5.read(), 6, "avoidable first");
    for (let i = 0; i < 1000; i++) {
      lib.batch(() => head.write(i));
      mustBe(c5.read(), 6, "avoidable");
    }
  };
}

// 100 sources -> one computed object of all of them -> 100 splits -> 100 outputs -> 100 effects;
// 20 writes.
function mux(lib) {
  const heads = Array.from({ length: 100 }, () => lib.signal(0));
  const all = lib.computed(() => Object.fromEntries(heads.map((h) => h.read()).entries()));
  const outputs = heads.map((_, k) => {
    const split = lib.computed(() => all.read()[k]);
    return lib.computed(() => split.read() + 1);
  });
  for (const output of outputs) {
    lib.effect(() => {
      output.read();
    });
  }
  return () => {
    for (let i = 0; i < 10; i++) {
      lib.batch(() => heads[i].write(i));
      mustBe(outputs[i].read(), i + 1, "mux");
    }
    for (let i = 0; i < 10; i++) {
      lib.batch(() => heads[i].write(i * 2));
      mustBe(outputs[i].read(), i * 2 + 1, "mux");
    }
  };
}

// one computed that reads the source 30 times -> effect; 101 writes.
function repeated(lib) {
  const head = lib.signal(0);
  const current = lib.computed(() => {
    let result = 0;
    for (let i = 0; i < 30; i++) result += head.read();
    return result;
  });
  let runs = 0;
  lib.effect(() => {
    current.read();
    runs++;
  });
  return () => {
    lib.batch(() => head.write(1));
    mustBe(current.read(), 30, "repeated first");
    runs = 0;
    for (let i = 0; i < 100; i++) {
      lib.batch(() => head.write(i));
      mustBe(current.read(), i * 30, "repeated");
    }
    mustBe(runs, 100, "repeated effect runs");
  };
}

// a chain of 10 from the source, a sum of the source and the first 9 of the chain -> effect;
// 101 writes (the chain's last is never read).
function triangle(lib) {
  const width = 10;
  const head = lib.signal(0);
  const list = [];
  let current = head;
  for (let i = 0; i < width; i++) {
    const previous = current;
    list.push(current);
    current = lib.computed(() => previous.read() + 1);
  }
  const sum = lib.computed(() => {
    let total = 0;
    for (const item of list) total += item.read();
    return total;
  });
  let runs = 0;
  lib.effect(() => {
    sum.read();
    runs++;
  });
  const whenOne = (width * (width + 1)) / 2;
  return () => {
    lib.batch(() => head.write(1));
    mustBe(sum.read(), whenOne, "triangle first");
    runs = 0;
    for (let i = 0; i < 100; i++) {
      lib.batch(() => head.write(i));
      mustBe(sum.read(), whenOne - width + i * width, "triangle");
    }
    mustBe(runs, 100, "triangle effect runs");
  };
}

// one computed that reads the doubled or the negated source 20 times, depending on the
// source's parity, so its dependencies change on every write -> effect; 101 writes.
function unstable(lib) {
  const head = lib.signal(0);
  const doubled = lib.computed(() => head.read() * 2);
  const inverse = lib.computed(() => -head.read());
  const current = lib.computed(() => {
    let result = 0;
    for (let i = 0; i < 20; i++) result += head.read() % 2 ? doubled.read() : inverse.read();
    return result;
  });
  let runs = 0;
  lib.effect(() => {
    current.read();
    runs++;
  });
  return () => {
    lib.batch(() => head.write(1));
    mustBe(current.read(), 40, "unstable first");
    runs = 0;
    for (let i = 0; i < 100; i++) lib.batch(() => head.write(i));
    mustBe(runs, 100, "unstable effect runs");
  };
}

const BUILDERS = { avoidable, mux, repeated, triangle, unstable };
const NAMES = {
  avoidable: "avoidablePropagation",
  mux: "mux",
  repeated: "repeatedObservers",
  triangle: "triangle",
  unstable: "unstable",
};
const WRITES = { avoidable: 1001, mux: 20, repeated: 101, triangle: 101, unstable: 101 };

// ------------------------------------------------------------------ measuring
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function measure(shape, libKey) {
  const lib = LIBRARIES[libKey]();
  const iter = BUILDERS[shape](lib);
  iter();
  iter();
  const warmStart = performance.now();
  let warmCalls = 0;
  while (warmCalls < 5 || performance.now() - warmStart < WARMUP_MS) {
    iter();
    warmCalls++;
  }
  const perSample = Math.max(1, Math.round(SAMPLE_MS / ((performance.now() - warmStart) / warmCalls)));
  gc();
  const samples = [];
  for (let s = 0; s < SAMPLES; s++) {
    const start = performance.now();
    for (let i = 0; i < perSample; i++) iter();
    samples.push(((performance.now() - start) * 1000) / perSample);
  }
  return {
    shape: NAMES[shape],
    lib: lib.name,
    unit: "one iter()",
    writesPerIter: WRITES[shape],
    callsPerSample: perSample,
    perIterUs: { median: median(samples), min: Math.min(...samples), max: Math.max(...samples) },
    sink,
  };
}

if (CHILD) {
  console.log(`RESULT ${JSON.stringify(measure(SHAPES[0], LIBS[0]))}`);
  process.exit(0);
}

// ------------------------------------------------------------------ the parent
const results = [];
for (let round = 1; round <= ROUNDS; round++) {
  for (const shape of SHAPES) {
    for (const libKey of LIBS) {
      const child = spawnSync(
        process.execPath,
        ["--expose-gc", fileURLToPath(import.meta.url), "--child", "--shape", shape, "--lib", libKey,
          "--samples", String(SAMPLES), "--sample-ms", String(SAMPLE_MS), "--warmup-ms", String(WARMUP_MS)],
        { encoding: "utf8" },
      );
      const line = (child.stdout || "").split("\n").find((l) => l.startsWith("RESULT "));
      if (child.status !== 0 || !line) {
        console.error(`${shape} on ${libKey} failed:\n${child.stderr}`);
        process.exit(1);
      }
      const result = { round, ...JSON.parse(line.slice(7)) };
      results.push(result);
      console.log(
        `round ${round} ${result.shape.padEnd(21)} ${result.lib.padEnd(28)} median ` +
          `${result.perIterUs.median.toFixed(2).padStart(9)} us/iter  fastest ${result.perIterUs.min.toFixed(2)}`,
      );
    }
  }
}

const summary = [];
for (const shape of SHAPES) {
  for (const libKey of LIBS) {
    const mine = results.filter((r) => r.shape === NAMES[shape] && r.lib.startsWith(libKey === "alien" ? "alien" : "@preact"));
    const medians = mine.map((r) => r.perIterUs.median);
    summary.push({
      shape: NAMES[shape],
      lib: mine[0].lib,
      rounds: mine.length,
      medianOfMediansUs: median(medians),
      minOfMediansUs: Math.min(...medians),
      maxOfMediansUs: Math.max(...medians),
      bestSampleUs: Math.min(...mine.map((r) => r.perIterUs.min)),
    });
  }
}
console.log("\nmedian of the rounds' medians (us per iter()):");
for (const s of summary) {
  console.log(`${s.shape.padEnd(21)} ${s.lib.padEnd(28)} ${s.medianOfMediansUs.toFixed(2).padStart(9)}` +
    `  (rounds ${s.minOfMediansUs.toFixed(2)} to ${s.maxOfMediansUs.toFixed(2)}, fastest sample ${s.bestSampleUs.toFixed(2)})`);
}
if (JSON_FILE) {
  const machine = { node: process.version, cpu: cpus()[0]?.model, cores: cpus().length };
  const settings = { ROUNDS, SAMPLES, SAMPLE_MS, WARMUP_MS };
  writeFileSync(JSON_FILE, JSON.stringify({ ...machine, settings, results, summary }, null, 2));
}
