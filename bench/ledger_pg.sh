#!/usr/bin/env bash
# Issue 14, item 6: a shared PostgreSQL ledger under concurrent issuers.
#   1. throughput: BENCH_ISSUERS (8) concurrent `frlic issue --orders DIR` batches of
#      BENCH_ORDERS (1000) distinct Container.lic orders each, against one fresh PostgreSQL
#      ledger: licences per second in total (goal at least 2,000), and a check that every order
#      was recorded once (zero duplicates) and every issued licence is in the ledger and on disk
#      (zero lost), then `ledger verify`;
#   2. latency per licence: BENCH_SINGLE (50) single-order `frlic issue` processes per issuer,
#      the issuers running at once: p50 and p99 of one process's wall time;
#   3. one issuer alone, the same batch against PostgreSQL and against SQLite: goal at most 2x.
# The keyring is `--kdf minimal` (the key unlock is not what is measured). PostgreSQL runs on
# this machine (scripts/pg-test-server.sh, with fsync on), started here unless
# FRLIC_TEST_PG_URL names one.
# Usage: bench/ledger_pg.sh [BUILD_DIR]   (default build/plain)
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(realpath "${1:-build/plain}")
frlic=$build/apps/frlic
issuers=${BENCH_ISSUERS:-8}
orders=${BENCH_ORDERS:-1000}
singles=${BENCH_SINGLE:-50}
[ -x "$frlic" ] || { echo "$frlic is not built" >&2; exit 1; }
work=$(mktemp -d)
cleanup() {
  # new_ledger runs in a command substitution (a subshell): it lists its databases in a file.
  while read -r db; do
    psql -q -X "$FRLIC_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null || true
  done < <(cat "$work/databases" 2>/dev/null)
  [ -n "${own_server:-}" ] && bash scripts/pg-test-server.sh stop "$own_server"
  rm -rf "$work"
}
trap cleanup EXIT
: >"$work/databases"
if [ -z "${FRLIC_TEST_PG_URL:-}" ]; then
  # Its own directory, as scripts/test.sh makes it: the server runs as another user, which
  # cannot enter $work (mode 0700).
  own_server=$(mktemp -d /tmp/frlic-bench-pg.XXXXXX)
  rmdir "$own_server"
  # fsync on, as a team's server runs (the test server's default is off).
  eval "$(PG_TEST_DURABLE=1 bash scripts/pg-test-server.sh start "$own_server")"
fi
new_ledger() {  # prints the URL of a fresh database with a ledger in it
  local db="frlic_bench_$$_$(wc -l <"$work/databases")"
  echo "$db" >>"$work/databases"
  psql -q -X "$FRLIC_TEST_PG_URL" -c "CREATE DATABASE $db" >/dev/null
  local url="${FRLIC_TEST_PG_URL%/*}/$db"
  "$frlic" ledger init "$url" >/dev/null
  echo "$url"
}
export FRLIC_PASSPHRASE=bench-passphrase FRLIC_KEYS="$work/keys"
unset FRLIC_NOW FRLIC_RANDOM_SEED
"$frlic" keygen --out "$work/keys" --kdf minimal >/dev/null
# Order files with distinct ids: make_orders DIR PREFIX COUNT.
make_orders() {
  mkdir -p "$1"
  awk -v n="$3" -v dir="$1" -v prefix="$2" '
    { lines[NR] = $0 }
    END {
      for (i = 1; i <= n; i++) {
        file = sprintf("%s/%06d.yaml", dir, i)
        for (l = 1; l <= NR; l++) {
          if (lines[l] ~ /^order_id:/) print "order_id: " prefix sprintf("%06d", i) > file
          else print lines[l] > file
        }
        close(file)
      }
    }' templates/orders/local-container.yaml
}
now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
# CPU seconds used so far by the bench's own PostgreSQL: its live processes, and the backends
# that have ended (counted in the postmaster's children times). Empty with FRLIC_TEST_PG_URL.
pg_cpu() {
  [ -n "${own_server:-}" ] || return 0
  local postmaster
  postmaster=$(head -1 "$own_server/data/postmaster.pid")
  # /proc/PID/stat fields 14-17: utime, stime, cutime, cstime (clock ticks).
  { cat "/proc/$postmaster/stat"; for pid in $(pgrep -P "$postmaster"); do
      echo "$(cat "/proc/$pid/stat" 2>/dev/null) child"; done; } |
    awk -v hz="$(getconf CLK_TCK)" '{ t += $14 + $15; if ($NF != "child") t += $16 + $17 }
                                    END { printf "%.1f", t / hz }'
}
# The CPU seconds of a shell's ended children, from `times` output: user and system (fields
# 1 and 2), or system alone (children_cpu 2 2).
children_cpu() {
  tail -1 | awk -v from="${1:-1}" -v to="${2:-2}" '
    { for (i = from; i <= to; i++) { split($i, p, "m"); t += p[1] * 60 + p[2] } }
    END { printf "%.1f", t }'
}

