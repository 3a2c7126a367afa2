#!/usr/bin/env bash
# Fuzzes the server with hostile input for SECONDS (default 10) per fuzzer: the three Jazzer
# targets of FrameFuzzTest, each in its own JVM since Jazzer fuzzes one target per run, then the
# live-socket fuzzer against a real server. Stops at the first finding: Jazzer saves the input
# under manager-server/src/test/resources/io/jmanager/server/FrameFuzzTestInputs/<target>/, the
# socket fuzzer prints its seed. See docs/FUZZING.md.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-10}"

for target in requests handshake frames; do
  echo "== fuzzing FrameFuzzTest#$target for ${seconds}s"
  JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${seconds}s" ./mvnw -B -ntp -q -pl manager-server -am test \
    -Dtest="FrameFuzzTest#$target" -Dsurefire.failIfNoSpecifiedTests=false
done

echo "== fuzzing live sockets for ${seconds}s"
./mvnw -B -ntp -q -pl manager-client -am verify -Dspotless.check.skip=true \
  -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=SocketFuzzIT -Dfailsafe.failIfNoSpecifiedTests=false \
  -Djmanager.fuzz.seconds="$seconds"
