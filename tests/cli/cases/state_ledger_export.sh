# frlic ledger export (issue 12, item 3): the ledger keeps Container.lic and
# FanruanLicenseServer.zip, so a licence lost with a CI runner is written again byte for byte.
# An image (its instance key is a secret) and a public cloud account (no file, no password) are
# refused; an existing file only with --force; a changed copy is caught by verify and export.
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/../frlic-sim/frlic-sim"
[ -x "$SIM" ] || SIM="$(dirname "$FRLIC")/frlic-sim"
cp "$SRC/tests/cli/fixtures/local-container.yaml" lc.yaml
cp "$SRC/templates/orders/private-cloud.yaml" pc.yaml
cp "$SRC/templates/orders/container-private-cloud.yaml" cpc.yaml
cp "$SRC/templates/orders/public-cloud.yaml" pub.yaml
expect_exit 0 "$SIM" machine --issuer-key "$FRLIC_KEYS" --out host --machine-id host-1 --mac 02:00:00:00:00:01 --platform linux-amd64 >/dev/null
"$FRLIC" issue --order lc.yaml --out out-lc --allow-example-keys --json >lc.json
"$FRLIC" issue --order pc.yaml --rif host/require/MachineInfo.rif --out out-pc --allow-example-keys --json >pc.json
"$FRLIC" issue --order cpc.yaml --out out-cpc --allow-example-keys --json >cpc.json
"$FRLIC" issue --order pub.yaml --out out-pub --allow-example-keys --password-out pw.txt --json >pub.json
lc=$(jq -r .serial lc.json); pc=$(jq -r .serial pc.json)
cpc=$(jq -r .serial cpc.json); pub=$(jq -r .serial pub.json)
cp out-lc/Container.lic saved.lic
cp out-pc/FanruanLicenseServer.zip saved.zip
rm -r out-lc out-pc
# The re-run of a lost licence points to export.
"$FRLIC" issue --order lc.yaml --out out-lc --allow-example-keys | grep -c "frlic ledger export $lc --out DIR"
# Both come back byte-identical: by serial, and by order id.
"$FRLIC" ledger export "$lc" --out restored --json | jq -c '{ok, method, status, name: (.path | split("/") | last)}'
"$FRLIC" ledger export "$(jq -r .order_id pc.json)" --out restored | sed -E "s|$pc|SERIAL|; s|[0-9a-f]{64}|SHA256|"
cmp saved.lic restored/Container.lic && echo "Container.lic identical"
cmp saved.zip restored/FanruanLicenseServer.zip && echo "FanruanLicenseServer.zip identical"
unzip -tq restored/FanruanLicenseServer.zip >/dev/null && echo "zip tests ok"
# An existing file is refused (exit 7), --force replaces it with the ledger's copy.
echo other >restored/Container.lic
"$FRLIC" ledger export "$lc" --out restored --json | jq -c '{code: .error.code, exit_code: .error.exit_code}'
expect_equal "$(cat restored/Container.lic)" other "a refused export leaves the file"
expect_exit 0 "$FRLIC" ledger export "$lc" --out restored --force --quiet
cmp saved.lic restored/Container.lic && echo "--force: identical"
# An image: refused, the instance key is a secret the ledger does not keep.
"$FRLIC" ledger export "$cpc" --out restored 2>err.txt; echo "image: exit $?"
grep -c "instance key, a secret the ledger does not keep" err.txt
grep -c "reissue --private-config" err.txt
# A public cloud account: refused, no file and no password.
"$FRLIC" ledger export "$pub" --out restored --json | jq -c '{code: .error.code, exit_code: .error.exit_code}'
ls restored | sort
# Unknown serial: exit 9.
"$FRLIC" ledger export FRL-0000000000000000 --out restored >/dev/null 2>&1; echo "unknown: exit $?"
# A record issued before the ledger kept copies: exit 9, naming the serial.
sqlite3 ledger.sqlite "DELETE FROM artifacts WHERE serial = '$lc'"
"$FRLIC" ledger export "$lc" --out older 2>err.txt; echo "no copy: exit $?"
grep -c "$lc (order CLI-LC-0001) predates the ledger's artifact copies" err.txt
expect_no_file older/Container.lic
# A changed copy: verify reports it, export refuses it (exit 11).
expect_exit 0 "$FRLIC" ledger verify --quiet
sqlite3 ledger.sqlite "UPDATE artifacts SET bytes = X'00' WHERE serial = '$pc'"
"$FRLIC" ledger verify --json | jq -r '.problems[]' | sed -E "s|$pc|SERIAL|; s|[0-9a-f]{64}|SHA256|g"
"$FRLIC" ledger export "$pc" --out changed --json | jq -c '{code: .error.code, exit_code: .error.exit_code}'
expect_no_file changed/FanruanLicenseServer.zip
exit 0
