# Issue 14: one ledger on PostgreSQL shared by several runners (docs/formats.md 6.5). Two
# runners issue overlapping batches at the same time: every order is recorded once and the
# chain verifies. A job killed after its rename is settled only once its lease has run out.
# The connection's password is never printed, whatever fails.
# cli-backends: postgresql
set -u
source "$CLI_LIB"
password=${FRLIC_LEDGER#*://*:}
password=${password%%@*}
host=${FRLIC_LEDGER#*@}
host=${host%%/*}
redact() { sed "s|$password|PASSWORD|g; s|$host/[a-z0-9_]*|HOST/DB|g"; }

# The ledger exists (run_case.sh ran `frlic ledger init`): init again changes nothing.
"$FRLIC" ledger init --json | jq -c '{ok, created, ledger}' | redact

# Two runners, orders 1-12 and 7-18, at once, each into its own output tree.
mkdir a b
for i in $(seq 1 18); do
  sed "s/^order_id: .*/order_id: SHARED-$i/" "$SRC/templates/orders/local-container.yaml" >"order-$i.yaml"
  [ "$i" -le 12 ] && cp "order-$i.yaml" a/
  [ "$i" -ge 7 ] && cp "order-$i.yaml" b/
done
"$FRLIC" issue --orders a --out out-a --keep-going --allow-example-keys --json >a.jsonl 2>a.err &
first=$!
"$FRLIC" issue --orders b --out out-b --keep-going --allow-example-keys --json >b.jsonl 2>b.err &
second=$!
wait $first; echo "runner a: exit $?" >runners.txt
wait $second; echo "runner b: exit $?" >>runners.txt
# Each order was issued by exactly one runner; the other found it issued or in progress.
"$FRLIC" ledger list --json >list.json
echo "records $(jq '.records | length' list.json), order ids $(jq '[.records[].order_id] | unique | length' list.json)"
jq -r '.records[].status' list.json | sort | uniq -c | sed 's/^ *//'
jq -s '[.[] | select(.status == "issued")] | length' a.jsonl b.jsonl | sed 's/^/issued by the two runners: /'
"$FRLIC" ledger verify --json | jq -c '{ok, events, records, problems: (.problems | length)}'
# Every record's licence is in one runner's tree, byte for byte.
jq -r '.records[] | .artifact_path + " " + .artifact_sha256' list.json | while read -r path digest; do
  expect_equal "$(sha256sum "$path" | cut -d' ' -f1)" "$digest" "digest of $path"
done
# Both re-runs report every order as issued and write nothing.
before=$(state_snapshot)
reruns=$("$FRLIC" issue --orders a --out out-a --allow-example-keys --json &&
  "$FRLIC" issue --orders b --out out-b --allow-example-keys --json) || echo "re-run: exit $?"
expect_equal "$(state_snapshot)" "$before" "files and records after the re-runs"
echo "$reruns" | jq -s -c '[.[] | select(.status) | .status] | group_by(.) | map([.[0], length])'

# A job killed after its rename leaves a pending record that a live issuer may still own: the
# re-run does not settle it while its lease runs ...
sed 's/^order_id: .*/order_id: SHARED-KILLED/' order-1.yaml >killed.yaml
FRLIC_TEST_KILL_AT=renamed "$FRLIC" issue --order killed.yaml --out killed --allow-example-keys >/dev/null 2>&1
echo "killed: exit $?"
"$FRLIC" issue --order killed.yaml --out killed --allow-example-keys --json >rerun.json
echo "re-run within the lease: exit $? $(jq -c '{code: .error.code}' rerun.json)"
"$FRLIC" ledger list --order-id SHARED-KILLED --json | jq -r '.records[].status'
# ... and settles it once the lease has run out (here: made to, as 15 minutes later).
psql -q -X "$FRLIC_LEDGER" -c "UPDATE issue_leases SET expires_at = 0" >/dev/null
"$FRLIC" issue --order killed.yaml --out killed --allow-example-keys --json >rerun.json
echo "re-run after the lease: exit $? $(jq -c '{already_issued}' rerun.json)"
"$FRLIC" ledger list --order-id SHARED-KILLED --json | jq -r '.records[].status'

# Revoke and verify through the URL; the head names the last event.
serial=$(jq -r '.records[0].serial' list.json)
expect_exit 0 "$FRLIC" revoke "$serial" --reason "test" >/dev/null
"$FRLIC" ledger verify --json | jq -c '{ok, head_seq: .head.seq}'

# Failures name the database without its password: a wrong password, a database without the
# ledger (nothing is created in it), an append-only table edited by hand.
wrong=${FRLIC_LEDGER/:$password@/:not-the-password@}
"$FRLIC" ledger list --ledger "$wrong" --json >wrong.json
echo "wrong password: exit $? $(jq -r .error.code wrong.json)"
grep -c 'not-the-password' wrong.json
"$FRLIC" ledger list --ledger "${FRLIC_LEDGER%/*}/postgres" --json >missing.json
echo "no ledger in the database: exit $? $(jq -r '.error.code + " / " + .error.hint' missing.json | redact)"
psql -q -X "$FRLIC_LEDGER" -c "DELETE FROM events" >/dev/null 2>psql.err
echo "psql DELETE FROM events: exit $? $(grep -o 'the frlic ledger is append-only[^"]*' psql.err)"
cat ./*.json ./*.jsonl ./*.err runners.txt | grep -c "$password"
exit 0
