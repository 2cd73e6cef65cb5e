# Changing a single byte of a Container.lic makes inspect and check reject it; truncated,
# empty and foreign-key licences are rejected with their own codes. Through the CLI a sample of
# byte positions is flipped (two processes per byte); the unit tests
# (EnvelopeTest.EveryByteFlipIsRejected, ContainerGolden.EveryByteFlipIsRejected) flip every
# byte, under the sanitizers in CI, where this case runs in the plain build (scripts/test.sh).
# cli-cost: 18
set -u
source "$CLI_LIB"
cp "$SRC/tests/cli/fixtures/local-container.yaml" order.yaml
expect_exit 0 "$FRLIC" issue --order order.yaml --out out --allow-example-keys >/dev/null
lic=out/Container.lic
expect_exit 0 "$FRLIC" inspect "$lic" >/dev/null
size=$(stat -c %s "$lic")
# The positions, always the same for the same file: the first and last 16 bytes, every third
# byte of the signatures array, and every 29th byte in between (3 and 29 are odd, so every
# position within a base64 quantum is reached). One copy per position, that byte XOR 0x01 (perl is part of every
# Debian system).
mkdir flipped
perl -e 'local $/; open my $in, "<", $ARGV[0] or die; my $d = <$in>; my $n = length($d);
  my %at; $at{$_} = 1 for (0 .. 15), ($n - 16 .. $n - 1);
  my $sigs = index($d, q("signatures")); die "no signatures" if $sigs < 0;
  for (my $i = $sigs; $i < $n; $i += 3) { $at{$i} = 1 }
  for (my $i = 0; $i < $n; $i += 29) { $at{$i} = 1 }
  open my $list, ">", "positions" or die;
  for my $i (sort { $a <=> $b } grep { $_ >= 0 && $_ < $n } keys %at) {
    my $c = $d; substr($c, $i, 1) ^= "\x01"; print $list "$i\n";
    open my $out, ">", "flipped/$i.lic" or die; print $out $c; close $out }' "$lic"
flipped=0
while read -r i <&3; do
  cmp -s "$lic" "flipped/$i.lic" && { echo "byte $i was not changed" >&2; exit 99; }
  "$FRLIC" inspect "flipped/$i.lic" >/dev/null 2>&1
  inspect_status=$?
  verdict=$("$FRLIC" check --license "flipped/$i.lic" 2>/dev/null)
  check_status=$?
  if [ "$inspect_status" = 0 ] || [ "$check_status" != 1 ] ||
     [[ "$verdict" != *"Incorrect License Format"* ]]; then
    echo "flipping byte $i was accepted (inspect $inspect_status, check $check_status)" >&2
    exit 99
  fi
  flipped=$((flipped + 1))
done 3<positions
# A sample, but not a token one.
[ "$flipped" -ge $((size / 29 + 32)) ] || { echo "only $flipped positions flipped" >&2; exit 99; }
echo "flipped $flipped of $size bytes"

head -c $((size / 2)) "$lic" > truncated.lic
expect_exit 4 "$FRLIC" inspect truncated.lic
: > empty.lic
expect_exit 4 "$FRLIC" inspect empty.lic
# Signed by a keyring the verifier does not know.
FRLIC_PASSPHRASE=other expect_exit 0 "$FRLIC" keygen --out otherkeys --kdf minimal >/dev/null
sed 's/^order_id: .*/order_id: CLI-LC-OTHER/' order.yaml > other.yaml
FRLIC_PASSPHRASE=other expect_exit 0 "$FRLIC" issue --order other.yaml --out other --keys otherkeys \
  --ledger other.sqlite --init-ledger >/dev/null
expect_exit 6 "$FRLIC" inspect other/Container.lic
expect_exit 1 "$FRLIC" check --license other/Container.lic
# Payload changed and re-encoded (valid base64, valid JSON): the signature fails.
payload=$(jq -r .payload "$lic" | base64 -d | sed 's/"capacity":2/"capacity":9/' | base64 -w0)
jq -c --arg p "$payload" '{payload: $p, payloadType, signatures}' "$lic" > forged.lic
expect_exit 5 "$FRLIC" inspect forged.lic
