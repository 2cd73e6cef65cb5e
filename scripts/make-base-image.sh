#!/usr/bin/env bash
# Builds the stand-in base image, templates/container/base-image.tar, as `docker save` (docker
# < 25) writes an archive: manifest.json, <config sha256>.json, <layer id>/layer.tar, plus the
# VERSION, json and repositories files docker writes for old clients. It uses GNU tar,
# sha256sum and jq only, never frlic: it is an independent producer of what frlic reads.
# Same script, same bytes (sorted entries, mtime 0, owner 0:0, no atime/ctime).
# Usage: scripts/make-base-image.sh OUT.tar
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 OUT.tar" >&2; exit 2; }
out=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
umask 022
export LC_ALL=C TZ=UTC

tar_reproducible() {  # tar_reproducible DIR OUT NAMES...
  local dir=$1 file=$2
  shift 2
  tar -C "$dir" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=posix \
    --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime -cf "$file" "$@"
}

# The root filesystem: one layer.
rootfs=$work/rootfs
mkdir -p "$rootfs/etc" "$rootfs/app/bin" "$rootfs/app/config"
cat >"$rootfs/etc/os-release" <<'OS'
NAME="frlic stand-in base image"
PRETTY_NAME="frlic stand-in base image (not the vendor's licence server)"
ID=frlic-stand-in
VERSION_ID=0
OS
cat >"$rootfs/app/bin/fanruan-license-server" <<'SERVER'
#!/bin/sh
echo "fanruan-license-server: this is frlic's stand-in base image, not the vendor's licence server" >&2
exit 0
SERVER
chmod 0755 "$rootfs/etc" "$rootfs/app" "$rootfs/app/bin" "$rootfs/app/config" \
  "$rootfs/app/bin/fanruan-license-server"
chmod 0644 "$rootfs/etc/os-release"

image=$work/image
mkdir -p "$image"
tar_reproducible "$rootfs" "$work/layer.tar" app etc
diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
layer_id=$diff_id  # docker < 25 names a layer's directory by a v1 id; any id will do
mkdir -p "$image/$layer_id"
mv "$work/layer.tar" "$image/$layer_id/layer.tar"
printf '1.0' >"$image/$layer_id/VERSION"
jq -n -cjS --arg id "$layer_id" \
  '{id: $id, created: "1970-01-01T00:00:00Z", os: "linux", architecture: "amd64"}' \
  >"$image/$layer_id/json"

jq -n -cjS --arg diff_id "sha256:$diff_id" '{
  architecture: "amd64",
  os: "linux",
  created: "1970-01-01T00:00:00Z",
  config: {
    Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
    Entrypoint: ["/app/bin/fanruan-license-server"],
    WorkingDir: "/app",
    Labels: {"org.opencontainers.image.title": "frlic stand-in base image"}
  },
  rootfs: {type: "layers", diff_ids: [$diff_id]},
  history: [{created: "1970-01-01T00:00:00Z", created_by: "scripts/make-base-image.sh",
             comment: "frlic stand-in base image"}]
}' >"$work/config.json"
config_hex=$(sha256sum "$work/config.json" | cut -d' ' -f1)
mv "$work/config.json" "$image/$config_hex.json"

repo=fanruan/license-server-base
tag=stand-in
jq -n -cjS --arg config "$config_hex.json" --arg tag "$repo:$tag" \
  --arg layer "$layer_id/layer.tar" \
  '[{Config: $config, RepoTags: [$tag], Layers: [$layer]}]' >"$image/manifest.json"
jq -n -cjS --arg repo "$repo" --arg tag "$tag" --arg id "$layer_id" \
  '{($repo): {($tag): $id}}' >"$image/repositories"

tar_reproducible "$image" "$work/base-image.tar" "$layer_id" "$config_hex.json" manifest.json \
  repositories
mv "$work/base-image.tar" "$out"
echo "$out: sha256 $(sha256sum "$out" | cut -d' ' -f1)"
