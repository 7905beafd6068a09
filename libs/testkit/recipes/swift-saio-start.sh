#!/usr/bin/env bash
# swift-saio-start.sh (from the reference recipe) - start a real one-node OpenStack Swift (Debian bookworm
# packages) on loopback, serving the native Swift API (tempauth, v1 auth) and
# the S3 API (s3api middleware) on one proxy port.
#
# Needs (Debian): swift swift-proxy swift-account swift-container swift-object
#                 memcached   (+ python3-swiftclient / python3-boto3 to talk to it)
#
# Env (all optional):
#   SWIFT_BASE       state dir (configs, rings, data, logs, pids)  [/tmp/swift-saio]
#   SWIFT_IP         bind address                                   [127.0.0.1]
#   SWIFT_PROXY_PORT proxy port (Swift + S3 API)                    [8080]
#   SWIFT_OBJ_PORT / SWIFT_CONT_PORT / SWIFT_ACCT_PORT              [6200/6201/6202]
#   SWIFT_MEMCACHE_PORT                                             [11211]
#   SWIFT_START_TIMEOUT seconds to wait for the proxy               [60]
#   SWIFT_S3_REGION  s3api "location"; SigV4 clients must use it    [us-east-1]
#   SWIFT_KEYSTONE_URL  authenticate with this Keystone (authtoken + keystoneauth
#                    middleware) instead of tempauth and s3api; the service user comes
#                    from SWIFT_KEYSTONE_USER/_PASSWORD/_PROJECT [swift/-/service]
#   SWIFT_EATMYDATA  auto|0|1: run the storage servers under eatmydata (no
#                    fsync; ~3x more small PUTs/s). auto = if installed [auto]
#   SWIFT_UPDATER=1  also run swift-container-updater (keeps account-level
#                    object/byte counts current; not needed for S3 or listings)
#
# Idempotent: if every recorded process is alive and auth answers, it exits 0.
# Configs are rewritten on each start; rings and data are kept.
# Reads /etc/swift/swift.conf (Swift hard-codes that path for the hash prefix/
# suffix and storage policies); the Debian 'swift' package ships it. Writes it
# only if it is missing. Nothing else under /etc is touched.
set -euo pipefail

BASE=${SWIFT_BASE:-/tmp/swift-saio}
IP=${SWIFT_IP:-127.0.0.1}
PROXY_PORT=${SWIFT_PROXY_PORT:-8080}
OBJ_PORT=${SWIFT_OBJ_PORT:-6200}
CONT_PORT=${SWIFT_CONT_PORT:-6201}
ACCT_PORT=${SWIFT_ACCT_PORT:-6202}
MC_PORT=${SWIFT_MEMCACHE_PORT:-11211}
TIMEOUT=${SWIFT_START_TIMEOUT:-60}
S3_REGION=${SWIFT_S3_REGION:-us-east-1}
RUN_USER=$(id -un)

ETC=$BASE/etc
DEVS=$BASE/srv/node
RUN=$BASE/run
LOG=$BASE/log
PIDFILE=$RUN/pids          # lines: "<name> <pid>"

log() { echo "swift-saio: $*" >&2; }

KEYSTONE=${SWIFT_KEYSTONE_URL:-}
auth_ok() {
  if [ -n "$KEYSTONE" ]; then curl -fsS -o /dev/null -m 5 "http://$IP:$PROXY_PORT/healthcheck" 2>/dev/null; return; fi
  curl -fsS -o /dev/null -m 5 \
    -H 'X-Auth-User: test:tester' -H 'X-Auth-Key: testing' \
    "http://$IP:$PROXY_PORT/auth/v1.0" 2>/dev/null
}

all_alive() {
  [ -s "$PIDFILE" ] || return 1
  local name pid
  while read -r name pid; do
    kill -0 "$pid" 2>/dev/null || return 1
  done <"$PIDFILE"
}

for b in swift-proxy-server swift-account-server swift-container-server \
         swift-object-server swift-ring-builder memcached curl; do
  command -v "$b" >/dev/null || { log "missing $b (apt-get install swift swift-proxy swift-account swift-container swift-object memcached curl)"; exit 1; }
done

if all_alive && auth_ok; then
  log "already running (proxy http://$IP:$PROXY_PORT)"
  exit 0
fi
if [ -s "$PIDFILE" ]; then
  log "stale/partial instance found; stopping it first"
  SWIFT_BASE=$BASE "$(dirname "$0")/swift-saio-stop.sh" || true
