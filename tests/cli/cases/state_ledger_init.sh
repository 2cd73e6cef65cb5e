# A ledger is never created by accident: every command refuses a missing one (exit 9, naming
# the path and `frlic ledger init`) and creates nothing; `ledger init` creates it (parents only
# with --parents), is idempotent, and never touches a file that is not a ledger.
set -u
source "$CLI_LIB"
cp "$SRC/tests/cli/fixtures/local-container.yaml" order.yaml
missing=typo/ledger.sqlite
refused() {  # ARGS...: run with the missing ledger, print the exit code and the hint
  "$FRLIC" "$@" --ledger "$missing" --json >out.json
  echo "$1 $2: exit $? $(jq -r .error.hint out.json)"
}
refused ledger list
refused ledger show FRL-0000000000000000
refused ledger verify
refused revoke FRL-0000000000000000 --reason moved
refused account show nobody
refused issue --order order.yaml --out out --allow-example-keys
expect_no_file typo
expect_no_file out
"$FRLIC" ledger verify --ledger "$missing" 2>&1 | sed "s|$PWD/||"

# The directory is created only when asked for.
expect_exit 9 "$FRLIC" ledger init "$missing" 2>/dev/null
expect_no_file typo
expect_exit 0 "$FRLIC" ledger init "$missing" --parents
expect_equal "$(stat -c %a "$missing")" 600 "the ledger's mode"
expect_exit 0 "$FRLIC" ledger init "$missing"
"$FRLIC" ledger init --ledger "$missing" --json | jq -c .

# A file that is not a ledger is refused and left as it was.
echo "not a ledger" >notes.sqlite
expect_exit 7 "$FRLIC" ledger init notes.sqlite 2>/dev/null
expect_equal "$(cat notes.sqlite)" "not a ledger" "the refused file"

# The first issue on a new ledger may create it when told to (its directory must exist).
expect_exit 0 "$FRLIC" issue --order order.yaml --out out --ledger first.sqlite --init-ledger \
  --allow-example-keys >/dev/null
"$FRLIC" ledger list --ledger first.sqlite --json | jq -r '.records[] | .order_id + " " + .status'
