# Issue 14: `ledger export --jsonl` (a backup) and `ledger migrate --to` (a verified copy) from
# the CLI, on either backend: the copy exports to the same bytes and verifies with the same
# head; a target that holds anything, an existing backup file and a copy onto itself are
# refused and change nothing; a pending record stops a migrate.
# cli-backends: sqlite postgresql
set -u
source "$CLI_LIB"
for i in 1 2 3; do
  sed "s/^order_id: .*/order_id: ORD-MIG-$i/" "$SRC/templates/orders/local-container.yaml" >o$i.yaml
  expect_exit 0 "$FRLIC" issue --order o$i.yaml --out out$i --allow-example-keys >/dev/null
done
expect_exit 0 "$FRLIC" revoke "$(jq -r .serial <("$FRLIC" ledger show ORD-MIG-2 --json))" --reason refund >/dev/null

# The backup: mode 0600, a header that counts what follows and names the head.
expect_exit 0 "$FRLIC" ledger export --jsonl backup.jsonl --json >export.json
jq -c '{records, events, accounts}' export.json
stat -c %a backup.jsonl
head -1 backup.jsonl | jq -c '{format, version, records, events, accounts, head_seq: .head.seq}'
expect_equal "$(sha256sum backup.jsonl | cut -d' ' -f1)" "$(jq -r .sha256 export.json)" "sha256 reported"
expect_equal "$(head -1 backup.jsonl | jq -r .head.hash)" "$("$FRLIC" ledger verify --json | jq -r .head.hash)" "head in the backup"
expect_exit 7 "$FRLIC" ledger export --jsonl backup.jsonl 2>/dev/null
expect_exit 0 "$FRLIC" ledger export --jsonl backup.jsonl --force >/dev/null

# The copy: a new SQLite file, the same export byte for byte, the same head.
expect_exit 0 "$FRLIC" ledger migrate --to copy.sqlite --json >migrate.json
jq -c '{created, records, events, accounts, head_seq: .head.seq}' migrate.json
expect_exit 0 "$FRLIC" ledger export --jsonl copy.jsonl --ledger copy.sqlite >/dev/null
expect_equal "$(cmp backup.jsonl copy.jsonl && echo same)" same "export of the copy"
"$FRLIC" ledger verify --ledger copy.sqlite --expect-head "$(jq -r '"\(.head.seq):\(.head.hash)"' migrate.json)" >/dev/null
echo "copy verifies with the source's head: exit $?"

# Refusals that change nothing: into a ledger that holds records, onto itself, a pending record.
before=$(state_snapshot)
"$FRLIC" ledger migrate --to copy.sqlite --json | jq -c '.error | {code, exit_code}'
"$FRLIC" ledger migrate --ledger copy.sqlite --to copy.sqlite --json | jq -c '.error | {code, exit_code}'
expect_equal "$(state_snapshot)" "$before" "files and records after the refusals"
sed 's/^order_id: .*/order_id: ORD-MIG-KILLED/' o1.yaml >killed.yaml
FRLIC_TEST_KILL_AT=recorded "$FRLIC" issue --order killed.yaml --out killed --allow-example-keys >/dev/null 2>&1
echo "killed: exit $?"
"$FRLIC" ledger migrate --to pending.sqlite --json | jq -c '.error | {code, exit_code}'
expect_no_file pending.sqlite
