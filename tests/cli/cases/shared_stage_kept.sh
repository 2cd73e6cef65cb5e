# A stage beside an order's artifact path that no record of this run names is another
# runner's when the ledger is shared (PostgreSQL, no issue lock): a batch or a single issue
# leaves it alone (docs/formats.md 6.5). Under the SQLite ledger's lock it is a killed run's,
# and is removed (6.3).
# cli-backends: sqlite postgresql
set -u
source "$CLI_LIB"
mkdir orders
sed "s/^order_id: .*/order_id: SHARED-1/" "$SRC/templates/orders/local-container.yaml" > orders/o1.yaml
sed "s/^order_id: .*/order_id: SHARED-2/" "$SRC/templates/orders/local-container.yaml" > o2.yaml
foreign() { echo "out/$1/.frlic-stage-FRL-00000000000000AA-Container.lic"; }
for order in SHARED-1 SHARED-2; do
  mkdir -p "out/$order"
  echo "another runner's staged licence" > "$(foreign "$order")"
  chmod 600 "$(foreign "$order")"
done
expect_exit 0 "$FRLIC" issue --orders orders --out out --allow-example-keys >/dev/null
expect_exit 0 "$FRLIC" issue --order o2.yaml --out out/SHARED-2 --allow-example-keys >/dev/null
for order in SHARED-1 SHARED-2; do
  expect_exit 0 "$FRLIC" inspect "out/$order/Container.lic" >/dev/null
  if [ "$FRLIC_LEDGER_BACKEND" = postgresql ]; then
    expect_equal "$(cat "$(foreign "$order")" 2>/dev/null)" "another runner's staged licence" \
      "the other runner's stage beside $order on a shared ledger"
  else
    expect_equal "$(ls -A "out/$order")" Container.lic "what is left beside $order under the lock"
  fi
done
echo ok
