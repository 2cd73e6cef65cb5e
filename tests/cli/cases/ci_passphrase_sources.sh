# Passphrases the way CI passes them (issue 12, item 7): a flag beats FRLIC_PASSPHRASE, a file
# may be a symbolic link to a 0600 file (secret mounts), --passphrase-fd reads a descriptor,
# and with no source and no one to ask, the command fails at once instead of waiting.
set -u
source "$CLI_LIB"
issue() { "$FRLIC" issue --order "$SRC/templates/orders/local-container.yaml" --allow-example-keys "$@"; }
printf 'not the passphrase\n' > wrong && chmod 600 wrong
cp "$SRC/keys-example/PASSPHRASE" right && chmod 600 right
# The explicit file wins over the environment (which holds the right passphrase).
expect_exit 12 issue --out a --passphrase-file wrong 2>/dev/null
expect_no_file a/Container.lic
# A symbolic link to a 0600 file is followed, as Kubernetes mounts secrets.
mkdir -p mount/..data && cp right mount/..data/passphrase && chmod 600 mount/..data/passphrase
ln -s ..data/passphrase mount/passphrase
(unset FRLIC_PASSPHRASE; expect_exit 0 issue --out b --passphrase-file mount/passphrase >/dev/null)
expect_file b/Container.lic
# ... but the file it names must still be owner-only.
chmod 644 mount/..data/passphrase
(unset FRLIC_PASSPHRASE; issue --out c --passphrase-file mount/passphrase --ledger c.sqlite --init-ledger 2>err; echo "loose target: $?")
grep -q 'mode 0644' err && grep -q 'mount/passphrase links to it' err && echo "names the link and the mode"
# A descriptor.
(unset FRLIC_PASSPHRASE; expect_exit 0 issue --out d --ledger d.sqlite --init-ledger --passphrase-fd 3 3<right >/dev/null)
expect_file d/Container.lic
(unset FRLIC_PASSPHRASE; issue --out e --ledger e.sqlite --init-ledger --passphrase-fd 7 7<&- 2>err; echo "closed fd: $?")
grep -q 'is not an open file descriptor' err && echo "says the descriptor is not open"
issue --out f --passphrase-file right --passphrase-fd 3 3<right 2>/dev/null; echo "both: $?"
# No source, nobody to ask (stdin is not a terminal): fails at once, naming the ways.
(unset FRLIC_PASSPHRASE; issue --out g --ledger g.sqlite --init-ledger </dev/null 2>err; echo "no source: $?")
grep -q 'stdin is not a terminal' err && grep -q 'passphrase-fd' err && echo "names the ways"
expect_no_file g
