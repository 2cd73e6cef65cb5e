# Issue 14, item 5: many frlic processes at once against one ledger (on PostgreSQL: no file
# lock, so only the database's transactions and constraints keep the promises). Two batch
# issuers with overlapping orders, three reissues of one receipt and three revokes of one
# licence run together; afterwards every invariant of the ledger holds: each order id recorded
# once, the receipt consumed once (one replacement), the licence revoked once, nothing left
# pending, every recorded artifact on disk byte for byte, and `ledger verify` finds nothing.
# cli-backends: sqlite postgresql
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/../frlic-sim/frlic-sim"
[ -x "$SIM" ] || SIM="$(dirname "$FRLIC")/frlic-sim"
expect_exit 0 "$SIM" machine --issuer-key "$FRLIC_KEYS" --out old --machine-id old-host --mac 02:00:00:00:00:01 --platform linux-amd64 >/dev/null
expect_exit 0 "$SIM" machine --issuer-key "$FRLIC_KEYS" --out new --machine-id new-host --mac 02:00:00:00:00:02 --platform linux-arm64 >/dev/null
cp "$SRC/templates/orders/private-cloud.yaml" server.yaml
expect_exit 0 "$FRLIC" issue --order server.yaml --rif old/require/MachineInfo.rif --out server --allow-example-keys --json >server.json
expect_exit 0 "$SIM" server --package server/FanruanLicenseServer.zip --machine old -destroy >/dev/null
sed 's/^order_id: .*/order_id: ORD-TO-REVOKE/' "$SRC/templates/orders/local-container.yaml" >revoke.yaml
expect_exit 0 "$FRLIC" issue --order revoke.yaml --out to-revoke --allow-example-keys --json >to-revoke.json
victim=$(jq -r .serial to-revoke.json)
mkdir a b
for i in $(seq 1 12); do
  sed "s/^order_id: .*/order_id: ORD-C-$i/" "$SRC/templates/orders/local-container.yaml" >"order-$i.yaml"
  [ "$i" -le 8 ] && cp "order-$i.yaml" a/
  [ "$i" -ge 5 ] && cp "order-$i.yaml" b/
done

# All at once: 8 processes.
pids=()
"$FRLIC" issue --orders a --out out-a --keep-going --allow-example-keys --json >a.jsonl 2>a.err & pids+=($!)
"$FRLIC" issue --orders b --out out-b --keep-going --allow-example-keys --json >b.jsonl 2>b.err & pids+=($!)
for r in 1 2 3; do
  ( "$FRLIC" reissue --receipt receipt.fr --rif new/require/MachineInfo.rif --out re$r --allow-example-keys --json >re$r.json 2>/dev/null; echo $? >re$r.rc ) & pids+=($!)
  ( "$FRLIC" revoke "$victim" --reason "race $r" --json >rv$r.json 2>/dev/null; echo $? >rv$r.rc ) & pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done

# Re-runs settle whatever a loser saw in progress; they must not change what was recorded.
"$FRLIC" issue --orders a --out out-a --keep-going --allow-example-keys --json >/dev/null 2>&1
"$FRLIC" issue --orders b --out out-b --keep-going --allow-example-keys --json >/dev/null 2>&1

"$FRLIC" ledger list --json >list.json
echo "records: $(jq '.records | length' list.json)"
echo "order ids active twice: $(jq '[.records[] | select(.status == "active") | .order_id] | group_by(.) | map(select(length > 1)) | length' list.json)"
echo "pending: $(jq '[.records[] | select(.status == "pending")] | length' list.json)"
echo "batch orders active: $(jq '[.records[] | select(.order_id | startswith("ORD-C-")) | select(.status == "active")] | length' list.json)"
old_serial=$(jq -r .serial server.json)
echo "replacements of the destroyed server: $(jq --arg p "$old_serial" '[.records[] | select(.parent_serial == $p and .status != "aborted")] | length' list.json)"
echo "server: $(jq -r --arg s "$old_serial" '.records[] | select(.serial == $s) | .status' list.json)"
# A reissue that lost the race exits 0 reporting the winner's replacement (SQLite: it waited for
# the lock), or 8 or 14 (PostgreSQL, docs/formats.md 6.5); its re-run reports the winner's.
echo "reissues that failed otherwise: $(cat re1.rc re2.rc re3.rc | grep -cv '^\(0\|8\|14\)$')"
reported=$(for r in 1 2 3; do
  if [ "$(cat re$r.rc)" != 0 ]; then
    "$FRLIC" reissue --receipt receipt.fr --rif new/require/MachineInfo.rif --out re$r --allow-example-keys --json >re$r.json
  fi
  jq -r .serial re$r.json
done | sort -u)
echo "serials the reissues report: $(echo "$reported" | wc -l)"
expect_equal "$reported" "$(jq -r --arg p "$old_serial" '.records[] | select(.parent_serial == $p and .status == "active") | .serial' list.json)" "the replacement reported"
echo "revoked: $(jq -r --arg s "$victim" '.records[] | select(.serial == $s) | .status' list.json)"
echo "revoke events: $("$FRLIC" ledger show "$victim" --json | jq '[.events[] | select(.action == "revoke")] | length')"
echo "revokes that succeeded: $(grep -c '^0$' rv1.rc rv2.rc rv3.rc | awk -F: '{s += $2} END {print s}')"
echo "revokes that failed otherwise than conflict (8): $(cat rv1.rc rv2.rc rv3.rc | grep -cv '^\(0\|8\)$')"
jq -r '.records[] | select(.status == "active" and .artifact_path != "") | .artifact_path + " " + .artifact_sha256' list.json |
  while read -r path digest; do
    expect_equal "$(sha256sum "$path" | cut -d' ' -f1)" "$digest" "digest of $path"
  done
"$FRLIC" ledger verify --json | jq -c '{ok, problems: (.problems | length)}'
