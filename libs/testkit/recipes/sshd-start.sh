#!/usr/bin/env bash
# sshd-start.sh DIR PORT [USER] - start Debian's openssh-server on 127.0.0.1:PORT for tests.
# Generates DIR/host_ed25519 (host key) and DIR/client_ed25519 (the test user's key), authorizes the
# client key for USER (default fzstoragetest, a system user created if missing) through
# DIR/authorized_keys, and daemonizes with its PID in DIR/sshd.pid. Stop with sshd-stop.sh DIR.
# Needs: openssh-server (apt-get install -y --no-install-recommends openssh-server).
set -euo pipefail
DIR=${1:?usage: sshd-start.sh DIR PORT [USER]}
PORT=${2:?usage: sshd-start.sh DIR PORT [USER]}
USER_NAME=${3:-fzstoragetest}

command -v /usr/sbin/sshd >/dev/null || { echo "sshd-start: missing /usr/sbin/sshd (apt-get install -y openssh-server)" >&2; exit 1; }
mkdir -p "$DIR"
chmod 755 "$DIR"
[ -f "$DIR/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -f "$DIR/host_ed25519"
[ -f "$DIR/client_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -f "$DIR/client_ed25519"

if ! id "$USER_NAME" >/dev/null 2>&1; then
  # flock: several test files may create the user at the same moment
  flock /tmp/fz-useradd.lock sh -c "id '$USER_NAME' >/dev/null 2>&1 || useradd -m -s /bin/bash '$USER_NAME'"
fi
# useradd leaves the account locked ('!'); sshd then refuses key logins too (UsePAM no).
usermod -p '*' "$USER_NAME"
HOME_DIR=$(getent passwd "$USER_NAME" | cut -d: -f6)
install -d -m 755 -o "$USER_NAME" "$HOME_DIR"

install -m 644 "$DIR/client_ed25519.pub" "$DIR/authorized_keys"
mkdir -p /run/sshd && chmod 755 /run/sshd

cat >"$DIR/sshd_config" <<CFG
Port $PORT
ListenAddress 127.0.0.1
HostKey $DIR/host_ed25519
PidFile $DIR/sshd.pid
AuthorizedKeysFile $DIR/authorized_keys
# the key file lives in a per-test folder under /tmp, which StrictModes would reject
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin no
AllowUsers $USER_NAME
UsePAM no
Subsystem sftp internal-sftp
CFG
/usr/sbin/sshd -t -f "$DIR/sshd_config"
rm -f "$DIR/sshd.pid"
/usr/sbin/sshd -f "$DIR/sshd_config" -E "$DIR/sshd.log"
for _ in $(seq 50); do [ -s "$DIR/sshd.pid" ] && break; sleep 0.1; done
[ -s "$DIR/sshd.pid" ] || { echo "sshd-start: sshd did not start; see $DIR/sshd.log" >&2; exit 1; }
echo "sshd-start: up on 127.0.0.1:$PORT user $USER_NAME key $DIR/client_ed25519 pid $(cat "$DIR/sshd.pid")" >&2
