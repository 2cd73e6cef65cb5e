#!/usr/bin/env bash
# Issue 13, item 5 (first bullet): a batch of Container.lic orders, everything included
# (parse, lint, key unlock, sign, verify, stage, ledger, renames, fsyncs), as one
# `frlic issue --orders DIR` against a fresh ledger and a `--kdf minimal` keyring, set against
#   - libsodium's raw Ed25519 sign rate on a payload of the same size (bench driver
#     frlic_sodium_sign_rate), on one thread and on every core; the goal (at least 0.5x) is
#     taken against the every-core rate, since the batch uses every core; both are printed;
#   - libsodium signing and verifying each signature, on every core: the ceiling of a batch
#     that verifies every licence before writing it, printed as a ratio to the sign rate;
#   - a shell loop of `openssl pkeyutl -sign -rawin` over the same payload (what a user would
#     script instead), BENCH_OPENSSL runs (default 1000, at most BENCH_ORDERS), scaled.
# Where the time goes: the phases frlic's --json summary reports (lint, open, plan, build,
# record).
# Usage: bench/batch_vs_sodium.sh [BUILD_DIR]   (default build/plain)
#   BENCH_ORDERS: orders in the batch (default 10000); BENCH_OPENSSL: openssl runs.
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(realpath "${1:-build/plain}")
frlic=$build/apps/frlic
sign_rate=$build/bench/frlic_sodium_sign_rate
orders=${BENCH_ORDERS:-10000}
openssl_runs=${BENCH_OPENSSL:-1000}
[ "$openssl_runs" -le "$orders" ] || openssl_runs=$orders
for program in "$frlic" "$sign_rate"; do
  [ -x "$program" ] || { echo "$program is not built" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cores=$(nproc)

export FRLIC_PASSPHRASE=bench-passphrase FRLIC_KEYS="$work/keys" FRLIC_LEDGER="$work/ledger.sqlite"
unset FRLIC_NOW FRLIC_RANDOM_SEED
"$frlic" keygen --out "$work/keys" --kdf minimal >/dev/null
mkdir "$work/orders"
# The template with distinct order ids (BENCH-000001, ...).
awk -v n="$orders" -v dir="$work/orders" '
  { lines[NR] = $0 }
  END {
    for (i = 1; i <= n; i++) {
      file = sprintf("%s/%06d.yaml", dir, i)
      for (l = 1; l <= NR; l++) {
        if (lines[l] ~ /^order_id:/) print "order_id: BENCH-" sprintf("%06d", i) > file
        else print lines[l] > file
      }
      close(file)
    }
  }' templates/orders/local-container.yaml
"$frlic" ledger init "$work/ledger.sqlite" >/dev/null
sync

start=$(date +%s.%N)
"$frlic" issue --orders "$work/orders" --out "$work/out" --json >"$work/batch.jsonl"
end=$(date +%s.%N)
summary=$(tail -n 1 "$work/batch.jsonl")
issued=$(jq '.summary.issued' <<<"$summary")
[ "$issued" = "$orders" ] || { echo "only $issued of $orders issued:" >&2; tail -n 3 "$work/batch.jsonl" >&2; exit 1; }
batch_seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
batch_rate=$(awk -v n="$orders" -v s="$batch_seconds" 'BEGIN { printf "%.0f", n / s }')

payload=$(find "$work/out" -name Container.lic -print -quit)
size=$(stat -c %s "$payload")
sodium_one=$("$sign_rate" "$payload" $((orders * 4)) 1)
sodium_all=$("$sign_rate" "$payload" $((orders * 4)) "$cores")
sodium_verify_all=$("$sign_rate" "$payload" $((orders * 4)) "$cores" verify)

openssl genpkey -algorithm ed25519 -out "$work/openssl.pem" 2>/dev/null
start=$(date +%s.%N)
for ((i = 0; i < openssl_runs; i++)); do
  openssl pkeyutl -sign -rawin -inkey "$work/openssl.pem" -in "$payload" -out "$work/sig.bin"
done
end=$(date +%s.%N)
openssl_rate=$(awk -v n="$openssl_runs" -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", n / (b - a) }')

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
echo "batch of $orders Container.lic orders, payload $size bytes, $cores cores"
echo "  frlic issue --orders DIR (everything)   ${batch_seconds} s   $batch_rate licences/s"
echo "  libsodium Ed25519 sign, 1 thread          $sodium_one signatures/s   ratio $(ratio "$batch_rate" "$sodium_one")x"
echo "  libsodium Ed25519 sign, $cores threads          $sodium_all signatures/s   ratio $(ratio "$batch_rate" "$sodium_all")x  (goal >= 0.5x: $(awk -v r="$(ratio "$batch_rate" "$sodium_all")" 'BEGIN { print (r >= 0.5 ? "met" : "MISSED") }'))"
echo "  libsodium sign + verify, $cores threads      $sodium_verify_all licences/s   ratio $(ratio "$sodium_verify_all" "$sodium_all")x the sign rate: the ceiling of any batch that verifies each signature before writing it (docs/formats.md), before parsing, files and ledger; the batch reaches $(ratio "$batch_rate" "$sodium_verify_all")x of it"
echo "  openssl pkeyutl -sign -rawin, shell loop  $openssl_rate signatures/s ($openssl_runs runs)   ratio $(ratio "$batch_rate" "$openssl_rate")x"
echo "where the batch's time goes (seconds, from its --json summary):"
jq -r '.summary.seconds | to_entries[] | "  \(.key)\t\(.value * 1000 | round / 1000)"' <<<"$summary"
