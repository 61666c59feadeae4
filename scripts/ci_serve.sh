#!/usr/bin/env bash
# `make serve` on PostgreSQL + Redis, as an operator starts it: through nginx, a page
# (gunicorn) twice (the second from the page cache), a static file (nginx) and a live
# room's WebSocket (uvicorn) saying hello; then Ctrl-C stops every process.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
db=cabildo_ci_serve
psql -h 127.0.0.1 -U postgres -qtc "DROP DATABASE IF EXISTS $db" >/dev/null
psql -h 127.0.0.1 -U postgres -qtc "CREATE DATABASE $db" >/dev/null
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/$db REDIS_URL=redis://127.0.0.1:6379/2
port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
run_dir=$(mktemp -d)

# Demo content without staff accounts (DEBUG off), so that there are pages and rooms.
(
  export DEBUG=false ALLOWED_HOSTS=127.0.0.1 SECRET_KEY=ci-serve-only-$RANDOM-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
  "$PY" manage.py migrate --noinput -v0
  "$PY" manage.py seed_demo --allow-production >/dev/null
)

setsid make serve PORT="$port" SERVE_ARGS="--run-dir $run_dir" >"$log" 2>&1 &
serve_pid=$!
stop() {
  kill -INT -- "-$serve_pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$serve_pid" 2>/dev/null || break; sleep 0.5; done
}
trap 'stop; rm -rf "$run_dir" "$log"' EXIT

for _ in $(seq 1 120); do
  curl -fs -o /dev/null "http://127.0.0.1:$port/" && break
  sleep 0.5
done
fail() { echo "FAIL: $1"; echo "--- make serve:"; cat "$log"; tail -n 20 "$run_dir"/logs/* || true; exit 1; }

# Each response is read whole before it is searched: `curl | grep -q` under pipefail fails
# at random when grep stops reading at its first match and curl gets SIGPIPE.
page=$(curl -fs "http://127.0.0.1:$port/consultas/") || fail "the consultations page (curl: $?)"
[[ $page == *Consultas* ]] || fail "the consultations page does not say Consultas"
headers=$(curl -fsI "http://127.0.0.1:$port/consultas/" | tr -d '\r') || fail "the consultations page, again"
[[ $'\n'$headers$'\n' == *$'\nX-Page-Cache: hit\n'* ]] \
  || fail "the second anonymous request was not a cache hit: $headers"
home=$(curl -fs "http://127.0.0.1:$port/") || fail "the home page"
css=$(grep -o '/static/css/cabildo\.[0-9a-f]*\.css' <<<"$home" | head -n1 || true)
[ -n "$css" ] || fail "no hashed stylesheet in the page"
static_headers=$(curl -fsI "http://127.0.0.1:$port$css" | tr -d '\r') || fail "nginx did not serve $css"
grep -qi '^cache-control: .*immutable' <<<"$static_headers" \
  || fail "nginx did not serve $css with its year-long cache: $static_headers"
discussion=$(psql -h 127.0.0.1 -U postgres -d "$db" -qtAc "SELECT min(id) FROM deliberation_discussion")
"$PY" - "$port" "$discussion" <<'EOF' || fail "the live room's WebSocket"
import asyncio, json, sys
import websockets

async def main(port, discussion):
    url = f"ws://127.0.0.1:{port}/ws/discussions/{discussion}/"
    async with websockets.connect(url, origin=f"http://127.0.0.1:{port}") as ws:
        message = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert message["type"] == "hello", message

asyncio.run(main(sys.argv[1], sys.argv[2]))
EOF
stop
kill -0 "$serve_pid" 2>/dev/null && fail "make serve still runs after Ctrl-C"
if pgrep -f "$run_dir" >/dev/null; then fail "processes of the setup outlived it"; fi
echo "make serve: pages, page cache, static files and WebSockets answer through nginx; stopped cleanly."
