# QR activation end to end with only what each side holds: the product (frlic-sim product)
# shows a QR as a PNG, business answers it with frlic activate --qr-image, the product accepts
# the code. Then each refusal: wrong codes lock, another payload's code, an expired QR, a
# second project until business cancels, a revoked or unknown serial; re-activation after a
# restart; the container component does the same from its image.
# cli-backends: sqlite postgresql
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/../frlic-sim/frlic-sim"
[ -x "$SIM" ] || SIM="$(dirname "$FRLIC")/frlic-sim"
expect_exit 0 "$FRLIC" issue --order "$SRC/templates/orders/local-container.yaml" --out . --allow-example-keys --json > issued.json
serial=$(jq -r .serial issued.json)
expect_exit 0 "$FRLIC" keys export-activation-secret --allow-example-keys --out secret >/dev/null
expect_equal "$(stat -c %a secret)" 600 "activation secret mode"
product() { "$SIM" product --license Container.lic --activation-secret secret "$@"; }
activate() { "$FRLIC" activate --allow-example-keys --json "$@"; }

# The happy path: QR -> code -> accepted.
expect_exit 0 product --qr qr.png --project site-a > shown.json
expect_exit 0 activate --qr-image qr.png > a.json
expect_equal "$(jq -r .verdict a.json)" valid
expect_equal "$(jq -r .payload shown.json)" "$(zbarimg -q --raw qr.png 2>/dev/null || jq -r .payload shown.json)" "QR content read by zbarimg"
code=$(jq -r .code a.json)
expect_exit 0 product --code "$code" > accepted.json
expect_equal "$(jq -r .verdict accepted.json)" accepted

# A restart needs a new scan; the same project re-activates.
expect_exit 0 product --restart > /dev/null
expect_exit 0 product --qr qr.png --project site-a > /dev/null
expect_exit 0 activate --qr-image qr.png > again.json
expect_exit 0 product --code "$(jq -r .code again.json)" > /dev/null

# Another payload's code is wrong for this QR; the sixth wrong code locks input for 15 minutes.
expect_exit 0 product --qr qr.png --project site-a > /dev/null
expect_exit 1 product --code "$code" > wrong.json
expect_equal "$(jq -r .verdict wrong.json)" wrong-code
for n in 2 3 4 5; do expect_exit 1 product --code 000000 > /dev/null; done
expect_exit 1 product --code 000000 > locked.json
expect_equal "$(jq -r .verdict locked.json)" locked
expect_equal "$(jq -r .locked_until locked.json)" 2026-11-23T08:15:00Z
expect_exit 0 activate --qr-image qr.png > fresh.json
expect_exit 1 product --code "$(jq -r .code fresh.json)" > still.json
expect_equal "$(jq -r .verdict still.json)" locked
FRLIC_NOW=2026-11-23T08:15:00Z expect_exit 0 product --qr qr.png --project site-a > /dev/null
FRLIC_NOW=2026-11-23T08:15:10Z expect_exit 0 activate --qr-image qr.png > after.json
FRLIC_NOW=2026-11-23T08:15:20Z expect_exit 0 product --code "$(jq -r .code after.json)" > /dev/null

# An expired QR: refused by the vendor and by the product.
expect_exit 0 product --qr old.png --project site-a --state old-state.json > /dev/null
FRLIC_NOW=2026-11-23T08:05:01Z expect_exit 1 activate --qr-image old.png > stale.json
expect_equal "$(jq -r .verdict stale.json)" stale
expect_exit 0 activate --qr-image old.png > code-old.json
FRLIC_NOW=2026-11-23T08:05:01Z expect_exit 1 product --state old-state.json --code "$(jq -r .code code-old.json)" > expired.json
expect_equal "$(jq -r .verdict expired.json)" expired

# A second project: refused naming the bound one, until business cancels.
expect_exit 0 product --qr b.png --project site-b --state b-state.json > /dev/null
events() { "$FRLIC" ledger show "$serial" --json | jq '.events | length'; }
before=$(events)
expect_exit 1 activate --qr-image b.png > bound.json
expect_equal "$(jq -r .verdict bound.json)" bound-elsewhere
expect_equal "$(jq -r .bound_project bound.json)" "$(jq -r .project a.json)"
expect_equal "$(events)" "$before" "ledger events after a refused activation"
expect_exit 0 "$FRLIC" activation cancel "$serial" --reason "customer moved to site B (ticket 9)" > /dev/null
expect_exit 8 "$FRLIC" activation cancel "$serial" --reason "again"
expect_exit 0 activate --qr-image b.png > b.json
expect_exit 0 product --state b-state.json --code "$(jq -r .code b.json)" > /dev/null

# A malformed payload, an unknown serial (another ledger), a revoked licence.
expect_exit 4 activate "https://activate.fanruan.com/a?v=2&s=x" > bad.json
expect_equal "$(jq -r .error.code bad.json)" malformed
expect_exit 0 "$FRLIC" ledger init other.sqlite >/dev/null
expect_exit 1 activate --qr-image b.png --ledger other.sqlite > unknown.json
expect_equal "$(jq -r .verdict unknown.json)" unknown-serial
expect_exit 0 "$FRLIC" revoke "$serial" --reason "contract ended" > /dev/null
expect_exit 1 activate --qr-image b.png > revoked.json
expect_equal "$(jq -r .verdict revoked.json)" licence-not-active
expect_exit 4 "$FRLIC" activate --qr-image Container.lic --allow-example-keys

# The container component activates the same way, from its image.
expect_exit 0 "$FRLIC" issue --order "$SRC/templates/orders/container-private-cloud.yaml" --out img --allow-example-keys > /dev/null
expect_exit 0 "$SIM" component --image img/fanruan_license_server.tar --data comp --qr comp.png > /dev/null
expect_exit 0 activate --qr-image comp.png > comp.json
expect_exit 0 "$SIM" component --image img/fanruan_license_server.tar --data comp --activation-secret secret --code "$(jq -r .code comp.json)" > comp-accepted.txt
grep -q '"verdict":"accepted"' comp-accepted.txt || { cat comp-accepted.txt >&2; exit 99; }
expect_exit 0 "$FRLIC" ledger verify > /dev/null
echo done
