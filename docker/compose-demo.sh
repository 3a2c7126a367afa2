#!/usr/bin/env bash
# Runs the compose demo to completion and checks it: builds the jars (unless JMANAGER_SKIP_BUILD=1)
# and both images, makes docker/authkey if there is none, starts the daemon and the five clients,
# waits for the monitor, prints every container's output, then checks that each client exited 0
# and that the monitor printed the exact totals. Cleans up its containers and volumes either way.
#   docker/compose-demo.sh             one daemon (docker-compose.yml)
#   docker/compose-demo.sh --cluster   three members (docker-compose.cluster.yml): asks the cluster
#                                      which member leads, and once the monitor reports every part
#                                      at work, SIGKILLs that member's container; the totals must
#                                      still be right
# BASE_IMAGE picks the Java base image (default eclipse-temurin:17-jre).
set -euo pipefail
cd "$(dirname "$0")"

case "${1:-}" in
  "") cluster=false file=docker-compose.yml project=jmanager-demo ;;
  --cluster) cluster=true file=docker-compose.cluster.yml project=jmanager-demo-cluster ;;
  *)
    echo "usage: $0 [--cluster]" >&2
    exit 2
    ;;
esac

compose() {
  if docker compose version >/dev/null 2>&1; then
    docker compose -p "$project" -f "$file" "$@"
  else
    docker-compose -p "$project" -f "$file" "$@"
  fi
}

# Whether the monitor's output so far has a line matching $1 (grep reads it all: with pipefail,
# grep -q could fail the pipeline by closing it early).
monitor_printed() {
  docker logs "$monitor" 2>&1 | grep "^$1" >/dev/null
}

# The cluster mode's steps. Each is called in a condition, where set -e does not hold, so each
# checks its own failures.
members=(manager-1 manager-2 manager-3)

# Starts the members, waits until each is healthy, then asks the cluster who leads, before any
# client adds to the load.
start_members() {
  local id deadline=$((SECONDS + 120))
  echo "### starting the three members"
  compose up --detach "${members[@]}" || return 1
  for id in $(compose ps -q "${members[@]}"); do
    until [[ "$(docker inspect --format '{{.State.Health.Status}}' "$id")" == healthy ]]; do
      if ((SECONDS > deadline)); then
        echo "### the members were not all healthy within 120 s"
        return 1
      fi
      sleep 0.5
    done
  done
  echo "### the members are healthy"
  ask_leader
}

# Asks the cluster who leads (AdminTool cluster, in a one-off container of the `admin` service).
# Sets leader (the member's id), term, and leader_service (its compose service).
ask_leader() {
  local answer
  echo "### asking the cluster who leads"
  # --no-deps: the members are up, and compose must not start one again once it is killed
  answer=$(compose run --rm --no-deps -T admin) || return 1
  echo "$answer"
  # "leader n2 (term 1)", then one "member n2=manager-2:50000 committed 2" per member
  leader=$(awk '$1 == "leader" { print $2 }' <<<"$answer")
  term=$(awk '$1 == "leader" { print $4 }' <<<"$answer" | tr -d ')')
  leader_service=$(awk -v id="$leader" \
    '$1 == "member" && index($2, id "=") == 1 { split($2, part, "[=:]"); print part[2] }' \
    <<<"$answer")
  if [[ -z "$leader_service" ]]; then
    echo "### the answer names no member as the leader"
    return 1
  fi
}

# Once the monitor reports every part of the demo at work (the counter job last), asks again who
# leads (a loaded host may have seen an election since), SIGKILLs the leader's container, then
# waits until one of the two members left says it leads.
kill_leader() {
  local killed killed_at id survivors=() line deadline
  echo "### waiting until the monitor reports the counter job at work"
  until monitor_printed 'monitor: .*counter='; do
    if [[ "$(docker inspect --format '{{.State.Running}}' "$monitor")" != true ]]; then
      echo "### the monitor ended before it reported the counter job at work"
      return 1
    fi
    sleep 0.5
  done
  if monitor_printed FINAL; then
    echo "### the demo finished before the leader could be killed"
    return 1
  fi
  ask_leader || return 1
  for id in "${members[@]}"; do
    [[ "$id" == "$leader_service" ]] || survivors+=("$(compose ps -q "$id")")
  done
  killed=$(compose ps -q "$leader_service")
  docker kill --signal KILL "$killed" >/dev/null || return 1
  # when the container ended, as the engine saw it: on a loaded host the kill command itself can
  # take seconds
  killed_at=$(docker inspect --format '{{.State.FinishedAt}}' "$killed") || return 1
  echo "### killed $leader_service (member $leader, the leader in term $term) with SIGKILL at $killed_at"
  # a member that takes over logs "<time> INFO  [...] DurableLog - n3 leads (term 3); ..."
  deadline=$((SECONDS + 60))
  until line=$(for id in "${survivors[@]}"; do docker logs --since "$killed_at" "$id" 2>&1; done |
    grep 'DurableLog - .* leads (term'); do
    if ((SECONDS > deadline)); then
      echo "### no other member took the lead within 60 s of the kill"
      return 1
    fi
    sleep 0.2
  done
  line=${line%%$'\n'*}
  echo "### ${line#*DurableLog - }: $(awk -v at="$(date -d "${line%% *}" +%s.%N)" \
    -v killed="$(date -d "$killed_at" +%s.%N)" 'BEGIN { printf "%.1f", at - killed }') s after the kill"
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

# The demo's clients reach the daemon on the compose network; the port published for people on
# this host is any free one, unless given, so that a daemon already on 50000 is no obstacle.
export JMANAGER_PUBLISHED_PORT=${JMANAGER_PUBLISHED_PORT-}

trap 'compose down --volumes --remove-orphans >/dev/null 2>&1 || true' EXIT
echo "### building the images"
compose build -q
start=$SECONDS
if ! $cluster; then
  echo "### starting the daemon and the clients"
elif start_members; then
  echo "### starting the clients"
else
  compose logs --no-color "${members[@]}"
  echo "### compose demo FAILED: the cluster did not come up"
  exit 1
fi
compose up --detach
monitor=$(compose ps -q monitor)
failed=0
if $cluster; then
  kill_leader || failed=1
fi
monitor_status=$(timeout 600 docker wait "$monitor")
echo "### output ($((SECONDS - start)) s)"
output=$(compose logs --no-color --timestamps | sort -s -t"|" -k2,2)
echo "$output"

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
