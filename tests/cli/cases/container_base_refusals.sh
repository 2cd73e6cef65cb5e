# A base image that is not a verifiable image is refused before anything is signed: no
# artifact, no ledger change, a message naming the archive and the problem. So is the stand-in
# base with a real keyring.
set -u
source "$CLI_LIB"
cp "$SRC/templates/orders/container-private-cloud.yaml" order.yaml
base="$SRC/templates/container/base-image.tar"

refused() {  # expected exit, expected stderr fragment, base image, [extra args]
  local want=$1 fragment=$2 image=$3; shift 3
  local before; before=$(state_snapshot)
  "$FRLIC" issue --order order.yaml --out out --allow-example-keys --base-image "$image" "$@" 2> err.txt >/dev/null
  local got=$?
  expect_equal "$got" "$want" "exit status with base $image"
  grep -qF -- "$fragment" err.txt || { echo "stderr with base '$image' lacks '$fragment':"; cat err.txt; exit 99; } >&2
  rm -f err.txt
  expect_equal "$(state_snapshot)" "$before" "files and ledger after base $image"
  expect_no_file out/fanruan_license_server.tar
}

refused 9 "missing.tar" missing.tar
printf 'this is not a tar archive at all\n' > text.tar
refused 4 "text.tar" text.tar
head -c 3000 "$base" > truncated.tar
refused 4 "truncated.tar" truncated.tar

# Unpacked and repacked by GNU tar, with one change each.
mkdir src && tar -xf "$base" -C src
layer=$(jq -r '.[0].Layers[0]' src/manifest.json)
config=$(jq -r '.[0].Config' src/manifest.json)
repack() { tar --sort=name -cf "$1" -C "$2" .; }

cp -r src no-manifest && rm no-manifest/manifest.json && repack no-manifest.tar no-manifest
refused 4 "manifest.json" no-manifest.tar

cp -r src bad-layer && printf 'X' | dd of="bad-layer/$layer" bs=1 seek=600 conv=notrunc status=none
repack bad-layer.tar bad-layer
refused 4 "diff_ids" bad-layer.tar

cp -r src bad-config && jq -c '.architecture = "arm64"' "src/$config" > "bad-config/$config"
repack bad-config.tar bad-config
refused 4 "$config" bad-config.tar

cp -r src two-images && jq -c '. + .' src/manifest.json > two-images/manifest.json
repack two-images.tar two-images
refused 4 "holds 2 images" two-images.tar

# The stand-in base with a real keyring: refused, pointing at --base-image.
FRLIC_PASSPHRASE=mine expect_exit 0 "$FRLIC" keygen --out mykeys --kdf minimal >/dev/null
before=$(state_snapshot)
FRLIC_PASSPHRASE=mine "$FRLIC" issue --order order.yaml --out out --keys mykeys 2> err.txt
expect_equal "$?" 7 "exit status with the stand-in base and a real keyring"
grep -qF -- "--base-image" err.txt || { cat err.txt >&2; exit 99; }
rm -f err.txt
expect_equal "$(state_snapshot)" "$before" "files and ledger after the stand-in refusal"
# The same base, copied away from its STAND-IN marker, is accepted by the real keyring.
cp "$base" own-base.tar
FRLIC_PASSPHRASE=mine expect_exit 0 "$FRLIC" issue --order order.yaml --out out --keys mykeys --base-image own-base.tar >/dev/null
expect_file out/fanruan_license_server.tar
echo done
