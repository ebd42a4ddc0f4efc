#!/usr/bin/env bash
# start-hostile-broker.sh — one more REAL Debian x2gobroker-daemon (HTTP, plain + JSON) on
# loopback whose session profiles are an attacker's: direct RDP/XDMCP with a local program,
# local-resource grabs (agent, folders, MIME box, printing, SSH proxy with reused
# credentials, Kerberos delegation, sound daemons), injection in every key, SERVER: variants.
#
#   usage: bash test/hostile/start-hostile-broker.sh [STATE_DIR]      (root; default below)
#          bash test/hostile/start-hostile-broker.sh --stop [STATE_DIR]
#
# Configured like the "main" instance of the shared test peer (auth mech testsuite:
# test/sweet, jacques/thérèse; dynamic AUTHID cookies; inifile backend), on its own port
# (HOSTILE_BROKER_PORT, default 18180) and STATE dir, so the shared peer is never touched.
#
# Pushed keys: x2gobroker puts a freshly generated RSA key into the selectsession reply only
# with "broker session autologin", which needs a broker agent (agent query mode LOCAL or SSH)
# to install the public half on the X2Go server. Here the agent query mode is LOCAL and
# X2GOBROKER_AGENT_CMD (read by x2gobroker/defaults.py) points at a 3-line stand-in that
# answers "OK" (no sessions, key "installed"): the broker itself is untouched and really
# generates and sends the key — exactly what makes x2goclient start on its own.
#
# Writes STATE/hostile.json: { port, plainUrl, jsonUrl, pid, markerDir, user, password,
# profilesFile, log }. Markers: every "program" a profile would make a client run is
# `touch MARKERDIR/<profile-id>`; a test proves the file stays absent.
set -euo pipefail
export PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 LANG=C.UTF-8
umask 022

