# Every refused issue leaves no artifact and no ledger change, with its own exit code.
set -u
source "$CLI_LIB"
cp "$SRC/tests/cli/fixtures/local-container.yaml" order.yaml

refused() {  # expected exit, expected stderr fragment, command...
  local want=$1 fragment=$2; shift 2
  local before; before=$(state_snapshot)
  "$@" 2> err.txt >/dev/null
  local got=$?
  expect_equal "$got" "$want" "exit status of: $*"
  grep -qF -- "$fragment" err.txt || { echo "stderr of '$*' lacks '$fragment':"; cat err.txt; exit 99; } >&2
  rm -f err.txt
  expect_equal "$(state_snapshot)" "$before" "files and ledger after: $*"
  expect_no_file out/Container.lic
}

# Example keys without the flag.
refused 7 "is the example keyring" "$FRLIC" issue --order order.yaml --out out
# A wrong passphrase.
FRLIC_PASSPHRASE=wrong refused 12 "wrong passphrase" "$FRLIC" issue --order order.yaml --out out --allow-example-keys
# No passphrase at all and no terminal.
(unset FRLIC_PASSPHRASE; refused 3 "no passphrase" setsid -w "$FRLIC" issue --order order.yaml --out out --allow-example-keys </dev/null)
# A private key file readable by others.
chmod 644 "$FRLIC_KEYS"/signing-*.key
refused 7 "mode 0644" "$FRLIC" issue --order order.yaml --out out --allow-example-keys
chmod 600 "$FRLIC_KEYS"/signing-*.key
# Malformed YAML, a wrong type, a missing field, a bad date, a bad IP, an unknown key.
printf 'order_id: [unclosed\n' > broken.yaml
refused 3 "broken.yaml:2:1: is not valid YAML" "$FRLIC" issue --order broken.yaml --out out --allow-example-keys
sed 's/^capacity: 2/capacity: two/' order.yaml > wrongtype.yaml
refused 3 "capacity" "$FRLIC" issue --order wrongtype.yaml --out out --allow-example-keys
grep -v '^company:' order.yaml > missing.yaml
refused 3 "company" "$FRLIC" issue --order missing.yaml --out out --allow-example-keys
sed 's/^expires: .*/expires: 2026-10-01/' order.yaml > baddate.yaml
refused 3 "expires" "$FRLIC" issue --order baddate.yaml --out out --allow-example-keys
sed 's/^method: .*/method: private-cloud/' order.yaml > badip.yaml
printf 'ip_ranges: ["192.168.1.300"]\n' >> badip.yaml
refused 3 "ip_ranges[0]" "$FRLIC" issue --order badip.yaml --out out --allow-example-keys
sed 's/^capacity:/capacty:/' order.yaml > typo.yaml
refused 3 "capacty" "$FRLIC" issue --order typo.yaml --out out --allow-example-keys
# A missing order file.
refused 9 "nothere.yaml" "$FRLIC" issue --order nothere.yaml --out out --allow-example-keys
# A random seed without example keys (predictable serials are never allowed for real keys).
cp -r "$FRLIC_KEYS" realkeys && jq '.example=false' "$FRLIC_KEYS/keyring.json" > realkeys/keyring.json
FRLIC_RANDOM_SEED=$(printf '%064d' 0) refused 7 "FRLIC_RANDOM_SEED" "$FRLIC" issue --order order.yaml --out out --keys realkeys
rm -rf realkeys

# Another order under an id already issued: refused, naming the first serial (the same order
# again is a re-run: rerun_same_order).
expect_exit 0 "$FRLIC" issue --order order.yaml --out out --allow-example-keys --json > first.json
serial=$(jq -r .serial first.json)
mv out/Container.lic first.lic
sed 's/^capacity: 2/capacity: 3/' order.yaml > changed.yaml
refused 8 "already issued as $serial" "$FRLIC" issue --order changed.yaml --out out --allow-example-keys
expect_equal "$(ledger_count)" 1 "ledger records"

# An existing file is not overwritten without --force (and an artifact the ledger records for
# another licence never: state_force_collision).
sed 's/^order_id: .*/order_id: CLI-LC-0002/' order.yaml > second.yaml
mkdir -p spare && cp first.lic spare/Container.lic
before=$(sha256sum spare/Container.lic)
expect_exit 7 "$FRLIC" issue --order second.yaml --out spare --allow-example-keys
expect_equal "$(sha256sum spare/Container.lic)" "$before" "existing Container.lic"
expect_exit 0 "$FRLIC" issue --order second.yaml --out spare --allow-example-keys --force
expect_equal "$(ledger_count)" 2 "ledger records"
echo done