# 1. Throughput.
for ((i = 0; i < issuers; i++)); do make_orders "$work/orders-$i" "PG-$i-" "$orders"; done
url=$(new_ledger)
sync
pg_cpu_before=$(pg_cpu)
start=$(now)
(
  pids=()
  for ((i = 0; i < issuers; i++)); do
    FRLIC_LEDGER=$url "$frlic" issue --orders "$work/orders-$i" --out "$work/out-$i" --json \
      >"$work/batch-$i.jsonl" 2>"$work/batch-$i.err" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || echo "$pid" >>"$work/batch.failed"; done
  LC_ALL=C times >"$work/issuer-times"
)
end=$(now)
pg_cpu_after=$(pg_cpu)
failed=$( [ -f "$work/batch.failed" ] && wc -l <"$work/batch.failed" || echo 0)
total=$((issuers * orders))
wall=$(seconds "$start" "$end")
issued=$(cat "$work"/batch-*.jsonl | jq -s '[.[] | select(.status == "issued")] | length')
FRLIC_LEDGER=$url "$frlic" ledger list --json >"$work/list.json"
records=$(jq '.records | length' "$work/list.json")
distinct=$(jq '[.records[].order_id] | unique | length' "$work/list.json")
active=$(jq '[.records[] | select(.status == "active")] | length' "$work/list.json")
lost=0
while read -r path digest; do
  [ "$(sha256sum "$path" 2>/dev/null | cut -d' ' -f1)" = "$digest" ] || lost=$((lost + 1))
done < <(jq -r '.records[] | .artifact_path + " " + .artifact_sha256' "$work/list.json")
verify=$(FRLIC_LEDGER=$url "$frlic" ledger verify --json | jq -c '{ok, events, records}')
rate=$(awk -v n="$issued" -v s="$wall" 'BEGIN { printf "%.0f", n / s }')
echo "$issuers issuers x $orders Container.lic orders (batch mode), one PostgreSQL ledger, $(nproc) cores"
echo "  wall ${wall} s, $issued of $total issued ($failed runs failed), $rate licences/s in total (goal >= 2000: $(awk -v r="$rate" 'BEGIN { print (r >= 2000 ? "met" : "MISSED") }'))"
echo "  ledger: $records records, $distinct distinct order ids, $active active; duplicates $((records - distinct)); lost $((total - active + lost)) (records missing or artifacts not on disk); verify $verify"
issuers_cpu=$(children_cpu <"$work/issuer-times")
# The kernel's share tells the filesystem's cost apart from frlic's (README, "Benchmarks").
issuers_kernel=$(children_cpu 2 2 <"$work/issuer-times")
echo "  CPU: the issuers ${issuers_cpu} s (${issuers_kernel} s of it in the kernel)$( [ -n "$pg_cpu_before" ] && echo ", PostgreSQL $(awk -v a="$pg_cpu_before" -v b="$pg_cpu_after" 'BEGIN { printf "%.1f", b - a }') s") of $(awk -v w="$wall" -v n="$(nproc)" 'BEGIN { printf "%.1f", w * n }') s ($(nproc) cores x wall)"
jq -s -r '[.[] | select(.summary) | .summary.seconds] | "  where the time goes (seconds, summed over the issuers): " +
  (reduce .[] as $s ({}; reduce ($s | keys[]) as $k (.; .[$k] += $s[$k])) | to_entries |
   map("\(.key) \(.value * 10 | round / 10)") | join(", "))' "$work"/batch-*.jsonl

# 2. Latency per licence: single-order processes, all issuers at once.
url=$(new_ledger)
for ((i = 0; i < issuers; i++)); do make_orders "$work/single-$i" "PS-$i-" "$singles"; done
for ((i = 0; i < issuers; i++)); do
  (
    for order in "$work/single-$i"/*.yaml; do
      s=$(now)
      FRLIC_LEDGER=$url "$frlic" issue --order "$order" --out "$work/sout-$i/$(basename "$order" .yaml)" >/dev/null 2>>"$work/single.err" || echo fail >>"$work/single.failed"
      e=$(now)
      awk -v a="$s" -v b="$e" 'BEGIN { printf "%.2f\n", (b - a) * 1000 }'
    done >"$work/latency-$i.txt"
  ) &
done
wait
sort -n "$work"/latency-*.txt >"$work/latency.txt"
n=$(wc -l <"$work/latency.txt")
p50=$(awk -v n="$n" 'NR == int(n * 0.50 + 0.5) { print }' "$work/latency.txt")
p99=$(awk -v n="$n" 'NR == int(n * 0.99 + 0.5) { print }' "$work/latency.txt")
echo "latency of one licence ($issuers issuers x $singles single-order processes at once): p50 ${p50} ms, p99 ${p99} ms, $( [ -f "$work/single.failed" ] && wc -l <"$work/single.failed" || echo 0) failed"

# 3. One issuer: PostgreSQL against SQLite, the same batch.
url=$(new_ledger)
start=$(now)
FRLIC_LEDGER=$url "$frlic" issue --orders "$work/orders-0" --out "$work/one-pg" --json >/dev/null
pg=$(seconds "$start" "$(now)")
"$frlic" ledger init "$work/ledger.sqlite" >/dev/null
sync
start=$(now)
FRLIC_LEDGER=$work/ledger.sqlite "$frlic" issue --orders "$work/orders-0" --out "$work/one-sqlite" --json >/dev/null
sqlite=$(seconds "$start" "$(now)")
ratio=$(awk -v a="$pg" -v b="$sqlite" 'BEGIN { printf "%.2f", a / b }')
echo "one issuer, $orders orders: PostgreSQL ${pg} s, SQLite ${sqlite} s: ${ratio}x (goal <= 2x: $(awk -v r="$ratio" 'BEGIN { print (r <= 2 ? "met" : "MISSED") }'))"
