# frlic-sim machine with a pinned clock and random seed writes exactly the committed vectors
# tests/vectors/rif/golden.rif, golden.json (+ a line feed) and golden-machine.key.
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/frlic-sim"
export FRLIC_RANDOM_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
machine() {
  "$SIM" machine --issuer-key keys/rif-ea70210861f8c8b0.pub.pem --out "$1" \
    --platform linux-amd64 --hostname licence-server-01 --os 'Debian GNU/Linux 12 (bookworm)' \
    --machine-id 4f2a9c1e7b3d4e5f8a6b0c1d2e3f4a5b --mac 52:54:00:AB:CD:EF --mac 52:54:00:12:34:56 \
    --tool-version 'frlic-sim 0.1.0' 2>/dev/null
}
expect_exit 0 machine m
expect_exit 0 cmp m/require/MachineInfo.rif "$SRC/tests/vectors/rif/golden.rif"
expect_exit 0 cmp m/machine.key "$SRC/tests/vectors/rif/golden-machine.key"
expect_exit 0 cmp m/machine.json <(cat "$SRC/tests/vectors/rif/golden.json"; echo)
# The keyring directory instead of the PEM file: its active RIF key, the same bytes.
expect_exit 0 "$(dirname "$FRLIC")/frlic-sim" machine --issuer-key keys --out k \
  --platform linux-amd64 --hostname licence-server-01 --os 'Debian GNU/Linux 12 (bookworm)' \
  --machine-id 4f2a9c1e7b3d4e5f8a6b0c1d2e3f4a5b --mac 52:54:00:AB:CD:EF --mac 52:54:00:12:34:56 \
  --tool-version 'frlic-sim 0.1.0' >/dev/null 2>&1
expect_exit 0 cmp k/require/MachineInfo.rif m/require/MachineInfo.rif
# Another clock gives another file.
FRLIC_NOW=2026-11-24T08:00:00Z expect_exit 0 machine later >/dev/null
if cmp -s later/require/MachineInfo.rif m/require/MachineInfo.rif; then
  echo "clock had no effect" >&2
  exit 99
fi
