# The private-cloud flow end to end with only what the customer holds: sim machine, issue,
# server start and requests, destroy, verify-receipt, reissue to a new machine, and the
# refusals (wrong machine, replayed receipt, tampered receipt, racing reissues).
# cli-backends: sqlite postgresql
# cli-cost: 16
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/../frlic-sim/frlic-sim"
[ -x "$SIM" ] || SIM="$(dirname "$FRLIC")/frlic-sim"
cp "$SRC/templates/orders/private-cloud.yaml" order.yaml
expect_exit 0 "$SIM" machine --issuer-key "$FRLIC_KEYS" --out old --machine-id old-host --mac 02:00:00:00:00:01 --platform linux-amd64 >/dev/null
expect_exit 0 "$SIM" machine --issuer-key "$FRLIC_KEYS" --out new --machine-id new-host --mac 02:00:00:00:00:02 --platform linux-arm64 >/dev/null
expect_exit 3 "$FRLIC" issue --order order.yaml --out out --allow-example-keys   # no --rif
expect_exit 0 "$FRLIC" issue --order order.yaml --rif old/require/MachineInfo.rif --out out --allow-example-keys --json > issued.json
old_serial=$(jq -r .serial issued.json)
expect_exit 0 unzip -tq out/FanruanLicenseServer.zip
pkg=out/FanruanLicenseServer.zip

# Start checks and the product's requests (first failing code only).
expect_exit 0 "$SIM" server --package $pkg --machine old -port 8088 -language en
expect_exit 7 "$SIM" server --package $pkg --machine new
answer() {  # expected code, request flags...
  local want=$1; shift
  local got; got=$("$SIM" server --package $pkg --machine old "$@" | jq -r .code)
  expect_equal "$got" "$want" "answer to $*"
}
ok=(--ip 192.168.100.25 --product-version 4.1.5 --app-name report1 --nodes 1)
answer 0 "${ok[@]}"
answer 30003 "${ok[@]}" --ip 10.0.0.1
answer 30001 "${ok[@]}" --product-version 5.0
answer 30005 "${ok[@]}" --app-name other
answer 30007 "${ok[@]}" --nodes 99
answer 10000 --request 'not json'
answer 10001 --request '{"ip":"192.168.100.25"}'
# Expired: the server still starts (and warns), so -destroy stays possible (issue 11).
FRLIC_NOW=2030-01-01T00:00:00Z expect_exit 0 "$SIM" server --package $pkg --machine old 2>/dev/null >/dev/null

# Destroy: the receipt verifies, the old package no longer starts.
expect_exit 0 "$SIM" server --package $pkg --machine old -destroy >/dev/null
expect_file receipt.fr
expect_exit 8 "$SIM" server --package $pkg --machine old 2>/dev/null  # already destroyed
expect_exit 0 "$FRLIC" verify-receipt receipt.fr --json > verdict.json
expect_equal "$(jq -r .serial verdict.json)" "$old_serial"

# A byte changed in the receipt, every 23rd (EnvelopeTest.EveryByteFlipIsRejected flips every
# byte of an envelope in one process): not accepted (never exit 0).
size=$(stat -c %s receipt.fr)
for ((i = 0; i < size; i += 23)); do
  perl -e 'local $/; open my $f, "<", "receipt.fr"; my $d = <$f>; substr($d, $ARGV[0], 1) ^= "\x01"; print $d' "$i" > flipped.fr
  "$FRLIC" verify-receipt flipped.fr >/dev/null 2>&1 && { echo "flipped byte $i accepted" >&2; exit 99; }
done

# Two reissues race with one receipt: exactly one wins.
( "$FRLIC" reissue --receipt receipt.fr --rif new/require/MachineInfo.rif --out race1 --allow-example-keys >/dev/null 2>race1.err; echo $? > race1.rc ) &
( "$FRLIC" reissue --receipt receipt.fr --rif new/require/MachineInfo.rif --out race2 --allow-example-keys >/dev/null 2>race2.err; echo $? > race2.rc ) &
wait
race_codes=$(cat race1.rc race2.rc | sort | tr '\n' ' ')
if [ "$FRLIC_LEDGER_BACKEND" = postgresql ]; then
  # No file lock: the loser may find the winner's replacement still pending, or consume the
  # receipt a moment too late (docs/formats.md 6.5): busy (14) or conflict (8), never a second
  # replacement; its re-run reports the winner's.
  case "$race_codes" in
    "0 0 " | "0 8 " | "0 14 ") ;;
    *) echo "expectation failed: exit codes of two racing reissues: $race_codes" >&2; exit 99 ;;
  esac
