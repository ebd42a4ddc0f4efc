#!/usr/bin/env bash
# start.sh — start the project's test peers on 127.0.0.1 (root; Debian/Ubuntu):
#   * Debian's x2gobroker (x2gobroker-daemon, unmodified): six HTTP instances with different
#     authentication and cookie settings, three HTTPS instances (test CA, self-signed, expired)
#     and the PAM helper x2gobroker-authservice;
#   * a private sshd carrying the SSH-mode broker (x2gobroker-ssh) and real X2Go sessions
#     (x2goserver) of a local test user;
#   * two tinyproxy instances, an open one and one with BasicAuth (the proxy tests);
#   * two dante SOCKS servers, an open one (SOCKS4 and 5) and one with SOCKS5 username/password
#     authentication (the test user's system password);
# then write STATE/broker.json (what the tests read through BROKER_JSON) and STATE/env.sh.
#
#   usage: bash test/peers/start.sh [STATE]          stop: bash test/peers/stop.sh STATE
#
# Missing packages are installed first (install.sh broker). Everything the peers read is
# generated in STATE (default /tmp/x2go-launcher-peers); /etc/x2go is never written. Running it
# again for the same STATE stops the earlier peers of that STATE first. test/peers/README.md has
# the instances, the profiles, the environment variables and what changes outside STATE.
set -euo pipefail
umask 022
PEERS_LOG_NAME=peers
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=config.sh
. "$PEERS_DIR/config.sh"
# shellcheck source=tls.sh
. "$PEERS_DIR/tls.sh"
# shellcheck source=describe.sh
. "$PEERS_DIR/describe.sh"
T0=$(date +%s%N)

STATE=${1:-${PEERS_STATE:-/tmp/x2go-launcher-peers}}
PEER_USER=${PEERS_USER:-x2gotest}
PEER_PASSWORD=${PEERS_PASSWORD:-x2gotest-secret}
COOKIE=${PEERS_COOKIE:-3f2c9a6e-5b1d-4e8f-9a70-2c4b6d8e0f13}
START_TIMEOUT=${PEERS_START_TIMEOUT:-60}
SSHD_USEPAM=${PEERS_SSHD_USEPAM:-auto} # auto | yes | no
PROXY_USER=${PEERS_PROXY_USER:-proxyuser}
PROXY_PASSWORD=${PEERS_PROXY_PASSWORD:-pr0xy-S3cret_42}

trap '' PIPE # a caller piping our output into e.g. head must not kill us half-way
STARTED=0
on_exit() { # after a failed start: stop what was started so far
  local rc=$?
  if ((rc != 0)) && [[ $STARTED == 1 ]]; then
    log "start failed - stopping the processes started so far"
    bash "$PEERS_DIR/stop.sh" "$STATE" >/dev/null 2>&1 || true
  fi
}
trap on_exit EXIT

