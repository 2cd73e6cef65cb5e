# Manual 001, note 3: "A single authorization server is not allowed to run two private cloud
# authentication programs". A second private-cloud order for a host with an active licence is
# refused with exit 8, naming the serial and the ways on; after business revokes it, a
# regenerated RIF of that host is accepted.
# cli-backends: sqlite postgresql
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/../frlic-sim/frlic-sim"
[ -x "$SIM" ] || SIM="$(dirname "$FRLIC")/frlic-sim"
host=(--machine-id host-1 --mac 02:00:00:00:00:01 --platform linux-amd64)
cp "$SRC/templates/orders/private-cloud.yaml" first.yaml
sed 's/ORD-2026-0102/ORD-2026-0200/' first.yaml > second.yaml
expect_exit 0 "$SIM" machine --issuer-key "$FRLIC_KEYS" --out m1 "${host[@]}" >/dev/null
expect_exit 0 "$FRLIC" issue --order first.yaml --rif m1/require/MachineInfo.rif --out a --allow-example-keys --json > first.json
serial=$(jq -r .serial first.json)

# The same RIF for another order: the host already runs a licence (exit 8, not a key reuse).
expect_exit 8 "$FRLIC" issue --order second.yaml --rif m1/require/MachineInfo.rif --out b --allow-example-keys 2> same.err
grep -q "already runs licence $serial" same.err || { cat same.err >&2; exit 99; }
grep -q "not allowed to run two private cloud authentication programs" same.err || exit 99
grep -q "frlic: hint: .*server -destroy.*frlic reissue.*frlic revoke $serial" same.err || { cat same.err >&2; exit 99; }
expect_no_file b
# A regenerated RIF of the same host: still the same host.
expect_exit 0 "$SIM" machine --issuer-key "$FRLIC_KEYS" --out m2 "${host[@]}" >/dev/null
expect_exit 8 "$FRLIC" issue --order second.yaml --rif m2/require/MachineInfo.rif --out b --allow-example-keys 2>/dev/null
# Another host: fine.
expect_exit 0 "$SIM" machine --issuer-key "$FRLIC_KEYS" --out other --machine-id host-2 --mac 02:00:00:00:00:02 --platform linux-amd64 >/dev/null
sed 's/ORD-2026-0102/ORD-2026-0201/' first.yaml > third.yaml
expect_exit 0 "$FRLIC" issue --order third.yaml --rif other/require/MachineInfo.rif --out c --allow-example-keys >/dev/null

# Business revokes the first: the regenerated RIF is accepted, the original one is not.
expect_exit 0 "$FRLIC" revoke "$serial" --reason "customer moved the server" >/dev/null
expect_exit 7 "$FRLIC" issue --order second.yaml --rif m1/require/MachineInfo.rif --out b --allow-example-keys 2>/dev/null
expect_exit 0 "$FRLIC" issue --order second.yaml --rif m2/require/MachineInfo.rif --out b --allow-example-keys >/dev/null
"$FRLIC" ledger list --method private-cloud --json | jq -r '.records[] | .status' | sort | uniq -c | sed 's/^ *//'
