# Issue 13 item 1: a batch killed at each step of recording a group keeps the promise of one
# issue: after the next run, every artifact has its active record and every active record its
# artifact, nothing staged is left, and re-running the batch issues the rest.
set -u
source "$CLI_LIB"
mkdir orders
for i in 1 2 3; do
  sed "s/^order_id: .*/order_id: KILLED-$i/" "$SRC/templates/orders/local-container.yaml" > "orders/o$i.yaml"
done
for step in staged recorded publishing renamed; do
  FRLIC_TEST_KILL_AT=$step "$FRLIC" issue --orders orders --out "out-$step" --ledger "$step.sqlite" \
    --init-ledger --allow-example-keys --jobs 1 >/dev/null 2>&1
  expect_equal "$?" 137 "exit status when killed at $step"
  # The first order's licence is in place only after a kill at "renamed" (the first rename).
  placed=$(find "out-$step" -name Container.lic -not -path '*/.frlic-stage-*' | wc -l)
  again=$("$FRLIC" issue --orders orders --out "out-$step" --ledger "$step.sqlite" --allow-example-keys --json)
  expect_equal "$?" 0 "exit status of the re-run after a kill at $step"
  statuses=$(echo "$again" | jq -r 'select(.status) | .status' | sort | uniq -c | tr -s ' ' | tr '\n' ';')
  active=$("$FRLIC" ledger list --ledger "$step.sqlite" --json | jq '[.records[] | select(.status=="active")] | length')
  files=$(find "out-$step" -name Container.lic -not -path '*/.frlic-stage-*' | wc -l)
  leftovers=$(find "out-$step" -name '.frlic-stage-*' -o -name '*.frlic-tmp-*' | wc -l)
  expect_equal "$active" 3 "active records after a kill at $step"
  expect_equal "$files" 3 "licences after a kill at $step"
  expect_equal "$leftovers" 0 "staged files after a kill at $step"
  expect_exit 0 "$FRLIC" ledger verify --ledger "$step.sqlite" >/dev/null
  echo "$step: $placed in place after the kill; re-run:$statuses"
done
