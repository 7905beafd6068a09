#!/usr/bin/env bash
# sshd-stop.sh DIR - stop the sshd started by sshd-start.sh DIR, with its session processes (by PID).
set -uo pipefail
DIR=${1:?usage: sshd-stop.sh DIR}
[ -s "$DIR/sshd.pid" ] || exit 0
PID=$(cat "$DIR/sshd.pid")
# per-connection children survive the listener's death; end them too, by their PIDs
for child in $(ps -o pid= --ppid "$PID" 2>/dev/null); do
  for grandchild in $(ps -o pid= --ppid "$child" 2>/dev/null); do kill -TERM "$grandchild" 2>/dev/null; done
  kill -TERM "$child" 2>/dev/null
done
kill -TERM "$PID" 2>/dev/null
for _ in $(seq 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
kill -KILL "$PID" 2>/dev/null
rm -f "$DIR/sshd.pid"
exit 0
