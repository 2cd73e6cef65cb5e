# Manual 001, note 4: after the server is uninstalled, the same host needs a regenerated
# MachineInfo.rif. A reissue (or an issue) for a RIF whose machine key an earlier licence used
# is refused with exit 7, quoting the manual and naming that serial; the regenerated RIF works.
# cli-backends: sqlite postgresql
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/../frlic-sim/frlic-sim"
[ -x "$SIM" ] || SIM="$(dirname "$FRLIC")/frlic-sim"
host=(--machine-id host-1 --mac 02:00:00:00:00:01 --platform linux-amd64)
cp "$SRC/templates/orders/private-cloud.yaml" order.yaml
expect_exit 0 "$SIM" machine --issuer-key "$FRLIC_KEYS" --out m1 "${host[@]}" >/dev/null
cp m1/require/MachineInfo.rif first.rif  # the customer's copy of the RIF they first sent
expect_exit 0 "$FRLIC" issue --order order.yaml --rif first.rif --out out --allow-example-keys --json > issued.json
serial=$(jq -r .serial issued.json)
expect_equal "$(jq -r '.records[0].extra.machine_public_key | length' <("$FRLIC" ledger list --json))" 64 "machine key kept in extra"
expect_exit 0 "$SIM" server --package out/FanruanLicenseServer.zip --machine m1 -destroy >/dev/null
expect_file receipt.fr

# The old RIF again, on the same host: refused, nothing written, the receipt not consumed.
expect_exit 7 "$FRLIC" reissue --receipt receipt.fr --rif first.rif --out new --allow-example-keys 2> refused.err
grep -q "already used for licence $serial (order ORD-2026-0102, active" refused.err || { cat refused.err >&2; exit 99; }
grep -q 'you must regenerate the MachineInfo.rif file' refused.err || { cat refused.err >&2; exit 99; }
expect_no_file new/FanruanLicenseServer.zip
expect_exit 0 "$FRLIC" verify-receipt receipt.fr >/dev/null
echo "old rif refused: $(grep -c 'frlic: error' refused.err)"

# The regenerated RIF of the same host: accepted (the host's one licence is being replaced).
expect_exit 0 "$SIM" machine --issuer-key "$FRLIC_KEYS" --out m2 "${host[@]}" >/dev/null
expect_exit 0 "$FRLIC" reissue --receipt receipt.fr --rif m2/require/MachineInfo.rif --out new --allow-example-keys --json > reissued.json
expect_equal "$(jq -r .replaces reissued.json)" "$serial" "replaced serial"

# A new order with the RIF of the destroyed licence, once the host runs nothing (business
# revoked the replacement): still refused, its key is retired.
sed 's/ORD-2026-0102/ORD-2026-0103/' order.yaml > order2.yaml
expect_exit 0 "$FRLIC" revoke "$(jq -r .serial reissued.json)" --reason "test" >/dev/null
expect_exit 7 "$FRLIC" issue --order order2.yaml --rif first.rif --out out2 --allow-example-keys --json > refused.json
expect_equal "$(jq -r .error.code refused.json)" refused "error code"
jq -r '.error.message' refused.json | grep -q "destroyed" || exit 99
expect_exit 0 "$FRLIC" ledger verify >/dev/null
echo "records: $(ledger_count)"
