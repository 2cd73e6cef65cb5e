#!/usr/bin/env bash
# Builds frlic twice and runs every test once:
# - a build under ASan+UBSan runs the unit tests, the fuzz corpus replays and the CLI cases on
#   the SQLite ledger;
# - a plain (Release) build, the optimised binaries users run, runs the rest: the CLI cases on
#   the PostgreSQL ledger (cli.pg.*), the two kill harnesses, the Debian package, the docs
#   against --help and the byte flips through the CLI (plain_only below says why).
# This is the README's test command; .ci/run runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh

jobs=$(nproc)
phase_start=$SECONDS
phase() {  # prints how long the phase before took, then the next phase's name
  echo "== $1 ($((SECONDS - phase_start)) s since start) =="
}

# A throwaway PostgreSQL 15 for the ledger's PostgreSQL tests (both test phases), stopped and
# removed on exit. FRLIC_REQUIRE_PG=1: a PostgreSQL test without a server fails, never skips.
pg_dir=$(mktemp -d /tmp/frlic-test-pg.XXXXXX)
rmdir "$pg_dir"
trap 'bash scripts/pg-test-server.sh stop "$pg_dir"' EXIT
phase "PostgreSQL test server"
eval "$(bash scripts/pg-test-server.sh start "$pg_dir")"
export FRLIC_REQUIRE_PG=1

phase "plain build"
# Without the bench drivers (bench/*.sh build them in a build of their own; no test runs them).
cmake -S . -B build/plain -G Ninja -DCMAKE_BUILD_TYPE=Release -DFRLIC_BUILD_UNIT_TESTS=OFF \
  -DFRLIC_BUILD_BENCH=OFF >/dev/null
cmake --build build/plain -j "$jobs"
phase "plain tests"
# What the sanitized run leaves out:
# - the two kill harnesses (crash_harness_short, reissue_killed: dozens of processes killed at
#   step hooks, which test timing and recovery, not memory; the recovery code runs under the
#   sanitizers in the unit tests and the other kill cases);
# - the Debian package (package_deb: it packs the optimised programs users install);
# - the docs against --help (output_cli_docs_match_help: text, not memory);
# - the byte flips through the CLI (tampered_licence_rejected: about 260 processes, 49 s under
#   the sanitizers; the unit tests flip every byte of a licence and envelope under them, in
#   the same parsers and verifier);
# - the CLI cases on PostgreSQL (cli.pg.*): the CLI code they run is the one the SQLite cases
#   run under the sanitizers, and the PostgreSQL ledger and driver run under the sanitizers in
#   the unit tests (LedgerOnBothTest, PgLedgerTest, PgConnectionTest, LedgerCopyPgTest).
plain_only='^cli\.(crash_harness_short|reissue_killed|package_deb|output_cli_docs_match_help|tampered_licence_rejected|pg\..*)$'
# They spend much of their time waiting (fsyncs, PostgreSQL, killed and restarted processes),
# so they run beside the sanitized build, their output kept until it is done.
ctest --test-dir build/plain --output-on-failure -j "$jobs" -R "$plain_only" \
  >build/plain-tests.log 2>&1 &
plain_tests=$!
trap 'kill "$plain_tests" 2>/dev/null || true; bash scripts/pg-test-server.sh stop "$pg_dir"' EXIT

phase "sanitized build (ASan+UBSan), beside the plain tests"
cmake -S . -B build/sanitize -G Ninja -DCMAKE_BUILD_TYPE=Debug -DFRLIC_SANITIZE=ON \
  -DFRLIC_UNIT_TEST_SHARDS=8 -DFRLIC_BUILD_BENCH=OFF -DFRLIC_BUILD_VERIFIER=OFF >/dev/null
cmake --build build/sanitize -j "$jobs"
phase "waiting for the plain tests"
plain_status=0
wait "$plain_tests" || plain_status=$?
cat build/plain-tests.log
[ "$plain_status" = 0 ] || { echo "plain tests failed (ctest exit $plain_status)" >&2; exit 1; }
phase "sanitized tests"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1: UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build/sanitize --output-on-failure -j "$jobs" -E "$plain_only"
phase "done"
