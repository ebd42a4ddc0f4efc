# tls.sh — the test CA and the three server certificates of the HTTPS peers (sourced by
# start.sh). Generated once per state directory, reused on every restart:
#   ca.crt/.key          private test CA (10 years)
#   server.crt/.key      signed by the CA, SAN IP:127.0.0.1 + DNS:localhost  -> instance "tls"
#   selfsigned.crt/.key  self-signed, same SAN, unknown to the CA             -> "tls-selfsigned"
#   expired.crt/.key     signed by the CA, same SAN, expired yesterday        -> "tls-expired"
# OpenSSL 3.0 (Debian 12) has no `x509 -not_before/-not_after` (3.4+): the backdated
# certificates come from `openssl ca -startdate/-enddate`. RSA 2048, SHA-256.
# shellcheck shell=bash

tls_complete() { # dir
  local f
  for f in ca server selfsigned expired; do
    [[ -s $1/$f.crt && -s $1/$f.key ]] || return 1
    openssl x509 -in "$1/$f.crt" -noout 2>/dev/null || return 1
  done
}

tls_generate() { # dir logfile
  local dir=$1 logfile=$2 w=$1.new
  rm -rf "$w"
  mkdir -m 0700 "$w"
  cat >"$w/openssl.cnf" <<'CNF'
[req]
distinguished_name = req_dn
prompt = no
[req_dn]
CN = unused
[ca]
default_ca = test_ca
[test_ca]
dir = .
database = ./index.txt
serial = ./serial
new_certs_dir = .
certificate = ./ca.crt
private_key = ./ca.key
default_md = sha256
policy = policy_any
unique_subject = no
email_in_dn = no
copy_extensions = none
[policy_any]
organizationName = optional
organizationalUnitName = optional
commonName = supplied
[ca_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
# no keyUsage here: with a keyUsage lacking keyCertSign, OpenSSL would not accept the
# certificate as its own trust anchor (a client pinning it as its only "CA")
[selfsigned_ext]
basicConstraints = critical,CA:FALSE
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
subjectKeyIdentifier = hash
CNF
  # set -e does not apply inside a subshell followed by ||, hence the && chains
  (
    cd "$w" && umask 077 && : >index.txt || exit 1
    key() { openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key"; }
    at() { date -u -d "$1" +%Y%m%d%H%M%SZ; }
    sign() { # name subject ca-options...
      local n=$1 subj=$2
      shift 2
      key "$n" && openssl req -new -config openssl.cnf -key "$n.key" -out "$n.csr" -subj "$subj" &&
        openssl ca -batch -config openssl.cnf -extensions server_ext -rand_serial -notext -preserveDN \
          -in "$n.csr" -out "$n.crt" "$@"
    }
    O='/O=x2go-launcher test peers'
    key ca &&
      openssl req -x509 -config openssl.cnf -extensions ca_ext -key ca.key -out ca.crt -days 3650 \
        -subj "$O/CN=x2go-launcher test CA" &&
      sign server "$O/OU=CA-signed/CN=localhost" -startdate "$(at '-1 day')" -days 3650 &&
      sign expired "$O/OU=expired/CN=localhost" -startdate "$(at '-31 days')" -enddate "$(at '-1 day')" &&
      key selfsigned &&
      openssl req -x509 -config openssl.cnf -extensions selfsigned_ext -key selfsigned.key \
        -out selfsigned.crt -days 3650 -subj "$O/OU=self-signed/CN=localhost"
  ) >>"$logfile" 2>&1 || {
    tail -n 20 "$logfile" >&2
    rm -rf "$w"
    die "generating the TLS test certificates failed (see $logfile)"
  }
  mkdir -p "$dir"
  mv -f "$w"/{ca,server,selfsigned,expired}.{crt,key} "$dir/"
  rm -rf "$w"
}

# Tornado loads certificate and key for every new connection, i.e. after the daemon has
# dropped its privileges: the server keys belong to the broker's system user.
tls_permissions() { # dir
  chmod 0755 "$1"
  chmod 0644 "$1"/{ca,server,selfsigned,expired}.crt
  chown root:root "$1/ca.key"
  chown "$BROKER_SYSTEM_USER:$BROKER_SYSTEM_USER" "$1"/{server,selfsigned,expired}.key
  chmod 0600 "$1"/{ca,server,selfsigned,expired}.key
}

cert_fingerprint() { openssl x509 -in "$1" -noout -fingerprint -sha256 | sed 's/^[^=]*=//'; } # AA:BB:… (Node's fingerprint256)
cert_date() { openssl x509 -in "$1" -noout "-$2" -dateopt iso_8601 | sed 's/^[^=]*=//; s/ /T/'; }
