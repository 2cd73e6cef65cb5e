# Artifacts of different orders never share a path: --force never overwrites an artifact the
# ledger records for another licence (exit 7 naming it, no hint to use --force), and the
# first licence stays byte-identical.
# cli-backends: sqlite postgresql
set -u
source "$CLI_LIB"
cp "$SRC/tests/cli/fixtures/local-container.yaml" order.yaml
sed 's/^order_id: .*/order_id: CLI-LC-0002/' order.yaml >other.yaml
expect_exit 0 "$FRLIC" issue --order order.yaml --out out --allow-example-keys >/dev/null
before=$(sha256sum out/Container.lic)
for force in "" --force; do
  "$FRLIC" issue --order other.yaml --out out $force --allow-example-keys --json >refused.json
  echo "exit $? $(jq -r '.error.message' refused.json | sed "s|$PWD/||; s|FRL-[0-9A-F]*|FRL-…|")"
  jq -r .error.hint refused.json
done
expect_equal "$(sha256sum out/Container.lic)" "$before" "the first order's licence"
# A file the ledger does not record is still replaced with --force.
mkdir scratch && echo scratch >scratch/Container.lic
expect_exit 7 "$FRLIC" issue --order other.yaml --out scratch --allow-example-keys 2>/dev/null
expect_exit 0 "$FRLIC" issue --order other.yaml --out scratch --force --allow-example-keys >/dev/null
"$FRLIC" ledger list --json | jq -r '.records[] | .order_id + " " + .status' | sort
expect_exit 0 "$FRLIC" ledger verify --quiet
