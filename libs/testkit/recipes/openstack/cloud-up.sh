#!/usr/bin/env bash
# cloud-up.sh - (freezer test kit copy: adds the alt tenant, the freezer/swift service users, and
# a Swift behind this Keystone that cinder-backup stores in)
# start a minimal REAL OpenStack (Zed, Debian 12 packages) on
# 127.0.0.1 for tests: Keystone, Glance (file store), Placement, Nova (api,
# conductor, scheduler, compute with a test-only file-backed fake virt
# driver), Cinder (api, scheduler, volume with a test-only file driver,
# backup with Cinder's Swift driver), Swift (proxy with authtoken +
# keystoneauth: it takes this Keystone's tokens; registered as object-store),
# MariaDB and RabbitMQ. See README.md.
#
# Env (all optional):
#   OS_BASE                 state dir (configs, data, logs, pids)   [/tmp/mini-cloud]
#   CLOUD_KEYSTONE_PORT / CLOUD_GLANCE_PORT / CLOUD_PLACEMENT_PORT /
#   CLOUD_NOVA_PORT / CLOUD_CINDER_PORT                  [5000/9292/8778/8774/8776]
#   CLOUD_NEUTRON_STUB_PORT                                           [9696]
#   CLOUD_MYSQL_PORT / CLOUD_AMQP_PORT / CLOUD_EPMD_PORT /
#   CLOUD_RABBIT_DIST_PORT                           [3307/5673/4370/25673]
#   CLOUD_SWIFT_PORT (proxy) / CLOUD_SWIFT_OBJ_PORT / CLOUD_SWIFT_CONT_PORT /
#   CLOUD_SWIFT_ACCT_PORT / CLOUD_SWIFT_MEMCACHE_PORT [8080/6200/6201/6202/11211]
#   CLOUD_ADMIN_PASSWORD / CLOUD_DEMO_PASSWORD       [admin-secret/demo-secret]
#   CLOUD_START_TIMEOUT     seconds to wait for each service            [300]
#   CLOUD_DEBUG=1           debug logging in every service
#   CLOUD_NO_INSTALL=1      never run apt-get (fail if a package is missing)
#
# Idempotent: when every recorded process is alive and healthy it exits 0 at
# once; when state exists but processes are gone it restarts them without
# re-initialising (databases, keys, users and images are kept). A service still
# running whose configuration file this run changed is restarted.
# Writes nothing outside $OS_BASE except: Debian packages it installs, and a
# temporary /usr/sbin/policy-rc.d (exit 101) while apt-get runs, if none exists.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BASE=${OS_BASE:-/tmp/mini-cloud}
IP=127.0.0.1
PY=/usr/bin/python3
P_KEYSTONE=${CLOUD_KEYSTONE_PORT:-5000}
P_GLANCE=${CLOUD_GLANCE_PORT:-9292}
P_PLACEMENT=${CLOUD_PLACEMENT_PORT:-8778}
P_NOVA=${CLOUD_NOVA_PORT:-8774}
P_CINDER=${CLOUD_CINDER_PORT:-8776}
P_NEUTRON=${CLOUD_NEUTRON_STUB_PORT:-9696}
P_MYSQL=${CLOUD_MYSQL_PORT:-3307}
P_AMQP=${CLOUD_AMQP_PORT:-5673}
P_EPMD=${CLOUD_EPMD_PORT:-4370}
P_DIST=${CLOUD_RABBIT_DIST_PORT:-25673}
P_SWIFT=${CLOUD_SWIFT_PORT:-8080}
P_SWIFT_OBJ=${CLOUD_SWIFT_OBJ_PORT:-6200}
P_SWIFT_CONT=${CLOUD_SWIFT_CONT_PORT:-6201}
P_SWIFT_ACCT=${CLOUD_SWIFT_ACCT_PORT:-6202}
P_SWIFT_MC=${CLOUD_SWIFT_MEMCACHE_PORT:-11211}
TIMEOUT=${CLOUD_START_TIMEOUT:-300}
ADMIN_PW=${CLOUD_ADMIN_PASSWORD:-admin-secret}
DEMO_PW=${CLOUD_DEMO_PASSWORD:-demo-secret}
SVC_PW=service-secret
DB_PW=db-secret
REGION=RegionOne
CHOST=minicloud                  # Nova/Cinder "host" name (not a DNS name)
DEBUG=$([ "${CLOUD_DEBUG:-0}" = 1 ] && echo True || echo False)

ETC=$BASE/etc RUN=$BASE/run LOG=$BASE/log DATA=$BASE/data LIB=$BASE/lib STATE=$BASE/state
KS_URL=http://$IP:$P_KEYSTONE
DB="mysql+pymysql://openstack:$DB_PW@$IP:$P_MYSQL"
AMQP="rabbit://guest:guest@$IP:$P_AMQP/"
MYSQL=(mariadb --no-defaults -S "$DATA/mysql/mysqld.sock" -uroot)
T0=$EPOCHREALTIME

