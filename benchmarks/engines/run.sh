#!/usr/bin/env bash
# Times each raft engine's commits on this machine, alternated: ./run.sh [THREADS] [PAIRS]
# (default 16 and 3). Each run: one member in the benchmark's JVM, THREADS callers each with one
# 64-byte entry in flight, a 5 s warm-up, then 10 s measured. See BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")"
threads="${1:-16}"
pairs="${2:-3}"
../../mvnw -q -B package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
classpath="target/jmanager-engines-0.1.0-SNAPSHOT.jar:$(cat target/classpath.txt)"
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
for ((i = 0; i < pairs; i++)); do
  for engine in Ratis Jraft; do
    timeout 120 java -cp "$classpath" "io.jmanager.engines.$engine" "$threads" "$data" 5 10
  done
done
