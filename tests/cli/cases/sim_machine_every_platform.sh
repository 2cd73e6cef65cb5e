# frlic-sim machine makes a machine directory for each of the six platforms: the RIF starts
# with its header naming the issuer's RIF key and hides the plaintext; machine.key is 0600.
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/frlic-sim"
for platform in windows linux-amd64 linux-i386 linux-arm32 linux-arm64 macos; do
  expect_exit 0 "$SIM" machine --issuer-key keys --out "m-$platform" --platform "$platform" \
    --hostname "host-$platform" --os "OS for $platform" --machine-id "id-$platform" \
    --mac 52:54:00:12:34:56 > "out-$platform.txt"
  rif="m-$platform/require/MachineInfo.rif"
  expect_file "$rif"
  expect_equal "$(head -n 2 "$rif" | tr '\n' ' ')" "frlic-rif-v1 ea70210861f8c8b0 " "header of $rif"
  grep -q "host-$platform" "$rif" && { echo "$rif shows its plaintext" >&2; exit 99; }
  expect_equal "$(stat -c %a "m-$platform/machine.key")" 600 "mode of machine.key"
  expect_equal "$(stat -c %a "$rif")" 644 "mode of $rif"
  expect_equal "$(jq -r .platform "m-$platform/machine.json")" "$platform" "platform"
  grep -q "^platform: $platform\$" "out-$platform.txt" || { echo "no platform line" >&2; exit 99; }
  fingerprint=$(sed -n 's/^fingerprint: //p' "out-$platform.txt")
  expect_equal "$(jq -r .fingerprint "m-$platform/machine.json")" "$fingerprint" "fingerprint"
  echo "$platform ok"
done
