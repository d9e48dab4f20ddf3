#!/usr/bin/env bash
# Start the test/dev Elasticsearch node of the marketplace (single node, on
# 127.0.0.1) for the search tests and a local run. Safe to run again: a node
# that already answers on the port is left alone.
#
#   deploy/scripts/start-elasticsearch.sh
#   ELASTICSEARCH_URL=http://127.0.0.1:9200
#
# The node is a small Java launcher (deploy/elasticsearch) over the
# Elasticsearch artifacts published on Maven Central; Maven downloads them on
# the first build (into ~/.m2) and the build is reused while deploy/elasticsearch
# is unchanged. Everything it writes is under var/ (git-ignored):
#   var/tools/elasticsearch/   the build (our jar and lib/ of dependencies)
#   var/elasticsearch/data/    the indices, kept across restarts
#   var/log/elasticsearch.log  the node's log
#   var/run/elasticsearch.pid  its process id, for stop-elasticsearch.sh
#
# Environment: ES_PORT (HTTP, default 9200; another port gets its own
# var/elasticsearch-PORT, log and pid file), ES_TRANSPORT_PORT (default
# 9300-9399), ES_JAVA_OPTS (added to -Xms256m -Xmx512m), ES_WAIT_SECONDS
# (default 120), JAVA_HOME (else `java` on PATH; Java 17 or newer).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
project="$root/deploy/elasticsearch"
build_dir="$root/var/tools/elasticsearch"
ES_PORT="${ES_PORT:-9200}"
# A node on another port gets its own data, log and pid file.
suffix=""
[ "$ES_PORT" = 9200 ] || suffix="-$ES_PORT"
ES_HOME="${ES_HOME:-$root/var/elasticsearch$suffix}"
ES_LOGFILE="${ES_LOGFILE:-$root/var/log/elasticsearch$suffix.log}"
ES_PIDFILE="${ES_PIDFILE:-$root/var/run/elasticsearch$suffix.pid}"
ES_WAIT_SECONDS="${ES_WAIT_SECONDS:-120}"
url="http://127.0.0.1:$ES_PORT"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

log() { echo "[start-elasticsearch] $*"; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
    local stamp="${TMPDIR:-/tmp}/.boutique-apt-updated"
    if [ -z "$(find "$stamp" -mmin -60 2>/dev/null)" ]; then
        as_root apt-get update -qq
        touch "$stamp"
    fi
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# True when an Elasticsearch answers GET / on the port (its product header).
is_elasticsearch() {
    curl -s -m 2 -o /dev/null -D - "$url/" 2>/dev/null |
        grep -qi '^x-elastic-product: *Elasticsearch'
}

# True when anything at all accepts HTTP on the port.
port_busy() {
    curl -s -m 2 -o /dev/null "$url/" 2>/dev/null
}

our_pid() {
    local pid
    pid="$(cat "$ES_PIDFILE" 2>/dev/null || true)"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then echo "$pid"; fi
}

if is_elasticsearch; then
    log "already running on $url"
    echo "ELASTICSEARCH_URL=$url"
    exit 0
fi
if port_busy; then
    log "something that is not Elasticsearch answers on $url; set ES_PORT" >&2
    exit 1
fi

# --- build (once; again only when deploy/elasticsearch changed) -------------
if ! command -v mvn >/dev/null 2>&1 || ! command -v "$java" >/dev/null 2>&1 \
        || ! command -v "${JAVA_HOME:+$JAVA_HOME/bin/}javac" >/dev/null 2>&1; then
    log "installing a JDK and Maven from Debian packages"
    apt_install default-jdk-headless maven
fi

source_hash="$(cd "$project" && find pom.xml src -type f -print0 | sort -z |
    xargs -0 sha256sum | sha256sum | cut -d' ' -f1)"
stamp="$build_dir/.source-sha256"
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$source_hash" ] \
        || ! ls "$build_dir"/marketplace-es-node-*.jar >/dev/null 2>&1; then
    build_log="$root/var/log/elasticsearch-build.log"
    mkdir -p "$(dirname "$build_log")"
    log "building the node with Maven (the first build downloads Elasticsearch; log: $build_log)"
    started=$SECONDS
    rm -rf "$build_dir"
    if ! (cd "$project" && mvn -B package) >"$build_log" 2>&1; then
        log "the Maven build failed; last lines of $build_log:" >&2
        tail -n 40 "$build_log" >&2 || true
        exit 1
    fi
    echo "$source_hash" >"$stamp"
    log "built in $((SECONDS - started))s"
fi

# --- start -------------------------------------------------------------------
mkdir -p "$ES_HOME" "$(dirname "$ES_LOGFILE")" "$(dirname "$ES_PIDFILE")"
pid="$(our_pid)"
if [ -z "$pid" ]; then
    log "starting on $url (log: $ES_LOGFILE)"
    # setsid + nohup: the node outlives this shell and its terminal.
    # shellcheck disable=SC2086  # ES_JAVA_OPTS is a list of options
    ES_HOME="$ES_HOME" ES_PORT="$ES_PORT" nohup setsid "$java" \
        -Xms256m -Xmx512m -XX:+UseG1GC -Dfile.encoding=UTF-8 ${ES_JAVA_OPTS:-} \
        -cp "$(ls "$build_dir"/marketplace-es-node-*.jar):$build_dir/lib/*" \
        marketplace.esnode.DevNode >"$ES_LOGFILE" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$ES_PIDFILE"
else
    log "node $pid is already starting; waiting for it"
fi

# --- wait until it answers and its cluster is at least yellow ---------------
deadline=$((SECONDS + ES_WAIT_SECONDS))
until is_elasticsearch &&
    curl -sf -m 10 "$url/_cluster/health?wait_for_status=yellow&timeout=5s" >/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
        log "the node exited; last lines of $ES_LOGFILE:" >&2
        tail -n 40 "$ES_LOGFILE" >&2 || true
        rm -f "$ES_PIDFILE"
        exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
        log "no answer on $url within ${ES_WAIT_SECONDS}s; last lines of $ES_LOGFILE:" >&2
        tail -n 40 "$ES_LOGFILE" >&2 || true
        exit 1
    fi
    sleep 1
done
log "ready (pid $pid)"
echo "ELASTICSEARCH_URL=$url"
