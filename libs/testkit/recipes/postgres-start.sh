#!/usr/bin/env bash
# postgres-start.sh DIR PORT - a private Debian PostgreSQL cluster on 127.0.0.1:PORT for tests.
# initdb into DIR/data (trust auth, owned by the postgres system user) on first use, start it with
# its socket in DIR/sock, create role `freezer` (password `freezer`) owning database `freezer`, and
# print the DATABASE_URL. The postmaster PID is line 1 of DIR/data/postmaster.pid; stop with
# postgres-stop.sh DIR. Needs: postgresql (apt-get install -y postgresql).
set -euo pipefail
DIR=${1:?usage: postgres-start.sh DIR PORT}
PORT=${2:?usage: postgres-start.sh DIR PORT}
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$PGBIN/initdb" ] || { echo "postgres-start: PostgreSQL server binaries missing (apt-get install -y postgresql)" >&2; exit 1; }

install -d -o postgres -g postgres -m 700 "$DIR" "$DIR/data"
install -d -o postgres -g postgres -m 755 "$DIR/sock"
if [ ! -f "$DIR/data/PG_VERSION" ]; then
  runuser -u postgres -- "$PGBIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; exit 1; }
fi
# fsync off: test data is throwaway, and 6 engineers share 2 cores and one disk.
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR/sock -c fsync=off -c max_connections=300" start >/dev/null \
  || { tail -20 "$DIR/server.log" >&2; exit 1; }

psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres "$@"; }
if [ -z "$(psql_admin -tAc "select 1 from pg_roles where rolname='freezer'")" ]; then
  psql_admin -c "create role freezer login createdb password 'freezer'" -c "create database freezer owner freezer"
fi
echo "postgresql://freezer:freezer@127.0.0.1:$PORT/freezer"
