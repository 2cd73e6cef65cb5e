#!/usr/bin/env bash
# Writing a container image from a base of 200 MB and of 1 GB, against `cp base out` (the floor
# for a tool that must write every byte again). The bases are docker < 25 archives made with
# GNU tar, sha256sum and jq (as scripts/make-base-image.sh makes the stand-in), with random,
# incompressible layers. The writer is frlic_image_bench: ReadImageArchive + WriteImage + the
# re-read of the output, as `frlic issue` runs them. Prints hyperfine's figures, the ratio to
# cp and the peak RSS (/usr/bin/time -v).
# Also times the whole `frlic issue` of a container-private-cloud order with --base-image (the
# figure the issue names): order and ledger checks, signing, the image, the ledger's fsyncs.
# Usage: bench/image_vs_cp.sh [path/to/frlic_image_bench] [--verify-read]
#   --verify-read: ReadImageArchive also hashes every layer in its first pass (a third SHA-256
#   pass); by default the layers are verified once, while WriteImage copies them.
# Env: BENCH_DIR (default: a temp dir under TMPDIR; needs ~3.5 GB), BENCH_RUNS (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
bench=$(realpath "${1:-build/plain/bench/frlic_image_bench}")
verify_read=${2:-}
runs=${BENCH_RUNS:-5}
for tool in hyperfine jq /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "image_vs_cp.sh: needs $tool (apt-get install ${tool##*/})" >&2; exit 2; }
done
work=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/frlic-image-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
frlic=$(realpath "${FRLIC:-build/plain/apps/frlic}")
cp -r keys-example "$work/keys" && chmod 700 "$work/keys" && chmod 600 "$work/keys"/*.key
export FRLIC_KEYS=$work/keys FRLIC_PASSPHRASE="$(cat keys-example/PASSPHRASE)"
export FRLIC_NOW=2026-11-23T08:00:00Z
order=$(realpath templates/orders/container-private-cloud.yaml)
export LC_ALL=C

tar_reproducible() {  # DIR OUT NAMES...
  local dir=$1 file=$2
  shift 2
  tar -C "$dir" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=posix \
    --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime -cf "$file" "$@"
}

# make_base OUT LAYER_MIB...: a small rootfs layer, then one layer per size of random data.
make_base() {
  local out=$1
  shift
  local dir=$work/make
  rm -rf "$dir" && mkdir -p "$dir/image" "$dir/rootfs/etc" "$dir/rootfs/app/bin"
  echo 'NAME="frlic bench base"' >"$dir/rootfs/etc/os-release"
  printf '#!/bin/sh\necho bench\n' >"$dir/rootfs/app/bin/fanruan-license-server"
  local layers=() diff_ids=() n=0 size
  tar_reproducible "$dir/rootfs" "$dir/layer0.tar" app etc
  for size in base "$@"; do
    if [ "$size" != base ]; then
      n=$((n + 1))
      mkdir -p "$dir/data$n/app/data"
      head -c "$((size << 20))" /dev/urandom >"$dir/data$n/app/data/blob$n.bin"
      tar_reproducible "$dir/data$n" "$dir/layer$n.tar" app
      rm -rf "$dir/data$n"
    fi
    local diff_id
    diff_id=$(sha256sum "$dir/layer$n.tar" | cut -d' ' -f1)
    mkdir -p "$dir/image/$diff_id"
    mv "$dir/layer$n.tar" "$dir/image/$diff_id/layer.tar"
    layers+=("$diff_id/layer.tar")
    diff_ids+=("sha256:$diff_id")
  done
  jq -n -cjS '{architecture: "amd64", os: "linux", created: "1970-01-01T00:00:00Z",
    config: {Entrypoint: ["/app/bin/fanruan-license-server"], WorkingDir: "/app"},
    rootfs: {type: "layers", diff_ids: $ARGS.positional},
    history: [$ARGS.positional[] | {created: "1970-01-01T00:00:00Z", created_by: "bench"}]}' \
    --args "${diff_ids[@]}" >"$dir/config.json"
  local config_hex
  config_hex=$(sha256sum "$dir/config.json" | cut -d' ' -f1)
  mv "$dir/config.json" "$dir/image/$config_hex.json"
  jq -n -cjS --arg config "$config_hex.json" \
    '[{Config: $config, RepoTags: ["bench/base:1"], Layers: $ARGS.positional}]' \
    --args "${layers[@]}" >"$dir/image/manifest.json"
  (cd "$dir/image" && tar_reproducible . "$out" $(ls))
  rm -rf "$dir"
}

run() {  # NAME LAYER_MIB...
  local name=$1
  shift
  local base=$work/$name.tar out=$work/out.tar
  make_base "$base" "$@"
  local bytes
  bytes=$(stat -c %s "$base")
  echo
  echo "== base $name: $bytes bytes, layers of $* MiB + a small one"
  cat "$base" >/dev/null  # in the page cache, as for cp
  hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/$name.json" \
    --prepare "sh -c 'rm -f $out && sync'" \
    --prepare "sh -c 'rm -f $out && sync'" \
    --prepare "sh -c 'rm -rf $work/issued $work/issue.sqlite* && sync'" \
    -n "cp" "cp $base $out" \
    -n "frlic_image_bench${verify_read:+ $verify_read}" "$bench $verify_read $base $out" \
    -n "frlic issue" "$frlic issue --order $order --base-image $base --out $work/issued --ledger $work/issue.sqlite --allow-example-keys --force"
  jq -r '.results as $r | ($r[0].mean) as $cp | $r[] |
    "\(.command): mean \(.mean * 1000 | round) ms ± \(.stddev * 1000 | round) ms = \(.mean / $cp * 100 | round / 100)x cp"' \
    "$work/$name.json"
  local rss
  rm -f "$out"
  rss=$(/usr/bin/time -v "$bench" $verify_read "$base" "$out" 2>&1 >/dev/null |
    awk -F': ' '/Maximum resident set size/ {print $2}')
  echo "peak RSS of frlic_image_bench: $((rss / 1024)) MiB ($rss KiB)"
  rm -rf "$work/issued" "$work/issue.sqlite"*
  rss=$(/usr/bin/time -v "$frlic" issue --order "$order" --base-image "$base" --out "$work/issued" \
    --ledger "$work/issue.sqlite" --allow-example-keys 2>&1 >/dev/null |
    awk -F': ' '/Maximum resident set size/ {print $2}')
  echo "peak RSS of frlic issue: $((rss / 1024)) MiB ($rss KiB)"
  rm -rf "$work/issued" "$work/issue.sqlite"*
  rm -f "$out"
  rss=$(/usr/bin/time -v cp "$base" "$out" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}')
  echo "peak RSS of cp: $((rss / 1024)) MiB"
  rm -f "$base" "$out"
}

echo "frlic_image_bench: $bench ${verify_read:-(layers verified while copied)}; $(nproc) CPUs"
run 200MB 200
run 1GB 256 256 256 256
