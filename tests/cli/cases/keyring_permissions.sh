# The keyring must be owner-only (issue 10, L2): a directory others can enter or write to, or a
# keyring.json others can write, is refused (exit 7) with the chmod that fixes it, for reading
# public keys as well as for signing. The bundled example keyring is exempt (public passphrase;
# git keeps no directory modes).
set -u
source "$CLI_LIB"
expect_exit 0 "$FRLIC" keygen --out own --kdf minimal > /dev/null
expect_equal "$(stat -c %a own)" 700 "keygen's directory mode"
expect_equal "$(stat -c %a own/keyring.json)" 644 "keygen's keyring.json mode"
expect_exit 0 "$FRLIC" keys list --keys own > /dev/null
chmod 755 own
expect_exit 7 "$FRLIC" keys list --keys own
expect_exit 7 "$FRLIC" issue --keys own --order "$SRC/templates/orders/local-container.yaml" --out out
expect_no_file out/Container.lic
chmod 700 own
chmod 666 own/keyring.json
expect_exit 7 "$FRLIC" keys list --keys own
chmod 644 own/keyring.json
expect_exit 0 "$FRLIC" keys list --keys own > /dev/null
# A fresh copy of keys-example, modes as git leaves them.
cp -r "$SRC/keys-example" example
chmod 755 example
chmod 666 example/keyring.json
expect_exit 0 "$FRLIC" keys list --keys example > /dev/null
echo done
