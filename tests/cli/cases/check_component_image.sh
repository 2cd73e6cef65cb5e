# The container component answers product registrations (docs/formats.md section 9.8): the
# reference component (frlic-sim component --ip ...) and frlic check --license
# fanruan_license_server.tar give the same codes; a component never checks the product's address.
# The component answers only once a project is activated (review finding 2) and counts the
# registrations itself in its table (finding 3): what the product claims is ignored; check is
# told the count with --nodes.
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/../frlic-sim/frlic-sim"
[ -x "$SIM" ] || SIM="$(dirname "$FRLIC")/frlic-sim"
cp "$SRC/templates/orders/container-private-cloud.yaml" order.yaml
expect_exit 0 "$FRLIC" issue --order order.yaml --out out --allow-example-keys > /dev/null
img=out/fanruan_license_server.tar
facts=(--product FineReport --product-version 11.0.26 --app-name finance)

# Not activated: no answer (exit 7), and nothing registered.
"$SIM" component --image $img --data data --ip 10.0.0.1 "${facts[@]}" > /dev/null 2> refused.err
echo "before activation: exit $?"
if [ -e data/registrations.json ]; then echo "a registration was kept"; fi
expect_exit 0 "$FRLIC" keys export-activation-secret --allow-example-keys --out secret > /dev/null
expect_exit 0 "$SIM" component --image $img --data data --qr comp.png > /dev/null
expect_exit 0 "$FRLIC" activate --allow-example-keys --json --qr-image comp.png > code.json
expect_exit 0 "$SIM" component --image $img --data data --activation-secret secret --code "$(jq -r .code code.json)" > /dev/null

both() {  # expected code, the count check is told (--nodes), facts...
  local want=$1 nodes=$2; shift 2
  local sim check
  sim=$("$SIM" component --image $img --data data "$@" | jq -r .code)
  check=$("$FRLIC" check --license $img --json "$@" --nodes "$nodes" | jq -r .server_code)
  expect_equal "$sim" "$want" "component's answer to $*"
  expect_equal "$check" "$want" "check's answer to $*"
  echo "$want $nodes $*"
}
both 0 1 --ip 8.8.8.8 "${facts[@]}"
both 0 1 --ip 8.8.8.8 "${facts[@]}" --domain anything.example.com
both 30001 2 --ip 10.0.0.2 "${facts[@]}" --product-version 12.0
both 30005 2 --ip 10.0.0.2 "${facts[@]}" --app-name sales
both 0 2 --ip 10.0.0.2 "${facts[@]}"
both 0 3 --ip 10.0.0.3 "${facts[@]}"
both 0 4 --ip 10.0.0.4 "${facts[@]}"
both 30007 5 --ip 10.0.0.5 "${facts[@]}"
# The product's own count does not matter: the table holds four.
"$SIM" component --image $img --data data --request \
  '{"ip":"10.0.0.6","product":"FineReport","version":"11.0.26","app_name":"finance","nodes":1}' > claimed.json
echo "claims 1 node: $(jq -r .name claimed.json)"
expect_exit 1 "$SIM" component --image $img --data data --request '{"ip":"1.2.3.4"}' > bad.json
echo "request without product: $(jq -r .name bad.json)"
# check needs no instance key beyond the image's, and lists what it was not told.
"$FRLIC" check --license $img --json > bare.json
echo "bare: $(jq -r '.artifact + " | " + .verdict + " | " + (.not_checked|join(","))' bare.json)"
FRLIC_NOW=2027-09-30T00:00:00Z "$FRLIC" check --license $img --json --ip 8.8.8.8 "${facts[@]}" --nodes 1 > expired.json
echo "after expiry: $(jq -r '(.server_code|tostring) + " " + .server_error' expired.json)"
