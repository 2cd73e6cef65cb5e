# docs/ci.md's workflow, run end to end by scripts/ci-example.sh (issue 12, item 10): lint
# annotates a bad pull request (exit 3), the fix passes, the merge issues both orders, a re-run
# issues nothing (already_issued, exit 0) and leaves the ledger head unchanged.
set -u
bash "$SRC/scripts/ci-example.sh" "$FRLIC"
