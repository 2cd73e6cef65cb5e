# The container component answers product registrations (docs/formats.md section 9.8): the
# reference component (frlic-sim component --ip ...) and frlic check --license
# fanruan_license_server.tar give the same codes; a component never checks the product's address.
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/../frlic-sim/frlic-sim"
[ -x "$SIM" ] || SIM="$(dirname "$FRLIC")/frlic-sim"
cp "$SRC/templates/orders/container-private-cloud.yaml" order.yaml
expect_exit 0 "$FRLIC" issue --order order.yaml --out out --allow-example-keys > /dev/null
img=out/fanruan_license_server.tar
both() {  # expected code, facts...
  local want=$1; shift
  local sim check
  sim=$("$SIM" component --image $img --data data "$@" | jq -r .code)
  check=$("$FRLIC" check --license $img --json "$@" | jq -r .server_code)
  expect_equal "$sim" "$want" "component's answer to $*"
  expect_equal "$check" "$want" "check's answer to $*"
  echo "$want $*"
}
ok=(--ip 8.8.8.8 --product FineReport --product-version 11.0.26 --app-name finance --nodes 4)
both 0 "${ok[@]}"
both 0 "${ok[@]}" --domain anything.example.com
both 30001 "${ok[@]}" --product-version 12.0
both 30005 "${ok[@]}" --app-name sales
both 30007 "${ok[@]}" --nodes 5
expect_exit 1 "$SIM" component --image $img --data data --request '{"ip":"1.2.3.4"}' > bad.json
echo "request without product: $(jq -r .name bad.json)"
# check needs no instance key beyond the image's, and lists what it was not told.
"$FRLIC" check --license $img --json > bare.json
echo "bare: $(jq -r '.artifact + " | " + .verdict + " | " + (.not_checked|join(","))' bare.json)"
FRLIC_NOW=2027-09-30T00:00:00Z "$FRLIC" check --license $img --json "${ok[@]}" > expired.json
echo "after expiry: $(jq -r '(.server_code|tostring) + " " + .server_error' expired.json)"
