#!/usr/bin/env bash
# Runs one CLI test case the way a user runs frlic: a fresh directory, the built binary, the
# example keyring (copied, 0600), a pinned clock. Usage: run_case.sh FRLIC_BINARY CASE.sh [postgresql]
#
# With `postgresql` the case's ledger (FRLIC_LEDGER) is a fresh database on the test server
# named by FRLIC_TEST_PG_URL (scripts/pg-test-server.sh), dropped afterwards; without a server
# the case is skipped (exit 77), or fails when FRLIC_REQUIRE_PG=1 (CI). Cases that run on both
# backends say so in a line `# cli-backends: sqlite postgresql` (tests/CMakeLists.txt).
#
# A case is CASE.sh plus expectation files beside it:
#   CASE.exit           the expected exit status of CASE.sh (required)
#   CASE.stdout.exact   stdout must equal this file
#   CASE.stdout.glob    every line is a glob that some stdout line must match
#   CASE.stderr.glob    every line is a glob that some stderr line must match
# CASE.sh may also assert inside itself with the helpers in lib.sh.
set -uo pipefail

frlic_binary=$(realpath "$1")
case_file=$(realpath "$2")
backend=${3:-sqlite}
case_base=${case_file%.sh}
source_dir=$(realpath "$(dirname "$0")/../..")

work=$(mktemp -d "${TMPDIR:-/tmp}/frlic-cli.XXXXXX")
database=""
cleanup() {
  cd /  # psql below must not start in the removed directory
  rm -rf "$work"
  if [ -n "$database" ]; then
    psql -q -X "$FRLIC_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null
  fi
}
trap cleanup EXIT
cp -r "$source_dir/keys-example" "$work/keys"
chmod 700 "$work/keys"
chmod 600 "$work/keys"/*.key

export FRLIC="$frlic_binary" SRC="$source_dir" CLI_LIB="$source_dir/tests/cli/lib.sh"
export HOME="$work/home" XDG_CONFIG_HOME="" XDG_DATA_HOME=""
export FRLIC_KEYS="$work/keys" FRLIC_LEDGER="$work/ledger.sqlite" FRLIC_LEDGER_BACKEND="$backend"
if [ "$backend" = postgresql ]; then
  if [ -z "${FRLIC_TEST_PG_URL:-}" ]; then
    echo "no PostgreSQL for the tests (FRLIC_TEST_PG_URL; see scripts/pg-test-server.sh)"
    [ "${FRLIC_REQUIRE_PG:-}" = 1 ] && exit 1
    exit 77
  fi
  database="frlic_cli_$$_${RANDOM}"
  psql -q -X "$FRLIC_TEST_PG_URL" -c "CREATE DATABASE $database" >/dev/null ||
    { echo "cannot create database $database"; database=""; exit 1; }
  FRLIC_LEDGER="${FRLIC_TEST_PG_URL%/*}/$database"  # the test server's URL has no query
fi
export FRLIC_PASSPHRASE="$(cat "$source_dir/keys-example/PASSPHRASE")"
export FRLIC_NOW="2026-11-23T08:00:00Z"
unset FRLIC_RANDOM_SEED
mkdir -p "$HOME"

cd "$work"
# A ledger exists before every case, as after an operator's `frlic ledger init` (commands
# never create one); cases about a missing ledger use another path or remove it.
"$frlic_binary" ledger init >/dev/null || { echo "frlic ledger init failed"; exit 1; }
bash "$case_file" >"$work/.stdout" 2>"$work/.stderr"
status=$?

failed=0
fail() { echo "FAIL: $*"; failed=1; }

expected_exit=$(cat "$case_base.exit" 2>/dev/null) || { echo "missing $case_base.exit"; exit 1; }
[ "$status" = "$expected_exit" ] || fail "exit status $status, expected $expected_exit"

if [ -f "$case_base.stdout.exact" ] && ! diff -u "$case_base.stdout.exact" "$work/.stdout"; then
  fail "stdout differs from $case_base.stdout.exact"
fi
check_globs() {  # pattern file, output file
  while IFS= read -r pattern; do
    [ -z "$pattern" ] && continue
    found=0
    while IFS= read -r line; do
      # shellcheck disable=SC2053
      if [[ "$line" == $pattern ]]; then found=1; break; fi
    done <"$2"
    [ $found = 1 ] || fail "no line of $(basename "$2") matches: $pattern"
  done <"$1"
}
[ -f "$case_base.stdout.glob" ] && check_globs "$case_base.stdout.glob" "$work/.stdout"
[ -f "$case_base.stderr.glob" ] && check_globs "$case_base.stderr.glob" "$work/.stderr"

if [ $failed = 1 ]; then
  echo "---- stdout"; cat "$work/.stdout"
  echo "---- stderr"; cat "$work/.stderr"
  exit 1
fi
echo "ok: $(basename "$case_base")"
