# -destroy never loses the receipt (review of issue 11): the receipt is staged in --out before
# anything is destroyed, so an --out where it cannot be written destroys nothing (the package
# still starts, the machine key stays); a missing --out is created; no temp file stays behind.
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/../frlic-sim/frlic-sim"
[ -x "$SIM" ] || SIM="$(dirname "$FRLIC")/frlic-sim"
cp "$SRC/templates/orders/private-cloud.yaml" order.yaml
expect_exit 0 "$SIM" machine --issuer-key "$FRLIC_KEYS" --out host --machine-id host-1 --mac 02:00:00:00:00:01 --platform linux-amd64 >/dev/null
expect_exit 0 "$FRLIC" issue --order order.yaml --rif host/require/MachineInfo.rif --out out --allow-example-keys >/dev/null
echo "-- --out below a regular file: cannot be written"
echo "a file" > blocker
"$SIM" server --package out/FanruanLicenseServer.zip --machine host -destroy --out blocker/receipts -language en > fail.out 2> fail.err; echo "exit $?"
grep -q 'nothing was destroyed' fail.err || { cat fail.err >&2; exit 99; }
expect_file host/machine.key
expect_no_file host/retired.json
expect_exit 0 "$SIM" server --package out/FanruanLicenseServer.zip --machine host -language en >/dev/null
echo "the package still starts"
echo "-- --out missing: created"
expect_exit 0 "$SIM" server --package out/FanruanLicenseServer.zip --machine host -destroy --out new/receipts -language en >/dev/null
expect_file new/receipts/receipt.fr
expect_exit 0 "$FRLIC" verify-receipt new/receipts/receipt.fr >/dev/null
ls -A new/receipts
expect_no_file host/machine.key
