# The exit-code rule for bad input (docs/cli.md, "Bad input"), held by every command: 3 for a
# request (flag value, order, passphrase file, a path that is not a regular file), 4 for a
# data file that cannot be parsed (including one larger than its format allows or nested more
# than 64 levels deep), a verdict (1) only on evidence that could be parsed, except `check`,
# which answers as the product does. Each row: the expected exit, a fragment the error must
# contain (the file it names), and the command; nothing is written and the ledger is unchanged.
# cli-cost: 37
set -u
source "$CLI_LIB"
local_order lc.yaml
cp "$SRC/templates/orders/private-cloud.yaml" pc.yaml
cp "$SRC/templates/orders/container-private-cloud.yaml" cpc.yaml

# Inputs. Sizes just over each format's limit.
head -c $(((1 << 20) + 1)) /dev/zero | tr '\0' '#' > big.yaml
perl -e 'print "order_id: X\ncompany: ", "[" x 100, "]" x 100, "\n"' > deep.yaml
printf 'garbage\n' > garbage.lic
cp garbage.lic garbage.fr
cp garbage.lic garbage.privateConfig
cp garbage.lic garbage.rif
cp garbage.lic garbage.tar
cp garbage.lic garbage.png
head -c $(((1 << 20) + 1)) /dev/zero > big.lic
cp big.lic big.fr
cp big.lic big.privateConfig
head -c $((64 * 1024 + 1)) /dev/zero > big.rif
# A signed envelope's shape with a payload nested 100 levels deep.
perl -e 'print "{\"payload\":", "[" x 100, "]" x 100, ",\"payloadType\":\"x\",\"signatures\":[]}"' > deep.lic
cp deep.lic deep.fr
cp deep.lic deep.privateConfig
mkdir adir
mkfifo a.fifo  # never opened for writing: a reader that opens it would wait forever
# Keyrings: keyring.json not JSON, and nested too deep.
cp -r "$FRLIC_KEYS" garbage-keys && cp garbage.lic garbage-keys/keyring.json
cp -r "$FRLIC_KEYS" deep-keys && cp deep.lic deep-keys/keyring.json
# A signing key file that is not JSON (mode 0600, so it is read).
cp -r "$FRLIC_KEYS" badkey-keys && for key in badkey-keys/signing-*.key; do cp garbage.lic "$key"; chmod 600 "$key"; done
# A passphrase file over 4096 bytes.
head -c 5000 /dev/zero | tr '\0' 'x' > big.pass && chmod 600 big.pass

table='
3 big.yaml        lint big.yaml
3 deep.yaml       lint deep.yaml
3 big.yaml        issue --order big.yaml --out out --allow-example-keys
3 deep.yaml       issue --order deep.yaml --out out --allow-example-keys
9 missing.yaml    lint missing.yaml
9 missing.yaml    issue --order missing.yaml --out out --allow-example-keys
3 --date          check --license garbage.lic --date tomorrow
3 adir            check --license adir
3 adir            verify-receipt adir
3 adir            inspect adir
3 a.fifo          inspect a.fifo
3 a.fifo          check --license a.fifo
3 a.fifo          verify-private-config a.fifo
3 a.fifo          lint a.fifo
1 garbage.lic     check --license garbage.lic
1 big.lic         check --license big.lic
1 deep.lic        check --license deep.lic
4 garbage.lic     inspect garbage.lic
4 deep.lic        inspect deep.lic
4 garbage.fr      verify-receipt garbage.fr
4 big.fr          verify-receipt big.fr
4 deep.fr         verify-receipt deep.fr
4 garbage.privateConfig verify-private-config garbage.privateConfig
4 big.privateConfig     verify-private-config big.privateConfig
4 deep.privateConfig    verify-private-config deep.privateConfig
4 garbage.rif     issue --order pc.yaml --rif garbage.rif --out out --allow-example-keys
4 big.rif         issue --order pc.yaml --rif big.rif --out out --allow-example-keys
4 garbage.fr      reissue --receipt garbage.fr --rif garbage.rif --out out --allow-example-keys
4 garbage.privateConfig reissue --private-config garbage.privateConfig --out out --allow-example-keys
4 garbage.tar     issue --order cpc.yaml --base-image garbage.tar --out out --allow-example-keys
4 garbage.tar     inspect garbage.tar
4 garbage.png     activate --qr-image garbage.png --allow-example-keys
4 keyring.json    keys list --keys garbage-keys
4 keyring.json    keys list --keys deep-keys
4 keyring.json    inspect garbage.lic --keys deep-keys
4 signing-        issue --order lc.yaml --out out --keys badkey-keys --allow-example-keys
4 big.fr          reissue --receipt big.fr --rif garbage.rif --out out --allow-example-keys
4 big.privateConfig     reissue --private-config big.privateConfig --out out --allow-example-keys
4 keyring.json    keys list --keys big-keys
4 signing-        issue --order lc.yaml --out out --keys bigkey-keys --allow-example-keys
4 payload         activate garbage --allow-example-keys
4 big.png         activate --qr-image big.png --allow-example-keys
'
cp -r "$FRLIC_KEYS" big-keys && head -c $(((1 << 20) + 1)) /dev/zero > big-keys/keyring.json
cp -r "$FRLIC_KEYS" bigkey-keys && for key in bigkey-keys/signing-*.key; do cp big.lic "$key"; chmod 600 "$key"; done
head -c $(((16 << 20) + 1)) /dev/zero > big.png

# No row may change anything, so one snapshot taken before the first is what each row leaves.
before=$(state_snapshot)
rows=0
while read -r want fragment args; do
  [ -z "$want" ] && continue
  # shellcheck disable=SC2086
  timeout 60 "$FRLIC" $args > out.txt 2> err.txt
  got=$?
  [ "$got" = "$want" ] || { echo "frlic $args: exit $got, expected $want"; cat err.txt out.txt; exit 99; } >&2
  # The message names the input (a verdict prints it on stdout).
  grep -qF -- "$fragment" err.txt out.txt ||
    { echo "frlic $args: the message lacks '$fragment':"; cat err.txt out.txt; exit 99; } >&2
  rm -f out.txt err.txt
  expect_equal "$(state_snapshot)" "$before" "files and ledger after: frlic $args"
  rows=$((rows + 1))
done <<< "$table"

# The passphrase source is a request too: a file over 4096 bytes is 3.
(unset FRLIC_PASSPHRASE; "$FRLIC" issue --order lc.yaml --out out --allow-example-keys --passphrase-file big.pass 2> err.txt >/dev/null
 expect_equal "$?" 3 "issue with a passphrase file over its limit") || exit 99
grep -qF big.pass err.txt || { cat err.txt >&2; exit 99; }
rm -f err.txt
expect_equal "$(state_snapshot)" "$before" "files and ledger after the passphrase file refusal"

# --json reports the same code as the exit status.
"$FRLIC" verify-receipt garbage.fr --json > v.json
expect_equal "$?" 4 "verify-receipt --json exit"
expect_equal "$(jq -r .error.code v.json)" malformed
expect_equal "$(jq -r .error.exit_code v.json)" 4
"$FRLIC" lint missing.yaml big.yaml > /dev/null 2>&1
expect_equal "$?" 9 "lint of a missing and an oversize order"
"$FRLIC" lint big.yaml deep.yaml > /dev/null 2>&1
expect_equal "$?" 3 "lint of two orders with problems"
echo "rows $rows"
