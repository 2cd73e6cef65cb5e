# Issue 13 (review, high): a public cloud password survives a kill. With --password-out the
# password is durable (staged privately beside the file) before the account is recorded, and
# renamed into place after. Killed once it is staged, no account exists and the next run issues
# the order afresh, removing the stale stage; killed once the account is recorded, the next run
# of the same order puts the staged password in place, and it opens the account. The same for
# a batch's --password-out DIR, where every account of a group is killed at once.
set -u
source "$CLI_LIB"
cp "$SRC/templates/orders/public-cloud.yaml" order.yaml
order() { sed -e "s/^order_id: .*/order_id: $1/" -e "s/^  name: example-trading\$/  name: $2/" order.yaml > "$3"; }
stages() { find "$1" -mindepth 1 -maxdepth 1 -name '.frlic-password-*' | wc -l; }

# One order, killed once its password is staged: no account, nothing visible.
order KILL-PW-1 killed-staged one.yaml
mkdir single
FRLIC_TEST_KILL_AT=staged "$FRLIC" issue --order one.yaml --allow-example-keys \
  --password-out single/one.password >/dev/null 2>&1
expect_equal "$?" 137 "exit status when killed at staged"
expect_no_file single/one.password
expect_equal "$(stages single)" 1 "stage directories after a kill at staged"
expect_equal "$(stat -c %a single/.frlic-password-*)" 700 "mode of the stage directory"
expect_equal "$(ledger_count)" 0 "records after a kill at staged"
# The re-run issues it: a new account. The stale stage stays while it is young (another run
# may be between staging and committing) and goes once it is older than 15 minutes.
"$FRLIC" issue --order one.yaml --allow-example-keys --password-out single/one.password --json > one.json
expect_equal "$?" 0 "exit status of the re-run after a kill at staged"
expect_equal "$(jq -r .already_issued one.json)" null "the re-run issued"
expect_equal "$(stages single)" 1 "young stage directories after the re-run"
expect_exit 0 "$FRLIC" account check-password killed-staged < single/one.password >/dev/null
touch -d '-16 minutes' single/.frlic-password-* single/.frlic-password-*/*
order KILL-PW-4 later four.yaml
expect_exit 0 "$FRLIC" issue --order four.yaml --allow-example-keys --password-out single/four.password >/dev/null 2>&1
expect_equal "$(stages single)" 0 "old stage directories after the next issue"
echo "killed at staged: no account; the re-run issues it; the old stage is removed later"

# Killed once the account is recorded: the password waits, private, for the re-run.
order KILL-PW-2 killed-recorded two.yaml
FRLIC_TEST_KILL_AT=recorded "$FRLIC" issue --order two.yaml --allow-example-keys \
  --password-out single/two.password >/dev/null 2>&1
expect_equal "$?" 137 "exit status when killed at recorded"
expect_no_file single/two.password
expect_equal "$(ledger_count)" 3 "records after a kill at recorded"
expect_equal "$(stat -c %a single/.frlic-password-*/two.password)" 600 "mode of the staged password"
# A recorded account's stage is never removed, however old: it is the password's only copy.
touch -d '-16 minutes' single/.frlic-password-* single/.frlic-password-*/*
order KILL-PW-3 other three.yaml
expect_exit 0 "$FRLIC" issue --order three.yaml --allow-example-keys --password-out single/three.password >/dev/null 2>&1
expect_equal "$(stages single)" 1 "the recorded account's stage kept"
"$FRLIC" issue --order two.yaml --allow-example-keys --password-out single/two.password --json > two.json
expect_equal "$?" 0 "exit status of the re-run after a kill at recorded"
expect_equal "$(jq -c '[.already_issued, .password_file]' two.json)" '[true,"single/two.password"]' "re-run"
expect_equal "$(stat -c %a single/two.password)" 600 "mode of the password put in place"
expect_equal "$(stages single)" 0 "stage directories after the re-run"
expect_exit 0 "$FRLIC" account check-password killed-recorded < single/two.password >/dev/null
# A further re-run has nothing to put in place.
"$FRLIC" issue --order two.yaml --allow-example-keys --password-out single/two.password --json > again.json
expect_equal "$(jq -c '[.already_issued, .password_file]' again.json)" '[true,null]' "second re-run"
echo "killed at recorded: the re-run puts the password in place"

# A batch killed after the first account of its group is recorded.
mkdir orders passwords
for i in 1 2 3; do order "BATCH-PW-$i" "batch-$i" "orders/o$i.yaml"; done
FRLIC_TEST_KILL_AT=recorded "$FRLIC" issue --orders orders --allow-example-keys \
  --password-out passwords --jobs 1 >/dev/null 2>&1
expect_equal "$?" 137 "exit status of the batch killed at recorded"
expect_equal "$(find passwords -name '*.password' -not -path '*/.frlic-password-*' | wc -l)" 0 "passwords in place after the kill"
"$FRLIC" issue --orders orders --allow-example-keys --password-out passwords --json > batch.json
expect_equal "$?" 0 "exit status of the batch's re-run"
echo "re-run: $(jq -r 'select(.status) | .status + " " + (.password_file // "-")' batch.json | tr '\n' ';')"
expect_equal "$(stages passwords)" 0 "stage directories after the batch's re-run"
for i in 1 2 3; do
  expect_exit 0 "$FRLIC" account check-password "batch-$i" < "passwords/BATCH-PW-$i.password" >/dev/null
done
expect_exit 0 "$FRLIC" ledger verify >/dev/null
echo "a batch killed at recorded: every password in place after the re-run"
