# The container component on both sides of its expiry day (review finding 19; docs/formats.md
# 9.3, 9.8): activated before, it answers 0 on the last valid day (2027-09-29, UTC) and, still
# starting, 30000 LICENSE_EXPIRED from the next day on, as the licence server does.
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/../frlic-sim/frlic-sim"
[ -x "$SIM" ] || SIM="$(dirname "$FRLIC")/frlic-sim"
expect_exit 0 "$FRLIC" issue --order "$SRC/templates/orders/container-private-cloud.yaml" --out out --allow-example-keys > /dev/null
img=out/fanruan_license_server.tar
expect_exit 0 "$FRLIC" keys export-activation-secret --allow-example-keys --out secret > /dev/null
expect_exit 0 "$SIM" component --image $img --data data --qr comp.png > /dev/null
expect_exit 0 "$FRLIC" activate --allow-example-keys --json --qr-image comp.png > code.json
expect_exit 0 "$SIM" component --image $img --data data --activation-secret secret --code "$(jq -r .code code.json)" > /dev/null
register() {  # instant
  FRLIC_NOW=$1 "$SIM" component --image $img --data data --ip 10.0.0.1 --product FineReport \
    --product-version 11.0.26 --app-name finance 2> err.txt
  echo "$1: exit $? $(grep -c 'expired on 2027-09-29' err.txt) warning(s)"
}
register 2027-09-29T23:59:59Z
register 2027-09-30T00:00:00Z
