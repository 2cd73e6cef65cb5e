#!/usr/bin/env bash
# Writing a container image from a 1 GB base (four incompressible layers of BENCH_MIB/4 MiB
# and a small one), against `cp base out` followed by `sync out` (the floor for a tool that
# must write every byte again durably). The base is a docker < 25 archive made with GNU tar,
# sha256sum and jq (as scripts/make-base-image.sh makes the stand-in). Timed in one hyperfine
# run, each command starting with its old outputs removed and dirty pages written (sync):
#   cp + sync        cp BASE OUT && sync OUT
#   frlic image      frlic_image_bench: ReadImageArchive + WriteImage through StagedFile
#                    (fsync of the file, rename, fsync of the directory) + the re-read of the
#                    output, as `frlic issue` runs them
#   frlic issue      the whole `frlic issue --base-image` of a container-private-cloud order
#                    (order and ledger checks, signing, the image, the ledger's fsyncs), on a
#                    ledger made by `frlic ledger init` before each run
#   skopeo copy      skopeo copy docker-archive:BASE docker-archive:OUT (for the record;
#                    skipped if skopeo is not installed)
#   cp               cp BASE OUT alone (for the record)
# Then prints each mean as a ratio to `cp + sync` (goal for frlic image: <= 1.3x), where the
# time of one frlic image run goes (--phases), and the peak RSS (/usr/bin/time -v; goal
# < 32 MiB). The base is in the page cache for every command (it is read once before).
# Usage: bench/image_vs_cp.sh [path/to/frlic_image_bench]
# Env: BENCH_MIB (layer MiB in all, default 1024), BENCH_RUNS (default 5), BENCH_DIR (the
#   work directory's parent, default TMPDIR or /tmp; base and outputs share its filesystem;
#   needs ~3 x BENCH_MIB), FRLIC (default build/plain/apps/frlic).
set -euo pipefail
cd "$(dirname "$0")/.."
bench=$(realpath "${1:-build/plain/bench/frlic_image_bench}")
frlic=$(realpath "${FRLIC:-build/plain/apps/frlic}")
runs=${BENCH_RUNS:-5}
mib=${BENCH_MIB:-1024}
for tool in hyperfine jq sha256sum /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "image_vs_cp.sh: needs $tool (apt-get install ${tool##*/})" >&2; exit 2; }
done
work=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/frlic-image-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
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

peak_rss_kib() {  # COMMAND...: its peak RSS in KiB
  /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}'
}

base=$work/base.tar out=$work/out.tar ledger=$work/issue.sqlite issued=$work/issued
layer=$(((mib + 3) / 4))
make_base "$base" "$layer" "$layer" "$layer" "$layer"
cat "$base" >/dev/null  # in the page cache, for every command alike
echo "base: $(stat -c %s "$base") bytes (layers of 4 x $layer MiB + a small one)"
echo "work dir: $work on $(df --output=fstype,source "$work" | tail -1 | tr -s ' ')" \
  "(base and every output on it); $(nproc) CPUs; $(grep -qw sha_ni /proc/cpuinfo && echo SHA-NI || echo no SHA-NI)"
echo "frlic_image_bench: $bench"

clean_out="sh -c 'rm -rf $out $work/skopeo.tar && sync'"
commands=(--prepare "$clean_out" -n "cp + sync" "sh -c 'cp $base $out && sync $out'"
  --prepare "$clean_out" -n "frlic image" "$bench $base $out"
  --prepare "sh -c 'rm -rf $issued $ledger* && $frlic ledger init $ledger >/dev/null && sync'"
  -n "frlic issue" "$frlic issue --order $order --base-image $base --out $issued --ledger $ledger --allow-example-keys")
if command -v skopeo >/dev/null; then
  commands+=(--prepare "$clean_out" -n "skopeo copy"
    "skopeo copy --quiet docker-archive:$base docker-archive:$work/skopeo.tar:bench/out:1")
else
  echo "skopeo: not installed, not compared (apt-get install skopeo)"
fi
commands+=(--prepare "$clean_out" -n "cp" "cp $base $out")
hyperfine -N --style basic --warmup 1 --runs "$runs" --export-json "$work/times.json" "${commands[@]}" |
  grep -E '^(Benchmark|  Time)' || true
echo
jq -r '.results as $r | ($r[0].median) as $floor | $r[] |
  "\(.command | .[0:12] + "            " | .[0:12]): median \(.median * 1000 | round) ms (min \(.min * 1000 | round), max \(.max * 1000 | round)) = \(.median / $floor * 100 | round / 100)x cp + sync"' \
  "$work/times.json"
frlic_ratio=$(jq -r '.results | (.[1].median / .[0].median * 100 | round / 100)' "$work/times.json")
echo "frlic image / (cp + sync): ${frlic_ratio}x (goal <= 1.3x)"

echo
echo "where the time of one frlic image run goes:"
rm -rf "$out" && sync
"$bench" --phases "$base" "$out" 2>&1 >/dev/null | sed 's/^/  /'

rm -rf "$out" && sync
rss=$(peak_rss_kib "$bench" "$base" "$out")
echo "peak RSS of frlic image: $((rss / 1024)) MiB ($rss KiB; goal < 32 MiB)"
rm -rf "$issued" "$ledger"* && "$frlic" ledger init "$ledger" >/dev/null
rss=$(peak_rss_kib "$frlic" issue --order "$order" --base-image "$base" --out "$issued" \
  --ledger "$ledger" --allow-example-keys)
echo "peak RSS of frlic issue: $((rss / 1024)) MiB ($rss KiB)"
rm -rf "$out" && sync
rss=$(peak_rss_kib cp "$base" "$out")
echo "peak RSS of cp: $((rss / 1024)) MiB"
