# frlic-sim machine refuses to replace an existing machine unless --force, and names what is
# wrong with its inputs; a refused run changes nothing.
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/frlic-sim"
facts=(--platform linux-arm64 --hostname h --os 'Ubuntu 24.04 LTS' --machine-id 0123abcd
       --mac 00:11:22:33:44:55)
expect_exit 0 "$SIM" machine --issuer-key keys --out m "${facts[@]}" >/dev/null
before=$(sha256sum m/machine.key m/machine.json m/require/MachineInfo.rif)
expect_exit 7 "$SIM" machine --issuer-key keys --out m "${facts[@]}"
expect_equal "$(sha256sum m/machine.key m/machine.json m/require/MachineInfo.rif)" "$before" "files"
expect_exit 0 "$SIM" machine --issuer-key keys --out m "${facts[@]}" --force >/dev/null
[ "$(sha256sum m/machine.key m/machine.json m/require/MachineInfo.rif)" != "$before" ] ||
  { echo "--force did not replace the machine" >&2; exit 99; }
expect_equal "$(stat -c %a m/machine.key)" 600 "mode of machine.key after --force"
# Bad inputs: exit code per error kind, nothing written.
expect_exit 3 "$SIM" machine --issuer-key keys --out x --platform freebsd --mac zz \
  --hostname h --os o --machine-id i
expect_exit 4 "$SIM" machine --issuer-key keys/signing-509d04703a0f70c2.pub.pem --out x "${facts[@]}"
expect_exit 9 "$SIM" machine --issuer-key keys/rif-0000000000000000.pub.pem --out x "${facts[@]}"
cp keys/rif-ea70210861f8c8b0.pub.pem rif-0123456789abcdef.pub.pem
expect_exit 3 "$SIM" machine --issuer-key rif-0123456789abcdef.pub.pem --out x "${facts[@]}"
FRLIC_NOW=yesterday expect_exit 3 "$SIM" machine --issuer-key keys --out x "${facts[@]}"
expect_exit 2 "$SIM" machine --out x "${facts[@]}" 2>/dev/null
expect_no_file x
echo refused
