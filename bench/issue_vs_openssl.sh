#!/usr/bin/env bash
# Wall time of one `frlic issue` (a whole process: order, keyring, key decryption, signing,
# verification, atomic write, ledger transaction) against `openssl pkeyutl -sign -rawin` of a
# payload of the same size (a whole process too). Prints hyperfine's figures and the ratio.
# Usage: bench/issue_vs_openssl.sh [path/to/frlic]
set -euo pipefail
cd "$(dirname "$0")/.."
frlic=$(realpath "${1:-build/plain/apps/frlic}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Two keyrings: the default passphrase stretching (Argon2id 2 passes, 64 MiB) and the minimal
# one (1 pass, 8 MiB), to show what the key-at-rest protection costs.
export FRLIC_PASSPHRASE=bench-passphrase
"$frlic" keygen --out "$work/keys-interactive" --kdf interactive >/dev/null
"$frlic" keygen --out "$work/keys-minimal" --kdf minimal >/dev/null
cp templates/orders/local-container.yaml "$work/order.yaml"

issue() {  # keyring
  echo "$frlic issue --order $work/order.yaml --keys $work/$1 --ledger $work/ledger.sqlite --out $work/out"
}
"$frlic" issue --order "$work/order.yaml" --keys "$work/keys-minimal" \
  --ledger "$work/ledger.sqlite" --out "$work/out" >/dev/null
size=$(stat -c %s "$work/out/Container.lic")
head -c "$size" /dev/urandom >"$work/payload.bin"
openssl genpkey -algorithm ed25519 -out "$work/openssl.pem" 2>/dev/null
echo "payload size: $size bytes (the Container.lic just issued)"

hyperfine -N --warmup 5 --runs 100 --export-json "$work/result.json" \
  --prepare "rm -rf $work/out $work/ledger.sqlite $work/ledger.sqlite-wal $work/ledger.sqlite-shm" \
  -n "frlic issue (kdf minimal)" "$(issue keys-minimal)" \
  -n "frlic issue (kdf interactive, the default)" "$(issue keys-interactive)" \
  -n "openssl pkeyutl -sign -rawin" \
  "openssl pkeyutl -sign -rawin -inkey $work/openssl.pem -in $work/payload.bin -out $work/sig.bin"

jq -r '.results as $r | ($r[2].mean) as $base |
  $r[] | "\(.command): mean \(.mean * 1000 | . * 100 | round / 100) ms = \(.mean / $base | . * 100 | round / 100)x openssl"' \
  "$work/result.json"
