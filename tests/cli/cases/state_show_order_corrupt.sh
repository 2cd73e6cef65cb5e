# `ledger show ORDER-ID` reports a damaged record as ledger-corrupt (exit 11), not as an unknown
# order id (exit 9); an order id that is really unknown (in a sound ledger) is exit 9.
set -u
source "$CLI_LIB"
cp "$SRC/tests/cli/fixtures/local-container.yaml" order.yaml
expect_exit 0 "$FRLIC" issue --order order.yaml --out out --allow-example-keys >/dev/null
"$FRLIC" ledger show CLI-LC-9999 --json >unknown.json
echo "unknown: exit $? $(jq -r .error.code unknown.json)"
sqlite3 "$FRLIC_LEDGER" "UPDATE licences SET terms_json = '{not json' WHERE order_id = 'CLI-LC-0001'"
"$FRLIC" ledger show CLI-LC-0001 --json >shown.json
echo "damaged: exit $? $(jq -r .error.code shown.json)"
