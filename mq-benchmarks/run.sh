#!/usr/bin/env bash
# Builds the benchmark jar, runs every JMH benchmark (about 5 minutes on 2 cores) and writes the
# in-memory/baseline ratio summary. Extra arguments go to JMH, e.g. a benchmark regex or -p keys=0.
#   BENCH_SKIP_BUILD=1  reuse mq-benchmarks/target/benchmarks.jar as it is
#   BENCH_UPDATE_DOC=1  also replace the results section of docs/benchmarks.md
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
target=mq-benchmarks/target
jar="$target/benchmarks.jar"

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q -pl mq-benchmarks -am package -DskipTests
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

java -jar "$jar" -rf json -rff "$target/jmh.json" "$@" | tee "$target/jmh.log"

{ echo "\$ uptime   # after the run (its 1-minute figure includes the benchmark's own threads)"; uptime
  echo "\$ top      # busiest processes after the run"; busiest; } >> "$target/machine.txt"

doc_args=()
if [ "${BENCH_UPDATE_DOC:-0}" = 1 ]; then
  doc_args=(--doc docs/benchmarks.md)
fi
java -cp "$jar" dev.mq.benchmarks.Summary --json "$target/jmh.json" --machine "$target/machine.txt" \
  --out "$target/jmh-summary.md" "${doc_args[@]}"
