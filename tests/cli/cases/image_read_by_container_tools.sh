# An issued fanruan_license_server.tar, checked by tools nobody here wrote: skopeo reads it as a
# docker archive and as an OCI archive (checking every digest), umoci unpacks its layout (the
# licence inside is the issued one; openssl reads the instance key), podman loads it under its
# name. The forms skopeo writes are then used as base images, gzip layers included.
set -u
source "$CLI_LIB"
for tool in skopeo umoci podman openssl; do
  command -v $tool >/dev/null || { echo "$tool is not installed (scripts/install-deps.sh)" >&2; exit 99; }
done
cp "$SRC/templates/orders/container-private-cloud.yaml" order.yaml
expect_exit 0 "$FRLIC" issue --order order.yaml --out out --allow-example-keys --json > issued.json
serial=$(jq -r .serial issued.json)
img=out/fanruan_license_server.tar

expect_exit 0 skopeo copy -q docker-archive:$img oci:from-docker:$serial
expect_exit 0 skopeo copy -q oci-archive:$img oci:from-oci:$serial
expect_exit 0 skopeo inspect --config docker-archive:$img > config.json
expect_equal "$(jq -r '.config.Labels["com.fanruan.license.serial"]' config.json)" "$serial"
expect_equal "$(jq -r '.config.ExposedPorts | keys[0]' config.json)" "18081/tcp"

mkdir layout && tar -xf $img -C layout
expect_exit 0 umoci unpack --rootless --image layout:$serial bundle >/dev/null
licence_sha=$("$FRLIC" ledger show "$serial" --json | jq -r .extra.licence_sha256)
expect_equal "$(sha256sum bundle/rootfs/app/config/license.json | cut -d' ' -f1)" "$licence_sha" "licence in the image"
expect_equal "$(stat -c %a bundle/rootfs/app/config/instance.key)" 600 "instance.key mode"
instance=$(jq -r .payload bundle/rootfs/app/config/license.json | base64 -d | jq -r .instance_public_key | base64 -d | od -An -tx1 | tr -d ' \n')
from_openssl=$(openssl pkey -in bundle/rootfs/app/config/instance.key -pubout -outform DER | tail -c 32 | od -An -tx1 | tr -d ' \n')
expect_equal "$from_openssl" "$instance" "instance key read by openssl"
expect_file bundle/rootfs/app/bin/fanruan-license-server

podman_() { podman --storage-driver vfs --root "$PWD/podman/root" --runroot "$PWD/podman/run" "$@"; }
expect_exit 0 podman_ load -q -i $img > loaded.txt
grep -q "fanruan_license_server:$serial" loaded.txt || { cat loaded.txt >&2; echo "podman did not name the image" >&2; exit 99; }
expect_exit 0 podman_ image exists "fanruan_license_server:$serial"

# skopeo's own forms as base images: docker-archive (<hex>.tar layers), OCI archive with gzip
# layers. frlic reads them, verifies them, and what it writes skopeo reads again.
expect_exit 0 skopeo copy -q oci:from-oci:$serial docker-archive:skopeo-docker.tar:base:1
expect_exit 0 skopeo copy -q --dest-compress oci:from-oci:$serial oci-archive:skopeo-gzip.tar:base
for base in skopeo-docker.tar skopeo-gzip.tar; do
  sed "s/^order_id: .*/order_id: ORD-$base/" order.yaml > order-$base.yaml
  expect_exit 0 "$FRLIC" issue --order order-$base.yaml --base-image $base --out out-$base --allow-example-keys >/dev/null
  expect_exit 0 skopeo copy -q docker-archive:out-$base/fanruan_license_server.tar oci:check-$base:t
  expect_exit 0 "$FRLIC" inspect out-$base/fanruan_license_server.tar >/dev/null
done
echo done