fi

port_busy() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
for p in "$PROXY_PORT" "$OBJ_PORT" "$CONT_PORT" "$ACCT_PORT"; do
  if port_busy "$IP" "$p"; then log "port $IP:$p already in use (another instance?)"; exit 1; fi
done
if port_busy 127.0.0.1 "$MC_PORT"; then log "port 127.0.0.1:$MC_PORT (memcached) already in use"; exit 1; fi

mkdir -p "$ETC" "$DEVS/d1" "$RUN" "$LOG"

# --- /etc/swift/swift.conf (path is hard-coded in swift.common.utils) -------
if [ ! -f /etc/swift/swift.conf ]; then
  log "writing /etc/swift/swift.conf (missing)"
  mkdir -p /etc/swift
  cat >/etc/swift/swift.conf <<'EOF'
[swift-hash]
swift_hash_path_suffix = changeme
swift_hash_path_prefix = changeme
[storage-policy:0]
name = Policy-0
default = yes
[swift-constraints]
EOF
fi

# --- rings: 1 device, 1 replica, part power 8 -------------------------------
stamp="$IP $OBJ_PORT $CONT_PORT $ACCT_PORT"
if [ "$(cat "$ETC/ring.stamp" 2>/dev/null)" != "$stamp" ] || \
   [ ! -f "$ETC/object.ring.gz" ] || [ ! -f "$ETC/container.ring.gz" ] || \
   [ ! -f "$ETC/account.ring.gz" ]; then
  # one python process instead of 9 swift-ring-builder calls (~1 s each)
  /usr/bin/python3 - "$ETC" "$IP" "$OBJ_PORT" "$CONT_PORT" "$ACCT_PORT" <<'PY'
import os, sys
from swift.common.ring import RingBuilder
etc, ip, ports = sys.argv[1], sys.argv[2], sys.argv[3:6]
for kind, port in zip(("object", "container", "account"), ports):
    b = RingBuilder(8, 1, 1)           # part_power 8, 1 replica, min_part_hours 1
    b.add_dev({"region": 1, "zone": 1, "ip": ip, "port": int(port),
               "device": "d1", "weight": 100})
    b.rebalance()
    b.get_ring().save(os.path.join(etc, kind + ".ring.gz"))
    b.save(os.path.join(etc, kind + ".builder"))
PY
  echo "$stamp" >"$ETC/ring.stamp"
  log "rings built"
fi

# --- server configs ---------------------------------------------------------
common() { # $1 = port
  cat <<EOF
[DEFAULT]
bind_ip = $IP
bind_port = $1
workers = 0
user = $RUN_USER
swift_dir = $ETC
devices = $DEVS
mount_check = false
log_level = INFO
EOF
}

server_conf() { # $1 = object|container|account, $2 = port
  common "$2"
  cat <<EOF

[pipeline:main]
pipeline = healthcheck $1-server

[app:$1-server]
use = egg:swift#$1

[filter:healthcheck]
use = egg:swift#healthcheck
EOF
}

server_conf object "$OBJ_PORT" >"$ETC/object-server.conf"
{ server_conf container "$CONT_PORT"; cat <<EOF

[container-updater]
interval = 5
concurrency = 1
EOF
} >"$ETC/container-server.conf"
server_conf account "$ACCT_PORT" >"$ETC/account-server.conf"

# [filter:x] sections that only name their egg (x with - as _).
plain_filters() {
  for f in "$@"; do printf '[filter:%s]\nuse = egg:swift#%s\n' "$f" "${f//-/_}"; done
}

