#!/usr/bin/env bash
# Runs the compose demo to completion and checks it: builds the jars (unless JMANAGER_SKIP_BUILD=1)
# and both images, makes docker/authkey if there is none, starts the daemon and the five clients,
# waits for the monitor, prints every container's output, then checks that each client exited 0
# and that the monitor printed the exact totals. Cleans up its containers and volume either way.
# BASE_IMAGE picks the Java base image (default eclipse-temurin:17-jre).
set -euo pipefail
cd "$(dirname "$0")"

project=jmanager-demo
compose() {
  if docker compose version >/dev/null 2>&1; then
    docker compose -p "$project" -f docker-compose.yml "$@"
  else
    docker-compose -p "$project" -f docker-compose.yml "$@"
  fi
}

if [[ "${JMANAGER_SKIP_BUILD:-0}" != 1 ]]; then
  echo "### building the jars"
  (cd .. && ./mvnw -q -B -DskipTests package)
fi
if [[ ! -f authkey ]]; then
  head -c 24 /dev/urandom | base64 >authkey
fi
# Compose mounts a file secret as it is on the host; the containers' user must be able to read it.
chmod 644 authkey

trap 'compose down --volumes --remove-orphans >/dev/null 2>&1 || true' EXIT
echo "### building the images"
compose build -q
echo "### starting the daemon and the clients"
start=$SECONDS
compose up --detach
monitor_status=$(timeout 600 docker wait "$(compose ps -q monitor)")
echo "### output ($((SECONDS - start)) s)"
output=$(compose logs --no-color --timestamps | sort -s -t"|" -k2,2)
echo "$output"

failed=0
for service in producer consumer-a consumer-b counter monitor; do
  code=$(docker inspect --format '{{.State.ExitCode}}' "$(compose ps -q "$service")")
  running=$(docker inspect --format '{{.State.Running}}' "$(compose ps -q "$service")")
  echo "### $service: exit code $code"
  if [[ "$running" != false || "$code" != 0 ]]; then
    failed=1
  fi
done
expected="FINAL consumed 200 of 200 orders, counter 1000 of 1000, 4 of 4 parts finished: OK"
if [[ "$monitor_status" != 0 ]] || ! grep -qF "$expected" <<<"$output"; then
  echo "### the monitor did not print: $expected"
  failed=1
fi
if [[ $failed == 0 ]]; then
  echo "### compose demo succeeded"
else
  echo "### compose demo FAILED"
fi
exit $failed
