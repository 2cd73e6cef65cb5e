#!/usr/bin/env bash
# Crash harness (issue 10): kills issue, reissue (receipt.fr and privateConfig) and revoke at
# every step hook and at random moments, retries each killed command as a CI job would, and
# after every run checks the invariants a signing tool must keep:
#   1. `frlic ledger verify` passes (hash chain, statuses, lineage);
#   2. SQLite's integrity_check is "ok";
#   3. no artifact on disk without a recorded, non-aborted record that has its digest;
#   4. no active record without its artifact (path and digest);
#   5. no consumed evidence (destroyed, superseded) without exactly one live replacement
#      (active, so 4 shows its artifact exists): a customer is never stranded;
#   7. every retried issue leaves its order issued exactly once, active; every retried
#      reissue leaves its evidence accepted exactly once; every retried revoke, revoked.
#   6. no pending record and no stage directory left after the retry.
#
# Usage: scripts/crash-harness.sh RUNS [BUILD_DIR]   (BUILD_DIR default: build/plain)
# Prints one line per violation and a summary; exits 1 if any invariant broke.
# Reproducible: HARNESS_SEED (default 1) seeds bash's RANDOM.
set -uo pipefail

runs=${1:?usage: crash-harness.sh RUNS [BUILD_DIR]}
source_dir=$(realpath "$(dirname "$0")/..")
build_dir=$(realpath "${2:-$source_dir/build/plain}")
FRLIC="$build_dir/apps/frlic"
SIM="$build_dir/apps/frlic-sim"
for tool in "$FRLIC" "$SIM"; do
  [ -x "$tool" ] || { echo "crash-harness: $tool is not built" >&2; exit 2; }
done
RANDOM=${HARNESS_SEED:-1}

work=$(mktemp -d "${TMPDIR:-/tmp}/frlic-crash.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
cp -r "$source_dir/keys-example" keys
chmod 700 keys
chmod 600 keys/*.key
export FRLIC_KEYS="$work/keys" FRLIC_LEDGER="$work/ledger.sqlite"
export FRLIC_PASSPHRASE="$(cat "$source_dir/keys-example/PASSPHRASE")"
export FRLIC_NOW="2026-11-23T08:00:00Z"
export HOME="$work/home"
mkdir -p "$HOME" artifacts
"$FRLIC" ledger init >/dev/null || exit 2
common=(--allow-example-keys)

# Sets $machine to the directory of a new licence-server host for platform $1. Each private
# cloud licence gets a host of its own: a host runs one licence server, and a machine key
# serves one licence (docs/formats.md 8.5).
machine_counter=0
new_machine() {
  machine_counter=$((machine_counter + 1))
  machine="machines/m$machine_counter"
  "$SIM" machine --issuer-key keys --out "$machine" --machine-id "host-$machine_counter" \
    --mac "$(printf '02:00:00:00:%02x:%02x' $((machine_counter / 256)) $((machine_counter % 256)))" \
    --platform "$1" >/dev/null
}

violations=0
violation() {
  echo "VIOLATION run $run ($what): $*"
  violations=$((violations + 1))
}

# Sets $order to a new order file for method $1, with a fresh order id.
order_counter=0
mkdir -p orders
new_order() {
  order_counter=$((order_counter + 1))
  order="orders/$1-$order_counter.yaml"
  sed "s/^order_id: .*/order_id: HARNESS-$order_counter/" \
    "$source_dir/templates/orders/$1.yaml" >"$order"
}

# Runs "$@", killing it at step hook $kill_step, or with SIGKILL after $kill_ms milliseconds.
# Counts the runs that really died (a command may finish before its random moment).
died=0
run_killed() {
  if [ -n "$kill_step" ]; then
    FRLIC_TEST_KILL_AT=$kill_step "$@" >/dev/null 2>&1
  else
    "$@" >/dev/null 2>&1 &
    local pid=$!
    sleep "$(printf '0.%03d' "$kill_ms")"
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  fi
  [ $? = 137 ] && died=$((died + 1))
}

