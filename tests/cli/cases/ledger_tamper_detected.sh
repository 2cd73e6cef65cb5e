# Editing the ledger behind frlic's back shows in `frlic ledger verify`.
set -u
source "$CLI_LIB"
cp "$SRC/tests/cli/fixtures/local-container.yaml" order.yaml
expect_exit 0 "$FRLIC" issue --order order.yaml --out out --allow-example-keys >/dev/null
expect_exit 0 "$FRLIC" ledger verify
sqlite3 "$FRLIC_LEDGER" "UPDATE licences SET status='revoked'"
"$FRLIC" ledger verify --json > verify.json
expect_equal "$?" 11 "exit status of ledger verify"
expect_equal "$(jq -r .ok verify.json)" false
"$FRLIC" ledger verify
