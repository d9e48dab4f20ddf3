#!/usr/bin/env bash
# Start stripe-mock, Stripe's own mock API server, for the payment tests.
# Safe to run again: it builds the binary only when it is missing and leaves
# a server that already answers alone.
#
#   deploy/scripts/start-stripe-mock.sh
#   STRIPE_MOCK_URL=http://127.0.0.1:12111
#
# The binary is built with `go install` from the Go module proxy at an exact
# version into var/tools/bin (about a minute the first time). stripe-mock
# answers from Stripe's OpenAPI fixtures and keeps no state.
set -euo pipefail

STRIPE_MOCK_VERSION="${STRIPE_MOCK_VERSION:-v0.203.0}"
STRIPE_MOCK_PORT="${STRIPE_MOCK_PORT:-12111}"
STRIPE_MOCK_HTTPS_PORT="${STRIPE_MOCK_HTTPS_PORT:-$((STRIPE_MOCK_PORT + 1))}"
STRIPE_MOCK_WAIT_SECONDS="${STRIPE_MOCK_WAIT_SECONDS:-30}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin_dir="$root/var/tools/bin"
binary="$bin_dir/stripe-mock"
version_stamp="$bin_dir/.stripe-mock-version"
STRIPE_MOCK_LOGFILE="${STRIPE_MOCK_LOGFILE:-$root/var/tools/stripe-mock-$STRIPE_MOCK_PORT.log}"

log() { echo "[start-stripe-mock] $*"; }

answers() {
    # Any HTTP answer will do (stripe-mock replies 401 without an API key).
    curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$STRIPE_MOCK_PORT/v1/charges"
}

if [ ! -x "$binary" ] || [ "$(cat "$version_stamp" 2>/dev/null)" != "$STRIPE_MOCK_VERSION" ]; then
    # stripe-mock's go.mod asks for Go 1.22 or later: Debian 12's golang-go
    # (1.19) cannot build it, so use the official toolchain in /usr/local/go.
    if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
        export PATH="/usr/local/go/bin:$PATH"
    fi
    if ! command -v go >/dev/null 2>&1; then
        log "Go (1.22 or later) is not installed: cannot build stripe-mock $STRIPE_MOCK_VERSION"
        exit 1
    fi
    log "installing github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION into $bin_dir"
    mkdir -p "$bin_dir"
    build_started=$SECONDS
    GOBIN="$bin_dir" go install "github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION"
    echo "$STRIPE_MOCK_VERSION" >"$version_stamp"
    log "installed in $((SECONDS - build_started))s"
fi

if answers; then
    log "already running on 127.0.0.1:$STRIPE_MOCK_PORT"
    exit 0
fi

log "starting stripe-mock $STRIPE_MOCK_VERSION on 127.0.0.1:$STRIPE_MOCK_PORT (log: $STRIPE_MOCK_LOGFILE)"
mkdir -p "$(dirname "$STRIPE_MOCK_LOGFILE")"
# The tests speak plain HTTP. stripe-mock still opens its HTTPS listener when
# only -http-addr is given (on every interface), so bind that to loopback too.
nohup "$binary" -http-addr "127.0.0.1:$STRIPE_MOCK_PORT" \
    -https-addr "127.0.0.1:$STRIPE_MOCK_HTTPS_PORT" \
    >"$STRIPE_MOCK_LOGFILE" 2>&1 </dev/null &
echo $! >"$root/var/tools/stripe-mock.pid"

deadline=$((SECONDS + STRIPE_MOCK_WAIT_SECONDS))
until answers; do
    if [ "$SECONDS" -ge "$deadline" ]; then
        log "stripe-mock did not answer on 127.0.0.1:$STRIPE_MOCK_PORT within ${STRIPE_MOCK_WAIT_SECONDS}s"
        tail -n 30 "$STRIPE_MOCK_LOGFILE" >&2 || true
        exit 1
    fi
    sleep 0.2
done
log "ready: http://127.0.0.1:$STRIPE_MOCK_PORT (pid $(cat "$root/var/tools/stripe-mock.pid"))"
