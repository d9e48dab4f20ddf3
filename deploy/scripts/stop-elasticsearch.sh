#!/usr/bin/env bash
# Stop the test/dev Elasticsearch node that start-elasticsearch.sh started
# (its pid is in var/run/elasticsearch.pid; with ES_PORT=PORT other than
# 9200, var/run/elasticsearch-PORT.pid). The node closes cleanly on
# SIGTERM; after ES_STOP_SECONDS (default 30) it is killed. Safe to run when
# nothing runs. The data in var/elasticsearch/ is kept.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ES_PORT="${ES_PORT:-9200}"
suffix=""
[ "$ES_PORT" = 9200 ] || suffix="-$ES_PORT"
ES_PIDFILE="${ES_PIDFILE:-$root/var/run/elasticsearch$suffix.pid}"
ES_STOP_SECONDS="${ES_STOP_SECONDS:-30}"

log() { echo "[stop-elasticsearch] $*"; }

pid="$(cat "$ES_PIDFILE" 2>/dev/null || true)"
if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
    log "not running (no live pid in $ES_PIDFILE)"
    rm -f "$ES_PIDFILE"
    exit 0
fi

log "stopping node $pid"
kill -TERM "$pid"
deadline=$((SECONDS + ES_STOP_SECONDS))
while kill -0 "$pid" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
        log "still running after ${ES_STOP_SECONDS}s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
        break
    fi
    sleep 0.5
done
rm -f "$ES_PIDFILE"
log "stopped"
