#!/usr/bin/env bash
# Regenerates the TLS test certificates (valid 100 years). Test-only keys: never use them elsewhere.
set -euo pipefail
cd "$(dirname "$0")"
days=36500
gen_ca() { # name cn
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -out "$1.crt" \
    -days $days -subj "/CN=$2" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" 2>/dev/null
}
gen_leaf() { # name cn ca san eku
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -out "$1.csr" -subj "/CN=$2" 2>/dev/null
  printf "subjectAltName=%s\nextendedKeyUsage=%s\n" "$4" "$5" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA "$3.crt" -CAkey "$3.key" -CAcreateserial -out "$1.crt" -days $days -extfile "$1.ext" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}
gen_ca ca "h2rpc test CA"
gen_ca other-ca "h2rpc untrusted test CA"
gen_leaf server "h2rpc test server" ca "DNS:localhost,IP:127.0.0.1,IP:::1,DNS:server.test.h2rpc" serverAuth
gen_leaf server2 "h2rpc test server (reloaded)" ca "DNS:localhost,IP:127.0.0.1,IP:::1,DNS:server.test.h2rpc" serverAuth
gen_leaf client "h2rpc test client" ca "DNS:client.test.h2rpc" clientAuth
gen_leaf stranger "h2rpc stranger" other-ca "DNS:localhost,IP:127.0.0.1" "clientAuth,serverAuth"
rm -f ./*.srl
