#!/usr/bin/env bash
# The durable daemon on each log, alternated in one run: ./in-server.sh [ROUNDS] (default 3).
#
# Builds the daemon of commit BASE with in-server.patch applied in a temporary worktree. The patch
# adds two logs beside Ratis, each chosen by a system property and used by nothing else:
#   -Djraft=1  SOFAJRaft 1.4.1 in Ratis' place: one member, its defaults (RocksDB, every write
#              synced), each entry applied by its state machine's thread;
#   -Dbare=1   no consensus at all: one thread appends each batch of entries to a file, calls
#              fdatasync once, then applies them (Redis' own scheme; it is never read back);
# and -Dinflight=N, the entries in flight at once (2 as built). Without these properties the
# patched daemon is the product's, on Ratis. Each round runs Throughput's 16-thread map and queue
# rounds against the daemon on Ratis, on SOFAJRaft with 16 and 2 entries in flight, on the bare
# log, then against Redis with appendfsync always. See BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")"
rounds="${1:-3}"
base=64c6a973a39335966a31716fb1e0b6eade566f6a
root=$(git rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$work/tree" 2>/dev/null; rm -rf "$work"' EXIT
git -C "$root" worktree add -q --detach "$work/tree" "$base"
git -C "$work/tree" apply "$PWD/in-server.patch"
# SOFAJRaft's dependencies do not converge with the benchmark's (Jedis'), which a trial build allows
(cd "$work/tree" && ./mvnw -q -B -pl manager-server,benchmarks -am package -DskipTests \
  -Dspotless.check.skip=true -Denforcer.skip=true)
bench="$work/tree/benchmarks/target/jmanager-benchmarks.jar"
server="$work/tree/manager-server/target/manager-server.jar"

run() {
  local label=$1 peer=$2 properties=$3
  JAVA_TOOL_OPTIONS="$properties" java -cp "$bench" io.jmanager.benchmarks.Throughput \
    --peers "$peer" --server-jar "$server" --workloads queue,map,queue,map --threads 16 \
    --warmup 5 --seconds 5 2>&1 | grep "threads:" | tail -2 | sed "s/^/$label /"
}

for ((i = 1; i <= rounds; i++)); do
  echo "== round $i $(date -u +%T)"
  run ratis jmanager-durable ""
  run jraft16 jmanager-durable "-Djraft=1 -Dinflight=16"
  run jraft2 jmanager-durable "-Djraft=1"
  run bare2 jmanager-durable "-Dbare=1"
  run redis redis-always ""
done
