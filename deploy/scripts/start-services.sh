#!/usr/bin/env bash
# Start the services the test suite and a production-like run need on one
# machine: PostgreSQL and Redis. Used by .ci/run; developers can run it too.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/start-postgres.sh"
bash "$here/start-redis.sh"
