# A ledger row whose JSON was damaged behind frlic's back (terms_json, extra_json, an event's
# detail_json) is a clear ledger-corrupt error (exit 11) naming the file, the serial and the
# column, from `ledger list`, `ledger show` and their --json forms; nothing aborts. Other
# records can still be issued, and `ledger verify` lists the damage.
set -u
source "$CLI_LIB"
cp "$SRC/tests/cli/fixtures/local-container.yaml" order.yaml
expect_exit 0 "$FRLIC" issue --order order.yaml --out out --allow-example-keys >/dev/null
serial=$("$FRLIC" ledger list --json | jq -r '.records[0].serial')
[[ "$serial" =~ ^FRL- ]] || { echo "no serial: $serial" >&2; exit 99; }
sql() { sqlite3 "$FRLIC_LEDGER" "$1" || exit 99; }
terms=$(sqlite3 "$FRLIC_LEDGER" "SELECT terms_json FROM licences WHERE serial = '$serial'")

# expect_corrupt FIELD COMMAND...: exit 11, and the error names the ledger, serial and FIELD.
expect_corrupt() {
  local field=$1; shift
  "$@" >out.txt 2>err.txt
  expect_equal "$?" 11 "exit status of '$*'"
  local message
  if [[ " $* " == *" --json "* ]]; then
    expect_equal "$(jq -r .ok out.txt)" false "ok of '$*'"
    expect_equal "$(jq -r .error.code out.txt)" ledger-corrupt "error code of '$*'"
    expect_equal "$(jq -r .error.exit_code out.txt)" 11 "exit_code of '$*'"
    message=$(jq -r .error.message out.txt)
  else
    message=$(grep '^frlic: error: ' err.txt)
  fi
  for part in "ledger $FRLIC_LEDGER: " "$serial" "$field is not valid JSON"; do
    [[ "$message" == *"$part"* ]] || { echo "'$*': '$message' lacks '$part'" >&2; exit 99; }
  done
}

sql "UPDATE licences SET terms_json = '{\"capacity\": 2' WHERE serial = '$serial'"
expect_corrupt terms_json "$FRLIC" ledger list
expect_corrupt terms_json "$FRLIC" ledger list --json
expect_corrupt terms_json "$FRLIC" ledger show "$serial"
expect_corrupt terms_json "$FRLIC" ledger show "$serial" --json
jq -r .error.hint out.txt | grep -q 'ledger verify' || { echo "no hint" >&2; exit 99; }
echo "terms_json: exit 11 naming the record"

# The damage is one of the problems verify lists (the chain also shows the terms changed).
"$FRLIC" ledger verify --json >verify.json
expect_equal "$?" 11 "exit status of ledger verify"
jq -e --arg s "$serial" '.problems | any(contains("record " + $s + ": terms_json is not valid JSON"))' \
  verify.json >/dev/null || { echo "verify does not name terms_json" >&2; exit 99; }
jq -e --arg s "$serial" '.problems | any(contains("record " + $s + ": terms_sha256"))' \
  verify.json >/dev/null || { echo "verify does not show the edit" >&2; exit 99; }
echo "verify lists it"

# Another order is still issued.
sed 's/^order_id: .*/order_id: CLI-LC-0002/' order.yaml >order2.yaml
expect_exit 0 "$FRLIC" issue --order order2.yaml --out out2 --allow-example-keys >/dev/null
echo "another order is issued"

# The same for extra_json and for an event's detail (event 1: the record's begin-issue).
sql "UPDATE licences SET terms_json = '$terms', extra_json = '{\"nonce\":}' WHERE serial = '$serial'"
expect_corrupt extra_json "$FRLIC" ledger list --json
expect_corrupt extra_json "$FRLIC" ledger show "$serial"
sql "UPDATE licences SET extra_json = '{}' WHERE serial = '$serial'"
sql "UPDATE events SET detail_json = 'not json' WHERE seq = 1"
expect_corrupt detail_json "$FRLIC" ledger show "$serial"
expect_corrupt detail_json "$FRLIC" ledger show "$serial" --json
echo "extra_json and detail_json: exit 11 naming the record"

# A text column that is not UTF-8 (which JSON output cannot hold) is refused the same way.
sql "UPDATE licences SET order_id = CAST(x'4f52442dff' AS TEXT) WHERE serial = '$serial'"
"$FRLIC" ledger list --json >out.txt
expect_equal "$?" 11 "exit status of ledger list --json with an order id that is not UTF-8"
jq -r .error.message out.txt | grep -q "record $serial: order_id is not valid UTF-8" ||
  { echo "order_id not named: $(cat out.txt)" >&2; exit 99; }
echo "order_id not UTF-8: exit 11 naming the record"
