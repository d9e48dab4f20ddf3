#!/usr/bin/env bash
# Start a Redis server from Debian's packages, without systemd, for the cache
# and the Celery broker. Safe to run again: it installs only what is missing
# and leaves a server that already answers alone.
#
#   deploy/scripts/start-redis.sh
#   REDIS_URL=redis://127.0.0.1:6379/0
#
# Nothing is persisted (no RDB snapshot, no AOF): this is for development and
# CI, where the data is thrown away.
set -euo pipefail

REDIS_PORT="${REDIS_PORT:-6379}"
REDIS_LOGFILE="${REDIS_LOGFILE:-${TMPDIR:-/tmp}/redis-$REDIS_PORT.log}"
REDIS_WAIT_SECONDS="${REDIS_WAIT_SECONDS:-30}"

log() { echo "[start-redis] $*"; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
    # One "apt-get update" per hour is enough, also when both start scripts
    # install something (apt sets the lists' mtimes from the mirror, hence a
    # stamp of our own).
    local stamp="${TMPDIR:-/tmp}/.boutique-apt-updated"
    if [ -z "$(find "$stamp" -mmin -60 2>/dev/null)" ]; then
        as_root apt-get update -qq
        touch "$stamp"
    fi
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

answers() {
    [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]
}

if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    log "installing Redis from Debian packages"
    apt_install redis-server redis-tools
fi

if answers; then
    log "already running on 127.0.0.1:$REDIS_PORT"
    exit 0
fi

log "starting redis-server on 127.0.0.1:$REDIS_PORT (log: $REDIS_LOGFILE)"
redis-server --daemonize yes --port "$REDIS_PORT" --bind 127.0.0.1 \
    --save "" --appendonly no --logfile "$REDIS_LOGFILE"

deadline=$((SECONDS + REDIS_WAIT_SECONDS))
until answers; do
    if [ "$SECONDS" -ge "$deadline" ]; then
        log "Redis did not answer on 127.0.0.1:$REDIS_PORT within ${REDIS_WAIT_SECONDS}s"
        tail -n 30 "$REDIS_LOGFILE" >&2 || true
        exit 1
    fi
    sleep 0.2
done
log "ready: redis://127.0.0.1:$REDIS_PORT/0"
