# The reference public cloud server (frlic-sim cloud; issue 11, item 8): accounts read from the
# ledger read-only (never created, never changed), 30006 wrong password, 30002 disabled,
# 30000 expired (both sides of the expiry day), 30007 over capacity counted from live
# registrations, unbind and 20000, and a registration lapsing 24 h after it was last heard from
# (seed 002, "Migration").
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/../frlic-sim/frlic-sim"
[ -x "$SIM" ] || SIM="$(dirname "$FRLIC")/frlic-sim"
sed 's/^capacity: 5/capacity: 2/' "$SRC/templates/orders/public-cloud.yaml" > order.yaml
expect_exit 0 "$FRLIC" issue --order order.yaml --allow-example-keys --show-password --json > issued.json
jq -r .account.password issued.json > password.txt
cloud() {  # NOW MACHINE [flags...] < password
  local now=$1 machine=$2; shift 2
  FRLIC_NOW=$now "$SIM" cloud --state cloud.json --account example-trading --machine-id "$machine" -language en "$@" |
    jq -r '"\(.code) \(.name)"'
}
# The ledger's files: the main file's hash, and the directory's ledger.* names, so that a
# -wal or -shm file left behind (a write, or a read that needed one) is seen too.
ledger_files() { (cd "$(dirname "$FRLIC_LEDGER")" && ls -A | grep -F "$(basename "$FRLIC_LEDGER")"); }
before=$(sha256sum "$FRLIC_LEDGER" | cut -d' ' -f1)
files_before=$(ledger_files)
t=2026-11-23T08:00:00Z
echo "register a: $(cloud $t host-a < password.txt)"
echo "register b: $(cloud $t host-b < password.txt)"
echo "register a again: $(cloud 2026-11-23T10:00:00Z host-a < password.txt)"
echo "register c: $(cloud $t host-c < password.txt)"
echo "unbind c: $(cloud $t host-c --unbind < password.txt)"
echo "unbind b: $(cloud $t host-b --unbind < password.txt)"
echo "register c: $(cloud $t host-c < password.txt)"
echo "wrong password: $(echo 'not-the-password-23' | cloud $t host-d)"
echo "unknown account: $(FRLIC_NOW=$t "$SIM" cloud --state cloud.json --account nobody --machine-id host-d < password.txt | jq -r .code)"
echo "-- 24 hours after host-c (08:00) and host-a (10:00) were last heard from"
echo "register d: $(cloud 2026-11-24T07:59:59Z host-d < password.txt)"
echo "register d: $(cloud 2026-11-24T08:00:00Z host-d < password.txt)"
echo "-- expiry 2027-11-19"
echo "last day: $(cloud 2027-11-19T23:59:59Z host-d < password.txt)"
echo "day after: $(cloud 2027-11-20T00:00:00Z host-d < password.txt)"
expect_equal "$(sha256sum "$FRLIC_LEDGER" | cut -d' ' -f1)" "$before" "the ledger after frlic-sim cloud"
expect_equal "$(ledger_files)" "$files_before" "the ledger's files after frlic-sim cloud"
echo "ledger files: $(echo $files_before)"
expect_exit 0 "$FRLIC" account disable example-trading --reason "unpaid invoice" >/dev/null
echo "disabled: $(cloud 2027-11-19T12:00:00Z host-d < password.txt)"
echo "disabled, unbind (the password suffices): $(cloud 2027-11-19T12:00:00Z host-d --unbind < password.txt)"
echo "-- no ledger"
FRLIC_NOW=$t "$SIM" cloud --ledger missing.sqlite --state cloud.json --account example-trading --machine-id host-d < password.txt 2> missing.err
echo "exit $?"
expect_no_file missing.sqlite
grep -q 'never creates one' missing.err || { cat missing.err >&2; exit 99; }
