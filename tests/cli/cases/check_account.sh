# frlic check --account NAME: the public cloud server's answer from the ledger's account, first
# failing reason: 30006 (only with --password-file), 30002, 30000, 30007 (only with --nodes);
# facts left out are listed as not checked.
set -u
source "$CLI_LIB"
cp "$SRC/templates/orders/public-cloud.yaml" order.yaml
"$FRLIC" issue --order order.yaml --out out --allow-example-keys --show-password --json > issued.json
expect_equal "$?" 0 "exit status of issue"
jq -r .account.password issued.json > password.txt
rm issued.json
echo not-the-password-2345 > wrong.txt
chmod 600 password.txt wrong.txt
code() {  # expected exit, flags...
  local want=$1; shift
  "$FRLIC" check --account example-trading --json "$@" > v.json
  expect_equal "$?" "$want" "exit of check $*"
  echo "$(jq -r '.artifact + " " + (.server_code|tostring) + " " + .server_error + " | " + .verdict + " | " + (.not_checked|join(","))' v.json)"
}
code 0
code 0 --password-file password.txt --nodes 5
code 1 --password-file wrong.txt --nodes 1
code 1 --password-file password.txt --nodes 6
code 1 --nodes 1 --date 2027-11-20
expect_exit 0 "$FRLIC" account disable example-trading --reason unpaid > /dev/null
code 1 --password-file password.txt --nodes 1
code 1 --password-file wrong.txt
expect_exit 9 "$FRLIC" check --account nobody
expect_exit 2 "$FRLIC" check --account example-trading --license x.lic 2> /dev/null
# The password is a secret file (review finding 29): readable by others, it is refused.
cp password.txt open.txt; chmod 644 open.txt
"$FRLIC" check --account example-trading --password-file open.txt > /dev/null 2> open.err
echo "group-readable password file: exit $?"
# Read-only (review finding 7): a mistyped --ledger is not found and never created.
expect_exit 9 "$FRLIC" check --account example-trading --ledger typo.sqlite > /dev/null 2>&1
if [ -e typo.sqlite ]; then echo "typo.sqlite was created"; fi
