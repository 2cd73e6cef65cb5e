# Issue 13 item 1: a batch of orders in one run (docs/cli.md, "Issuing a batch"): one folder
# per order id, JSON lines and a summary, all-or-nothing checks, --keep-going, a re-run that
# reports every order as already issued and writes nothing, and a public-cloud order whose
# password goes to --password-out DIR.
# cli-backends: sqlite postgresql
set -u
source "$CLI_LIB"
mkdir orders
for i in 1 2 3; do
  sed "s/^order_id: .*/order_id: BATCH-$i/" "$SRC/templates/orders/local-container.yaml" > "orders/o$i.yaml"
done
sed "s/^order_id: .*/order_id: BATCH-PUB/" "$SRC/templates/orders/public-cloud.yaml" > orders/pub.yaml

# A public-cloud order without a place for its password: refused before anything is issued.
expect_exit 3 "$FRLIC" issue --orders orders --out out --init-ledger --allow-example-keys --json > refused.jsonl
jq -c 'select(.status) | [.order_id, .status]' refused.jsonl
expect_no_file out
expect_equal "$(ledger_count)" 0 "records after a refused batch"

mkdir passwords
expect_exit 0 "$FRLIC" issue --orders orders --out out --password-out passwords --allow-example-keys --json > first.jsonl
jq -c 'select(.status) | [.order_id, .status, .method, (.path // "" | sub(".*/out/"; "out/"))]' first.jsonl
jq -c 'select(.summary) | .summary | [.orders, .issued, .already_issued, .failed, .skipped, .exit_code]' first.jsonl
expect_equal "$(stat -c %a passwords/BATCH-PUB.password)" 600 "mode of the password file"
for i in 1 2 3; do expect_exit 0 "$FRLIC" inspect "out/BATCH-$i/Container.lic" >/dev/null; done
expect_equal "$(ledger_count)" 4 "records after the batch"

# The same batch again: every order already issued, nothing written.
before=$(state_snapshot)
again=$("$FRLIC" issue --orders orders --out out --password-out passwords --allow-example-keys)
expect_equal "$?" 0 "exit status of the re-run"
echo "$again" | sed 's/FRL-[0-9A-F]*/SERIAL/; s#/.*/out/#out/#'
expect_equal "$(state_snapshot)" "$before" "files and records after the re-run"

# A bad order among new ones: nothing issued, every problem reported (exit 3) ...
mkdir more
printf 'order_id: BATCH-BAD\nmethod: nonsense\n' > more/bad.yaml
sed "s/^order_id: .*/order_id: BATCH-4/" "$SRC/templates/orders/local-container.yaml" > more/o4.yaml
cp more/o4.yaml more/o4-twin.yaml
expect_exit 3 "$FRLIC" issue --orders more --out out --allow-example-keys > bad.txt 2> bad.err
cat bad.txt
grep -c 'is also in' bad.err
expect_no_file out/BATCH-4
# ... unless --keep-going: the good one is issued, the exit code is still the first failure's.
rm more/o4-twin.yaml
printf '%s\n' more/o4.yaml more/bad.yaml | expect_exit 3 "$FRLIC" issue --orders-from - --out out --keep-going --allow-example-keys --json > keep.jsonl
jq -c 'select(.status) | [.order_id // .order_path, .status, (.error.exit_code // 0)]' keep.jsonl
expect_file out/BATCH-4/Container.lic
