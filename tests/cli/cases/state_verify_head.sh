# `ledger verify` prints the chain head; `--expect-head` fails (exit 11) when the ledger no
# longer holds it: a ledger truncated back to an older copy, or rewritten from there on.
set -u
source "$CLI_LIB"
cp "$SRC/tests/cli/fixtures/local-container.yaml" order.yaml
"$FRLIC" ledger verify --json | jq -c .head
expect_exit 0 "$FRLIC" issue --order order.yaml --out out --allow-example-keys >/dev/null
cp "$FRLIC_LEDGER" older.sqlite
head=$("$FRLIC" ledger verify --json | jq -r '"\(.head.seq):\(.head.hash)"')
"$FRLIC" ledger verify | sed -E "s|$PWD/||; s|[0-9a-f]{64}|HASH|"
expect_exit 0 "$FRLIC" ledger verify --expect-head "$head" --quiet
expect_exit 0 "$FRLIC" ledger verify --expect-head "${head#*:}" --quiet
# The chain grows: the old head is still in it.
sed 's/^order_id: .*/order_id: CLI-LC-0002/' order.yaml >second.yaml
expect_exit 0 "$FRLIC" issue --order second.yaml --out out2 --allow-example-keys >/dev/null
expect_exit 0 "$FRLIC" ledger verify --expect-head "$head" --quiet
new_head=$("$FRLIC" ledger verify --json | jq -r '"\(.head.seq):\(.head.hash)"')
# An older copy put back: every event is consistent, but the head is gone.
expect_exit 0 "$FRLIC" ledger verify --ledger older.sqlite --quiet
"$FRLIC" ledger verify --ledger older.sqlite --expect-head "$new_head" 2>&1 |
  sed "s|$PWD/||; s|${new_head#*:}|NEWHASH|"
"$FRLIC" ledger verify --ledger older.sqlite --expect-head "$new_head" --json >v.json
echo "exit $?: $(jq -c '{ok, events, problems: (.problems | length)}' v.json)"
# The same seq with another hash: rewritten.
"$FRLIC" ledger verify --ledger older.sqlite --expect-head "3:${new_head#*:}" --json >v.json
echo "exit $?: $(jq -r '.problems[0]' v.json | sed "s|${new_head#*:}|NEWHASH|g; s|${head#*:}|OLDHASH|g")"
"$FRLIC" ledger verify --expect-head "12:nothex" --json | jq -c '.error | {code, exit_code}'