# Sets $parent and $parent_out to a fresh licence of method $1, issued without interference.
fresh_licence() {
  new_order "$1"
  parent_out="artifacts/fresh-$order_counter"
  local extra=()
  if [ "$1" = private-cloud ]; then
    new_machine linux-amd64 || return 1
    parent_machine=$machine
    extra=(--rif "$machine/require/MachineInfo.rif")
  fi
  "$FRLIC" issue --order "$order" "${extra[@]}" --out "$parent_out" "${common[@]}" --json \
    >fresh.json 2>/dev/null || return 1
  parent=$(jq -r .serial fresh.json)
}

check_invariants() {
  "$FRLIC" ledger verify >/dev/null 2>verify.err || violation "ledger verify: $(head -c 300 verify.err)"
  local integrity
  integrity=$(sqlite3 "$FRLIC_LEDGER" 'PRAGMA integrity_check;' 2>&1)
  [ "$integrity" = ok ] || violation "integrity_check: $integrity"
  "$FRLIC" ledger list --json >records.json 2>/dev/null || { violation "ledger list failed"; return; }
  # 3 and 4, one pass each: the artifacts on disk (sha256sum lines: 64 hex digits, two
  # spaces, the path) against the records (path, digest, status, serial).
  jq -r '.records[] | [.artifact_path, .artifact_sha256, .status, .serial] | @tsv' records.json \
    >records.tsv
  find "$work/artifacts" -type f ! -path '*/.frlic-stage-*' -print0 | xargs -0 -r sha256sum \
    >artifacts.txt
  # 3. every artifact on disk is recorded (not aborted, not pending) with its digest.
  while read -r line; do violation "$line"; done < <(awk -F'\t' '
    FILENAME == ARGV[1] { if ($3 != "aborted" && $3 != "pending") recorded[$1 " " $2] = 1; next }
    { path = substr($0, 67); if (!((path " " substr($0, 1, 64)) in recorded))
        print "artifact " path " has no recorded licence with its digest" }' records.tsv artifacts.txt)
  # 4. every active record has its artifact.
  while read -r line; do violation "$line"; done < <(awk -F'\t' '
    FILENAME == ARGV[1] { on_disk[substr($0, 67) " " substr($0, 1, 64)] = 1; next }
    $3 == "active" && $1 != "" && !(($1 " " $2) in on_disk) {
      print "active record " $4 " has no artifact at " $1 }' artifacts.txt records.tsv)
  # 5. consumed evidence has exactly one active replacement (whose artifact 4 checked).
  while read -r line; do violation "$line"; done < <(jq -r '
    [.records[] | select(.status == "active") | .parent_serial // empty] as $replaced
    | .records[] | select(.status == "destroyed" or .status == "superseded") | .serial as $s
    | ([$replaced[] | select(. == $s)] | length) as $n | select($n != 1)
    | "consumed \($s) has \($n) active replacements"' records.json)
  # 6. nothing pending, nothing staged.
  local pending
  pending=$(jq -r '[.records[] | select(.status=="pending")] | length' records.json)
  [ "$pending" = 0 ] || violation "$pending pending records after the retry"
  local staged
  staged=$(find artifacts -name '.frlic-stage-*' | wc -l)
  [ "$staged" = 0 ] || violation "$staged stage directories left"
}

# After the retry of an issue of order $1: it was issued exactly once, and is active.
check_issued_once() {
  local active
  active=$("$FRLIC" ledger list --json | jq -r --arg o "$1" \
    '[.records[] | select(.order_id==$o and .status=="active")] | length')
  [ "$active" = 1 ] || violation "order $1 has $active active records after the retry"
}

# After the retry of a reissue of $1: the evidence was accepted exactly once.
check_evidence_once() {
  local parent=$1
  local live
  live=$("$FRLIC" ledger list --json | jq -r --arg p "$parent" \
    '[.records[] | select(.parent_serial==$p and .status!="aborted")] | length')
  [ "$live" = 1 ] || violation "evidence of $parent accepted $live times after the retry"
}

steps=(staged recorded publishing renamed)
operations=(issue-local issue-private reissue-receipt reissue-config revoke)
declare -A by_operation=() by_kill=()
start=$SECONDS
for ((run = 1; run <= runs; run++)); do
  operation=${operations[RANDOM % ${#operations[@]}]}
  # Half the runs die at a step hook, half at a random moment (0-400 ms).
  if ((RANDOM % 2 == 0)) && [ "$operation" != revoke ]; then
    kill_step=${steps[RANDOM % ${#steps[@]}]}
    kill_ms=0
    what="$operation killed at $kill_step"
    by_kill[$kill_step]=$((${by_kill[$kill_step]:-0} + 1))
  else
    kill_step=""
    kill_ms=$((RANDOM % 400))
    what="$operation killed after ${kill_ms} ms"
    by_kill[random]=$((${by_kill[random]:-0} + 1))
  fi
  by_operation[$operation]=$((${by_operation[$operation]:-0} + 1))
  out="artifacts/run$run"
  case "$operation" in
    issue-local)
      new_order local-container
      cmd=("$FRLIC" issue --order "$order" --out "$out" "${common[@]}")
      run_killed "${cmd[@]}"
      "${cmd[@]}" >/dev/null 2>&1
      check_issued_once "HARNESS-$order_counter"
      ;;
    issue-private)
      new_order private-cloud
      new_machine linux-amd64 || { violation "machine failed"; continue; }
      cmd=("$FRLIC" issue --order "$order" --rif "$machine/require/MachineInfo.rif" --out "$out"
        "${common[@]}")
      run_killed "${cmd[@]}"
      "${cmd[@]}" >/dev/null 2>&1
      check_issued_once "HARNESS-$order_counter"
      ;;
    reissue-receipt)
      fresh_licence private-cloud || { violation "setup failed"; continue; }
      # The customer's copy: destroying the server changes it.
      mkdir -p "evidence$run"
      cp "$parent_out/FanruanLicenseServer.zip" "evidence$run/"
      (cd "evidence$run" && "$SIM" server --package FanruanLicenseServer.zip \
        --machine "../$parent_machine" -destroy >/dev/null 2>&1) || { violation "destroy failed"; continue; }
      new_machine linux-arm64 || { violation "machine failed"; continue; }
      cmd=("$FRLIC" reissue --receipt "evidence$run/receipt.fr" --rif "$machine/require/MachineInfo.rif"
        --out "$out" "${common[@]}")
      run_killed "${cmd[@]}"
      "${cmd[@]}" >/dev/null 2>&1
      check_evidence_once "$parent"
      ;;
    reissue-config)
      fresh_licence container-private-cloud || { violation "setup failed"; continue; }
      "$SIM" component --image "$parent_out/fanruan_license_server.tar" --data "evidence$run" \
        >/dev/null 2>&1 || { violation "component failed"; continue; }
      "$FRLIC" revoke "$parent" --reason "harness: component moved" >/dev/null 2>&1
      cmd=("$FRLIC" reissue --private-config "evidence$run/app/config/privateConfig" --out "$out"
        "${common[@]}")
      run_killed "${cmd[@]}"
      "${cmd[@]}" >/dev/null 2>&1
      check_evidence_once "$parent"
      ;;
    revoke)
      fresh_licence local-container || { violation "setup failed"; continue; }
      cmd=("$FRLIC" revoke "$parent" --reason "harness: revoked")
      run_killed "${cmd[@]}"
      "${cmd[@]}" >/dev/null 2>&1
      status=$("$FRLIC" ledger list --json | jq -r --arg s "$parent" '.records[] | select(.serial==$s) | .status')
      [ "$status" = revoked ] || violation "$parent is $status after a retried revoke"
      ;;
  esac
  check_invariants
done

summary() {
  local -n counts=$1
  local key
  for key in $(printf '%s\n' "${!counts[@]}" | sort); do printf ' %s=%s' "$key" "${counts[$key]}"; done
}
echo "crash harness: $runs runs in $((SECONDS - start)) s; operations:$(summary by_operation);" \
  "kill points:$(summary by_kill); died before finishing: $died; violations: $violations"
[ "$violations" = 0 ]
