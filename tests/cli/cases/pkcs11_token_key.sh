# Issue 15, item 1: the signing key in a PKCS#11 token (a real SoftHSM2 token in this case's
# directory). keygen creates the key on the token; the keyring keeps its URI and public half,
# never a private key file or the PIN; issue (one order and a batch) signs through the token with
# the PIN from a file or FRLIC_PKCS11_PIN and needs no passphrase; the openssl CLI verifies the
# result; a wrong or missing PIN is refused before anything is written; the activation secret
# is the same at every export; keys rotate adopts a second token key.
set -u
source "$CLI_LIB"
# Under the sanitizers: SoftHSM2's own leaks are suppressed (tests/lsan.supp), which
# LeakSanitizer can match only with the slow unwinder.
export LSAN_OPTIONS="suppressions=$SRC/tests/lsan.supp:fast_unwind_on_malloc=0"
module=""
for candidate in /usr/lib/softhsm/libsofthsm2.so /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so; do
  [ -f "$candidate" ] && module=$candidate && break
done
[ -n "$module" ] || { echo "SoftHSM2 is not installed (apt-get install softhsm2)" >&2; exit 99; }
mkdir -p hsm/tokens
printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' \
  "$PWD/hsm/tokens" >hsm/softhsm2.conf
export SOFTHSM2_CONF=$PWD/hsm/softhsm2.conf
softhsm2-util --init-token --free --label frlic-ci --so-pin 87654321 --pin 246810 >/dev/null
uri="pkcs11:token=frlic-ci;object=frlic-signing?module-path=$module"
printf '246810\n' >pin.txt
chmod 600 pin.txt

# A URI that holds the PIN is refused before anything is created.
export FRLIC_PASSPHRASE="rif passphrase"
expect_exit 3 "$FRLIC" keygen --out bad --kdf minimal --pkcs11 "pkcs11:token=frlic-ci;object=x?pin-value=246810" 2>err.txt
grep -q "keeps no secret" err.txt || { cat err.txt >&2; exit 99; }
expect_no_file bad

expect_exit 0 "$FRLIC" keygen --out tk --kdf minimal --pkcs11 "$uri" --create-token-key \
  --pin-file pin.txt --json >keygen.json
key_id=$(jq -r .signing_key_id keygen.json)
expect_equal "$(jq -r --arg id "$key_id" '.keys[] | select(.key_id == $id) | .pkcs11' tk/keyring.json)" "$uri"
expect_no_file "tk/signing-$key_id.key"
grep -rq 246810 tk && { echo "the PIN is in the keyring" >&2; exit 99; }
echo "keygen: the signing key is on the token"
export FRLIC_KEYS=$PWD/tk
"$FRLIC" ledger init "$FRLIC_LEDGER" >/dev/null

# No passphrase for a local-container order: the token's PIN is what opens the signing key.
unset FRLIC_PASSPHRASE
local_order order.yaml
expect_exit 3 "$FRLIC" issue --order order.yaml --out missing --no-prompt 2>err.txt
grep -q "no PIN was given" err.txt || { cat err.txt >&2; exit 99; }
printf '000000\n' >wrong.txt
chmod 600 wrong.txt
expect_exit 7 "$FRLIC" issue --order order.yaml --out wrong --pin-file wrong.txt 2>err.txt
grep -q CKR_PIN_INCORRECT err.txt || { cat err.txt >&2; exit 99; }
expect_no_file missing
expect_no_file wrong
expect_equal "$(ledger_count)" 0
echo "a missing or wrong PIN is refused; nothing written"

expect_exit 0 "$FRLIC" issue --order order.yaml --out out --pin-file pin.txt >issue.txt 2>&1
grep -q 246810 issue.txt && { echo "the PIN was printed" >&2; exit 99; }
expect_equal "$(jq -r '.signatures[0].keyid' out/Container.lic)" "$key_id"
# The openssl CLI verifies the token's signature with the keyring's public key (formats.md 2.4).
type=$(jq -r .payloadType out/Container.lic)
jq -j .payload out/Container.lic | base64 -d >payload.bin
jq -j '.signatures[0].sig' out/Container.lic | base64 -d >sig.bin
printf 'DSSEv1 %d %s %d ' "${#type}" "$type" "$(stat -c %s payload.bin)" >pae.bin
cat payload.bin >>pae.bin
expect_exit 0 openssl pkeyutl -verify -pubin -inkey "tk/signing-$key_id.pub.pem" -rawin \
  -in pae.bin -sigfile sig.bin >/dev/null
echo "issue: signed by the token, verified by openssl"

# A batch, the PIN from the environment.
mkdir orders
for n in 1 2 3; do sed "s/^order_id:.*/order_id: TOKEN-$n/" order.yaml >orders/$n.yaml; done
FRLIC_PKCS11_PIN=246810 expect_exit 0 "$FRLIC" issue --orders orders --out batch --json >batch.jsonl
expect_equal "$(jq -s '[.[] | select(.status == "issued")] | length' batch.jsonl)" 3
expect_exit 0 "$FRLIC" ledger verify >/dev/null
echo "batch: 3 issued"

# The activation secret of a token key: the same bytes at every export.
expect_exit 0 "$FRLIC" keys export-activation-secret --out secret1 --pin-file pin.txt >/dev/null
FRLIC_PKCS11_PIN=246810 expect_exit 0 "$FRLIC" keys export-activation-secret --out secret2 >/dev/null
cmp -s secret1 secret2 || { echo "the activation secret differs between exports" >&2; exit 99; }
echo "activation secret: stable"

# Rotation to a second token key, a day later (the newest active key signs).
export FRLIC_NOW=2026-11-24T08:00:00Z
second="pkcs11:token=frlic-ci;object=frlic-signing-2?module-path=$module"
expect_exit 0 "$FRLIC" keys rotate --pkcs11 "$second" --create-token-key --pin-file pin.txt --json >rotate.json
new_id=$(jq -r .signing_key_id rotate.json)
[ "$new_id" != "$key_id" ] || { echo "rotation kept the key" >&2; exit 99; }
sed 's/^order_id:.*/order_id: TOKEN-ROTATED/' order.yaml >rotated.yaml
expect_exit 0 "$FRLIC" issue --order rotated.yaml --out rotated --pin-file pin.txt >/dev/null
expect_equal "$(jq -r '.signatures[0].keyid' rotated/Container.lic)" "$new_id"
echo "rotate: the new token key signs"
expect_equal "$("$FRLIC" keys list --json | jq -r --arg id "$new_id" '.keys[] | select(.key_id == $id) | .pkcs11')" "$second"
