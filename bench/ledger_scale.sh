#!/usr/bin/env bash
# Issue 13, items 4 and 5 (last bullet): does the ledger stay fast as it grows? Ledgers of 0,
# 10,000 and 100,000 records (copies of one real Container.lic record, each through the issue
# steps, added by frlic_ledger_fill in transactions of 1,000), then, with hyperfine, at each size:
#   - one `frlic issue` of a Container.lic (--kdf minimal keyring, as bench/issue_vs_openssl.sh),
#     and its ratio to the empty ledger's: goal at most 1.2x at 100,000;
#   - `frlic ledger verify` (whole chain, every record, every kept Container.lic): goal under
#     2 s at 100,000;
#   - `frlic ledger list --json` (every record with its terms), for the record.
# Usage: bench/ledger_scale.sh [path/to/build] [--sizes "0 10000 100000"] [--runs N]
#   The build directory holds apps/frlic and bench/frlic_ledger_fill (default build/plain).
#   --runs: runs of each issue measurement (default 30); verify and list run max(3, runs/10).
set -euo pipefail
cd "$(dirname "$0")/.."
build=build/plain
sizes="0 10000 100000"
runs=30
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) build=$1; shift ;;
  esac
done
frlic=$(realpath "$build/apps/frlic")
fill=$(realpath "$build/bench/frlic_ledger_fill")
command -v hyperfine >/dev/null || { echo "hyperfine is not installed" >&2; exit 1; }
command -v jq >/dev/null || { echo "jq is not installed" >&2; exit 1; }
slow_runs=$(( runs / 10 > 3 ? runs / 10 : 3 ))
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export FRLIC_PASSPHRASE=bench-passphrase
"$frlic" keygen --out "$work/keys" --kdf minimal >/dev/null
cp templates/orders/local-container.yaml "$work/order.yaml"
# The timed order gets an id no ledger holds yet, so that every run issues (not a re-run).
sed 's/^\(order_id: *\).*/\1ORD-BENCH-TIMED/' "$work/order.yaml" >"$work/timed.yaml"
grep -q '^order_id: *ORD-BENCH-TIMED' "$work/timed.yaml" ||
  { echo "cannot set the order id of $work/timed.yaml" >&2; exit 1; }

echo "ledger sizes: $sizes; $runs runs per issue measurement, $slow_runs per verify/list"
for size in $sizes; do
  ledger="$work/ledger-$size.sqlite"
  "$frlic" ledger init "$ledger" >/dev/null
  # The template record: one real issue (terms, digests, the kept Container.lic).
  out=$("$frlic" issue --order "$work/order.yaml" --keys "$work/keys" --ledger "$ledger" \
    --out "$work/template-$size" --json)
  serial=$(jq -r .serial <<<"$out")
  if [ "$size" -gt 1 ]; then
    "$fill" "$ledger" "$serial" $(( size - 1 )) | sed 's/^/  /'
  fi
  records=$(sqlite3 "$ledger" 'SELECT count(*) FROM licences')
  echo "ledger of $records records: $(du -h "$ledger" | cut -f1)"
  # Each issue run starts from a copy of this ledger, without the timed order's record.
  cp "$ledger" "$ledger.base"
  # Synced, so that the issue's own fsync of the ledger does not write the copy's pages too.
  # (hyperfine -N runs --prepare without a shell too: a script file.)
  echo "cp $ledger.base $ledger && sync $ledger && rm -rf $ledger-wal $ledger-shm $work/out" \
    >"$work/prepare-$size.sh"
  prepare="bash $work/prepare-$size.sh"
  hyperfine -N --warmup 2 --runs "$runs" --prepare "$prepare" --export-json "$work/issue-$size.json" \
    -n "frlic issue at $size" \
    "$frlic issue --order $work/timed.yaml --keys $work/keys --ledger $ledger --out $work/out"
  $prepare
  hyperfine -N --warmup 1 --runs "$slow_runs" --export-json "$work/verify-$size.json" \
    -n "frlic ledger verify at $size" "$frlic ledger verify --quiet --ledger $ledger"
  hyperfine --warmup 1 --runs "$slow_runs" --export-json "$work/list-$size.json" \
    -n "frlic ledger list --json at $size" "$frlic ledger list --json --ledger $ledger >/dev/null"
done

median_ms() { jq -r '.results[0].median * 1000 | . * 100 | round / 100' "$work/$1"; }
ratio() {  # a.json b.json
  jq -n --slurpfile a "$work/$1" --slurpfile b "$work/$2" \
    '$a[0].results[0].median / $b[0].results[0].median | . * 100 | round / 100'
}
verdict() {  # value goal
  awk -v r="$1" -v g="$2" 'BEGIN { print (r <= g ? "goal met" : "goal MISSED") }'
}
first=${sizes%% *}
last=${sizes##* }
echo
echo "medians (ms):"
printf '  %-9s %12s %12s %16s %10s\n' records "issue" "verify" "list --json" "issue/0"
for size in $sizes; do
  printf '  %-9s %12s %12s %16s %9sx\n' "$size" "$(median_ms "issue-$size.json")" \
    "$(median_ms "verify-$size.json")" "$(median_ms "list-$size.json")" \
    "$(ratio "issue-$size.json" "issue-$first.json")"
done
r=$(ratio "issue-$last.json" "issue-$first.json")
echo "issue at $last records / at $first: ${r}x (goal at most 1.2x: $(verdict "$r" 1.2))"
v=$(jq -r '.results[0].median | . * 100 | round / 100' "$work/verify-$last.json")
echo "ledger verify at $last records: ${v} s (goal under 2 s: $(verdict "$v" 2))"
