# frlic-sim server honours -language (Simplified Chinese by default, seed 001; en on request),
# checks -port (1-65535), and shows the licence's access port, warning when -port differs.
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/../frlic-sim/frlic-sim"
[ -x "$SIM" ] || SIM="$(dirname "$FRLIC")/frlic-sim"
cp "$SRC/templates/orders/private-cloud.yaml" order.yaml
expect_exit 0 "$SIM" machine --issuer-key "$FRLIC_KEYS" --out host --machine-id host-1 --mac 02:00:00:00:00:01 --platform linux-amd64 >/dev/null
expect_exit 0 "$FRLIC" issue --order order.yaml --rif host/require/MachineInfo.rif --out out --allow-example-keys --json > issued.json
serial=$(jq -r .serial issued.json)
srv=("$SIM" server --package out/FanruanLicenseServer.zip --machine host)
hide() { sed "s/$serial/SERIAL/g"; }

echo "-- default (zh)"
"${srv[@]}" | hide
echo "-- -language en -port 8081"
"${srv[@]}" -language en -port 8081 2> same.err | hide
expect_equal "$(cat same.err)" "" "stderr when -port is the access port"
echo "-- -port 8088: warns"
"${srv[@]}" -language en -port 8088 2> differs.err | hide
grep -q 'warning: -port 8088 differs from the licence.s access port 8081' differs.err || { cat differs.err >&2; exit 99; }
echo "-- answers"
"${srv[@]}" --ip 192.168.100.25 --product-version 4.1.5 --app-name report1
"${srv[@]}" --ip 10.0.0.1 --product-version 4.1.5 --app-name report1 -language en | jq -c '{code, name, message}'
echo "-- refused"
for bad in 0 65536 99999 -1; do
  "${srv[@]}" -port "$bad" 2> port.err; echo "-port $bad: exit $?"
  grep -q 'is not a TCP port' port.err || { cat port.err >&2; exit 99; }
done
"${srv[@]}" -port 1 >/dev/null && echo "-port 1: exit 0"
"${srv[@]}" -port 65535 >/dev/null && echo "-port 65535: exit 0"
"${srv[@]}" -language fr 2> lang.err; echo "-language fr: exit $?"
grep -q 'use -language zh (Simplified Chinese, the default) or -language en' lang.err || { cat lang.err >&2; exit 99; }