log() { printf 'cloud-up: [%6s s] %s\n' "$(awk "BEGIN{printf \"%.1f\", $EPOCHREALTIME - $T0}")" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

SERVICES=(mysql epmd rabbitmq keystone glance placement neutron-stub nova-api
          nova-conductor nova-scheduler nova-compute cinder-api cinder-scheduler
          cinder-volume cinder-backup swift-memcached swift-account swift-container
          swift-object swift-proxy)
# what each service reads (under $ETC): a service whose files change while it runs is restarted
declare -A CONFIGS=([keystone]=keystone/keystone.conf
  [glance]="glance/glance-api.conf glance/glance-api-paste.ini" [placement]=placement/placement.conf
  [nova-api]="nova/nova.conf nova/api-paste.ini" [nova-conductor]=nova/nova.conf
  [nova-scheduler]=nova/nova.conf [nova-compute]=nova/nova-compute.conf [rabbitmq]=rabbitmq/rabbitmq.conf)
for s in api scheduler volume backup; do
  CONFIGS[cinder-$s]="cinder/cinder.conf cinder/api-paste.ini cinder/resource_filters.json"
done

# ---------------------------------------------------------------- processes --
# Every process is started with `setsid` (own session + process group) and
# MINICLOUD_BASE=$BASE in its environment; cloud-down.sh checks that marker
# before signalling a recorded pid, so a reused pid is never hit.
is_ours() { grep -qzx "MINICLOUD_BASE=$BASE" "/proc/$1/environ" 2>/dev/null; }
alive() { # name
  local pid; pid=$(cat "$RUN/$1.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && is_ours "$pid"
}
start() { # name cmd...
  local name=$1; shift
  if alive "$name"; then return 0; fi
  ( cd "$BASE" && MINICLOUD_BASE=$BASE exec setsid "$@" >>"$LOG/$name.log" 2>&1 </dev/null ) &
  echo $! >"$RUN/$name.pid"
}
wait_svc() { # name what cmd...: poll cmd until it succeeds; fail at once if process `name` died
  local name=$1 what=$2; shift 2
  local deadline=$(( $(date +%s) + TIMEOUT ))
  until "$@" >/dev/null 2>&1; do
    # The pid only: until the subshell has exec'd the service, its environ lacks MINICLOUD_BASE, so
    # is_ours (for stale pid files of earlier runs) would call a process that is just starting dead.
    if ! kill -0 "$(cat "$RUN/$name.pid" 2>/dev/null)" 2>/dev/null; then
      tail -25 "$LOG/$name.log" >&2 2>/dev/null; die "$name exited while starting (log: $LOG/$name.log)"
    fi
    [ "$(date +%s)" -lt "$deadline" ] || die "timed out waiting for $what (see $LOG/$name.log)"
    sleep 0.5
  done
  log "$what up"
}
http_ok() { curl -fsS -o /dev/null -m 5 "$1"; }
stop_svc() { # name: TERM its process group, KILL what is left after 15 s
  local pid; pid=$(cat "$RUN/$1.pid")
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.3; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$RUN/$1.pid"
}
tcp_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
port_busy_by_other() { # port name : busy and not by our recorded process
  tcp_open "$IP" "$1" && ! alive "$2"
}

# -------------------------------------------------------------- fast path --
all_healthy() {
  local s
  for s in "${SERVICES[@]}"; do alive "$s" || return 1; done
  [ -s "$BASE/openrc" ] && http_ok "$KS_URL/v3" && http_ok "http://$IP:$P_NOVA/" \
    && http_ok "http://$IP:$P_CINDER/healthcheck" && http_ok "http://$IP:$P_GLANCE/healthcheck" \
    && http_ok "http://$IP:$P_SWIFT/healthcheck"
}
if [ -d "$BASE" ] && all_healthy; then
  log "already running (source $BASE/openrc)"; exit 0
fi

# --------------------------------------------------------------- packages --
PKGS=(python3-keystone python3-glance python3-placement python3-nova python3-cinder
      python3-openstackclient python3-pymysql rabbitmq-server mariadb-server qemu-utils dmidecode curl procps
      swift swift-proxy swift-account swift-container swift-object memcached python3-keystonemiddleware)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "${CLOUD_NO_INSTALL:-0}" = 1 ] && die "missing packages: ${missing[*]}"
  [ "$(id -u)" = 0 ] || die "missing packages (${missing[*]}) and not root"
  log "installing ${missing[*]}"
  made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\n# mini-cloud: keep postinst from starting services\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d; made_policy=1
  fi
  inst() { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends \
             -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"; }
  if ! inst >"/tmp/mini-cloud-apt.$$.log" 2>&1; then
    apt-get update -q >>"/tmp/mini-cloud-apt.$$.log" 2>&1 || true
    inst >>"/tmp/mini-cloud-apt.$$.log" 2>&1 || { [ $made_policy = 1 ] && rm -f /usr/sbin/policy-rc.d
      die "apt-get failed, see /tmp/mini-cloud-apt.$$.log"; }
  fi
  [ $made_policy = 1 ] && rm -f /usr/sbin/policy-rc.d
  rm -f "/tmp/mini-cloud-apt.$$.log"
  log "packages installed"
fi

mkdir -p "$ETC"/{keystone,glance,placement,nova,cinder,rabbitmq} "$RUN" "$LOG" "$LIB" "$STATE" \
  "$DATA"/{mysql,rabbitmq,keystone/fernet-keys,keystone/credential-keys,glance/images,glance/staging,glance/tasks} \
  "$DATA"/{nova/instances,nova/lock,cinder/volumes,cinder/lock,cinder/conversion,swift}
chmod 700 "$DATA/keystone/fernet-keys" "$DATA/keystone/credential-keys"
cp "$HERE"/minicloud/*.py "$LIB/"

# forget pid files of processes that are gone; refuse ports held by strangers
for s in "${SERVICES[@]}"; do
  if [ -s "$RUN/$s.pid" ] && ! alive "$s"; then rm -f "$RUN/$s.pid"; fi
done
for pp in "$P_KEYSTONE:keystone" "$P_GLANCE:glance" "$P_PLACEMENT:placement" "$P_NOVA:nova-api" \
          "$P_CINDER:cinder-api" "$P_NEUTRON:neutron-stub" "$P_MYSQL:mysql" "$P_AMQP:rabbitmq" \
          "$P_EPMD:epmd" "$P_DIST:rabbitmq" "$P_SWIFT:swift-proxy" "$P_SWIFT_OBJ:swift-object" \
          "$P_SWIFT_CONT:swift-container" "$P_SWIFT_ACCT:swift-account" "$P_SWIFT_MC:swift-memcached"; do
  port_busy_by_other "${pp%%:*}" "${pp#*:}" && die "port $IP:${pp%%:*} (${pp#*:}) is taken by another process"
done

# ----------------------------------------------------------------- configs --
declare -A was=()
for f in $(printf '%s\n' "${CONFIGS[@]}" | tr ' ' '\n' | sort -u); do
  was[$f]=$({ md5sum <"$ETC/$f"; } 2>/dev/null || true)
done
authtoken() { # section name for keystonemiddleware + service credentials
  cat <<EOF
[keystone_authtoken]
www_authenticate_uri = $KS_URL
auth_url = $KS_URL
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = $1
password = $SVC_PW
region_name = $REGION
service_token_roles_required = true
EOF
}
svcauth() { # [section] with keystoneauth password plugin for user $2
  cat <<EOF
[$1]
auth_type = password
auth_url = $KS_URL
project_domain_name = Default
user_domain_name = Default
project_name = service
username = $2
password = $SVC_PW
region_name = $REGION
EOF
}

# --- keystone
cat >"$ETC/keystone/keystone.conf" <<EOF
[DEFAULT]
debug = $DEBUG
[database]
connection = $DB/keystone?charset=utf8
[identity]
# test-only: cheap bcrypt (default 12 rounds costs ~0.25 s of CPU per password
# check, i.e. per token issue and per service user creation)
password_hash_rounds = 4
[token]
provider = fernet
expiration = 14400
[fernet_tokens]
key_repository = $DATA/keystone/fernet-keys
[credential]
key_repository = $DATA/keystone/credential-keys
[oslo_policy]
enforce_scope = false
enforce_new_defaults = false
EOF

# --- glance
cat >"$ETC/glance/glance-api.conf" <<EOF
[DEFAULT]
debug = $DEBUG
graceful_shutdown_timeout = 5
bind_host = $IP
bind_port = $P_GLANCE
workers = 0
enabled_backends = file:file
image_cache_dir = $DATA/glance/cache
show_image_direct_url = false
public_endpoint = http://$IP:$P_GLANCE
[database]
connection = $DB/glance?charset=utf8
$(authtoken glance)
[paste_deploy]
flavor = keystone
config_file = $ETC/glance/glance-api-paste.ini
[glance_store]
default_backend = file
[file]
filesystem_store_datadir = $DATA/glance/images
[os_glance_staging_store]
filesystem_store_datadir = $DATA/glance/staging
[os_glance_tasks_store]
filesystem_store_datadir = $DATA/glance/tasks
[oslo_messaging_notifications]
driver = noop
[oslo_policy]
enforce_scope = false
enforce_new_defaults = false
[oslo_concurrency]
lock_path = $DATA/glance/lock
EOF
cat >"$ETC/glance/glance-api-paste.ini" <<EOF
[pipeline:glance-api-keystone]
pipeline = cors healthcheck http_proxy_to_wsgi versionnegotiation osprofiler authtoken context rootapp
[composite:rootapp]
paste.composite_factory = glance.api:root_app_factory
/: apiversions
/v2: apiv2app
[app:apiversions]
paste.app_factory = glance.api.versions:create_resource
[app:apiv2app]
paste.app_factory = glance.api.v2.router:API.factory
[filter:healthcheck]
paste.filter_factory = oslo_middleware:Healthcheck.factory
backends = disable_by_file
disable_by_file_path = $RUN/glance-healthcheck-disable
[filter:versionnegotiation]
paste.filter_factory = glance.api.middleware.version_negotiation:VersionNegotiationFilter.factory
[filter:context]
paste.filter_factory = glance.api.middleware.context:ContextMiddleware.factory
[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
delay_auth_decision = true
[filter:osprofiler]
paste.filter_factory = osprofiler.web:WsgiMiddleware.factory
[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory
oslo_config_project = glance
oslo_config_program = glance-api
[filter:http_proxy_to_wsgi]
paste.filter_factory = oslo_middleware:HTTPProxyToWSGI.factory
EOF

# --- placement
cat >"$ETC/placement/placement.conf" <<EOF
[DEFAULT]
debug = $DEBUG
[api]
auth_strategy = keystone
[placement_database]
connection = $DB/placement?charset=utf8
$(authtoken placement)
[oslo_policy]
enforce_scope = false
enforce_new_defaults = false
EOF

# --- nova
cat >"$ETC/nova/nova.conf" <<EOF
[DEFAULT]
debug = $DEBUG
graceful_shutdown_timeout = 5
host = $CHOST
my_ip = $IP
state_path = $DATA/nova
instances_path = $DATA/nova/instances
transport_url = $AMQP
compute_driver = minicloud_fake.FileDriver
enabled_apis = osapi_compute
osapi_compute_listen = $IP
osapi_compute_listen_port = $P_NOVA
osapi_compute_workers = 1
metadata_listen = $IP
use_rootwrap_daemon = false
heal_instance_info_cache_interval = -1
vif_plugging_is_fatal = false
vif_plugging_timeout = 0
instance_usage_audit = false
update_resources_interval = 30
[api]
auth_strategy = keystone
[wsgi]
api_paste_config = $ETC/nova/api-paste.ini
$(authtoken nova)
$(svcauth service_user nova)
send_service_user_token = true
$(svcauth placement nova)
$(svcauth neutron nova)
endpoint_override = http://$IP:$P_NEUTRON
$(svcauth cinder nova)
os_region_name = $REGION
[glance]
region_name = $REGION
[conductor]
workers = 1
[scheduler]
workers = 1
discover_hosts_in_cells_interval = -1
[filter_scheduler]
enabled_filters = ComputeFilter,ComputeCapabilitiesFilter,ImagePropertiesFilter
[compute]
resource_provider_association_refresh = 60
[vnc]
enabled = false
[spice]
enabled = false
[oslo_concurrency]
lock_path = $DATA/nova/lock
[oslo_messaging_notifications]
driver = noop
[nova_sys_admin]
helper_command = privsep-helper --config-file $ETC/nova/nova.conf
[privsep_osbrick]
helper_command = privsep-helper --config-file $ETC/nova/nova.conf
[os_vif_linux_bridge]
use_ipv6 = false
[oslo_policy]
enforce_scope = false
enforce_new_defaults = false
EOF
# nova-compute gets no database credentials (as in a real deployment: it
# reaches the DB through nova-conductor); the other Nova services get them.
cp "$ETC/nova/nova.conf" "$ETC/nova/nova-compute.conf"
cat >>"$ETC/nova/nova.conf" <<EOF
[api_database]
connection = $DB/nova_api?charset=utf8
[database]
connection = $DB/nova?charset=utf8
EOF
cat >"$ETC/nova/api-paste.ini" <<EOF
[composite:osapi_compute]
use = call:nova.api.openstack.urlmap:urlmap_factory
/: oscomputeversions
/v2: oscomputeversion_legacy_v2
/v2.1: oscomputeversion_v2
/v2/+: openstack_compute_api_v21_legacy_v2_compatible
/v2.1/+: openstack_compute_api_v21
[composite:openstack_compute_api_v21]
use = call:nova.api.auth:pipeline_factory_v21
keystone = healthcheck cors http_proxy_to_wsgi compute_req_id faultwrap request_log sizelimit osprofiler authtoken keystonecontext osapi_compute_app_v21
[composite:openstack_compute_api_v21_legacy_v2_compatible]
use = call:nova.api.auth:pipeline_factory_v21
keystone = healthcheck cors http_proxy_to_wsgi compute_req_id faultwrap request_log sizelimit osprofiler authtoken keystonecontext legacy_v2_compatible osapi_compute_app_v21
[filter:healthcheck]
use = egg:oslo.middleware#healthcheck
backends = disable_by_file
disable_by_file_path = $RUN/nova-healthcheck-disable
[filter:request_log]
paste.filter_factory = nova.api.openstack.requestlog:RequestLog.factory
[filter:compute_req_id]
paste.filter_factory = nova.api.compute_req_id:ComputeReqIdMiddleware.factory
[filter:faultwrap]
paste.filter_factory = nova.api.openstack:FaultWrapper.factory
[filter:osprofiler]
paste.filter_factory = nova.profiler:WsgiMiddleware.factory
[filter:sizelimit]
paste.filter_factory = oslo_middleware:RequestBodySizeLimiter.factory
[filter:http_proxy_to_wsgi]
paste.filter_factory = oslo_middleware.http_proxy_to_wsgi:HTTPProxyToWSGI.factory
[filter:legacy_v2_compatible]
paste.filter_factory = nova.api.openstack:LegacyV2CompatibleWrapper.factory
[app:osapi_compute_app_v21]
paste.app_factory = nova.api.openstack.compute:APIRouterV21.factory
[pipeline:oscomputeversions]
pipeline = cors faultwrap request_log http_proxy_to_wsgi oscomputeversionapp
[pipeline:oscomputeversion_v2]
pipeline = cors compute_req_id faultwrap request_log http_proxy_to_wsgi oscomputeversionapp_v2
[pipeline:oscomputeversion_legacy_v2]
pipeline = cors compute_req_id faultwrap request_log http_proxy_to_wsgi legacy_v2_compatible oscomputeversionapp_v2
[app:oscomputeversionapp]
paste.app_factory = nova.api.openstack.compute.versions:Versions.factory
[app:oscomputeversionapp_v2]
paste.app_factory = nova.api.openstack.compute.versions:VersionsV2.factory
[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory
oslo_config_project = nova
[filter:keystonecontext]
paste.filter_factory = nova.api.auth:NovaKeystoneContext.factory
[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
EOF

# --- cinder
cat >"$ETC/cinder/cinder.conf" <<EOF
[DEFAULT]
debug = $DEBUG
graceful_shutdown_timeout = 5
host = $CHOST
my_ip = $IP
state_path = $DATA/cinder
transport_url = $AMQP
auth_strategy = keystone
api_paste_config = $ETC/cinder/api-paste.ini
resource_query_filters_file = $ETC/cinder/resource_filters.json
osapi_volume_listen = $IP
osapi_volume_listen_port = $P_CINDER
osapi_volume_workers = 1
enabled_backends = file
default_volume_type = __DEFAULT__
glance_api_servers = http://$IP:$P_GLANCE
image_conversion_dir = $DATA/cinder/conversion
# Cinder's own backups go to this cloud's Swift with the requesting user's
# token (per_user: objects land in the user's project account). The URL is
# fixed here rather than read from the token's catalog, so a test that puts
# another object-store in the catalog cannot move where Cinder's backups are.
backup_driver = cinder.backup.drivers.swift.SwiftBackupDriver
backup_swift_auth = per_user
backup_swift_url = http://$IP:$P_SWIFT/v1/AUTH_
backup_swift_container = volumebackups
backup_workers = 1
rootwrap_config = $ETC/cinder/rootwrap.conf
report_interval = 10
periodic_interval = 30
[file]
volume_driver = minicloud_cinder.FileVolumeDriver
volume_backend_name = file
minicloud_volumes_dir = $DATA/cinder/volumes
image_upload_use_cinder_backend = false
[database]
connection = $DB/cinder?charset=utf8
$(authtoken cinder)
$(svcauth nova cinder)
$(svcauth service_user cinder)
send_service_user_token = false
[oslo_concurrency]
lock_path = $DATA/cinder/lock
[oslo_messaging_notifications]
driver = noop
[cinder_sys_admin]
helper_command = privsep-helper --config-file $ETC/cinder/cinder.conf
[privsep_osbrick]
helper_command = privsep-helper --config-file $ETC/cinder/cinder.conf
[coordination]
backend_url = file://$DATA/cinder/lock
[oslo_policy]
enforce_scope = false
enforce_new_defaults = false
EOF
# which query filters the volume API accepts (Debian ships this in cinder-common
# as /etc/cinder/resource_filters.json); without it `?name=` lookups, which
# openstacksdk uses to find a volume by name, get 400 "Invalid filters"
cat >"$ETC/cinder/resource_filters.json" <<EOF
{
    "volume": ["name", "status", "metadata", "bootable", "migration_status", "availability_zone",
               "group_id", "size", "created_at", "updated_at", "consumes_quota"],
    "backup": ["name", "status", "volume_id"],
    "snapshot": ["name", "status", "volume_id", "metadata", "availability_zone", "consumes_quota"],
    "group": ["name"],
    "group_snapshot": ["name", "status", "group_id"],
    "attachment": ["volume_id", "status", "instance_id", "attach_status"],
    "message": ["resource_uuid", "resource_type", "event_id", "request_id", "message_level"],
    "pool": ["name", "volume_type"],
    "volume_type": ["is_public", "extra_specs"]
}
EOF
cat >"$ETC/cinder/api-paste.ini" <<EOF
[composite:osapi_volume]
use = call:cinder.api:root_app_factory
/: apiversions
/healthcheck: healthcheck
/v3: openstack_volume_api_v3
[composite:openstack_volume_api_v3]
use = call:cinder.api.middleware.auth:pipeline_factory
keystone = request_id cors http_proxy_to_wsgi faultwrap sizelimit osprofiler authtoken keystonecontext apiv3
keystone_nolimit = request_id cors http_proxy_to_wsgi faultwrap sizelimit osprofiler authtoken keystonecontext apiv3
[filter:http_proxy_to_wsgi]
paste.filter_factory = oslo_middleware.http_proxy_to_wsgi:HTTPProxyToWSGI.factory
[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory
oslo_config_project = cinder
[filter:faultwrap]
paste.filter_factory = cinder.api.middleware.fault:FaultWrapper.factory
[filter:osprofiler]
paste.filter_factory = osprofiler.web:WsgiMiddleware.factory
[filter:sizelimit]
paste.filter_factory = oslo_middleware.sizelimit:RequestBodySizeLimiter.factory
[app:apiv3]
paste.app_factory = cinder.api.v3.router:APIRouter.factory
[pipeline:apiversions]
pipeline = request_id cors http_proxy_to_wsgi faultwrap osvolumeversionapp
[app:osvolumeversionapp]
paste.app_factory = cinder.api.versions:Versions.factory
[pipeline:healthcheck]
pipeline = request_id healthcheckapp
[app:healthcheckapp]
paste.app_factory = oslo_middleware:Healthcheck.app_factory
backends = disable_by_file
disable_by_file_path = $RUN/cinder-healthcheck-disable
[filter:keystonecontext]
paste.filter_factory = cinder.api.middleware.auth:CinderKeystoneContext.factory
[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
[filter:request_id]
paste.filter_factory = cinder.api.middleware.request_id:RequestId.factory
EOF

# --- rabbitmq (loopback only: AMQP, Erlang distribution and epmd)
cat >"$ETC/rabbitmq/rabbitmq.conf" <<EOF
listeners.tcp.1 = $IP:$P_AMQP
loopback_users.guest = true
log.console = true
log.console.level = warning
log.file = false
vm_memory_high_watermark.absolute = 1GB
disk_free_limit.absolute = 50MB
EOF
echo '[].' >"$ETC/rabbitmq/enabled_plugins"
: >"$ETC/rabbitmq/rabbitmq-env.conf"

# a service still running with a config that changed is restarted (start skips live ones)
for s in "${!CONFIGS[@]}"; do
  alive "$s" || continue
  for f in ${CONFIGS[$s]}; do
    if [ "${was[$f]}" != "$(md5sum <"$ETC/$f")" ]; then
      log "restarting $s (its configuration changed)"; stop_svc "$s"; break
    fi
  done
done

# ------------------------------------------------------------------- swift --
# The recipe of the test kit's other Swift servers, behind this Keystone; its
# processes carry the MINICLOUD_BASE marker and are recorded in $RUN like the
# others (cloud-down.sh and cloud-status.sh treat them alike). Started in the
# background: it only needs Keystone when the first token arrives.
start_swift() {
  env MINICLOUD_BASE="$BASE" SWIFT_BASE="$DATA/swift" SWIFT_IP=$IP SWIFT_PROXY_PORT="$P_SWIFT" \
    SWIFT_OBJ_PORT="$P_SWIFT_OBJ" SWIFT_CONT_PORT="$P_SWIFT_CONT" SWIFT_ACCT_PORT="$P_SWIFT_ACCT" \
    SWIFT_MEMCACHE_PORT="$P_SWIFT_MC" SWIFT_START_TIMEOUT="$TIMEOUT" SWIFT_KEYSTONE_URL="$KS_URL/v3" \
    SWIFT_KEYSTONE_USER=swift SWIFT_KEYSTONE_PASSWORD="$SVC_PW" SWIFT_KEYSTONE_PROJECT=service \
    bash "$HERE/../swift-saio-start.sh" >>"$LOG/swift-start.log" 2>&1 || return 1
  local name pid
  while read -r name pid; do
    if [ "$name" = memcached ]; then echo "$pid" >"$RUN/swift-memcached.pid"
    else echo "$pid" >"$RUN/swift-$name.pid"; fi
  done <"$DATA/swift/run/pids"
}
start_swift & swift_pid=$!

# -------------------------------------------------- mysql + rabbitmq start --
if [ ! -d "$DATA/mysql/data/mysql" ]; then
  log "initialising MariaDB datadir"
  rm -rf "$DATA/mysql/data"
  mariadb-install-db --no-defaults --datadir="$DATA/mysql/data" --user=root \
    --auth-root-authentication-method=normal --skip-test-db >"$LOG/mysql-install.log" 2>&1 \
    || die "mariadb-install-db failed (see $LOG/mysql-install.log)"
fi
start mysql mariadbd --no-defaults --datadir="$DATA/mysql/data" --socket="$DATA/mysql/mysqld.sock" \
  --port="$P_MYSQL" --bind-address="$IP" --pid-file="$DATA/mysql/mysqld.pid" --user=root \
  --skip-name-resolve --skip-log-bin --innodb-buffer-pool-size=128M --innodb-log-file-size=64M \
  --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --max-connections=1000 \
  --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
  --log-error="$LOG/mysql.err"
start epmd epmd -address "$IP" -port "$P_EPMD"
# rabbit starts a daemonised epmd of its own (untracked) if ours is not listening yet
wait_svc epmd "epmd" tcp_open "$IP" "$P_EPMD"
start rabbitmq env HOME="$DATA/rabbitmq" RABBITMQ_CONF_ENV_FILE="$ETC/rabbitmq/rabbitmq-env.conf" \
  RABBITMQ_NODENAME=minicloud@localhost RABBITMQ_CONFIG_FILE="$ETC/rabbitmq/rabbitmq.conf" \
  RABBITMQ_ENABLED_PLUGINS_FILE="$ETC/rabbitmq/enabled_plugins" RABBITMQ_MNESIA_BASE="$DATA/rabbitmq/mnesia" \
  RABBITMQ_LOG_BASE="$LOG" RABBITMQ_PID_FILE="$DATA/rabbitmq/beam.pid" ERL_EPMD_PORT="$P_EPMD" \
  ERL_EPMD_ADDRESS="$IP" RABBITMQ_DIST_PORT="$P_DIST" \
  RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
  /usr/lib/rabbitmq/bin/rabbitmq-server
wait_svc mysql "MariaDB" mariadb-admin --no-defaults -S "$DATA/mysql/mysqld.sock" -uroot ping

# ---------------------------------------------------------------- databases --
if [ ! -e "$STATE/databases" ]; then
  {
    for d in keystone glance placement nova_api nova nova_cell0 cinder; do
      echo "CREATE DATABASE IF NOT EXISTS $d CHARACTER SET utf8;"
    done
    for h in 127.0.0.1 localhost; do
      echo "CREATE USER IF NOT EXISTS 'openstack'@'$h' IDENTIFIED BY '$DB_PW';"
      echo "GRANT ALL PRIVILEGES ON *.* TO 'openstack'@'$h';"
    done
  } | "${MYSQL[@]}" || die "creating databases failed"
  touch "$STATE/databases"
fi

K="keystone-manage --config-file $ETC/keystone/keystone.conf"
NM="$PY $LIB/oscmd.py nova-manage nova.cmd.manage:main --config-file $ETC/nova/nova.conf"
step() { # name cmd...: run once (marker in $STATE), output to $LOG/init-<name>.log
  local name=$1; shift
  [ -e "$STATE/$name" ] && return 0
  if "$@" >>"$LOG/init-$name.log" 2>&1; then touch "$STATE/$name"
  else log "init step $name failed:"; tail -20 "$LOG/init-$name.log" >&2; return 1; fi
}
init_keystone() {
  step keystone-db $K db_sync &&
  step keystone-fernet $K fernet_setup --keystone-user root --keystone-group root &&
  step keystone-credential $K credential_setup --keystone-user root --keystone-group root &&
  step keystone-bootstrap $K bootstrap --bootstrap-password "$ADMIN_PW" --bootstrap-region-id "$REGION" \
    --bootstrap-admin-url "$KS_URL/v3" --bootstrap-public-url "$KS_URL/v3" --bootstrap-internal-url "$KS_URL/v3"
}
init_nova() {
  step nova-api-db $NM api_db sync &&
  step nova-cell0 $NM cell_v2 map_cell0 --database_connection "$DB/nova_cell0?charset=utf8" &&
  step nova-cell1 $NM cell_v2 create_cell --name cell1 --database_connection "$DB/nova?charset=utf8" \
    --transport-url "$AMQP" --verbose &&
  step nova-db $NM db sync
}
START_UTC=$(date -u '+%F %T')   # service rows must be newer than this
log "initialising databases (skipped where done before)"
declare -A ipid=()
init_keystone & ipid[keystone]=$!
step glance-db $PY "$LIB/oscmd.py" glance-manage glance.cmd.manage:main --config-file "$ETC/glance/glance-api.conf" db_sync & ipid[glance]=$!
step placement-db $PY "$LIB/oscmd.py" placement-manage placement.cmd.manage:main --config-file "$ETC/placement/placement.conf" db sync & ipid[placement]=$!
init_nova & ipid[nova]=$!
step cinder-db $PY "$LIB/oscmd.py" cinder-manage cinder.cmd.manage:main --config-file "$ETC/cinder/cinder.conf" db sync & ipid[cinder]=$!
db_ready() { wait "${ipid[$1]}" || die "database initialisation of $1 failed (logs: $LOG/init-*.log)"; }

# ------------------------------------------------------------------ services --
# Each service starts as soon as what it needs at start-up is there: its
# database; RabbitMQ for RPC services; Keystone users for services that
# authenticate while starting (nova-scheduler/conductor/compute call Placement).
db_ready keystone
start keystone env OS_KEYSTONE_CONFIG_DIR="$ETC/keystone" OS_KEYSTONE_CONFIG_FILES=keystone.conf \
  $PY "$LIB/wsgi_serve.py" --name keystone --host "$IP" --port "$P_KEYSTONE" \
  --app keystone.server.wsgi:initialize_public_application
db_ready glance
start glance $PY "$LIB/oscmd.py" glance-api glance.cmd.api:main --config-file "$ETC/glance/glance-api.conf"
db_ready placement
start placement env OS_PLACEMENT_CONFIG_DIR="$ETC/placement" \
  $PY "$LIB/wsgi_serve.py" --name placement --host "$IP" --port "$P_PLACEMENT" --app placement.wsgi:init_application
start neutron-stub $PY "$LIB/neutron_stub.py" --host "$IP" --port "$P_NEUTRON"
wait_svc rabbitmq "RabbitMQ" tcp_open "$IP" "$P_AMQP"
db_ready cinder
CC=(--config-file "$ETC/cinder/cinder.conf")
for s in api scheduler volume; do
  start cinder-$s env PYTHONPATH="$LIB" $PY "$LIB/oscmd.py" cinder-$s cinder.cmd.$s:main "${CC[@]}"
done
# cinder-backup asks Swift for its capabilities when it starts
wait $swift_pid || { tail -20 "$LOG/swift-start.log" >&2; die "Swift did not start (log: $LOG/swift-start.log)"; }
log "Swift up"
start cinder-backup env PYTHONPATH="$LIB" $PY "$LIB/oscmd.py" cinder-backup cinder.cmd.backup:main "${CC[@]}"
wait_svc keystone "Keystone" http_ok "$KS_URL/v3"
export CLOUD_KEYSTONE_URL=$KS_URL/v3 CLOUD_ADMIN_PASSWORD=$ADMIN_PW CLOUD_DEMO_PASSWORD=$DEMO_PW \
  CLOUD_SERVICE_PASSWORD=$SVC_PW CLOUD_REGION=$REGION
export CLOUD_ENDPOINTS="image glance http://$IP:$P_GLANCE
placement placement http://$IP:$P_PLACEMENT
compute nova http://$IP:$P_NOVA/v2.1
volumev3 cinderv3 http://$IP:$P_CINDER/v3/%(project_id)s
block-storage cinder http://$IP:$P_CINDER/v3/%(project_id)s
object-store swift http://$IP:$P_SWIFT/v1/AUTH_%(project_id)s"
if [ ! -e "$STATE/identity" ] || [ "$(cat "$STATE/identity")" != "$CLOUD_ENDPOINTS" ]; then
  $PY "$LIB/cloud_setup.py" identity >"$LOG/init-identity.log" 2>&1 \
    || { tail -20 "$LOG/init-identity.log" >&2; die "identity set-up failed"; }
  printf '%s' "$CLOUD_ENDPOINTS" >"$STATE/identity"
  log "Keystone users, projects and catalog created"
fi
db_ready nova
NC=(--config-file "$ETC/nova/nova.conf")
for s in api conductor scheduler; do
  start nova-$s $PY "$LIB/oscmd.py" nova-$s nova.cmd.$s:main "${NC[@]}"
done
wait_svc placement "Placement" http_ok "http://$IP:$P_PLACEMENT/"
start nova-compute $PY "$LIB/oscmd.py" --extend nova.virt="$LIB" nova-compute nova.cmd.compute:main \
  --config-file "$ETC/nova/nova-compute.conf"
wait_svc glance "Glance" http_ok "http://$IP:$P_GLANCE/healthcheck"
wait_svc nova-api "Nova API" http_ok "http://$IP:$P_NOVA/"
if [ ! -e "$STATE/flavors" ]; then
  $PY "$LIB/cloud_setup.py" flavors >"$LOG/init-flavors.log" 2>&1 \
    || { tail -20 "$LOG/init-flavors.log" >&2; die "flavor creation failed"; }
  touch "$STATE/flavors"
fi
wait_svc cinder-api "Cinder API" http_ok "http://$IP:$P_CINDER/healthcheck"

# openrc files
write_rc() { # file user password project
  cat >"$1" <<EOF
# mini-cloud credentials ($2 in project $4); source me
export OS_AUTH_URL=$KS_URL/v3
export OS_IDENTITY_API_VERSION=3
export OS_AUTH_TYPE=password
export OS_USERNAME=$2
export OS_PASSWORD=$3
export OS_PROJECT_NAME=$4
export OS_USER_DOMAIN_NAME=Default
export OS_PROJECT_DOMAIN_NAME=Default
export OS_REGION_NAME=$REGION
export OS_INTERFACE=public
export OS_COMPUTE_API_VERSION=2.79
export OS_VOLUME_API_VERSION=3
export OS_IMAGE_API_VERSION=2
EOF
}
write_rc "$BASE/openrc.tmp" admin "$ADMIN_PW" admin
write_rc "$BASE/openrc-demo" demo "$DEMO_PW" demo

# compute host mapping + every service reporting "up"
sql() { "${MYSQL[@]}" -N -e "$1" 2>/dev/null; }
compute_node_exists() { [ -n "$(sql "SELECT id FROM nova.compute_nodes WHERE host='$CHOST' AND deleted=0")" ]; }
wait_svc nova-compute "nova-compute registration" compute_node_exists
if [ -z "$(sql "SELECT id FROM nova_api.host_mappings WHERE host='$CHOST'")" ]; then
  $NM cell_v2 discover_hosts --verbose >>"$LOG/init-discover.log" 2>&1 || die "discover_hosts failed"
  log "compute host mapped to cell1"
fi
svc_up() { # db binary: the service row was written after this script started it
  [ "$(sql "SELECT COUNT(*) FROM $1.services WHERE \`binary\`='$2' AND deleted=0 AND disabled=0
            AND COALESCE(updated_at, created_at) >= '$START_UTC'")" -ge 1 ]
}
for s in nova-conductor nova-scheduler nova-compute; do wait_svc $s "$s service report" svc_up nova $s; done
for s in cinder-scheduler cinder-volume cinder-backup; do wait_svc $s "$s service report" svc_up cinder $s; done
rp_exists() { [ -n "$(sql "SELECT id FROM placement.resource_providers WHERE name='$CHOST'")" ]; }
wait_svc nova-compute "Placement resource provider of $CHOST" rp_exists
cat >"$BASE/cloud.json" <<EOF
{
  "auth_url": "$KS_URL/v3",
  "region": "$REGION",
  "user_domain": "Default",
  "project_domain": "Default",
  "admin": {"username": "admin", "password": "$ADMIN_PW", "project": "admin"},
  "demo": {"username": "demo", "password": "$DEMO_PW", "project": "demo"},
  "alt": {"username": "alt", "password": "$DEMO_PW", "project": "alt"},
  "freezer": {"username": "freezer", "password": "$SVC_PW", "project": "service"},
  "swift": {"username": "swift", "password": "$SVC_PW", "project": "service"},
  "endpoints": {
    "identity": "$KS_URL/v3",
    "compute": "http://$IP:$P_NOVA/v2.1",
    "image": "http://$IP:$P_GLANCE",
    "volumev3": "http://$IP:$P_CINDER/v3/{project_id}",
    "placement": "http://$IP:$P_PLACEMENT",
    "object-store": "http://$IP:$P_SWIFT/v1/AUTH_{project_id}"
  },
  "cinder_backup_container": "volumebackups",
  "flavors": ["m1.tiny", "m1.small"],
  "compute_host": "$CHOST",
  "paths": {
    "instances": "$DATA/nova/instances",
    "volumes": "$DATA/cinder/volumes",
    "images": "$DATA/glance/images",
    "logs": "$LOG"
  }
}
EOF
mv "$BASE/openrc.tmp" "$BASE/openrc"
log "all services up. source $BASE/openrc (admin) or $BASE/openrc-demo (demo)"
