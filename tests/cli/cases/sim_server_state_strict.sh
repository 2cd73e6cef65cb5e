# With --state, the product's request is read as strictly as without (review of issue 11): a
# key twice is 10000 from the request's own bytes (not re-serialised away), and registers
# nothing; a well-formed request registers.
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/../frlic-sim/frlic-sim"
[ -x "$SIM" ] || SIM="$(dirname "$FRLIC")/frlic-sim"
cp "$SRC/templates/orders/private-cloud.yaml" order.yaml
expect_exit 0 "$SIM" machine --issuer-key "$FRLIC_KEYS" --out host --machine-id host-1 --mac 02:00:00:00:00:01 --platform linux-amd64 >/dev/null
expect_exit 0 "$FRLIC" issue --order order.yaml --rif host/require/MachineInfo.rif --out out --allow-example-keys >/dev/null
srv=("$SIM" server --package out/FanruanLicenseServer.zip --machine host -language en)
twice='{"ip":"192.168.100.25","ip":"192.168.100.26","product":"FineDataLink","version":"4.1.5","app_name":"report1","nodes":1}'
once='{"ip":"192.168.100.25","product":"FineDataLink","version":"4.1.5","app_name":"report1","nodes":1}'
echo "stateless, key twice: $("${srv[@]}" --request "$twice" | jq -r '"\(.code) \(.name)"')"
echo "--state, key twice: $("${srv[@]}" --state state.json --request "$twice" | jq -r '"\(.code) \(.name)"')"
echo "registrations: $(jq -c '.tables' state.json)"
echo "--state, key once: $("${srv[@]}" --state state.json --request "$once" | jq -r '"\(.code) \(.name)"')"
echo "registrations: $(jq -r '.tables[] | .[] | .key' state.json)"
echo "--state, not an object: $("${srv[@]}" --state state.json --request '[1]' | jq -r '"\(.code) \(.name)"')"
