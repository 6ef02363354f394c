#!/usr/bin/env bash
# Starts the app as the README says (embedded database, demo data), signs in as a demo user, stops it.
set -euo pipefail
dir=$(mktemp -d)
port=3199
log="$dir/server.log"
setsid env -u DATABASE_URL JOBJACKET_DATA_DIR="$dir/data" PORT=$port npm start >"$log" 2>&1 &
pid=$!
# npm start runs the server as a grandchild: stop the whole process group.
stop() { kill -- -"$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$dir"; }
trap stop EXIT
for _ in $(seq 1 180); do
  grep -q "Jobjacket is running at" "$log" && curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://127.0.0.1:$port/ready"; echo
grep -q "Jobjacket is running at" "$log" || { cat "$log"; exit 1; }
curl -fs -o /dev/null -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"email":"sam.okafor@demo.jobjacket","password":"jobjacket-demo"}'
curl -fs "http://127.0.0.1:$port/" | grep -q '<div id="root">' || { echo "the web app is not served"; exit 1; }
stop
trap - EXIT
echo "start smoke test: ok"
