# Manual 001: "FineDataLink IP addresses (private only)". An ip_ranges entry outside the
# private ranges is a warning in lint and issue (exit codes unchanged, text and --json), and an
# error (exit 3, nothing issued) with --strict-private-ips. server.public_ip is not checked.
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/../frlic-sim/frlic-sim"
[ -x "$SIM" ] || SIM="$(dirname "$FRLIC")/frlic-sim"
sed 's/  - 192.168.0.1$/  - 8.8.8.8/' "$SRC/templates/orders/private-cloud.yaml" > order.yaml
grep -q '8.8.8.8' order.yaml || exit 99
expect_exit 0 "$FRLIC" lint "$SRC/templates/orders/private-cloud.yaml" >/dev/null 2> clean.err
expect_equal "$(cat clean.err)" "" "stderr of a clean order"

expect_exit 0 "$FRLIC" lint order.yaml 2> lint.err
cat lint.err
expect_exit 0 "$FRLIC" lint order.yaml --json > lint.json
jq -c '.ok, .files[0].warnings[0].field, .files[0].warnings[0].line' lint.json
expect_exit 3 "$FRLIC" lint order.yaml --strict-private-ips 2> strict.err
grep -q 'order.yaml:.*ip_ranges\[1\]: is not a private address range' strict.err || { cat strict.err >&2; exit 99; }
expect_exit 3 "$FRLIC" lint order.yaml --strict-private-ips --json > strict.json
jq -c '.ok, .files[0].problems[0].field' strict.json

expect_exit 0 "$SIM" machine --issuer-key "$FRLIC_KEYS" --out m --machine-id host-1 --mac 02:00:00:00:00:01 --platform linux-amd64 >/dev/null
expect_exit 3 "$FRLIC" issue --order order.yaml --rif m/require/MachineInfo.rif --out out --allow-example-keys --strict-private-ips 2>/dev/null
expect_no_file out
expect_equal "$(ledger_count)" 0 "records after the strict refusal"
expect_exit 0 "$FRLIC" issue --order order.yaml --rif m/require/MachineInfo.rif --out out --allow-example-keys --json > issued.json
jq -c '.warnings[0].field, .warnings[0].found' issued.json
