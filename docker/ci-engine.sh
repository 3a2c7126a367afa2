#!/usr/bin/env bash
# Gives a Debian machine without a running Docker engine one, for CI:
#   docker/ci-engine.sh start   install the engine and Compose from Debian's packages if missing,
#                               start dockerd (unless one answers), and make the Java base image
#                               $BASE_IMAGE from Debian's packages with debootstrap, so that no
#                               image registry is needed
#   docker/ci-engine.sh stop    stop the dockerd that `start` started, by its process id
# Needs root for the install and for dockerd. State (pid, log, rootfs) goes to $ENGINE_STATE.
set -euo pipefail

ENGINE_STATE=${ENGINE_STATE:-/tmp/jmanager-docker-engine}
BASE_IMAGE=${BASE_IMAGE:-jmanager-base:17}

log() { echo "ci-engine: $*"; }

install_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

start_engine() {
  if docker info >/dev/null 2>&1; then
    log "a Docker engine already answers; using it"
    return
  fi
  mkdir -p "$ENGINE_STATE"
  log "starting dockerd (log: $ENGINE_STATE/dockerd.log)"
  dockerd >"$ENGINE_STATE/dockerd.log" 2>&1 &
  echo $! >"$ENGINE_STATE/dockerd.pid"
  for _ in $(seq 1 120); do
    if docker info >/dev/null 2>&1; then
      log "engine $(docker version --format '{{.Server.Version}}') ready"
      return
    fi
    kill -0 "$(cat "$ENGINE_STATE/dockerd.pid")" 2>/dev/null || break
    sleep 0.5
  done
  log "dockerd did not start:"
  tail -20 "$ENGINE_STATE/dockerd.log" >&2
  exit 1
}

# The Debian mirror apt already uses: the first configured URI ending in /debian.
debian_mirror() {
  local file
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [[ -f "$file" ]] && grep -oE '(https?|file)://[^ ]+' "$file" || true
  done | awk '/\/debian\/?$/ { print; exit }'
}

make_base_image() {
  if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    log "base image $BASE_IMAGE exists"
    return
  fi
  local mirror codename rootfs
  mirror=$(debian_mirror)
  codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
  if [[ -z "$mirror" || -z "$codename" ]]; then
    log "cannot find the Debian mirror or release apt uses" >&2
    exit 1
  fi
  rootfs="$ENGINE_STATE/rootfs"
  rm -rf "$rootfs"
  log "making $BASE_IMAGE: Debian $codename with openjdk-17-jre-headless (debootstrap)"
  debootstrap --variant=minbase --include=openjdk-17-jre-headless,passwd \
    "$codename" "$rootfs" "$mirror" >"$ENGINE_STATE/debootstrap.log" 2>&1 || {
    tail -20 "$ENGINE_STATE/debootstrap.log" >&2
    exit 1
  }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    - "$BASE_IMAGE" >/dev/null
  rm -rf "$rootfs"
  log "base image $BASE_IMAGE: $(docker image inspect --format '{{.Size}}' "$BASE_IMAGE") bytes"
}

stop_engine() {
  local pidfile="$ENGINE_STATE/dockerd.pid"
  if [[ ! -f "$pidfile" ]]; then
    return
  fi
  local pid
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping dockerd (pid $pid)"
    kill -TERM "$pid"
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid"
    fi
  fi
  rm -f "$pidfile"
}

case "${1:-}" in
  start)
    install_packages
    start_engine
    make_base_image
    ;;
  stop)
    stop_engine
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
