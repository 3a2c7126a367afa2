#!/usr/bin/env bash
# Builds jmanager and runs the Java twins of the Python seed programs, one after the other. Each
# twin is a JVM that starts its own private manager (Manager.start(), Python's `with Manager()`)
# and its child JVMs, checks its result, and exits non-zero when it is wrong; no daemon is needed.
# Pass twin names to run only those, e.g. `./demo.sh Clock PipeWithLock`; with
# JMANAGER_SKIP_BUILD=1 it runs the jars already built.
set -euo pipefail
cd "$(dirname "$0")"

if [[ "${JMANAGER_SKIP_BUILD:-0}" != 1 ]]; then
  echo "### building (./mvnw package, tests skipped; run ./mvnw verify for them)"
  ./mvnw -q -B -DskipTests package
fi

twins=(
  ProducerConsumer
  Clock ClockProcess ClockNonDaemon ClockDaemon JoinableQueueConsumer
  QueueTwoProcesses QueueShutdown JoinableQueuePipeline
  PipeGreetings PipeWithLock SemaphoreAndEvent DictCounter PoolVsProcesses PoolResults
  HelloProcess ProcessInfo QueueHello PipeHello DictAndList LockedPrinting PoolCallbacks
)
if [[ $# -gt 0 ]]; then
  twins=("$@")
fi

# a bound on a hung twin, never reached by a working one
hang_bound=300s
failed=()
start=$SECONDS
for twin in "${twins[@]}"; do
  echo
  echo "### $twin"
  twin_start=$SECONDS
  if timeout "$hang_bound" java -cp examples/target/jmanager-examples.jar "io.jmanager.examples.$twin"; then
    echo "### $twin succeeded ($((SECONDS - twin_start)) s)"
  else
    echo "### $twin FAILED"
    failed+=("$twin")
  fi
done

echo
if [[ ${#failed[@]} -eq 0 ]]; then
  echo "### all ${#twins[@]} twins succeeded in $((SECONDS - start)) s"
else
  echo "### ${#failed[@]} of ${#twins[@]} twins failed: ${failed[*]}"
  exit 1
fi
