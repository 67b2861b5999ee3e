#!/usr/bin/env bash
# Builds the benchmark jar (and installs the Kinesis emulators with npm, from the committed
# package-lock of mq-provider-kinesis), runs every JMH benchmark of the in-memory provider (about
# 5 minutes on 2 cores) and writes its ratio summary, then runs the Kinesis harness (5 to 12
# minutes: it starts kinesalite and kinesis-local itself and stops them at the end).
# Extra arguments go to JMH, e.g. a benchmark regex or -p keys=0.
#   BENCH_SKIP_BUILD=1    reuse mq-benchmarks/target/benchmarks.jar as it is
#   BENCH_UPDATE_DOC=1    also replace the generated sections of docs/benchmarks.md and
#                         docs/kinesis-benchmarks.svg
#   BENCH_SKIP_JMH=1      skip the in-memory JMH part
#   BENCH_SKIP_KINESIS=1  skip the Kinesis part
#   BENCH_KINESIS_ARGS    more arguments for the Kinesis harness, e.g. "--scenarios producer"
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
target=mq-benchmarks/target
jar="$target/benchmarks.jar"

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  # -Demulators.skip=false: mq-provider-kinesis installs the emulators even though tests are skipped
  ./mvnw -B -q -pl mq-benchmarks -am package -DskipTests -Demulators.skip=false
fi

# The busiest other processes over one second: the benchmarks share the CPU with them.
busiest() {
  if ! command -v top > /dev/null; then
    echo "(top is not installed)"
    return 0
  fi
  top -b -n 2 -d 1 -w 120 | awk '/^top -/ {frame++} frame == 2' | sed -n '7,12p' || true
}

machine() {
  echo "\$ nproc"; nproc
  echo "\$ free -h"; free -h
  echo "\$ java -version"; java -version 2>&1
  echo "\$ uptime   # before the run: load from other processes"; uptime
  echo "\$ top      # busiest processes before the run"; busiest
}
machine > "$target/machine.txt"

if [ "${BENCH_SKIP_JMH:-0}" != 1 ]; then
  jmh_args=("$@")
  if [ ${#jmh_args[@]} -eq 0 ]; then
    # The observability overhead is not a provider-vs-baseline pair for the 0.5x table; it has
    # its own command in docs/benchmarks.md.
    jmh_args=(-e ObservabilityBenchmark)
  fi
  java -jar "$jar" -rf json -rff "$target/jmh.json" "${jmh_args[@]}" | tee "$target/jmh.log"

  { echo "\$ uptime   # after the run (its 1-minute figure includes the benchmark's own threads)"; uptime
    echo "\$ top      # busiest processes after the run"; busiest; } >> "$target/machine.txt"

  doc_args=()
  if [ "${BENCH_UPDATE_DOC:-0}" = 1 ]; then
    doc_args=(--doc docs/benchmarks.md)
  fi
  java -cp "$jar" dev.mq.benchmarks.Summary --json "$target/jmh.json" --machine "$target/machine.txt" \
    --out "$target/jmh-summary.md" "${doc_args[@]}"
fi

if [ "${BENCH_SKIP_KINESIS:-0}" != 1 ]; then
  kinesis_doc=()
  if [ "${BENCH_UPDATE_DOC:-0}" = 1 ]; then
    kinesis_doc=(--doc docs/benchmarks.md --chart docs/kinesis-benchmarks.svg)
  fi
  # shellcheck disable=SC2086 # BENCH_KINESIS_ARGS is split into arguments on purpose
  NODE_OPTIONS="--require $root/mq-benchmarks/src/main/node/tolerate-aborted-requests.js" \
    java -Dmq.kinesis.test.emulators-dir="$root/mq-provider-kinesis/target/emulators" -cp "$jar" \
    dev.mq.benchmarks.KinesisHarness --out "$target" --command "BENCH_UPDATE_DOC=1 mq-benchmarks/run.sh" \
    "${kinesis_doc[@]}" ${BENCH_KINESIS_ARGS:-} | tee "$target/kinesis.log"
fi
