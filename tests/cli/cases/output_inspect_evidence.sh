# inspect names what comes back from customers (issue 12, item 9): a receipt.fr, a
# MachineInfo.rif and a privateConfig are recognised and shown, not "unknown artifact type".
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/../frlic-sim/frlic-sim"
[ -x "$SIM" ] || SIM="$(dirname "$FRLIC")/frlic-sim"
cp "$SRC/templates/orders/private-cloud.yaml" order.yaml
expect_exit 0 "$SIM" machine --issuer-key "$FRLIC_KEYS" --out host --machine-id h1 --mac 02:00:00:00:00:01 --platform linux-amd64 >/dev/null
expect_exit 0 "$FRLIC" issue --order order.yaml --rif host/require/MachineInfo.rif --out out --allow-example-keys --json > issued.json
serial=$(jq -r .serial issued.json)
expect_exit 0 "$SIM" server --package out/FanruanLicenseServer.zip --machine host -destroy >/dev/null
for f in receipt.fr host/require/MachineInfo.rif "$SRC/tests/vectors/private-config/at-issue.privateConfig"; do
  "$FRLIC" inspect "$f" --json > shown.json; echo "$(basename "$f"): exit $? type $(jq -r '.type // .artifact // "?"' shown.json)"
done
[ "$(jq -r '.serial // .payload.serial // empty' < <("$FRLIC" inspect receipt.fr --json))" = "$serial" ] && echo "receipt names the serial"
