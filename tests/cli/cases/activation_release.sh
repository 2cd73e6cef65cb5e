# Project migration without business (seeds 000 and 003, "Re-register"): the activated product
# releases its project with a proof (frlic-sim product --release), the vendor checks it (frlic
# activation release) and records activation-release in the hash chain; a new project then
# activates. A forged or replayed release is refused and changes nothing.
# cli-backends: sqlite postgresql
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/../frlic-sim/frlic-sim"
[ -x "$SIM" ] || SIM="$(dirname "$FRLIC")/frlic-sim"
expect_exit 0 "$FRLIC" issue --order "$SRC/templates/orders/local-container.yaml" --out . --allow-example-keys --json > issued.json
serial=$(jq -r .serial issued.json)
expect_exit 0 "$FRLIC" keys export-activation-secret --allow-example-keys --out secret > /dev/null
product() { "$SIM" product --license Container.lic --activation-secret secret "$@"; }
activate() { "$FRLIC" activate --allow-example-keys --json "$@"; }
release() { "$FRLIC" activation release --allow-example-keys --json "$@"; }

# site-a activates; site-b is refused while site-a holds the licence.
expect_exit 0 product --qr a.png --project site-a --state a.json > /dev/null
expect_exit 0 activate --qr-image a.png > code-a.json
expect_exit 0 product --state a.json --code "$(jq -r .code code-a.json)" > /dev/null
expect_exit 0 product --qr b.png --project site-b --state b.json > /dev/null
expect_exit 1 activate --qr-image b.png > bound.json
echo "site-b before the release: $(jq -r .verdict bound.json)"

# A release on a product that is not activated: nothing to release.
expect_exit 8 product --state b.json --release none.png 2> /dev/null

# site-a re-registers: the product forgets its activation and shows the release QR.
FRLIC_NOW=2026-11-23T08:01:00Z expect_exit 0 product --state a.json --release rel.png > rel.json
echo "product after re-register: activated=$(jq -r .activated rel.json)"
payload=$(jq -r .payload rel.json)
# A forged tag is refused and writes nothing.
forged="${payload%?}$([ "${payload: -1}" = 0 ] && echo 1 || echo 0)"
before=$("$FRLIC" ledger show "$serial" --json | jq '.events | length')
FRLIC_NOW=2026-11-23T08:02:00Z release "$forged" > forged.json
expect_equal "$?" 1 "exit of a forged release"
echo "forged: $(jq -r .verdict forged.json)"
expect_equal "$("$FRLIC" ledger show "$serial" --json | jq '.events | length')" "$before" "events after a refusal"
FRLIC_NOW=2026-11-23T08:02:00Z expect_exit 0 release --qr-image rel.png > released.json
echo "release: $(jq -r .verdict released.json)"
echo "last event: $("$FRLIC" ledger show "$serial" --json | jq -r '.events[-1].action')"

# site-b activates now, without business; the spent release releases nothing.
FRLIC_NOW=2026-11-23T08:03:00Z expect_exit 0 product --qr b.png --project site-b --state b.json > /dev/null
FRLIC_NOW=2026-11-23T08:03:10Z expect_exit 0 activate --qr-image b.png > code-b.json
FRLIC_NOW=2026-11-23T08:03:20Z expect_exit 0 product --state b.json --code "$(jq -r .code code-b.json)" > /dev/null
echo "site-b after the release: $(jq -r .verdict code-b.json)"
FRLIC_NOW=2026-11-23T08:04:00Z release "$payload" > replay.json
expect_equal "$?" 1 "exit of a replayed release"
echo "replayed: $(jq -r .verdict replay.json)"
expect_exit 4 release "v=1&s=$serial" > /dev/null
# A release never creates a ledger: a mistyped --ledger is refused and no file appears.
expect_exit 9 release --ledger typo.sqlite "$payload" > /dev/null 2>&1
if [ -e typo.sqlite ]; then echo "typo.sqlite was created"; fi

# Review finding 1: site-b makes a release but does not send it, then activates again with a
# new QR; the kept release, dated before that activation, cannot end it, so site-c stays out.
FRLIC_NOW=2026-11-23T08:05:00Z expect_exit 0 product --state b.json --release kept.png > /dev/null
FRLIC_NOW=2026-11-23T08:05:30Z expect_exit 0 product --qr b2.png --project site-b --state b.json > /dev/null
FRLIC_NOW=2026-11-23T08:05:40Z expect_exit 0 activate --qr-image b2.png > code-b2.json
FRLIC_NOW=2026-11-23T08:05:50Z expect_exit 0 product --state b.json --code "$(jq -r .code code-b2.json)" > /dev/null
echo "site-b again: $(jq -r .verdict code-b2.json)"
FRLIC_NOW=2026-11-23T08:06:00Z release --qr-image kept.png > kept.json
expect_equal "$?" 1 "exit of a release made before the latest activation"
echo "kept release: $(jq -r .verdict kept.json)"
FRLIC_NOW=2026-11-23T08:06:10Z expect_exit 0 product --qr c.png --project site-c --state c.json > /dev/null
FRLIC_NOW=2026-11-23T08:06:20Z expect_exit 1 activate --qr-image c.png > code-c.json
echo "site-c: $(jq -r .verdict code-c.json)"
expect_exit 0 "$FRLIC" ledger verify > /dev/null

# Review finding 9: a release is a step of its own (usage error with --qr or --code), and the
# product forgets its activation before it writes the release QR: a QR that cannot be written
# leaves no activation behind that a release was shown for.
expect_exit 2 product --state b.json --release x.png --qr y.png > /dev/null 2>&1
expect_exit 2 product --state b.json --release x.png --code 123456 > /dev/null 2>&1
if [ -e x.png ]; then echo "x.png was written"; fi
mkdir a-directory
FRLIC_NOW=2026-11-23T08:07:00Z product --state b.json --release a-directory > /dev/null 2>&1
echo "unwritable release QR: exit $?, activated_project=\"$(jq -r .activated_project b.json)\""
