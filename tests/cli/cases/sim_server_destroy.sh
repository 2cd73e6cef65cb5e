# -destroy retires the host's machine key (issue 11, items 1 and 11): a copy of the package kept
# before -destroy does not start on this host, a second -destroy says the package was already
# destroyed (naming its serial), and the machine tool exports no RIF for the retired key until
# told to regenerate it, which writes a fresh key pair.
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/../frlic-sim/frlic-sim"
[ -x "$SIM" ] || SIM="$(dirname "$FRLIC")/frlic-sim"
host=(--machine-id host-1 --mac 02:00:00:00:00:01 --platform linux-amd64)
cp "$SRC/templates/orders/private-cloud.yaml" order.yaml
expect_exit 0 "$SIM" machine --issuer-key "$FRLIC_KEYS" --out host "${host[@]}" >/dev/null
expect_exit 0 "$FRLIC" issue --order order.yaml --rif host/require/MachineInfo.rif --out out --allow-example-keys --json > issued.json
serial=$(jq -r .serial issued.json)
hide() { sed "s/$serial/SERIAL/g"; }
cp out/FanruanLicenseServer.zip kept-copy.zip
old_key=$(jq -r .machine_public_key host/machine.json)

echo "-- destroy (en)"
expect_exit 0 "$SIM" server --package out/FanruanLicenseServer.zip --machine host -destroy -language en | hide
expect_no_file host/machine.key
jq -r '.retired[] | "\(.serial) \(.destroyed_at)"' host/retired.json | hide
echo "-- a second -destroy"
"$SIM" server --package out/FanruanLicenseServer.zip --machine host -destroy 2> again.err; echo "exit $?"
hide < again.err
echo "-- the kept copy"
"$SIM" server --package kept-copy.zip --machine host 2> copy.err; echo "exit $?"
grep -q "the machine key of host was retired when licence server $serial was destroyed" copy.err || { cat copy.err >&2; exit 99; }
echo "-- the machine tool"
"$SIM" machine --issuer-key "$FRLIC_KEYS" --out host "${host[@]}" 2> machine.err; echo "exit $?"
grep -q 'frlic-sim: hint: regenerate the machine key and MachineInfo.rif: frlic-sim machine --out host --regenerate' machine.err || { cat machine.err >&2; exit 99; }
expect_exit 0 "$SIM" machine --issuer-key "$FRLIC_KEYS" --out host "${host[@]}" --regenerate >/dev/null
expect_file host/machine.key
[ "$(jq -r .machine_public_key host/machine.json)" != "$old_key" ] || { echo "same key after --regenerate" >&2; exit 99; }
echo "regenerated: a new key pair"
# The kept copy still does not start: the new key does not open its instance key.
"$SIM" server --package kept-copy.zip --machine host 2>/dev/null; echo "kept copy after regenerate: exit $?"
echo "-- a receipt.fr already in --out: refused before anything is destroyed"
expect_exit 0 "$FRLIC" reissue --receipt receipt.fr --rif host/require/MachineInfo.rif --out reissued --allow-example-keys >/dev/null
"$SIM" server --package reissued/FanruanLicenseServer.zip --machine host -destroy 2> exists.err; echo "exit $?"
grep -q 'receipt.fr already exists' exists.err || { cat exists.err >&2; exit 99; }
expect_exit 0 "$SIM" server --package reissued/FanruanLicenseServer.zip --machine host >/dev/null
expect_file host/machine.key
echo "the reissued package still starts"
