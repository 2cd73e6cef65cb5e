# Inputs that are not regular files are refused before the ledger lock is taken (a FIFO would
# otherwise hold it forever), the wait for another issuer's lock is bounded and names the
# holder, and a refused issue creates nothing, not even --out (issue 10, L1 and item 8).
set -u
source "$CLI_LIB"
cp "$SRC/templates/orders/container-private-cloud.yaml" cc.yaml
cp "$SRC/templates/orders/private-cloud.yaml" pc.yaml
expect_exit 0 "$FRLIC" issue --order "$SRC/tests/cli/fixtures/local-container.yaml" --out first --allow-example-keys >/dev/null
# What a refusal must leave as it was: the records and the output directories.
state() { echo "records $(ledger_count) outputs $(ls -d o* first 2>/dev/null | tr '\n' ' ')"; }
before=$(state)

mkfifo base.fifo
timeout 20 "$FRLIC" issue --order cc.yaml --base-image base.fifo --out o1 --allow-example-keys 2>err.txt
expect_equal "$?" 3 "exit status for a FIFO as --base-image"
grep -q "base.fifo is a FIFO" err.txt || { cat err.txt >&2; exit 99; }
expect_no_file o1
mkdir rif.d
expect_exit 3 "$FRLIC" issue --order pc.yaml --rif rif.d --out o2 --allow-example-keys 2>/dev/null
expect_no_file o2
expect_equal "$(state)" "$before" "state after refused inputs"
echo "not regular files: refused"

# Another process holds the ledger lock (-o: flock itself, not its sleep): a FIFO is still
# refused at once, before any wait for the lock ...
flock -o "$FRLIC_LEDGER.lock" sleep 60 &
holder=$!
for _ in $(seq 200); do flock -n "$FRLIC_LEDGER.lock" true || break; sleep 0.05; done
timeout 20 "$FRLIC" issue --order cc.yaml --base-image base.fifo --out o4 --lock-timeout 30 --allow-example-keys 2>/dev/null
expect_equal "$?" 3 "exit status for a FIFO while the lock is held"
# ... and the wait ends after --lock-timeout, naming the holder.
"$FRLIC" issue --order "$SRC/tests/cli/fixtures/local-container.yaml" --out o3 --lock-timeout 1 --allow-example-keys 2>err.txt
expect_equal "$?" 14 "exit status when the ledger lock stays held"
grep -q "is locked by process $holder (flock)" err.txt || { cat err.txt >&2; exit 99; }
"$FRLIC" issue --order "$SRC/tests/cli/fixtures/local-container.yaml" --out o3 --lock-timeout 1 --allow-example-keys --json 2>/dev/null > busy.json
expect_equal "$(jq -r .error.code busy.json)" busy "JSON error code when busy"
expect_no_file o3
kill "$holder"; wait "$holder" 2>/dev/null
expect_exit 0 flock -n "$FRLIC_LEDGER.lock" true
expect_equal "$(state)" "$before" "state after a busy ledger"
echo "held lock: gave up after 1 s, holder named"
