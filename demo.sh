#!/usr/bin/env bash
# Builds jmanager, starts the daemon on a free loopback port with a fresh authkey, and runs the Java
# twins of the Python seed programs against it, each as its own JVM spawning child JVMs.
set -euo pipefail
cd "$(dirname "$0")"

echo "### building (./mvnw package, tests skipped; run ./mvnw verify for them)"
./mvnw -q -B -DskipTests package

workdir=$(mktemp -d)
daemon_pid=""
cleanup() {
  if [[ -n "$daemon_pid" ]] && kill -0 "$daemon_pid" 2>/dev/null; then
    kill -TERM "$daemon_pid"
    wait "$daemon_pid" || true
  fi
  rm -rf "$workdir"
}
trap cleanup EXIT

head -c 24 /dev/urandom | base64 > "$workdir/authkey"
chmod 600 "$workdir/authkey"
java -jar manager-server/target/manager-server.jar --port 0 --authkey-file "$workdir/authkey" \
  > "$workdir/daemon.log" 2>&1 &
daemon_pid=$!

port=""
for _ in $(seq 1 150); do
  port=$(sed -n 's/.*ready on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$workdir/daemon.log")
  [[ -n "$port" ]] && break
  kill -0 "$daemon_pid" 2>/dev/null || break
  sleep 0.2
done
if [[ -z "$port" ]]; then
  echo "the daemon did not start:" >&2
  cat "$workdir/daemon.log" >&2
  exit 1
fi
echo "### daemon (pid $daemon_pid): $(grep 'ready on' "$workdir/daemon.log")"

export JMANAGER_ADDRESS="127.0.0.1:$port"
JMANAGER_AUTHKEY="$(cat "$workdir/authkey")"
export JMANAGER_AUTHKEY

status=0
for example in ProducerConsumer DictCounter DictAndList JoinableQueuePipeline LockedCounter \
  LockedPrinting SemaphoreAndEvent PipeGreetings PoolVsProcesses PoolResults PoolCallbacks; do
  echo
  echo "### $example"
  if ! java -cp examples/target/jmanager-examples.jar "io.jmanager.examples.$example"; then
    echo "### $example FAILED"
    status=1
  fi
done

echo
if [[ $status -eq 0 ]]; then
  echo "### all examples succeeded"
else
  echo "### some examples failed"
fi
exit $status
