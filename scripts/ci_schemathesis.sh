#!/usr/bin/env bash
# Schemathesis against the served OpenAPI document (/api/v1/openapi.json), every check:
# valid and invalid requests from the document (parameters, undocumented methods, ...), each
# answer checked against it (status documented, content type, headers, schema, 4xx for
# invalid data, no 5xx). Exits non-zero on any failure.
#
#   scripts/ci_schemathesis.sh                 # a throwaway SQLite database
#   DATABASE_URL=postgres://... scripts/ci_schemathesis.sh   # that database (migrated, seeded)
#
# The app runs as in production (DEBUG off, under uvicorn) on a free local port, seeded
# with the demo data so that the lists have pages and the consultations exist.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

export DATABASE_URL="${DATABASE_URL:-sqlite:///$work/schemathesis.sqlite3}"
export DEBUG=false
export SECRET_KEY="schemathesis-only-$(date +%s%N)-not-a-secret-xxxxxxxxxxxxxxxxxxxx"
export ALLOWED_HOSTS=127.0.0.1
export SITE_URL="http://127.0.0.1:$port"
export SECURE_SSL_REDIRECT=false
export SECURE_HSTS_SECONDS=0
export MEDIA_ROOT="$work/media"
export LOG_LEVEL=WARNING
unset REDIS_URL

echo "== schemathesis: migrate and seed ($DATABASE_URL) =="
"$PY" manage.py migrate --noinput >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log"; exit 1; }
"$PY" manage.py seed_demo --allow-production >"$work/seed.log" 2>&1 || { cat "$work/seed.log"; exit 1; }

echo "== schemathesis: serving on 127.0.0.1:$port =="
"$PY" -m uvicorn config.asgi:application --host 127.0.0.1 --port "$port" \
  --no-access-log --log-level warning >"$work/server.log" 2>&1 &
server_pid=$!

schema="http://127.0.0.1:$port/api/v1/openapi.json"
for _ in $(seq 1 60); do
  if "$PY" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$schema" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "The server stopped:"; cat "$work/server.log"; exit 1
  fi
  sleep 0.5
done

echo "== schemathesis: $schema =="
status=0
# Every phase (examples, coverage with its undocumented methods and boundary values,
# fuzzing, stateful), positive and negative data, every check. The seed and the example
# count keep a run reproducible and under a minute; SCHEMATHESIS_SEED and
# SCHEMATHESIS_MAX_EXAMPLES explore further. It runs from the temporary folder because
# Schemathesis keeps its cache of failures (.schemathesis/) in the current one.
st="$PWD/.venv/bin/schemathesis"
(cd "$work" && "$st" --no-color run "$schema" \
  --checks all \
  --mode all \
  --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-100}" \
  --seed "${SCHEMATHESIS_SEED:-20251101}" \
  --continue-on-failure \
  --generation-database none \
  --request-timeout 20 \
  --workers 4) || status=$?

if [ "$status" -ne 0 ]; then
  echo "== schemathesis failed ($status); the server's log =="
  tail -n 200 "$work/server.log"
fi
exit "$status"
