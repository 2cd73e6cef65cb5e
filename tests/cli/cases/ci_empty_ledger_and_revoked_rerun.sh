# Two ways a job could report success wrongly (issue 12, items 1 and 3): an empty file where the
# ledger should be is refused (it would be an empty ledger that issues every order again), and a
# re-run of an order whose licence was revoked does not report it as delivered.
set -u
source "$CLI_LIB"
: > empty.sqlite
"$FRLIC" ledger verify --ledger empty.sqlite 2>err; echo "verify, empty file: $?"
grep -q 'is an empty file, not a frlic ledger' err && echo "says it is empty"
"$FRLIC" issue --order "$SRC/templates/orders/local-container.yaml" --ledger empty.sqlite --out o \
  --allow-example-keys 2>/dev/null; echo "issue, empty file: $?"
[ -s empty.sqlite ] && echo "empty file changed" || echo "empty file untouched"
ls empty.sqlite-* 2>/dev/null || echo "no journal files"
expect_exit 0 "$FRLIC" issue --order "$SRC/templates/orders/local-container.yaml" --out a --allow-example-keys --json > first.json
serial=$(jq -r .serial first.json)
expect_exit 0 "$FRLIC" issue --order "$SRC/templates/orders/local-container.yaml" --out a --allow-example-keys --json > again.json
jq -r '.already_issued' again.json
expect_exit 0 "$FRLIC" revoke "$serial" --reason "moved" > /dev/null
"$FRLIC" issue --order "$SRC/templates/orders/local-container.yaml" --out a --allow-example-keys 2>err; echo "re-run after revoke: $?"
grep -q "which is now revoked" err && echo "says it is revoked"
