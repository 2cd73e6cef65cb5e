# ledger list/show/verify/export and lint --ledger only read: on a ledger in a read-only
# directory they create no -wal/-shm/-journal or lock file and leave the file byte for byte
# as it was (tests may run as root, where chmod alone proves nothing, so the bytes, the
# modification time and the directory listing are compared). A ledger of an older schema
# version is refused (exit 11) naming `frlic ledger init`, which upgrades it.
set -u
source "$CLI_LIB"
cp "$SRC/tests/cli/fixtures/local-container.yaml" order.yaml
expect_exit 0 "$FRLIC" issue --order order.yaml --out out --allow-example-keys >/dev/null
mkdir ro
cp "$FRLIC_LEDGER" ro/ledger.sqlite
chmod 0444 ro/ledger.sqlite
chmod 0555 ro
before=$(sha256sum ro/ledger.sqlite | cut -d' ' -f1)
mtime=$(stat -c %Y.%y ro/ledger.sqlite)
ls -a ro | tr '\n' ' '
echo
expect_exit 0 "$FRLIC" ledger list --ledger ro/ledger.sqlite --json | jq -c '[.records[].order_id]'
expect_exit 0 "$FRLIC" ledger verify --ledger ro/ledger.sqlite --quiet
serial=$("$FRLIC" ledger list --ledger ro/ledger.sqlite --json | jq -r '.records[0].serial')
expect_exit 0 "$FRLIC" ledger show "$serial" --ledger ro/ledger.sqlite --json | jq -c '.record.order_id // .order_id'
expect_exit 0 "$FRLIC" ledger export "$serial" --ledger ro/ledger.sqlite --out exported --json | jq -c .method
"$FRLIC" lint order.yaml --ledger ro/ledger.sqlite --json | jq -c '[.files[].warnings[].message | test("already issued")]'
ls -a ro | tr '\n' ' '
echo
[ "$(sha256sum ro/ledger.sqlite | cut -d' ' -f1)" = "$before" ] && echo "bytes unchanged"
[ "$(stat -c %Y.%y ro/ledger.sqlite)" = "$mtime" ] && echo "mtime unchanged"
chmod 0755 ro
# An older schema: read as it is would miss columns; refused, untouched.
cp "$FRLIC_LEDGER" old.sqlite
sqlite3 old.sqlite 'DROP TABLE artifacts; PRAGMA user_version = 3'
old=$(sha256sum old.sqlite | cut -d' ' -f1)
"$FRLIC" ledger list --ledger old.sqlite 2>&1 | sed "s|$PWD/||g"
echo "exit ${PIPESTATUS[0]}"
[ "$(sha256sum old.sqlite | cut -d' ' -f1)" = "$old" ] && echo "old ledger unchanged"
ls old.sqlite* | tr '\n' ' '
echo
expect_exit 0 "$FRLIC" ledger init old.sqlite >/dev/null
expect_exit 0 "$FRLIC" ledger list --ledger old.sqlite --json | jq -c '[.records[].order_id]'
