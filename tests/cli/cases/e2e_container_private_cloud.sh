# The container-private-cloud flow end to end with only what the customer holds: issue the
# image, start the sim component from it (privateConfig), revoke, reissue from the
# privateConfig, and the refusals (not revoked, another key, any byte changed, already
# reissued, racing reissues, another method's serial).
# cli-cost: 14
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/../frlic-sim/frlic-sim"
[ -x "$SIM" ] || SIM="$(dirname "$FRLIC")/frlic-sim"
cp "$SRC/templates/orders/container-private-cloud.yaml" order.yaml
expect_exit 0 "$FRLIC" issue --order order.yaml --out out --allow-example-keys --json > issued.json
old=$(jq -r .serial issued.json)
img=out/fanruan_license_server.tar
expect_equal "$(sha256sum $img | cut -d' ' -f1)" "$(jq -r .sha256 issued.json)" "image digest"
expect_exit 3 "$FRLIC" issue --order order.yaml --rif x.rif --out other --allow-example-keys

# The component starts from the image and writes its privateConfig; a restart keeps the id.
expect_exit 0 "$SIM" component --image $img --data data
expect_file data/app/config/privateConfig
id1=$("$FRLIC" verify-private-config data/app/config/privateConfig --json | jq -r .instance_id)
expect_exit 0 "$SIM" component --image $img --data data --port 18090 >/dev/null
expect_exit 1 "$FRLIC" verify-private-config data/app/config/privateConfig --json > v.json
expect_equal "$(jq -r .instance_id v.json)" "$id1" "instance id after a restart"
expect_equal "$(jq -r .verdict v.json)" not-revoked
# Expired: it starts with a warning and answers 30000 (section 9.8), like the licence server.
FRLIC_NOW=2030-01-01T00:00:00Z expect_exit 0 "$SIM" component --image $img --data expired > /dev/null 2> expired.err
grep -q "expired on 2027-09-29" expired.err || { cat expired.err >&2; exit 99; }

# Not revoked yet: refused, nothing changes.
cp data/app/config/privateConfig privateConfig
before=$(state_snapshot)
expect_exit 7 "$FRLIC" reissue --private-config privateConfig --out new --allow-example-keys
expect_equal "$(state_snapshot)" "$before" "state after a refused reissue"
expect_no_file new/fanruan_license_server.tar

expect_exit 9 "$FRLIC" revoke FRL-0000000000000000 --reason "no such licence"
expect_exit 0 "$FRLIC" revoke "$old" --reason "component moved: business destroyed it (ticket 7)"
expect_exit 8 "$FRLIC" revoke "$old" --reason "again"
expect_exit 0 "$FRLIC" verify-private-config privateConfig >/dev/null

# A byte changed, every 23rd (EnvelopeTest.EveryByteFlipIsRejected flips every byte of an
# envelope in one process): not accepted (never exit 0).
size=$(stat -c %s privateConfig)
for ((i = 0; i < size; i += 23)); do
  perl -e 'local $/; open my $f, "<", "privateConfig"; my $d = <$f>; substr($d, $ARGV[0], 1) ^= "\x01"; print $d' "$i" > flipped
  "$FRLIC" verify-private-config flipped >/dev/null 2>&1 && { echo "flipped byte $i accepted" >&2; exit 99; }
done

# Signed by another key: a second component's privateConfig re-pointed at the first serial.
cp order.yaml order2.yaml && sed -i 's/^order_id: .*/order_id: ORD-2026-0104/' order2.yaml
expect_exit 0 "$FRLIC" issue --order order2.yaml --out out2 --allow-example-keys >/dev/null
expect_exit 0 "$SIM" component --image out2/fanruan_license_server.tar --data data2 >/dev/null
payload=$(jq -r .payload data2/app/config/privateConfig | base64 -d | jq -c --arg s "$old" '.serial = $s' | base64 -w0)
jq -c --arg p "$payload" '.payload = $p' data2/app/config/privateConfig > other-key
expect_exit 1 "$FRLIC" verify-private-config other-key --json > other.json
expect_equal "$(jq -r .verdict other.json)" bad-signature
expect_exit 5 "$FRLIC" reissue --private-config other-key --out new --allow-example-keys

# Two reissues race with one privateConfig: exactly one wins.
( "$FRLIC" reissue --private-config privateConfig --out race1 --allow-example-keys >/dev/null 2>&1; echo $? > race1.rc ) &
( "$FRLIC" reissue --private-config privateConfig --out race2 --allow-example-keys >/dev/null 2>&1; echo $? > race2.rc ) &
wait
codes=$(cat race1.rc race2.rc | sort | tr '\n' ' ')
expect_equal "$codes" "0 0 " "exit codes of two racing reissues (the loser reports the winner's replacement)"
new_img=$(ls race*/fanruan_license_server.tar)
expect_equal "$(echo "$new_img" | wc -l)" 1 "images written by the race"
expect_exit 0 "$SIM" component --image "$new_img" --data newdata >/dev/null
expect_exit 1 "$FRLIC" verify-private-config privateConfig --json > replay.json
expect_equal "$(jq -r .verdict replay.json)" already-reissued
# Again with the same privateConfig: a re-run, reporting the replacement and writing nothing.
"$FRLIC" reissue --private-config privateConfig --out again --allow-example-keys --json > again.json
expect_equal "$?" 0 "exit status of a re-run reissue"
expect_equal "$(jq -r .already_issued again.json)" true "already_issued of a re-run reissue"
expect_no_file again

"$FRLIC" ledger list --json > ledger.json
new=$(jq -r --arg o "$old" '.records[] | select(.parent_serial==$o) | .serial' ledger.json)
expect_equal "$(jq -r --arg s "$new" '.records[] | select(.serial==$s) | .status' ledger.json)" active
expect_equal "$(jq -r --arg s "$old" '.records[] | select(.serial==$s) | .status' ledger.json)" superseded
# Same terms, including the port.
expect_equal "$(jq -c --arg s "$new" '.records[] | select(.serial==$s) | .terms' ledger.json)" \
  "$(jq -c --arg s "$old" '.records[] | select(.serial==$s) | .terms' ledger.json)" "terms"
expect_exit 0 "$FRLIC" ledger verify >/dev/null

# A private-cloud serial's "privateConfig" is refused for its method.
expect_exit 0 "$FRLIC" issue --order "$SRC/templates/orders/local-container.yaml" --out lc --allow-example-keys --json > lc.json
lc=$(jq -r .serial lc.json)
payload=$(jq -r .payload privateConfig | base64 -d | jq -c --arg s "$lc" '.serial = $s' | base64 -w0)
jq -c --arg p "$payload" '.payload = $p' privateConfig > lc-config
expect_exit 1 "$FRLIC" verify-private-config lc-config --json > lc-verdict.json
expect_equal "$(jq -r .verdict lc-verdict.json)" not-container-private-cloud

# Same inputs, keys, clock and seed: byte-identical images.
export FRLIC_RANDOM_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
for n in 1 2; do
  expect_exit 0 "$FRLIC" issue --order order.yaml --out det$n --ledger det$n.sqlite --init-ledger --allow-example-keys >/dev/null
done
expect_exit 0 cmp det1/fanruan_license_server.tar det2/fanruan_license_server.tar
echo done