else
  expect_equal "$race_codes" "0 0 " "exit codes of two racing reissues (the loser reports the winner's replacement)"
fi
new_pkg=$(ls race*/FanruanLicenseServer.zip)
expect_equal "$(echo "$new_pkg" | wc -l)" 1 "packages written by the race"
for i in 1 2; do  # a loser's re-run reports the winner's replacement
  if [ "$(cat race$i.rc)" != 0 ]; then
    expect_exit 0 "$FRLIC" reissue --receipt receipt.fr --rif new/require/MachineInfo.rif --out race$i --allow-example-keys >/dev/null
  fi
done
# The new package starts on the new machine only.
expect_exit 0 "$SIM" server --package "$new_pkg" --machine new >/dev/null
expect_exit 7 "$SIM" server --package "$new_pkg" --machine old
# Replay after reissue: refused.
expect_exit 1 "$FRLIC" verify-receipt receipt.fr
# A reissue tells a consumed receipt (8: here with another host's RIF; with the replacement's,
# a re-run reports the replacement) from a malformed one (4), and a refusal creates nothing.
expect_exit 8 "$FRLIC" reissue --receipt receipt.fr --rif old/require/MachineInfo.rif --out replay --allow-example-keys 2>/dev/null
echo 'not a receipt' > malformed.fr
expect_exit 4 "$FRLIC" reissue --receipt malformed.fr --rif new/require/MachineInfo.rif --out malformed --allow-example-keys 2>/dev/null
expect_no_file replay
expect_no_file malformed
"$FRLIC" ledger list --json > ledger.json
expect_equal "$(jq -r '[.records[] | .status] | sort | join(",")' ledger.json)" "active,destroyed"
expect_equal "$(jq -r '.records[] | select(.status=="active") | .parent_serial' ledger.json)" "$old_serial"
expect_exit 0 "$FRLIC" ledger verify >/dev/null
# A receipt for a local-container licence's serial is unknown to private cloud rules.
echo '{"payload":"e30=","payloadType":"application/vnd.frlic.receipt.v1+json","signatures":[{"keyid":"0000000000000000","sig":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="}]}' > junk.fr
expect_exit 4 "$FRLIC" verify-receipt junk.fr  # not a receipt payload: malformed, no verdict
# inspect reads the package in place and verifies its licence; a tampered package is refused.
expect_exit 0 "$FRLIC" inspect "$new_pkg" --json > inspect.json
expect_equal "$(jq -r .type inspect.json)" application/vnd.frlic.server-license.v1+json
expect_equal "$(jq -r .payload.platform inspect.json)" linux-arm64
cp "$new_pkg" broken.zip
printf 'XXXX' | dd of=broken.zip bs=1 seek=200 conv=notrunc status=none
"$FRLIC" inspect broken.zip >/dev/null 2>&1 && { echo "tampered package accepted" >&2; exit 99; }

# A receipt dated before its licence was issued, and one for a serial another ledger issued.
# (-destroy retired the old machine's key: this host gets a machine of its own.)
expect_exit 0 "$SIM" machine --issuer-key "$FRLIC_KEYS" --out early-host --machine-id early-host --mac 02:00:00:00:00:03 --platform linux-amd64 >/dev/null
expect_exit 0 "$FRLIC" issue --order order.yaml --rif early-host/require/MachineInfo.rif --out early \
  --ledger early.sqlite --init-ledger --allow-example-keys >/dev/null
mkdir early-receipt
FRLIC_NOW=2026-11-22T08:00:00Z expect_exit 0 "$SIM" server --package early/FanruanLicenseServer.zip \
  --machine early-host -destroy --out early-receipt >/dev/null
expect_exit 1 "$FRLIC" verify-receipt early-receipt/receipt.fr --ledger early.sqlite --json > early.json
expect_equal "$(jq -r .verdict early.json)" dated-before-issue
expect_exit 1 "$FRLIC" verify-receipt early-receipt/receipt.fr --json > unknown.json
expect_equal "$(jq -r .verdict unknown.json)" unknown-serial

# Same inputs, keys, clock and seed: byte-identical packages.
export FRLIC_RANDOM_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
for n in 1 2; do
  expect_exit 0 "$FRLIC" issue --order order.yaml --rif new/require/MachineInfo.rif --out det$n \
    --ledger det$n.sqlite --init-ledger --allow-example-keys >/dev/null
done
expect_exit 0 cmp det1/FanruanLicenseServer.zip det2/FanruanLicenseServer.zip
echo done
