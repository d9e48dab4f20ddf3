#!/usr/bin/env bash
# Start PostgreSQL from Debian's packages, without systemd, and make sure the
# application's role and database exist. Safe to run again and again: it
# installs only what is missing and starts only what is stopped.
#
#   deploy/scripts/start-postgres.sh
#   DATABASE_URL=postgres://boutique:boutique@127.0.0.1:5432/boutique
#
# The role gets CREATEDB so that pytest-django can create test_<database>.
set -euo pipefail

PG_PORT="${PG_PORT:-5432}"
PG_ROLE="${PG_ROLE:-boutique}"
PG_PASSWORD="${PG_PASSWORD:-boutique}"
PG_DATABASE="${PG_DATABASE:-boutique}"
PG_WAIT_SECONDS="${PG_WAIT_SECONDS:-60}"
# "off" for a throw-away cluster (CI): no fsync, much faster migrations.
PG_DURABILITY="${PG_DURABILITY:-on}"

log() { echo "[start-postgres] $*"; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

as_postgres() {
    # The postgres user may not be able to read the caller's directory.
    if [ "$(id -u)" -eq 0 ]; then
        (cd / && runuser -u postgres -- "$@")
    else
        (cd / && sudo -u postgres "$@")
    fi
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

server_installed() {
    command -v pg_lsclusters >/dev/null 2>&1 \
        && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1
}

if ! server_installed; then
    log "installing PostgreSQL from Debian packages"
    apt_install postgresql postgresql-contrib
fi

# The packaged cluster listening on PG_PORT, or a new one when there is none.
cluster="$(pg_lsclusters --no-header | awk -v port="$PG_PORT" '$3 == port {print $1, $2; exit}')"
if [ -z "$cluster" ]; then
    version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
    name=main
    if pg_lsclusters --no-header | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
        name=boutique
    fi
    log "creating cluster $version/$name on port $PG_PORT"
    as_root pg_createcluster --port "$PG_PORT" "$version" "$name" >/dev/null
    cluster="$version $name"
fi
read -r version name <<<"$cluster"

# /var/run is often a fresh tmpfs in containers.
as_root install -d -o postgres -g postgres -m 2775 /var/run/postgresql

status="$(pg_lsclusters --no-header "$version" "$name" | awk '{print $4}')"
if [ "$status" != "online" ]; then
    log "starting cluster $version/$name"
    as_root pg_ctlcluster "$version" "$name" start
else
    log "cluster $version/$name already running"
fi

deadline=$((SECONDS + PG_WAIT_SECONDS))
until pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
        log "PostgreSQL did not answer on 127.0.0.1:$PG_PORT within ${PG_WAIT_SECONDS}s"
        tail -n 30 "/var/log/postgresql/postgresql-$version-$name.log" >&2 || true
        exit 1
    fi
    sleep 0.5
done

# format(%I, %L) quotes the names and the password; \gexec runs the result.
as_postgres psql --quiet -p "$PG_PORT" -v ON_ERROR_STOP=1 \
    -v role="$PG_ROLE" -v password="$PG_PASSWORD" -v db="$PG_DATABASE" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'role', :'password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN CREATEDB PASSWORD %L', :'role', :'password') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SQL

# A throw-away cluster (CI, a laptop) can trade durability for speed: the
# test database is built from hundreds of migrations, mostly DDL and fsyncs.
if [ "$PG_DURABILITY" = "off" ]; then
    as_postgres psql --quiet -p "$PG_PORT" -v ON_ERROR_STOP=1 <<'SQL'
ALTER SYSTEM SET fsync = off;
ALTER SYSTEM SET synchronous_commit = off;
ALTER SYSTEM SET full_page_writes = off;
SELECT pg_reload_conf() \gset
SQL
    log "durability off (fsync, synchronous_commit, full_page_writes)"
fi

log "ready: postgres://$PG_ROLE:***@127.0.0.1:$PG_PORT/$PG_DATABASE"