AUTH_FILTERS="s3api tempauth"
[ -n "$KEYSTONE" ] && AUTH_FILTERS="authtoken keystoneauth"
{ cat <<EOF
[DEFAULT]
bind_ip = $IP
bind_port = $PROXY_PORT
workers = 0
user = $RUN_USER
swift_dir = $ETC
log_level = INFO

[pipeline:main]
# s3api must sit before tempauth; slo is required (S3 multipart upload).
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk tempurl $AUTH_FILTERS copy slo dlo versioned_writes symlink proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
allow_account_management = true

[filter:tempauth]
use = egg:swift#tempauth
reseller_prefix = AUTH_
token_life = 86400
# user_<account>_<user> = <key> [groups...]
user_admin_admin = admin .admin .reseller_admin
user_test_tester = testing .admin
user_test2_tester2 = testing2 .admin
user_test_tester3 = testing3

[filter:s3api]
use = egg:swift#s3api
location = $S3_REGION
s3_acl = false
dns_compliant_bucket_names = true
allow_multipart_uploads = true
max_upload_part_num = 10000
min_segment_size = 5242880
max_multi_delete_objects = 1000

[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:$MC_PORT

[filter:versioned_writes]
use = egg:swift#versioned_writes
allow_object_versioning = true
EOF
  plain_filters catch_errors gatekeeper healthcheck proxy-logging listing_formats bulk tempurl copy slo dlo symlink
} >"$ETC/proxy-server.conf"
if [ -n "$KEYSTONE" ]; then
  ks_root=${KEYSTONE%/v3}; ks_root=${ks_root%/}
  cat >>"$ETC/proxy-server.conf" <<EOF
[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
www_authenticate_uri = $ks_root
auth_url = $ks_root
auth_type = password
username = ${SWIFT_KEYSTONE_USER:-swift}
password = ${SWIFT_KEYSTONE_PASSWORD:?SWIFT_KEYSTONE_PASSWORD is needed with SWIFT_KEYSTONE_URL}
project_name = ${SWIFT_KEYSTONE_PROJECT:-service}
user_domain_id = default
project_domain_id = default
memcached_servers = 127.0.0.1:$MC_PORT
delay_auth_decision = True
[filter:keystoneauth]
use = egg:swift#keystoneauth
operator_roles = admin, member
EOF
fi

# --- start ------------------------------------------------------------------
: >"$PIDFILE"
start() { # name, command...
  local name=$1; shift
  # setsid: own process group, so nothing we start can signal our caller.
  setsid "$@" </dev/null >>"$LOG/$name.log" 2>&1 &
  echo "$name $!" >>"$PIDFILE"
}

EMD=()
case "${SWIFT_EATMYDATA:-auto}" in
  1) EMD=(eatmydata) ;;
  auto) command -v eatmydata >/dev/null && EMD=(eatmydata) ;;
esac

start memcached memcached -u "$RUN_USER" -l 127.0.0.1 -p "$MC_PORT" -U 0 -m 64
start account   "${EMD[@]}" swift-account-server   "$ETC/account-server.conf"   -v
start container "${EMD[@]}" swift-container-server "$ETC/container-server.conf" -v
start object    "${EMD[@]}" swift-object-server    "$ETC/object-server.conf"    -v
start proxy     swift-proxy-server     "$ETC/proxy-server.conf"     -v
if [ "${SWIFT_UPDATER:-0}" = 1 ]; then
  start container-updater swift-container-updater "$ETC/container-server.conf" -v
fi

t0=$(date +%s)
until auth_ok; do
  if ! all_alive; then
    log "a server died during start; logs in $LOG:"; tail -n 20 "$LOG"/*.log >&2 || true
    SWIFT_BASE=$BASE "$(dirname "$0")/swift-saio-stop.sh" || true
    exit 1
  fi
  if [ $(( $(date +%s) - t0 )) -ge "$TIMEOUT" ]; then
    log "timed out after ${TIMEOUT}s; logs in $LOG"; tail -n 20 "$LOG"/*.log >&2 || true
    SWIFT_BASE=$BASE "$(dirname "$0")/swift-saio-stop.sh" || true
    exit 1
  fi
  sleep 0.3
done
# also make sure the storage servers answer (auth alone only needs the proxy)
for p in "$ACCT_PORT" "$CONT_PORT" "$OBJ_PORT"; do
  until curl -fsS -o /dev/null -m 2 "http://$IP:$p/healthcheck" 2>/dev/null; do
    [ $(( $(date +%s) - t0 )) -ge "$TIMEOUT" ] && { log "storage server :$p not up"; exit 1; }
    sleep 0.3
  done
done
all_alive || { log "a server exited; logs in $LOG"; tail -n 20 "$LOG"/*.log >&2; exit 1; }
if [ -n "$KEYSTONE" ]; then
  log "up: Swift http://$IP:$PROXY_PORT/v1/AUTH_<project id> behind Keystone $KEYSTONE [$(( $(date +%s) - t0 ))s]"
else
  log "up: Swift http://$IP:$PROXY_PORT/auth/v1.0 (test:tester/testing), S3 http://$IP:$PROXY_PORT (test:tester/testing) [$(( $(date +%s) - t0 ))s]"
fi
