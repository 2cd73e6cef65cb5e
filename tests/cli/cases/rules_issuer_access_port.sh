# Manual 001's "access port": every private-cloud server licence carries terms.port, the
# order's server.port or else 8081, in the signed licence and in the ledger's terms.
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/../frlic-sim/frlic-sim"
[ -x "$SIM" ] || SIM="$(dirname "$FRLIC")/frlic-sim"
grep -v '^  port: 8081$' "$SRC/templates/orders/private-cloud.yaml" > default.yaml
sed -e 's/ORD-2026-0102/ORD-2026-0300/' -e 's/^  port: 8081$/  port: 8443/' \
  "$SRC/templates/orders/private-cloud.yaml" > explicit.yaml
grep -q 'port: 8443' explicit.yaml || exit 99
sed -e 's/ORD-2026-0102/ORD-2026-0301/' -e 's/^  port: 8081$/  port: 65536/' \
  "$SRC/templates/orders/private-cloud.yaml" > bad.yaml
expect_exit 3 "$FRLIC" lint bad.yaml 2>/dev/null
for n in 1 2; do
  expect_exit 0 "$SIM" machine --issuer-key "$FRLIC_KEYS" --out m$n --machine-id host-$n --mac 02:00:00:00:00:0$n --platform linux-amd64 >/dev/null
done
expect_exit 0 "$FRLIC" issue --order default.yaml --rif m1/require/MachineInfo.rif --out d --allow-example-keys >/dev/null
expect_exit 0 "$FRLIC" issue --order explicit.yaml --rif m2/require/MachineInfo.rif --out e --allow-example-keys >/dev/null
for dir in d e; do
  unzip -p $dir/FanruanLicenseServer.zip FanruanLicenseServer/config/license.json |
    jq -r .payload | base64 -d | jq -c '[.order_id, .terms.port]'
done
"$FRLIC" ledger list --json | jq -c '.records[] | [.order_id, .terms.port]' | sort
