# A kill at any step of writing leaves artifact and ledger consistent: after the next run,
# either both the Container.lic and its active record exist, or neither does. A staged
# artifact is private while it waits (issue 10, M2), and a licence renamed into place is
# never aborted, even if it was moved before the next run (M3).
set -u
source "$CLI_LIB"
cp "$SRC/tests/cli/fixtures/local-container.yaml" order.yaml
n=0
for step in staged recorded publishing renamed; do
  n=$((n + 1))
  sed "s/^order_id: .*/order_id: CLI-KILL-$n/" order.yaml > "kill$n.yaml"
  FRLIC_TEST_KILL_AT=$step "$FRLIC" issue --order "kill$n.yaml" --out "out$n" --allow-example-keys >/dev/null 2>&1
  expect_equal "$?" 137 "exit status when killed at $step"
  # What a kill leaves: no licence where a user looks, only a private staged file beside it.
  visible=$(find "out$n" -mindepth 1 -maxdepth 1 ! -name '.frlic-stage-*' -printf '%f\n')
  stage=$(find "out$n" -mindepth 1 -maxdepth 1 -name '.frlic-stage-*')
  if [ "$step" = renamed ]; then
    expect_equal "$visible" Container.lic "files left by a kill at $step"
  else
    expect_equal "$visible" "" "files left by a kill at $step"
    case "$(basename "$stage")" in
      .frlic-stage-FRL-????????????????-Container.lic) ;;
      *) expect_equal "$(basename "$stage")" ".frlic-stage-SERIAL-Container.lic" "the staged licence's name" ;;
    esac
    expect_equal "$(stat -c %F "$stage")" "regular file" "the staged licence"
    expect_equal "$(stat -c %a "$stage")" 600 "mode of the staged licence"
  fi
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
  leftovers=$(find . -name '*.frlic-tmp-*' -o -name '.frlic-stage-*' | wc -l)
  expect_equal "$leftovers" 0 "temporary files after a kill at $step"
  echo "$step: $outcome"
done

# Killed after the rename, and the licence mailed (moved) before the next run: it stays
# active, so it can be revoked, and its order id stays taken.
sed "s/^order_id: .*/order_id: CLI-KILL-MOVED/" order.yaml > moved.yaml
FRLIC_TEST_KILL_AT=renamed "$FRLIC" issue --order moved.yaml --out moved --allow-example-keys >/dev/null 2>&1
expect_equal "$?" 137 "exit status when killed at renamed"
mv moved/Container.lic mailed.lic
sed "s/^order_id: .*/order_id: CLI-KILL-AFTER-MOVE/" order.yaml > after-move.yaml
expect_exit 0 "$FRLIC" issue --order after-move.yaml --out after-move --allow-example-keys >/dev/null
serial=$("$FRLIC" ledger list --json | jq -r '.records[] | select(.order_id=="CLI-KILL-MOVED") | .serial')
expect_equal "$("$FRLIC" ledger list --json | jq -r '.records[] | select(.order_id=="CLI-KILL-MOVED") | .status')" active "status of the moved licence"
# Its order is taken: a re-run reports it (artifact missing), writing nothing.
"$FRLIC" issue --order moved.yaml --out moved-again --allow-example-keys --json > rerun.json
expect_equal "$(jq -c '[.already_issued, .artifact_missing, .serial]' rerun.json)" "[true,true,\"$serial\"]" "re-run of the moved order"
expect_no_file moved-again
expect_exit 0 "$FRLIC" revoke "$serial" --reason "mailed licence revoked (test)" >/dev/null
echo "moved after the rename: kept, revocable"
expect_exit 0 "$FRLIC" ledger verify >/dev/null
