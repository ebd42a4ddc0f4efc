# describe.sh — describe_json: STATE/broker.json, everything a test needs to reach the running
# peers (ports, URLs, users, keys, certificates, which profiles each user sees). Sourced by
# start.sh and uses its variables. test/helpers/broker-env.ts declares the same shape
# (BrokerFixture); test/peers/README.md explains each field.
# shellcheck shell=bash

json_str() { # a JSON string (values here never hold control characters: checked in start.sh)
  local s=${1//\\/\\\\}
  printf '"%s"' "${s//\"/\\\"}"
}

http_json() { # name requirePassword requireCookie staticCookie authMech note
  local port=${HTTP_INST[$1]}
  printf '    "%s": { "port": %s, "plainUrl": "http://127.0.0.1:%s/plain/", "jsonUrl": "http://127.0.0.1:%s/json/",\n' "$1" "$port" "$port" "$port"
  printf '      "requirePassword": %s, "requireCookie": %s, "staticCookie": %s, "authMech": "%s",\n' "$2" "$3" "$4" "$5"
  printf '      "pid": %s, "log": "%s/log/http-%s.log", "note": "%s" }' "$(cat "$STATE/run/http-$1.pid")" "$STATE" "$1" "$6"
}

https_json() { # name nodeErrorWithCaFile nodeErrorWithoutCa note
  local port=${HTTPS_INST[$1]} crt="$TLS_DIR/${TLS_CERT[$1]}.crt"
  printf '    "%s": { "port": %s, "plainUrl": "https://127.0.0.1:%s/plain/", "jsonUrl": "https://127.0.0.1:%s/json/", "localhostUrl": "https://localhost:%s/plain/",\n' "$1" "$port" "$port" "$port" "$port"
  printf '      "requirePassword": true, "requireCookie": false, "staticCookie": false, "authMech": "testsuite",\n'
  printf '      "caFile": "%s/ca.crt", "certFile": "%s", "certFingerprintSha256": "%s",\n' "$TLS_DIR" "$crt" "$(cert_fingerprint "$crt")"
  printf '      "notBefore": "%s", "notAfter": "%s", "nodeErrorWithCaFile": %s, "nodeErrorWithoutCa": %s,\n' \
    "$(cert_date "$crt" startdate)" "$(cert_date "$crt" enddate)" "$2" "$3"
  printf '      "pid": %s, "log": "%s/log/http-%s.log", "note": "%s" }' "$(cat "$STATE/run/http-$1.pid")" "$STATE" "$1" "$4"
}

describe_json() {
  local user password pam_json magic
  user=$(json_str "$PEER_USER")
  password=$(json_str "$PEER_PASSWORD")
  pam_json=$([[ $USEPAM == yes ]] && echo true || echo false)
  magic=$([[ $USEPAM == yes ]] && echo "\"$BROKER_SYSTEM_USER\"" || echo null)
  printf '{\n  "stateDir": "%s",\n  "http": {\n' "$STATE"
  http_json main true false false testsuite "user+password; every reply carries a new one-time AUTHID that can replace the password"
  printf ',\n'
  http_json cookie false true false none "authid=<pre-shared cookie> required, no password; reply AUTHID echoes the pre-shared cookie"
  printf ',\n'
  http_json static true false true testsuite "user+password; AUTHID stays the same and can be reused"
  printf ',\n'
  http_json noauth false false false none "no credentials; no AUTHID line; user= (optional) only selects ACLs"
  printf ',\n'
  http_json cookiepw true true false testsuite "pre-shared cookie + password: the broker answers HTTP 500 (x2gobroker 0.0.4.3 bug), kept to test error handling"
  printf ',\n'
  http_json pam true false false pam "user+password checked by PAM via x2gobroker-authservice (local user); failed logins take ~2 s"
  printf '\n  },\n  "https": {\n'
  https_json tls null '"UNABLE_TO_VERIFY_LEAF_SIGNATURE"' "like main, over HTTPS; certificate signed by the test CA (caFile), SAN IP:127.0.0.1 + DNS:localhost"
  printf ',\n'
  https_json tls-selfsigned '"DEPTH_ZERO_SELF_SIGNED_CERT"' '"DEPTH_ZERO_SELF_SIGNED_CERT"' "like main; self-signed certificate unknown to the test CA (pinning certFile as the only CA works)"
  printf ',\n'
  https_json tls-expired '"CERT_HAS_EXPIRED"' '"CERT_HAS_EXPIRED"' "like main; certificate signed by the test CA but expired (notAfter = yesterday at generation time)"
  printf '\n  },\n'
  printf '  "tls": { "dir": "%s", "caFile": "%s/ca.crt", "caFingerprintSha256": "%s", "hosts": ["127.0.0.1", "localhost"] },\n' \
    "$TLS_DIR" "$TLS_DIR" "$(cert_fingerprint "$TLS_DIR/ca.crt")"
  printf '  "proxy": { "open": { "port": %s, "url": "http://127.0.0.1:%s", "pid": %s, "log": "%s/log/proxy-open.log" },\n' \
    "${PROXY_INST[open]}" "${PROXY_INST[open]}" "$(cat "$STATE/run/proxy-open.pid")" "$STATE"
  printf '             "auth": { "port": %s, "url": "http://127.0.0.1:%s", "user": %s, "password": %s, "pid": %s, "log": "%s/log/proxy-auth.log" },\n' \
    "${PROXY_INST[auth]}" "${PROXY_INST[auth]}" "$(json_str "$PROXY_USER")" "$(json_str "$PROXY_PASSWORD")" "$(cat "$STATE/run/proxy-auth.pid")" "$STATE"
  printf '             "note": "tinyproxy: CONNECT to every port, clients from 127.0.0.1 only; auth needs BasicAuth (else 407); a dead upstream answers 500" },\n'
  printf '  "socks": { "open": { "port": %s, "url": "socks5://127.0.0.1:%s", "pid": %s, "log": "%s/log/socks-open.log" },\n' \
    "${SOCKS_INST[open]}" "${SOCKS_INST[open]}" "$(cat "$STATE/run/socks-open.pid")" "$STATE"
  printf '             "auth": { "port": %s, "url": "socks5://127.0.0.1:%s", "user": %s, "password": %s, "pid": %s, "log": "%s/log/socks-auth.log" },\n' \
    "${SOCKS_INST[auth]}" "${SOCKS_INST[auth]}" "$user" "$password" "$(cat "$STATE/run/socks-auth.pid")" "$STATE"
  printf '             "note": "dante: CONNECT only, clients from 127.0.0.1 only; open speaks SOCKS4/4a/5 without authentication, auth SOCKS5 username/password only (the local test user); a dead upstream answers SOCKS5 reply 5 (connection refused)" },\n'
  printf '  "users": [\n    { "user": "test", "password": "sweet", "instances": ["main","static","cookiepw"] },\n'
  printf '    { "user": "jacques", "password": "thérèse", "instances": ["main","static","cookiepw"] },\n'
  printf '    { "user": %s, "password": %s, "instances": ["pam","ssh"] }\n  ],\n' "$user" "$password"
  printf '  "cookie": { "value": "%s", "file": "%s/etc/x2gobroker.authid", "cookieDir": "/var/lib/x2gobroker/.x2go/broker-cookies" },\n' "$COOKIE" "$STATE"
  printf '  "ssh": { "host": "127.0.0.1", "port": %s, "cookiePort": %s, "user": %s, "password": %s, "usePam": %s, "magicUser": %s,\n' \
    "$SSH_PORT" $((SSH_PORT + 1)) "$user" "$password" "$pam_json" "$magic"
  printf '           "privateKey": "%s/ssh/client_ed25519", "knownHosts": "%s/ssh/known_hosts", "command": "/usr/bin/x2gobroker-ssh",\n' "$STATE" "$STATE"
  printf '           "tcpForwarding": "local", "sftpSubsystem": "%s",\n' "$SFTP_SERVER"
  printf '           "pid": %s, "log": "%s/log/sshd.log", "brokerLog": "%s/log/ssh-broker.log" },\n' "$(cat "$STATE/run/sshd.pid")" "$STATE" "$STATE"
  printf '  "x2goSession": { "profile": "loopback-xterm", "host": "127.0.0.1", "sshport": %s, "user": %s, "command": "xterm",\n' "$SSH_PORT" "$user"
  printf '                   "privateKey": "%s/ssh/client_ed25519", "knownHosts": "%s/ssh/known_hosts", "x2goserver": %s,\n' \
    "$STATE" "$STATE" "$(json_str "$X2GOSERVER_VERSION")"
  printf '                   "note": "a real X2Go session (x2goserver on this machine) through the same sshd" },\n'
  printf '  "profiles": {\n    "file": "%s/etc/x2gobroker-sessionprofiles.conf",\n' "$STATE"
  printf '    "visibleTo": {\n      "test": [%s],\n      "jacques": [%s,"acl-jacques-only"],\n' "$ALL_PROFILES" "$ALL_PROFILES"
  printf '      %s: [%s,"acl-group-%s"],\n      "<anonymous>": [%s]\n    },\n' "$user" "$ALL_PROFILES" "$BROKER_GROUP" "$ALL_PROFILES"
  printf '    "neverListed": ["acl-clients-lan"]\n  }\n}\n'
}
