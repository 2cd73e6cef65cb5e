# frlic check --license FanruanLicenseServer.zip: the licence server's code for a product's facts,
# from the signed licence alone (no machine key); the type comes from the bytes, not the name;
# facts left out are listed as not checked and the verdict says so.
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/../frlic-sim/frlic-sim"
[ -x "$SIM" ] || SIM="$(dirname "$FRLIC")/frlic-sim"
cp "$SRC/templates/orders/private-cloud.yaml" order.yaml
expect_exit 0 "$SIM" machine --issuer-key "$FRLIC_KEYS" --out host --machine-id host-1 --mac 02:00:00:00:00:01 --platform linux-amd64 > /dev/null
expect_exit 0 "$FRLIC" issue --order order.yaml --rif host/require/MachineInfo.rif --out out --allow-example-keys > /dev/null
cp out/FanruanLicenseServer.zip renamed.lic   # the name does not decide the type
code() {  # expected exit, flags...
  local want=$1; shift
  "$FRLIC" check --license renamed.lic --json "$@" > v.json
  expect_equal "$?" "$want" "exit of check $*"
  echo "$(jq -r '.artifact + " " + (.server_code|tostring) + " " + .server_error + " | " + .verdict + " | " + (.not_checked|join(","))' v.json)"
}
all=(--ip 192.168.100.25 --product FineDataLink --product-version 4.1.5 --app-name report1
     --domain license.example-trading.com --nodes 3)
code 0
code 0 "${all[@]}"
code 0 --ip 192.168.0.1 --product FineDataLink --product-version 4.1 --nodes 1
code 1 "${all[@]}" --ip 10.0.0.1
code 1 "${all[@]}" --product-version 4.10
code 1 "${all[@]}" --domain other.example.com
code 1 "${all[@]}" --app-name other
code 1 "${all[@]}" --nodes 4
code 1 "${all[@]}" --date 2027-10-15
code 0 "${all[@]}" --date 2027-10-14T23:59:59Z
# A fact not given is never taken as failing: --app-name left out is unknown, not "no app name".
code 0 --ip 192.168.100.25 --product FineDataLink --product-version 4.1.5 --nodes 1
"$FRLIC" check --license renamed.lic --ip 192.168.100.25 | sed -E 's/FRL-[0-9A-F]{16}/FRL-X/'
expect_exit 3 "$FRLIC" check --license renamed.lic --ip 192.168.100.999
# A destroyed package (review finding 20): its licence still reads, and the verdict says so.
mkdir destroyed && cp out/FanruanLicenseServer.zip destroyed/
(cd destroyed && expect_exit 0 "$SIM" server --package FanruanLicenseServer.zip --machine ../host -destroy > /dev/null)
"$FRLIC" check --license destroyed/FanruanLicenseServer.zip --json "${all[@]}" > d.json
echo "destroyed: exit $? $(jq -r '.verdict + " " + (.destroyed|tostring) + " " + (.server_code|tostring)' d.json)"
"$FRLIC" check --license destroyed/FanruanLicenseServer.zip "${all[@]}" --date 2026-11-23 | sed -E 's/FRL-[0-9A-F]{16}/FRL-X/'
