# Re-running a public-cloud issue reports the account (exit 0, "already_issued": true) without
# its password, which the ledger never stores; another order under the same id is refused.
# cli-backends: sqlite postgresql
set -u
source "$CLI_LIB"
cp "$SRC/templates/orders/public-cloud.yaml" order.yaml
# The first issue shows the password once (flags as this build has them).
"$FRLIC" issue --order order.yaml --allow-example-keys --show-password --json >first.json 2>/dev/null ||
  "$FRLIC" issue --order order.yaml --allow-example-keys --json >first.json
expect_equal "$(jq -r .ok first.json)" true "the first issue"
"$FRLIC" issue --order order.yaml --allow-example-keys --json >again.json
echo "exit $?"
jq -c '{ok, already_issued, method, account, has_password: (.account | has("password"))}' again.json
expect_equal "$(jq -r .serial again.json)" "$(jq -r .serial first.json)" "the serial reported"
"$FRLIC" issue --order order.yaml --allow-example-keys | sed "s|$(jq -r .serial first.json)|SERIAL|"
# With --password-out, the re-run says that nothing waited there, and writes nothing.
"$FRLIC" issue --order order.yaml --allow-example-keys --password-out pw.txt |
  sed "s|$(jq -r .serial first.json)|SERIAL|"
expect_equal "$(test -e pw.txt && echo written || echo absent)" absent "the --password-out file"
sed 's/^capacity: .*/capacity: 9/' order.yaml >changed.yaml
expect_exit 8 "$FRLIC" issue --order changed.yaml --allow-example-keys 2>/dev/null
expect_equal "$("$FRLIC" ledger list --json | jq '.records | length')" 1 "records"
