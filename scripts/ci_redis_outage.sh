#!/usr/bin/env bash
# Issue 8: the site with its Redis unreachable, on PostgreSQL. Runs tests/outage with
# REDIS_URL at a port where nothing listens (the real settings block builds CACHES and
# CHANNEL_LAYERS from it): every main page answers 200, signing in works, every write is
# stored; then the same against a redis-server of the tests' own that is killed mid-run
# and started again, and against a Redis that hangs. Called by .ci/run.
#
#   scripts/ci_redis_outage.sh [pytest arguments]
#
# Environment: CABILDO_OUTAGE_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/
# cabildo_outage; pytest-django creates test_cabildo_outage), CABILDO_OUTAGE_REDIS_PORT
# (default 6399: must be free). Needs PostgreSQL running; redis-server installed for the
# restart test (skipped without it).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

port="${CABILDO_OUTAGE_REDIS_PORT:-6399}"
database="${CABILDO_OUTAGE_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cabildo_outage}"
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "Something listens on 127.0.0.1:$port: choose a free port (CABILDO_OUTAGE_REDIS_PORT)." >&2
  exit 2
fi

echo "== Redis unreachable (127.0.0.1:$port), PostgreSQL =="
CABILDO_OUTAGE_TEST=1 \
DATABASE_URL="$database" \
REDIS_URL="redis://127.0.0.1:$port/0" \
  .venv/bin/python -m pytest -q -p no:randomly --create-db tests/outage "$@"

echo "Redis outage tests finished in $(( $(date +%s) - start )) s"
