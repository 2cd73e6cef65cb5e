# Seed 000 "Cluster": every node shows the QR for the cluster's one project identity, so one
# binding serves the cluster; the product refuses to activate more nodes than the licence's
# capacity (2 in the template order): no QR is shown and no code accepted.
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/../frlic-sim/frlic-sim"
[ -x "$SIM" ] || SIM="$(dirname "$FRLIC")/frlic-sim"
expect_exit 0 "$FRLIC" issue --order "$SRC/templates/orders/local-container.yaml" --out . --allow-example-keys > /dev/null
expect_exit 0 "$FRLIC" keys export-activation-secret --allow-example-keys --out secret > /dev/null
product() { "$SIM" product --license Container.lic --activation-secret secret "$@"; }
expect_exit 1 product --qr three.png --project cluster-1 --nodes 3 --state three-state.json > three.json
echo "3 nodes: $(jq -r '.verdict + ": " + .message' three.json)"
expect_no_file three.png
# Two nodes, one project identity: the same binding answers both.
expect_exit 0 product --qr n1.png --project cluster-1 --nodes 2 --state n1.json > /dev/null
expect_exit 0 product --qr n2.png --project cluster-1 --nodes 2 --state n2.json > /dev/null
expect_exit 0 "$FRLIC" activate --allow-example-keys --json --qr-image n1.png > c1.json
expect_exit 0 "$FRLIC" activate --allow-example-keys --json --qr-image n2.png > c2.json
expect_equal "$(jq -r .project c1.json)" "$(jq -r .project c2.json)" "the nodes' project"
expect_exit 0 product --state n1.json --nodes 2 --code "$(jq -r .code c1.json)" > /dev/null
expect_exit 0 product --state n2.json --nodes 2 --code "$(jq -r .code c2.json)" > /dev/null
# A third node joins: the right code is refused for the cluster of three.
expect_exit 0 product --qr n3.png --project cluster-1 --nodes 2 --state n3.json > /dev/null
expect_exit 0 "$FRLIC" activate --allow-example-keys --json --qr-image n3.png > c3.json
expect_exit 1 product --state n3.json --nodes 3 --code "$(jq -r .code c3.json)" > late.json
echo "code with 3 nodes: $(jq -r .verdict late.json)"
