# The same order, keys, clock and random seed give a byte-identical Container.lic, equal to
# the golden file committed in tests/vectors/container-license/.
# cli-backends: sqlite postgresql
set -u
source "$CLI_LIB"
export FRLIC_RANDOM_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
cp "$SRC/tests/cli/fixtures/local-container.yaml" order.yaml
expect_exit 0 "$FRLIC" issue --order order.yaml --out one --ledger one.sqlite --init-ledger --allow-example-keys >/dev/null
expect_exit 0 "$FRLIC" issue --order order.yaml --out two --ledger two.sqlite --init-ledger --allow-example-keys >/dev/null
expect_exit 0 cmp one/Container.lic two/Container.lic
expect_exit 0 cmp one/Container.lic "$SRC/tests/vectors/container-license/golden.lic"
# Another clock gives another licence.
FRLIC_NOW=2026-11-24T08:00:00Z expect_exit 0 "$FRLIC" issue --order order.yaml --out three \
  --ledger three.sqlite --init-ledger --allow-example-keys >/dev/null
cmp -s one/Container.lic three/Container.lic && { echo "clock had no effect" >&2; exit 99; }
echo same
