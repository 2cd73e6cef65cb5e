# An expired licence (issue 11, item 3): the reference server still starts on the day after the
# expiry day (with a warning), answers 30000 to product requests, and -destroy writes a
# receipt.fr that frlic verify-receipt and reissue accept. Both sides of the expiry day
# (2027-10-14, valid through 23:59:59 UTC).
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/../frlic-sim/frlic-sim"
[ -x "$SIM" ] || SIM="$(dirname "$FRLIC")/frlic-sim"
cp "$SRC/templates/orders/private-cloud.yaml" order.yaml
expect_exit 0 "$SIM" machine --issuer-key "$FRLIC_KEYS" --out host --machine-id host-1 --mac 02:00:00:00:00:01 --platform linux-amd64 >/dev/null
expect_exit 0 "$FRLIC" issue --order order.yaml --rif host/require/MachineInfo.rif --out out --allow-example-keys >/dev/null
srv=("$SIM" server --package out/FanruanLicenseServer.zip --machine host -language en)
ask=(--ip 192.168.100.25 --product-version 4.1.5 --app-name report1)

echo "-- last valid day"
FRLIC_NOW=2027-10-14T23:59:59Z expect_exit 0 "${srv[@]}" > start.out 2> start.err
expect_equal "$(cat start.err)" "" "warnings on the last valid day"
FRLIC_NOW=2027-10-14T23:59:59Z "${srv[@]}" "${ask[@]}" | jq -c '{code, name}'
echo "-- the day after"
FRLIC_NOW=2027-10-15T00:00:00Z expect_exit 0 "${srv[@]}" > start.out 2> start.err
grep -q 'warning: licence FRL-[0-9A-F]* expired after 2027-10-14 (UTC): every registration is answered 30000' start.err || { cat start.err >&2; exit 99; }
FRLIC_NOW=2027-10-15T00:00:00Z "${srv[@]}" "${ask[@]}" 2>/dev/null | jq -c '{code, name, message}'
echo "-- zh warning"
FRLIC_NOW=2027-10-15T00:00:00Z "$SIM" server --package out/FanruanLicenseServer.zip --machine host 2>&1 >/dev/null | sed 's/FRL-[0-9A-F]*/SERIAL/'
echo "-- destroy after expiry"
FRLIC_NOW=2027-10-16T09:00:00Z expect_exit 0 "${srv[@]}" -destroy > destroyed.out 2>/dev/null
expect_file receipt.fr
FRLIC_NOW=2027-10-16T10:00:00Z "$FRLIC" verify-receipt receipt.fr --json | jq -r .verdict
# Renewal or migration: the reissue takes the receipt with a regenerated RIF.
expect_exit 0 "$SIM" machine --issuer-key "$FRLIC_KEYS" --out host --machine-id host-1 --mac 02:00:00:00:00:01 --platform linux-amd64 --regenerate >/dev/null
FRLIC_NOW=2027-10-16T10:00:00Z expect_exit 0 "$FRLIC" reissue --receipt receipt.fr --rif host/require/MachineInfo.rif --out renewed --allow-example-keys --json > reissued.json
jq -r '.ok' reissued.json