[[ $(id -u) -eq 0 ]] || die "must run as root (installs packages, creates the local test user, starts sshd)"
[[ $COOKIE =~ ^[A-Za-z0-9-]+$ ]] || die "PEERS_COOKIE may only contain [A-Za-z0-9-]"
[[ $PEER_USER =~ ^[a-z_][a-z0-9_-]*$ ]] || die "bad PEERS_USER"
[[ -n $PEER_PASSWORD && $PEER_PASSWORD != *[$'\n'\"\\]* ]] || die "bad PEERS_PASSWORD (empty, or newline, quote or backslash)"
[[ $SSHD_USEPAM =~ ^(auto|yes|no)$ ]] || die "PEERS_SSHD_USEPAM must be auto, yes or no"
# tinyproxy's BasicAuth takes plain words
[[ $PROXY_USER =~ ^[A-Za-z0-9_-]+$ && $PROXY_PASSWORD =~ ^[A-Za-z0-9_-]+$ ]] ||
  die "PEERS_PROXY_USER and PEERS_PROXY_PASSWORD may only contain [A-Za-z0-9_-]"

# ---- 1. packages ---------------------------------------------------------------------------
bash "$PEERS_DIR/install.sh" broker
getent passwd "$BROKER_SYSTEM_USER" >/dev/null ||
  die "system user $BROKER_SYSTEM_USER missing (created by the x2gobroker packages)"
SFTP_SERVER=/usr/lib/openssh/sftp-server # Debian's path (openssh-sftp-server)
[[ -x $SFTP_SERVER ]] || die "$SFTP_SERVER missing (package openssh-sftp-server)"

# ---- 2. state directory; stop what an earlier start left running there ----------------------
mkdir -p "$STATE"
STATE=$(cd "$STATE" && pwd -P)
# used verbatim in sshd_config and the broker configs
[[ $STATE =~ ^/[A-Za-z0-9._/@+-]*$ && $STATE != / ]] || die "state directory must match [A-Za-z0-9._/@+-]: $STATE"
[[ -d $STATE/run ]] && { bash "$PEERS_DIR/stop.sh" "$STATE" >/dev/null 2>&1 || true; }
chmod 0755 "$STATE"
mkdir -p "$STATE"/{etc,log,run,run/authservice,ssh,ssh/authorized_keys}
chmod 0755 "$STATE"/{etc,log,run,ssh,ssh/authorized_keys}
# The broker runs as its system user and the test user logs in: both must reach STATE.
d=$STATE
while [[ $d != / ]]; do
  [[ $(stat -c '%A' "$d") == *[xt] ]] || die "$d is not world-traversable; use a state directory under /tmp"
  d=$(dirname "$d")
done

# ---- 3. ports: PEERS_HTTP_PORT (+0…+8, proxies +9, +10, SOCKS +11, +12) and PEERS_SSH_PORT (+0, +1), or the first free block --
ports_free() { # http-base ssh-base
  local p
  for p in $(seq "$1" $(($1 + 12))) "$2" $(($2 + 1)); do port_open "$p" && return 1; done
  return 0
}
if [[ -n ${PEERS_HTTP_PORT:-}${PEERS_SSH_PORT:-} ]]; then
  HTTP_PORT=${PEERS_HTTP_PORT:-18080}
  SSH_PORT=${PEERS_SSH_PORT:-12222}
  [[ $HTTP_PORT =~ ^[0-9]+$ && $SSH_PORT =~ ^[0-9]+$ ]] || die "ports must be numeric"
  ports_free "$HTTP_PORT" "$SSH_PORT" ||
    die "a port of 127.0.0.1:$HTTP_PORT-$((HTTP_PORT + 12)) or $SSH_PORT-$((SSH_PORT + 1)) is in use"
else
  for ((i = 0; i < 20; i++)); do
    HTTP_PORT=$((18080 + 1000 * i)) SSH_PORT=$((12222 + 1000 * i))
    ports_free "$HTTP_PORT" "$SSH_PORT" && break
  done
  ((i < 20)) || die "no free block of ports found (set PEERS_HTTP_PORT and PEERS_SSH_PORT)"
fi
# name -> port; HTTPS instances use the "main" settings, one certificate each
declare -A HTTP_INST=([main]=$HTTP_PORT [cookie]=$((HTTP_PORT + 1)) [static]=$((HTTP_PORT + 2))
  [noauth]=$((HTTP_PORT + 3)) [pam]=$((HTTP_PORT + 4)) [cookiepw]=$((HTTP_PORT + 5)))
declare -A HTTPS_INST=([tls]=$((HTTP_PORT + 6)) [tls-selfsigned]=$((HTTP_PORT + 7)) [tls-expired]=$((HTTP_PORT + 8)))
declare -A TLS_CERT=([tls]=server [tls-selfsigned]=selfsigned [tls-expired]=expired)
TLS_DIR=$STATE/tls
# loopback proxies (tinyproxy): open, and with BasicAuth
declare -A PROXY_INST=([open]=$((HTTP_PORT + 9)) [auth]=$((HTTP_PORT + 10)))
# loopback SOCKS servers (dante): open, and with username/password (RFC 1929) = the test user
declare -A SOCKS_INST=([open]=$((HTTP_PORT + 11)) [auth]=$((HTTP_PORT + 12)))

# ---- 4. configuration ------------------------------------------------------------------------
printf '%s\n' "$COOKIE" >"$STATE/etc/x2gobroker.authid" # pre-shared cookie, broker user only
chown "$BROKER_SYSTEM_USER:$BROKER_SYSTEM_USER" "$STATE/etc/x2gobroker.authid"
chmod 0640 "$STATE/etc/x2gobroker.authid"
write_broker_conf main true false false testsuite    # password, one-time AUTHID cookies
write_broker_conf cookie false true false none       # pre-shared cookie only
write_broker_conf static true false true testsuite   # password, static AUTHID
write_broker_conf noauth false false false none      # no credentials at all
write_broker_conf pam true false false pam           # password checked by PAM (local user)
write_broker_conf cookiepw true true false testsuite # cookie + password: HTTP 500 (0.0.4.3 bug)
BROKER_GROUP=$(stat -c %G /usr/bin/x2gobroker-ssh 2>/dev/null || echo x2gobroker-users)
[[ $BROKER_GROUP == root ]] && BROKER_GROUP=x2gobroker-users
write_session_profiles
write_loggers
write_tinyproxy_conf open "${PROXY_INST[open]}"
write_tinyproxy_conf auth "${PROXY_INST[auth]}" "$PROXY_USER" "$PROXY_PASSWORD"
write_danted_conf open "${SOCKS_INST[open]}" none
write_danted_conf auth "${SOCKS_INST[auth]}" username
tls_complete "$TLS_DIR" || {
  log "generating the TLS test certificates in $TLS_DIR"
  tls_generate "$TLS_DIR" "$STATE/log/tls-gen.log"
}
tls_permissions "$TLS_DIR"

# ---- 5. local test user (SSH login, PAM, X2Go sessions), keys, sshd --------------------------
if ! getent passwd "$PEER_USER" >/dev/null; then
  log "creating the local user $PEER_USER"
  useradd --create-home --shell /bin/bash --comment "x2go-launcher test peers" "$PEER_USER"
fi
getent group "$BROKER_GROUP" >/dev/null || groupadd "$BROKER_GROUP"
id -nG "$PEER_USER" | tr ' ' '\n' | grep -qx "$BROKER_GROUP" || usermod -a -G "$BROKER_GROUP" "$PEER_USER"
printf '%s:%s\n' "$PEER_USER" "$PEER_PASSWORD" | chpasswd
for u in "$BROKER_SYSTEM_USER" "$PEER_USER"; do
  runuser -u "$u" -- test -r "$STATE/etc/x2gobroker-sessionprofiles.conf" ||
    die "user $u cannot read $STATE/etc (every parent directory needs o+x)"
done
[[ -u /usr/bin/x2gobroker-ssh ]] ||
  log "WARNING: /usr/bin/x2gobroker-ssh is not setuid (debconf: manual setup?) - the SSH broker runs as $PEER_USER"
[[ -f $STATE/ssh/host_ed25519_key ]] || ssh-keygen -q -t ed25519 -N '' -C x2go-launcher-peers-host -f "$STATE/ssh/host_ed25519_key"
[[ -f $STATE/ssh/client_ed25519 ]] || ssh-keygen -q -t ed25519 -N '' -C x2go-launcher-peers-client -f "$STATE/ssh/client_ed25519"
chmod 0600 "$STATE/ssh/host_ed25519_key" "$STATE/ssh/client_ed25519"
for u in "$PEER_USER" "$BROKER_SYSTEM_USER"; do
  install -m 0644 "$STATE/ssh/client_ed25519.pub" "$STATE/ssh/authorized_keys/$u"
done
HOSTPUB=$(cut -d' ' -f1,2 "$STATE/ssh/host_ed25519_key.pub")
printf '[127.0.0.1]:%s %s\n[127.0.0.1]:%s %s\n' "$SSH_PORT" "$HOSTPUB" $((SSH_PORT + 1)) "$HOSTPUB" >"$STATE/ssh/known_hosts"
chmod 0644 "$STATE/ssh/known_hosts"
write_sshd_config "$([[ $SSHD_USEPAM == no ]] && echo no || echo yes)"
mkdir -p /run/sshd && chmod 0755 /run/sshd # sshd's privilege-separation directory
/usr/sbin/sshd -t -f "$STATE/ssh/sshd_config" || die "sshd config test failed"

# x2goserver: x2goagent puts its socket into /tmp/.X11-unix (normally made by x2goserver's init
# script, which the installation did not start); the session DB (sqlite) is created by the
# package's postinst, again here if it is missing.
[[ -d /tmp/.X11-unix ]] || { mkdir -p /tmp/.X11-unix && chmod 1777 /tmp/.X11-unix; }
if grep -Eq '^backend[ ]*=[ ]*sqlite' /etc/x2go/x2gosql/sql 2>/dev/null && [[ ! -s /var/lib/x2go/x2go_sessions ]]; then
  log "creating the X2Go session DB"
  x2godbadmin --createdb >/dev/null
fi

# ---- 6. start (each PID in STATE/run/NAME.pid) --------------------------------------------------
BROKER_ENV=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 LC_ALL=C.UTF-8
  X2GOBROKER_SESSIONPROFILES="$STATE/etc/x2gobroker-sessionprofiles.conf"
  X2GOBROKER_AUTHSERVICE_SOCKET="$STATE/run/authservice/authservice.socket"
  X2GOBROKER_LOGCONFIG="$STATE/etc/http-loggers.conf"
  X2GOBROKER_AUTHSERVICE_LOGCONFIG="$STATE/etc/http-loggers.conf"
  X2GOBROKER_DEFAULT_BACKEND=inifile)
STARTED=1
# the PAM helper runs as root; the unprivileged HTTP broker asks it through a UNIX socket
(
  trap - PIPE
  cd "$STATE" && exec "${BROKER_ENV[@]}" setsid /usr/bin/python3 -W ignore::DeprecationWarning \
    /usr/sbin/x2gobroker-authservice -i -s "$STATE/run/authservice/authservice.socket" \
    -o root -g "$BROKER_SYSTEM_USER" -p 0o660 </dev/null >>"$STATE/log/authservice.log" 2>&1
) &
echo $! >"$STATE/run/authservice.pid"
start_daemon() { # name port config cert key
  # -i: log to stderr (= the log file); --drop-privileges: run as the broker's system user like
  # the packaged service; the SSL variables decide HTTP (both empty) or HTTPS, whatever
  # /etc/x2go/broker/defaults.conf says
  (
    trap - PIPE
    cd "$STATE" && exec "${BROKER_ENV[@]}" X2GOBROKER_CONFIG="$STATE/etc/x2gobroker-$3.conf" \
      X2GOBROKER_SSL_CERTFILE="$4" X2GOBROKER_SSL_KEYFILE="$5" \
      setsid /usr/bin/python3 /usr/bin/x2gobroker-daemon -i --drop-privileges -b "127.0.0.1:$2" \
      </dev/null >>"$STATE/log/http-$1.log" 2>&1
  ) &
  echo $! >"$STATE/run/http-$1.pid"
}
for name in "${!HTTP_INST[@]}"; do start_daemon "$name" "${HTTP_INST[$name]}" "$name" '' ''; done
for name in "${!HTTPS_INST[@]}"; do
  crt=${TLS_CERT[$name]}
  start_daemon "$name" "${HTTPS_INST[$name]}" main "$TLS_DIR/$crt.crt" "$TLS_DIR/$crt.key"
done
start_sshd() { (trap - PIPE && exec /usr/sbin/sshd -f "$STATE/ssh/sshd_config" -E "$STATE/log/sshd.log"); }
start_sshd
for name in "${!PROXY_INST[@]}"; do # -d: in the foreground, its log on stderr
  (
    trap - PIPE
    cd "$STATE" && exec setsid /usr/bin/tinyproxy -d -c "$STATE/etc/tinyproxy-$name.conf" \
      </dev/null >>"$STATE/log/proxy-$name.log" 2>&1
  ) &
  echo $! >"$STATE/run/proxy-$name.pid"
done
for name in "${!SOCKS_INST[@]}"; do # in the foreground by default; its log on stderr
  (
    trap - PIPE
    cd "$STATE" && exec setsid /usr/sbin/danted -f "$STATE/etc/danted-$name.conf" \
      </dev/null >>"$STATE/log/socks-$name.log" 2>&1
  ) &
  echo $! >"$STATE/run/socks-$name.pid"
done

# ---- 7. wait until everything answers ------------------------------------------------------
deadline=$((SECONDS + START_TIMEOUT))
wait_for() { # name check...
  local name=$1 pid
  shift
  until "$@"; do
    pid=$(cat "$STATE/run/http-$name.pid")
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$STATE/log/http-$name.log" >&2 && die "broker '$name' exited"; }
    ((SECONDS < deadline)) || die "broker '$name' does not answer (see $STATE/log/http-$name.log)"
    sleep 0.1
  done
}
tls_ok() { # port [cafile]: TLS handshake, GET / -> 200; with a CA file the certificate must verify
  /usr/bin/python3 - "$@" 2>/dev/null <<'PY'
import socket, ssl, sys
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
if len(sys.argv) > 2:
    ctx.load_verify_locations(sys.argv[2])
else:
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=3) as raw:
    with ctx.wrap_socket(raw, server_hostname="127.0.0.1") as s:
        s.sendall(b"GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        sys.exit(0 if b" 200 " in s.recv(64) else 1)
PY
}
for name in "${!HTTP_INST[@]}"; do wait_for "$name" http_ok "${HTTP_INST[$name]}"; done
wait_for tls tls_ok "${HTTPS_INST[tls]}" "$TLS_DIR/ca.crt"
wait_for tls-selfsigned tls_ok "${HTTPS_INST[tls-selfsigned]}"
wait_for tls-expired tls_ok "${HTTPS_INST[tls-expired]}"
for name in "${!PROXY_INST[@]}"; do
  until port_open "${PROXY_INST[$name]}"; do
    kill -0 "$(cat "$STATE/run/proxy-$name.pid")" 2>/dev/null ||
      { tail -n 20 "$STATE/log/proxy-$name.log" >&2 && die "proxy '$name' exited"; }
    ((SECONDS < deadline)) || die "proxy '$name' does not listen (see $STATE/log/proxy-$name.log)"
    sleep 0.1
  done
done
for name in "${!SOCKS_INST[@]}"; do
  until port_open "${SOCKS_INST[$name]}"; do
    kill -0 "$(cat "$STATE/run/socks-$name.pid")" 2>/dev/null ||
      { tail -n 20 "$STATE/log/socks-$name.log" >&2 && die "SOCKS server '$name' exited"; }
    ((SECONDS < deadline)) || die "SOCKS server '$name' does not listen (see $STATE/log/socks-$name.log)"
    sleep 0.1
  done
done
until [[ -S $STATE/run/authservice/authservice.socket ]]; do
  ((SECONDS < deadline)) || die "authservice socket missing (see $STATE/log/authservice.log)"
  sleep 0.1
done
SSH_BASE=(ssh -F /dev/null -i "$STATE/ssh/client_ed25519" -o IdentitiesOnly=yes -o BatchMode=yes
  -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$STATE/ssh/known_hosts" -o LogLevel=ERROR)
ssh_smoke() { # the SSH broker answers testcon through the real login path
  until port_open "$SSH_PORT"; do
    ((SECONDS < deadline)) || { tail -n 20 "$STATE/log/sshd.log" >&2 && die "sshd not listening on $SSH_PORT"; }
    sleep 0.1
  done
  SMOKE=$("${SSH_BASE[@]}" -p "$SSH_PORT" "$PEER_USER@127.0.0.1" /usr/bin/x2gobroker-ssh --task testcon 2>&1 || true)
  [[ $SMOKE == OK ]]
}
USEPAM=yes
[[ $SSHD_USEPAM == no ]] && USEPAM=no
if ! ssh_smoke; then
  [[ $SSHD_USEPAM == auto ]] || { tail -n 20 "$STATE/log/sshd.log" >&2 && die "SSH broker smoke test failed: $SMOKE"; }
  # typical in containers: "pam_loginuid(sshd:session): Error writing /proc/self/loginuid"
  log "SSH login with UsePAM=yes failed ($SMOKE) - restarting sshd with UsePAM=no"
  pid=$(cat "$STATE/run/sshd.pid" 2>/dev/null || true)
  [[ -n $pid ]] && kill -TERM "$pid" 2>/dev/null
  while port_open "$SSH_PORT"; do
    ((SECONDS < deadline)) || die "the first sshd does not exit"
    sleep 0.1
  done
  write_sshd_config no
  USEPAM=no
  start_sshd
  ssh_smoke || { tail -n 20 "$STATE/log/sshd.log" >&2 && die "SSH broker smoke test failed: $SMOKE"; }
fi

# ---- 8. describe the running peers: STATE/broker.json, STATE/env.sh -----------------------
X2GOSERVER_VERSION=$(dpkg-query -W -f='${Version}' x2goserver)
describe_json >"$STATE/broker.json.new"
mv -f "$STATE/broker.json.new" "$STATE/broker.json"
chmod 0644 "$STATE/broker.json"
{
  echo "# generated by x2go-launcher test/peers/start.sh; source it: . $STATE/env.sh"
  echo "export BROKER_JSON='$STATE/broker.json'"
  for name in "${!HTTP_INST[@]}"; do echo "export BROKER_URL_${name^^}='http://127.0.0.1:${HTTP_INST[$name]}/plain/'"; done
  for name in "${!HTTPS_INST[@]}"; do
    v=${name^^}
    echo "export BROKER_URL_${v//-/_}='https://127.0.0.1:${HTTPS_INST[$name]}/plain/'"
  done
  echo "export BROKER_TLS_CA_FILE='$TLS_DIR/ca.crt'"
  echo "export BROKER_PROXY_URL='http://127.0.0.1:${PROXY_INST[open]}'"
  echo "export BROKER_SOCKS_URL='socks5://127.0.0.1:${SOCKS_INST[open]}'"
  echo "export BROKER_SSH_PORT='$SSH_PORT' BROKER_SSH_USER='$PEER_USER' BROKER_SSH_KEY='$STATE/ssh/client_ed25519'"
} >"$STATE/env.sh"

ms=$((($(date +%s%N) - T0) / 1000000))
{
  echo "X2Go test peers are up (${ms} ms), state: $STATE"
  printf '  HTTP  %s-%s (main cookie static noauth pam cookiepw), HTTPS %s-%s (tls tls-selfsigned tls-expired)\n' \
    "$HTTP_PORT" $((HTTP_PORT + 5)) $((HTTP_PORT + 6)) $((HTTP_PORT + 8))
  echo "  proxy 127.0.0.1:${PROXY_INST[open]} (tinyproxy, open), 127.0.0.1:${PROXY_INST[auth]} (BasicAuth)"
  echo "  SOCKS 127.0.0.1:${SOCKS_INST[open]} (dante, open), 127.0.0.1:${SOCKS_INST[auth]} (SOCKS5 user $PEER_USER)"
  echo "  sshd  127.0.0.1:$SSH_PORT (+1: pre-shared cookie), SSH broker and X2Go sessions as $PEER_USER (x2goserver $X2GOSERVER_VERSION)"
  echo "  tests: BROKER_JSON=$STATE/broker.json npm test     stop: bash $PEERS_DIR/stop.sh $STATE"
} >&2 || true
