#!/usr/bin/env bash
# postgres-stop.sh DIR - stop the cluster postgres-start.sh started in DIR, by the postmaster's PID
# (fast shutdown: SIGINT), waiting until it is gone.
set -euo pipefail
DIR=${1:?usage: postgres-stop.sh DIR}
PIDFILE="$DIR/data/postmaster.pid"
[ -f "$PIDFILE" ] || exit 0
PID=$(head -1 "$PIDFILE")
kill -INT "$PID" 2>/dev/null || exit 0
for _ in $(seq 1 300); do
  kill -0 "$PID" 2>/dev/null || exit 0
  sleep 0.1
done
echo "postgres-stop: postmaster $PID did not stop in 30 s" >&2
exit 1
