# Finding a licence from what a customer's e-mail says: ledger list shows company and project
# and filters by company, project (substring, ASCII case ignored), order id, status, method,
# machine, IP address and expiry window; ledger show takes an order id; notes and requested_by
# are kept in the ledger (never signed) and shown.
# cli-backends: sqlite postgresql
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/../frlic-sim/frlic-sim"
[ -x "$SIM" ] || SIM="$(dirname "$FRLIC")/frlic-sim"
T="$SRC/templates/orders"
sed -e 's/^order_id: .*/order_id: ORD-LC-1/' "$T/local-container.yaml" > lc1.yaml
sed -e 's/^order_id: .*/order_id: ORD-LC-2/' -e 's/^company: .*/company: 北京示例科技有限公司/' \
  -e 's/^project: .*/project: Finance Cockpit/' -e 's/^expires: .*/expires: 2027-03-31/' \
  -e '/^notes:/,$d' "$T/local-container.yaml" > lc2.yaml
expect_exit 0 "$SIM" machine --issuer-key "$FRLIC_KEYS" --out m --machine-id host-1 --mac 02:00:00:00:00:01 --platform linux-amd64 >/dev/null
for o in lc1 lc2; do
  expect_exit 0 "$FRLIC" issue --order $o.yaml --out $o --allow-example-keys >/dev/null
done
expect_exit 0 "$FRLIC" issue --order "$T/private-cloud.yaml" --rif m/require/MachineInfo.rif --out pc --allow-example-keys --json > pc.json
expect_exit 0 "$FRLIC" revoke "$(jq -r .serial pc.json)" --reason "test" >/dev/null
fp=$(jq -r '.records[] | select(.method == "private-cloud") | .machine_fingerprint' <("$FRLIC" ledger list --json))

ids() { "$FRLIC" ledger list --json "$@" | jq -r '[.records[].order_id] | sort | join(" ")'; }
echo "all: $(ids)"
echo "company example trading: $(ids --company 'example TRADING')"
echo "company 北京: $(ids --company 北京)"
echo "project cockpit: $(ids --project COCKPIT)"
echo "order id: $(ids --order-id ORD-LC-2)"
echo "revoked: $(ids --status revoked)"
echo "local-container: $(ids --method local-container)"
echo "machine: $(ids --machine "${fp^^}")"
echo "ip inside: $(ids --ip 192.168.100.26)"
echo "ip outside: $(ids --ip 192.168.100.27)"
echo "expires before 2027-04-01: $(ids --expires-before 2027-04-01)"
echo "expires after 2027-03-31: $(ids --expires-after 2027-03-31)"
echo "expires before 2027-03-31: $(ids --expires-before 2027-03-31)"
echo "two filters: $(ids --company example --method private-cloud)"
"$FRLIC" ledger list --company 北京 | awk '{$1 = ""; print substr($0, 2)}'
"$FRLIC" ledger list --company nobody | sed -e "s|$PWD/ledger.sqlite|LEDGER|" -e "s|postgresql://[^)]*|LEDGER|"
expect_exit 3 "$FRLIC" ledger list --status gone 2>/dev/null
expect_exit 3 "$FRLIC" ledger list --ip 192.168.1 2>/dev/null
expect_exit 3 "$FRLIC" ledger list --expires-before 2027/01/01 2>/dev/null
expect_exit 3 "$FRLIC" ledger list --machine abc 2>/dev/null
expect_exit 3 "$FRLIC" ledger list --method cloud --json > bad.json
jq -c '[.error.problems[].field]' bad.json

# ledger show by order id, with notes and requested_by; never in the signed licence.
"$FRLIC" ledger show ORD-LC-1 --json > shown.json
jq -c '[.order_id, .company, .project, .requested_by, (.notes | length > 0), (.order_records | length)]' shown.json
expect_equal "$(jq -r .serial shown.json)" "$(jq -r '.records[] | select(.order_id == "ORD-LC-1") | .serial' <("$FRLIC" ledger list --json))" "serial of the order"
"$FRLIC" ledger show ORD-LC-2 --json | jq -c '[.notes, .requested_by]'
jq -r .payload lc1/Container.lic | base64 -d | grep -c -e "buyer@" -e "notes"
expect_exit 9 "$FRLIC" ledger show ORD-NONE 2>/dev/null
expect_exit 0 "$FRLIC" ledger verify >/dev/null
