#!/usr/bin/env bash
# Runs one libFuzzer target for SECONDS seconds on a copy of its corpus:
#     bash scripts/fuzz.sh TARGET SECONDS [libFuzzer flags...]
# TARGET is a name from tests/fuzz/CMakeLists.txt (order, strict_json, envelope, rif, ...).
# Builds build/fuzz with clang (-DFRLIC_FUZZ=ON: coverage, ASan, UBSan), only that target.
# New inputs stay in the copy (build/fuzz/corpus/TARGET); a crash is written to
# build/fuzz/artifacts/TARGET/. To keep a crash as a regression test, copy it to
# tests/fuzz/corpus/TARGET/crash-<what> (CI replays every corpus file: ctest -R fuzz.TARGET).
# Not run by CI, which needs no clang: it replays the corpora with GCC instead.
# FRLIC_FUZZ_JOBS: parallel build jobs (default 1); FRLIC_FUZZ_NICE: nice level (default 10).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 2 ]; then
  echo "usage: bash scripts/fuzz.sh TARGET SECONDS [libFuzzer flags...]" >&2
  echo "targets: $(ls tests/fuzz/*_fuzz.cc | sed 's|.*/||; s|_fuzz\.cc||' | tr '\n' ' ')" >&2
  exit 2
fi
target=$1
seconds=$2
shift 2
if [ ! -f "tests/fuzz/${target}_fuzz.cc" ]; then
  echo "fuzz.sh: no target '$target' (tests/fuzz/${target}_fuzz.cc)" >&2
  exit 2
fi
case $seconds in '' | *[!0-9]*) echo "fuzz.sh: SECONDS must be a whole number" >&2; exit 2 ;; esac

# clang and its libFuzzer runtime, from Debian's packages. Only this script needs them.
bash scripts/install-deps.sh
if ! command -v clang++ >/dev/null ||
  ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "fuzz.sh: installing clang and its libFuzzer runtime"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends clang \
    libclang-rt-dev >/dev/null
fi

build=build/fuzz
nice_level=${FRLIC_FUZZ_NICE:-10}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=clang++ \
  -DFRLIC_FUZZ=ON -DFRLIC_BUILD_TESTS=OFF >/dev/null
nice -n "$nice_level" cmake --build "$build" -j "${FRLIC_FUZZ_JOBS:-1}" --target "${target}_fuzz"

corpus=$build/corpus/$target
artifacts=$build/artifacts/$target
mkdir -p "$corpus" "$artifacts"
cp -n tests/fuzz/corpus/"$target"/* "$corpus"/ 2>/dev/null || true
log=$build/$target.log
echo "fuzz.sh: $target for $seconds s on $corpus (log: $log)"
status=0
# -rss_limit_mb: ASan's shadow plus a reader's bounded buffers stay well under it; -timeout: an
# input that takes 20 s is a finding (a hang), not a slow run.
nice -n "$nice_level" "$build/tests/fuzz/${target}_fuzz" -max_total_time="$seconds" \
  -print_final_stats=1 -artifact_prefix="$artifacts/" -rss_limit_mb=4096 -timeout=20 "$@" "$corpus" \
  >"$log" 2>&1 || status=$?
grep -E '^(Done |stat::|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written|frlic fuzz:)' "$log" ||
  true
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
echo "fuzz.sh: $target: ${execs:-?} execs, ${rate:-?} exec/s in $seconds s, exit $status"
if [ "$status" -ne 0 ]; then
  echo "fuzz.sh: $target found a crash: see $log and $artifacts/" >&2
fi
exit "$status"
