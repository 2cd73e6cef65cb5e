# The whole local-container flow as business staff run it: keygen, lint, issue, inspect,
# ledger, the product's verdicts, and an independent openssl check of the signature.
# cli-backends: sqlite postgresql
set -u
source "$CLI_LIB"
export FRLIC_PASSPHRASE="a fresh passphrase"
expect_exit 0 "$FRLIC" keygen --out mykeys --kdf minimal
export FRLIC_KEYS=$PWD/mykeys
[ "$(stat -c %a mykeys/signing-*.key)" = 600 ] || { echo "key file mode" >&2; exit 99; }
grep -q "a fresh passphrase" mykeys/* && { echo "passphrase leaked into the keyring" >&2; exit 99; }

cp "$SRC/tests/cli/fixtures/local-container.yaml" order.yaml
expect_exit 0 "$FRLIC" lint order.yaml
expect_exit 0 "$FRLIC" issue --order order.yaml --out out --json > issued.json
serial=$(jq -r .serial issued.json)
expect_equal "$(jq -r .ok issued.json)" true
expect_equal "$(jq -r .sha256 issued.json)" "$(sha256sum out/Container.lic | cut -d' ' -f1)" "sha256"
expect_equal "$(jq -r .key_id issued.json)" "$(jq -r '.keys[] | select(.purpose=="signing") | .key_id' mykeys/keyring.json)" "key id"

expect_exit 0 "$FRLIC" inspect out/Container.lic --json > inspect.json
expect_equal "$(jq -r .signature inspect.json)" valid
expect_equal "$(jq -r .payload.serial inspect.json)" "$serial"
expect_equal "$(jq -r .payload.terms.capacity inspect.json)" 2
expect_equal "$(jq -r .payload.issued_at inspect.json)" "2026-11-23T08:00:00Z"

expect_exit 0 "$FRLIC" ledger list --json > list.json
expect_equal "$(jq -r '.records | length' list.json)" 1
expect_equal "$(jq -r '.records[0].status' list.json)" active
expect_exit 0 "$FRLIC" ledger show "$serial" --json > show.json
expect_equal "$(jq -r .order_id show.json)" CLI-LC-0001
expect_equal "$(jq -r '[.events[].action] | join(",")' show.json)" begin-issue,publish,issue
expect_exit 0 "$FRLIC" ledger verify

facts=(--product FineDataLink --product-version 4.1.5 --app-name webroot --nodes 2
       --project-content sales-analytics-prod)
expect_exit 0 "$FRLIC" check --license out/Container.lic "${facts[@]}" --date 2027-10-31T23:59:59Z
reason() {  # expected reason, extra flags...
  local want=$1; shift
  "$FRLIC" check --license out/Container.lic --json "$@" > verdict.json
  local got=$?
  expect_equal "$got" 1 "exit status of check $*"
  expect_equal "$(jq -r '[.reasons[].reason] | join(",")' verdict.json)" "$want" "reasons for $*"
}
reason "License Expired" "${facts[@]}" --date 2027-11-01T00:00:00Z
reason "Version Mismatch" "${facts[@]}" --product-version 4.10
reason "Version Mismatch" "${facts[@]}" --product FineBI
reason "App Name Mismatch" "${facts[@]}" --app-name other
reason "Registration Capacity Reached" "${facts[@]}" --nodes 3
reason "Project Content Mismatch" "${facts[@]}" --project-content other
reason "License Type/Version Mismatch" "${facts[@]}" --method private-cloud
# All reasons at once, in the seed's order.
reason "License Expired,Version Mismatch,App Name Mismatch,Registration Capacity Reached,Project Content Mismatch,License Type/Version Mismatch" \
  --product-version 5.0 --app-name x --nodes 9 --project-content y --method public-cloud --date 2030-01-01

# The signature checks out with openssl alone (docs/formats.md, section 2.4).
type=$(jq -r .payloadType out/Container.lic)
key_id=$(jq -r '.signatures[0].keyid' out/Container.lic)
jq -j .payload out/Container.lic | base64 -d > payload.bin
jq -j '.signatures[0].sig' out/Container.lic | base64 -d > sig.bin
printf 'DSSEv1 %d %s %d ' "${#type}" "$type" "$(stat -c %s payload.bin)" > pae.bin
cat payload.bin >> pae.bin
expect_exit 0 openssl pkeyutl -verify -pubin -inkey "mykeys/signing-$key_id.pub.pem" -rawin \
  -in pae.bin -sigfile sig.bin
# ... and fails for a payload changed by one byte.
sed -i 's/Sales Analytics/Sales Analytica/' pae.bin
expect_exit 1 openssl pkeyutl -verify -pubin -inkey "mykeys/signing-$key_id.pub.pem" -rawin \
  -in pae.bin -sigfile sig.bin
echo done
