#!/usr/bin/env bash
# Runs every benchmark whose table is in docs/benchmarks.md, one part after the other:
#   jmh      the in-memory provider against a LinkedBlockingQueue, then the observability
#            overhead (JMH through dev.mq.benchmarks.JmhTables; about 7 minutes on 2 cores)
#   kinesis  the Kinesis provider against hand-written AWS SDK code on kinesalite and
#            kinesis-local (KinesisBenchmark in mq-provider-kinesis's tests; 4 to 10 minutes)
#   sqs      the SQS provider against hand-written AWS SDK code on an in-process ElasticMQ
#            (SqsBenchmark in mq-benchmarks's tests; about 3 minutes)
# Each part writes its tables to mq-benchmarks/target/sections/<section>.md, headed by the date,
# commit, command, duration and machine load. Extra arguments go to JMH (e.g. a benchmark regex,
# or -f 1 -wi 1 -i 1 for a quick look).
#   BENCH_UPDATE_DOC=1    also replace those sections of docs/benchmarks.md (between the
#                         <!-- section:begin --> and <!-- section:end --> lines)
#   BENCH_SKIP_BUILD=1    reuse mq-benchmarks/target/benchmarks.jar as it is
#   BENCH_SKIP_JMH=1, BENCH_SKIP_KINESIS=1, BENCH_SKIP_SQS=1   leave out a part
#   BENCH_KINESIS_ARGS    more -D options for KinesisBenchmark, e.g.
#                         "-Dkinesis.bench.scenarios=producer -Dkinesis.bench.servers=kinesalite"
#   BENCH_SQS_ARGS        more -D options for SqsBenchmark, e.g. "-Dsqs.bench.rounds=1"
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
target=mq-benchmarks/target
jar="$target/benchmarks.jar"
sections="$target/sections"

command_text=""
for v in ${!BENCH_@}; do
  case "${!v}" in
    *" "*) command_text+="$v=\"${!v}\" " ;;
    *) command_text+="$v=${!v} " ;;
  esac
done
command_text+="mq-benchmarks/run.sh${*:+ $*}"
commit="$(git rev-parse --short HEAD)"
if [ -n "$(git status --porcelain)" ]; then
  commit="$commit with uncommitted changes"
fi
java_version="$(java -version 2>&1 | head -n 1)"

load() { cut -d ' ' -f 1 /proc/loadavg; }

# section NAME TABLE_FILE STARTED LOAD_BEFORE: writes the section (header, then the table) and,
# with BENCH_UPDATE_DOC=1, puts it into docs/benchmarks.md.
section() {
  local minutes
  minutes="$(awk -v s="$3" -v e="$(date +%s)" 'BEGIN { printf "%.1f", (e - s) / 60 }')"
  { echo "_Run of $(date -u +%Y-%m-%dT%H:%MZ) at commit $commit by \`$command_text\` ($minutes minutes for this part); $(nproc) cores, $java_version; 1-minute load average $4 before, $(load) after (other processes on the machine share the cores)._"
    echo
    cat "$2"; } > "$sections/$1.md"
  echo "wrote $sections/$1.md"
  if [ "${BENCH_UPDATE_DOC:-0}" = 1 ]; then
    java -cp "$jar" dev.mq.benchmarks.UpdateDoc docs/benchmarks.md "$1" "$sections/$1.md"
    echo "updated section $1 of docs/benchmarks.md"
  fi
}

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q -pl mq-benchmarks -am package -DskipTests
fi
mkdir -p "$sections"

if [ "${BENCH_SKIP_JMH:-0}" != 1 ]; then
  started="$(date +%s)"; before="$(load)"
  rm -f "$target/jmh-ratios.md" "$target/observability.md"
  java -cp "$jar" dev.mq.benchmarks.JmhTables --out "$target" "$@" | tee "$target/jmh.log"
  if [ -f "$target/jmh-ratios.md" ]; then
    section benchmark-results "$target/jmh-ratios.md" "$started" "$before"
  fi
  if [ -f "$target/observability.md" ]; then
    section observability-results "$target/observability.md" "$started" "$before"
  fi
fi

if [ "${BENCH_SKIP_KINESIS:-0}" != 1 ]; then
  started="$(date +%s)"; before="$(load)"
  out="$root/$target/kinesis-benchmark.md"
  rm -f "$out"
  echo "Kinesis part: progress in mq-provider-kinesis/target/surefire-reports/dev.mq.kinesis.benchmark.KinesisBenchmark-output.txt"
  # The emulators inherit NODE_OPTIONS: see the script. -Dtest: surefire runs the benchmark
  # class only when named.
  # shellcheck disable=SC2086 # BENCH_KINESIS_ARGS is split into arguments on purpose
  NODE_OPTIONS="--require $root/mq-benchmarks/src/main/node/tolerate-aborted-requests.js" \
    ./mvnw -B -q -pl mq-provider-kinesis -am test -Dtest=KinesisBenchmark \
    -Dsurefire.failIfNoSpecifiedTests=false -Dkinesis.bench.out="$out" ${BENCH_KINESIS_ARGS:-}
  cat "$out"
  section kinesis-results "$out" "$started" "$before"
fi

if [ "${BENCH_SKIP_SQS:-0}" != 1 ]; then
  started="$(date +%s)"; before="$(load)"
  out="$root/$target/sqs-benchmark.md"
  rm -f "$out"
  # shellcheck disable=SC2086 # BENCH_SQS_ARGS is split into arguments on purpose
  ./mvnw -B -q -pl mq-benchmarks -am test -Dtest=SqsBenchmark \
    -Dsurefire.failIfNoSpecifiedTests=false -Dsqs.bench.out="$out" ${BENCH_SQS_ARGS:-}
  cat "$out"
  section sqs-results "$out" "$started" "$before"
fi
