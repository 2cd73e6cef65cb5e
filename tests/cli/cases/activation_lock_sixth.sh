# The product's lock against guessing starts when wrong codes exceed five (seeds 000 and 003):
# after five wrong codes input is still open and the right code activates; the sixth wrong code
# locks input for 15 minutes, even against the right code.
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/../frlic-sim/frlic-sim"
[ -x "$SIM" ] || SIM="$(dirname "$FRLIC")/frlic-sim"
expect_exit 0 "$FRLIC" issue --order "$SRC/templates/orders/local-container.yaml" --out . --allow-example-keys --json > issued.json
expect_exit 0 "$FRLIC" keys export-activation-secret --allow-example-keys --out secret > /dev/null
product() { "$SIM" product --license Container.lic --activation-secret secret "$@"; }
activate() { "$FRLIC" activate --allow-example-keys --json "$@"; }

# Five wrong codes: not locked; the right code still activates.
expect_exit 0 product --qr qr.png --project site-a --state five.json > /dev/null
expect_exit 0 activate --qr-image qr.png > right.json
right=$(jq -r .code right.json)
wrong=$([ "$right" = 000000 ] && echo 000001 || echo 000000)
for n in 1 2 3 4 5; do
  expect_exit 1 product --state five.json --code "$wrong" > wrong.json
  echo "wrong $n: $(jq -r '.verdict + " " + (.attempts_left|tostring)' wrong.json)"
done
expect_exit 0 product --state five.json --code "$right" > ok.json
echo "after five: $(jq -r .verdict ok.json)"

# Six wrong codes: the sixth locks; the right code is refused while locked.
expect_exit 0 product --qr qr.png --project site-a --state six.json > /dev/null
expect_exit 0 activate --qr-image qr.png > right.json
right=$(jq -r .code right.json)
wrong=$([ "$right" = 000000 ] && echo 000001 || echo 000000)
for n in 1 2 3 4 5; do expect_exit 1 product --state six.json --code "$wrong" > /dev/null; done
expect_exit 1 product --state six.json --code "$wrong" > sixth.json
echo "sixth: $(jq -r '.verdict + " until " + .locked_until' sixth.json)"
expect_exit 1 product --state six.json --code "$right" > still.json
echo "right code while locked: $(jq -r .verdict still.json)"