STOP=0
if [[ ${1:-} == --stop ]]; then STOP=1; shift; fi
STATE=${1:-${HOSTILE_BROKER_STATE:-/tmp/x2gobroker-hostile}}
PORT=${HOSTILE_BROKER_PORT:-18180}
# where the profiles send the client: a real sshd whose host key the tests can pass with
# --known-hosts (default: the shared test peer's sshd), so a launcher that verifies the X2Go
# server's key before the hand-off reaches the session file instead of stopping at exit 4
X2GO_PORT=${HOSTILE_X2GO_PORT:-12222}
MARKERS=${HOSTILE_MARKER_DIR:-$STATE/markers}
MAGIC_USER=x2gobroker
log() { printf '[start-hostile-broker] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ $(id -u) -eq 0 ]] || die "must run as root (the daemon drops privileges to $MAGIC_USER)"
[[ $PORT =~ ^[0-9]+$ && $X2GO_PORT =~ ^[0-9]+$ ]] || die "HOSTILE_BROKER_PORT/HOSTILE_X2GO_PORT must be numeric"
[[ $STATE =~ ^/tmp/[A-Za-z0-9._/-]+$ ]] || die "state dir must be under /tmp: $STATE"

stop() {
  if [[ -f $STATE/run/daemon.pid ]]; then
    local pid; pid=$(cat "$STATE/run/daemon.pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    rm -f "$STATE/run/daemon.pid"
  fi
}
if [[ $STOP == 1 ]]; then stop; exit 0; fi

dpkg-query -W -f='${Status}' x2gobroker-daemon 2>/dev/null | grep -q 'install ok installed' ||
  die "x2gobroker-daemon is not installed (apt-get install x2gobroker-daemon)"
mkdir -p "$STATE"/{etc,log,run,bin} "$MARKERS"
chmod 0755 "$STATE" "$STATE"/{etc,log,run,bin}
chmod 1777 "$MARKERS"
stop
# without an explicit HOSTILE_BROKER_PORT, the next free port from 18180 (another run's
# hostile broker, or anything else, may hold it)
if [[ -z ${HOSTILE_BROKER_PORT:-} ]]; then
  for _ in $(seq 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || break
    PORT=$((PORT + 1))
  done
fi
(exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && die "port 127.0.0.1:$PORT is already in use"

# the broker-agent stand-in (see above): every task succeeds, no sessions are listed
cat > "$STATE/bin/fake-broker-agent" <<'AGENT'
#!/bin/sh
# stand-in for /usr/lib/x2go/x2gobroker-agent: "<user> <task> [args]" -> OK, nothing else
echo OK
AGENT
chmod 0755 "$STATE/bin/fake-broker-agent"

# the same x2gobroker.conf as the test peers' instances (test/peers/config.sh), with the
# testsuite users and agent query mode LOCAL (the broker then pushes a key)
# shellcheck source=test/peers/config.sh
. "$(dirname "${BASH_SOURCE[0]}")/../peers/config.sh"
write_broker_conf hostile true false false testsuite LOCAL

cat > "$STATE/etc/http-loggers.conf" <<'LOGCONF'
[loggers]
keys=root,broker,access,error
[handlers]
keys=null
[formatters]
keys=
[logger_root]
level=NOTSET
handlers=null
[logger_broker]
level=DEBUG
handlers=null
qualname=broker
propagate=0
[logger_access]
level=DEBUG
handlers=null
qualname=access
propagate=0
[logger_error]
level=DEBUG
handlers=null
qualname=error
propagate=0
[handler_null]
class=NullHandler
args=()
LOGCONF

M=$MARKERS
LONG=$(head -c 70000 /dev/zero | tr '\0' 'A')
# Python's configparser (the inifile backend) reads these: "%" must be "%%" only where
# interpolation is on; x2gobroker reads with interpolation off (RawConfigParser), so "%"
# stays as written. Continuation lines (leading blanks) make multi-line values: that is how
# a newline gets into a value. Every profile autologins (a pushed RSA key) unless noted.
cat > "$STATE/etc/sessionprofiles.conf" <<PROFILES
# generated by start-hostile-broker.sh — hostile session profiles (inifile backend)
[DEFAULT]
command=TERMINAL
user=BROKER_USER
sshport=$X2GO_PORT
host=127.0.0.1
broker-session-autologin=true

# --- a local program through direct RDP / XDMCP (the RCE of issue 8) ---
[rce-directrdp]
name=Direct RDP running a local program
command=RDP
directrdp=1
rdpclient=/bin/sh
directrdpsettings=-c "touch $M/rce-directrdp"
rdpserver=127.0.0.1
rdpport=3389

[rce-directxdmcp]
name=Direct XDMCP running a local program
command=XDMCP
directxdmcp=1
xdmcpclient=/bin/sh
directxdmcpsettings=-c "touch $M/rce-directxdmcp"
xdmcpserver=127.0.0.1

# the same without a pushed key (x2goclient then asks for nothing before the direct client)
[rce-directrdp-nokey]
name=Direct RDP, no key
broker-session-autologin=false
command=RDP
directrdp=true
rdpclient=/bin/sh
directrdpsettings=-c "touch $M/rce-directrdp-nokey"

# rdpclient as an option-looking value and with a full command in rdpoptions
[rce-rdpoptions]
name=RDP proxied, hostile rdpoptions
command=RDP
rdpserver=-oProxyCommand=touch $M/rce-rdpoptions
rdpoptions=; touch $M/rce-rdpoptions-2 #
rdpclient=/bin/sh

# --- local resources the broker must not take ---
[grab-agent]
name=Forward my SSH agent
forwardsshagent=1

[grab-folders]
name=Share the whole file system
export=/:1;/root:1;
useexports=1
fstunnel=1

[grab-folders-defaults]
name=Folders by python-x2go defaults (says nothing)
broker-session-autologin=true

[grab-mimebox]
name=MIME box opens server files locally
usemimebox=1
mimeboxaction=OPEN
mimeboxextensions=

[grab-print]
name=Printing
print=1

# (no pushed key here: with sshproxyhost set, x2gobroker would first install the key on the
# proxy through its SSH agent channel, which has no peer in this setup)
[grab-sshproxy]
name=SSH proxy with my key and password
broker-session-autologin=false
usesshproxy=1
sshproxytype=SSH
sshproxyhost=127.0.0.1
sshproxyport=22
sshproxyuser=root
sshproxykeyfile=/root/.ssh/id_rsa
sshproxysamepass=1
sshproxysamekey=1
sshproxyautologin=1
sshproxykrblogin=1

[grab-krb]
name=Kerberos delegation
krblogin=1
krbdelegation=1

[grab-sound]
name=Start my sound daemon
sound=1
soundsystem=pulse
startsoundsystem=1
defsndport=false
sndport=4713

# (no sshproxyhost here, so the broker pushes a key: x2goclient then starts on its own)
[grab-everything]
name=Everything at once
command=RDP
directrdp=1
rdpclient=/bin/sh
directrdpsettings=-c "touch $M/grab-everything"
forwardsshagent=1
export=/:1;
useexports=1
fstunnel=1
usemimebox=1
mimeboxaction=OPEN
print=1
usesshproxy=1
sshproxykeyfile=/root/.ssh/id_rsa
sshproxysamepass=1
sshproxysamekey=1
krbdelegation=1
startsoundsystem=1

# --- injection through profile keys (values the writer must neutralise) ---
[inject-newline]
name=Line one
  [evil]
  rdpclient=/bin/sh
command=xterm
  directrdp=1
  rdpclient=/bin/sh
  directrdpsettings=-c "touch $M/inject-newline"

[inject-section]
name=[rce-directrdp]
 [other]
command=[General]
rootless=true

[inject-shell]
name=\$(touch $M/inject-shell-name)
command=\$(touch $M/inject-shell) \`touch $M/inject-shell-bt\`; touch $M/inject-shell-semi
applications=\$(touch $M/inject-shell-apps),'"; touch $M/inject-shell-apps2
setsessiontitle=true
sessiontitle='"\$HOME%USERPROFILE%\\\\n

[inject-percent]
name=%U0041%25%0A%5Bx%5D%2e
command=%0Ardpclient=/bin/sh
%72dpclient=/bin/sh
rdp%63lient=/bin/sh

[inject-quotes]
name="quoted", 'single', \\"escaped\\"
command="xterm" -e "sh -c 'touch $M/inject-quotes'"
clipboard="both
dpi_text=96"

[inject-long]
name=$LONG
command=$LONG

[inject-nonascii]
name=Büro ‮gnp.exe‬ 日本 \\u0000 🖥
command=xterm
keyboard=ü\\x00

[inject-keys]
name=Hostile key names
x=y
a b=c
a=b=c
-oProxyCommand=touch $M/inject-keys
--rdpclient=/bin/sh
Rdpclient=/bin/sh
RDPCLIENT=/bin/sh
key=/etc/shadow
Key=/root/.ssh/id_rsa
host=evil.example
Host=evil.example

# --- SERVER: variants (the host list decides what selectsession answers) ---
[server-option]
name=SERVER: looks like an ssh option
host=-oProxyCommand=touch $M/server-option
sshport=22

[server-ipv6]
name=SERVER: IPv6
host=::1
sshport=22

# (an empty host list makes x2gobroker 0.0.4.3 fail listsessions with HTTP 500 for every
# profile: the empty SERVER: case is in the raw double, test/helpers/hostile-double.ts)

[server-hugeport]
name=SERVER: huge port
host=127.0.0.1
sshport=99999999999999999999

[server-space]
name=SERVER: blanks and shell
host=127.0.0.1 \$(touch $M/server-space)
sshport=22

[server-mapped]
name=SERVER: alias mapped to option
host=alias (-oProxyCommand=x:22)
PROFILES
chmod 0644 "$STATE/etc/x2gobroker-hostile.conf" "$STATE/etc/http-loggers.conf" "$STATE/etc/sessionprofiles.conf"
runuser -u "$MAGIC_USER" -- test -r "$STATE/etc/sessionprofiles.conf" ||
  die "$MAGIC_USER cannot read $STATE/etc (every parent needs o+x)"

( cd "$STATE" && exec env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 LC_ALL=C.UTF-8 \
    X2GOBROKER_CONFIG="$STATE/etc/x2gobroker-hostile.conf" \
    X2GOBROKER_SESSIONPROFILES="$STATE/etc/sessionprofiles.conf" \
    X2GOBROKER_LOGCONFIG="$STATE/etc/http-loggers.conf" \
    X2GOBROKER_DEFAULT_BACKEND=inifile \
    X2GOBROKER_AGENT_CMD="$STATE/bin/fake-broker-agent" \
    X2GOBROKER_SSL_CERTFILE= X2GOBROKER_SSL_KEYFILE= \
    setsid /usr/bin/python3 /usr/bin/x2gobroker-daemon -i --drop-privileges -b "127.0.0.1:$PORT" \
    </dev/null >>"$STATE/log/daemon.log" 2>&1 ) &
PID=$!
echo "$PID" > "$STATE/run/daemon.pid"

for _ in $(seq 300); do
  if ( exec 3<>"/dev/tcp/127.0.0.1/$PORT" && printf 'GET / HTTP/1.0\r\n\r\n' >&3 &&
       IFS= read -r -t 3 line <&3 && [[ $line == *" 200 "* ]] ) 2>/dev/null; then
    # written whole, then renamed: other test files read it without the start lock
    cat > "$STATE/hostile.json.tmp" <<JSON
{ "port": $PORT, "plainUrl": "http://127.0.0.1:$PORT/plain/", "jsonUrl": "http://127.0.0.1:$PORT/json/",
  "x2goPort": $X2GO_PORT, "pid": $PID, "markerDir": "$MARKERS", "user": "test", "password": "sweet",
  "profilesFile": "$STATE/etc/sessionprofiles.conf", "log": "$STATE/log/daemon.log" }
JSON
    mv -f "$STATE/hostile.json.tmp" "$STATE/hostile.json"
    log "hostile x2gobroker on http://127.0.0.1:$PORT/ (pid $PID, state $STATE)"
    exit 0
  fi
  kill -0 "$PID" 2>/dev/null || { tail -n 30 "$STATE/log/daemon.log" >&2; die "daemon exited"; }
  sleep 0.1
done
die "daemon not answering on $PORT (see $STATE/log/daemon.log)"
