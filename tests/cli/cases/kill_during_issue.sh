# A kill at any step of writing leaves artifact and ledger consistent: after the next run,
# either both the Container.lic and its active record exist, or neither does.
set -u
source "$CLI_LIB"
cp "$SRC/tests/cli/fixtures/local-container.yaml" order.yaml
n=0
for step in staged recorded renamed; do
  n=$((n + 1))
  sed "s/^order_id: .*/order_id: CLI-KILL-$n/" order.yaml > "kill$n.yaml"
  FRLIC_TEST_KILL_AT=$step "$FRLIC" issue --order "kill$n.yaml" --out "out$n" --allow-example-keys >/dev/null 2>&1
  expect_equal "$?" 137 "exit status when killed at $step"
  # The next command that opens the ledger for issuing recovers what was left pending.
  sed "s/^order_id: .*/order_id: CLI-KILL-NEXT-$n/" order.yaml > "next$n.yaml"
  expect_exit 0 "$FRLIC" issue --order "next$n.yaml" --out "next$n" --allow-example-keys >/dev/null
  active=$("$FRLIC" ledger list --json | jq --arg id "CLI-KILL-$n" '[.records[] | select(.order_id==$id and .status=="active")] | length')
  outcome="rolled back"
  if [ -f "out$n/Container.lic" ]; then
    outcome="artifact kept"
    expect_equal "$active" 1 "active records for the artifact left by a kill at $step"
    expect_exit 0 "$FRLIC" inspect "out$n/Container.lic" >/dev/null
  else
    expect_equal "$active" 0 "active records without an artifact after a kill at $step"
    # ... and the order can be issued again.
    expect_exit 0 "$FRLIC" issue --order "kill$n.yaml" --out "out$n" --allow-example-keys >/dev/null
  fi
  leftovers=$(find . -name '*.frlic-tmp-*' | wc -l)
  expect_equal "$leftovers" 0 "temporary files after a kill at $step"
  echo "$step: $outcome"
done
expect_exit 0 "$FRLIC" ledger verify >/dev/null
