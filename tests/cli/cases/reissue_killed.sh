# A reissue killed at any step never strands the customer (issue 10, H1): for both kinds of
# evidence (receipt.fr, privateConfig) and every step hook, the retry gets the customer a
# working replacement, the evidence is accepted exactly once (a further re-run reports that
# replacement, exit 0), and the ledger verifies.
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/../frlic-sim/frlic-sim"
[ -x "$SIM" ] || SIM="$(dirname "$FRLIC")/frlic-sim"

# The replacements of $1 that are not aborted, as "serial status" lines.
live_replacements() {
  "$FRLIC" ledger list --json | jq -r --arg p "$1" '.records[] | select(.parent_serial==$p and .status!="aborted") | "\(.serial) \(.status)"'
}
status_of() { "$FRLIC" ledger list --json | jq -r --arg s "$1" '.records[] | select(.serial==$s) | .status'; }

# After a killed reissue of $1 into $2/ and its retry, as a CI re-run, into the same
# directory (exit $3): exactly one live replacement, whose artifact is where a user finds it;
# the evidence is consumed.
check_settled() {
  local old=$1 out=$2 retry_rc=$3 artifact=$4 consumed=$5
  local live; live=$(live_replacements "$old")
  expect_equal "$(echo "$live" | grep -c .)" 1 "live replacements of $old"
  expect_equal "${live#* }" active "status of the replacement of $old"
  expect_equal "$(status_of "$old")" "$consumed" "status of $old"
  expect_exit 0 "$FRLIC" inspect "$out/$artifact" >/dev/null
  expect_equal "$(sha256sum "$out/$artifact" | cut -d' ' -f1)" \
    "$("$FRLIC" ledger list --json | jq -r --arg s "${live% *}" '.records[] | select(.serial==$s) | .artifact_sha256')" \
    "digest of the replacement of $old (retry exited $retry_rc)"
  # Nothing staged is left where a user could pick it up.
  expect_equal "$(find "$out" -name '.frlic-stage-*' | wc -l)" 0 "stage directories left"
  expect_exit 0 "$FRLIC" ledger verify >/dev/null
}

n=0
for step in staged recorded publishing renamed; do
  n=$((n + 1))
  # Private cloud: a destroyed server's receipt. Hosts of their own per round: a machine key
  # serves one licence, and a host runs one licence server (docs/formats.md 8.5).
  rm -rf old new
  expect_exit 0 "$SIM" machine --issuer-key "$FRLIC_KEYS" --out old --machine-id old-host-$n --mac 02:00:00:00:01:0$n --platform linux-amd64 >/dev/null
  expect_exit 0 "$SIM" machine --issuer-key "$FRLIC_KEYS" --out new --machine-id new-host-$n --mac 02:00:00:00:02:0$n --platform linux-arm64 >/dev/null
  sed "s/^order_id: .*/order_id: KILL-PC-$n/" "$SRC/templates/orders/private-cloud.yaml" > pc$n.yaml
  expect_exit 0 "$FRLIC" issue --order pc$n.yaml --rif old/require/MachineInfo.rif --out pc$n --allow-example-keys --json > pc$n.json
  old=$(jq -r .serial pc$n.json)
  mkdir -p receipts$n && (cd receipts$n && expect_exit 0 "$SIM" server --package ../pc$n/FanruanLicenseServer.zip --machine ../old -destroy >/dev/null)
  FRLIC_TEST_KILL_AT=$step "$FRLIC" reissue --receipt receipts$n/receipt.fr --rif new/require/MachineInfo.rif --out pc$n-killed --allow-example-keys >/dev/null 2>&1
  expect_equal "$?" 137 "exit status of a reissue killed at $step"
  "$FRLIC" reissue --receipt receipts$n/receipt.fr --rif new/require/MachineInfo.rif --out pc$n-killed --allow-example-keys >/dev/null 2>retry.err
  rc=$?
  check_settled "$old" pc$n-killed $rc FanruanLicenseServer.zip destroyed
  # Accepted exactly once: a third try reports the replacement (a re-run), writing nothing.
  "$FRLIC" reissue --receipt receipts$n/receipt.fr --rif new/require/MachineInfo.rif --out pc$n-third --allow-example-keys --json >third.json
  expect_equal "$?" 0 "exit status of a third reissue"
  expect_equal "$(jq -r '"\(.already_issued) \(.serial)"' third.json)" "true $(live_replacements "$old" | cut -d' ' -f1)" "the third reissue's report"
  expect_no_file pc$n-third
  echo "private cloud, killed at $step: retry exited $rc"

  # Container private cloud: a moved component's privateConfig, after revoke.
  sed "s/^order_id: .*/order_id: KILL-CC-$n/" "$SRC/templates/orders/container-private-cloud.yaml" > cc$n.yaml
  expect_exit 0 "$FRLIC" issue --order cc$n.yaml --out cc$n --allow-example-keys --json > cc$n.json
  old=$(jq -r .serial cc$n.json)
  expect_exit 0 "$SIM" component --image cc$n/fanruan_license_server.tar --data data$n >/dev/null
  expect_exit 0 "$FRLIC" revoke "$old" --reason "component moved (ticket $n)" >/dev/null
  FRLIC_TEST_KILL_AT=$step "$FRLIC" reissue --private-config data$n/app/config/privateConfig --out cc$n-killed --allow-example-keys >/dev/null 2>&1
  expect_equal "$?" 137 "exit status of a component reissue killed at $step"
  "$FRLIC" reissue --private-config data$n/app/config/privateConfig --out cc$n-killed --allow-example-keys >/dev/null 2>retry.err
  rc=$?
  check_settled "$old" cc$n-killed $rc fanruan_license_server.tar superseded
  "$FRLIC" reissue --private-config data$n/app/config/privateConfig --out cc$n-third --allow-example-keys --json >third.json
  expect_equal "$?" 0 "exit status of a third component reissue"
  expect_equal "$(jq -r '"\(.already_issued) \(.serial)"' third.json)" "true $(live_replacements "$old" | cut -d' ' -f1)" "the third reissue's report"
  expect_no_file cc$n-third
  echo "container private cloud, killed at $step: retry exited $rc"
done
