# Helpers for CLI cases (source "$CLI_LIB"). Each failed expectation exits the case with 99,
# which never equals a case's expected status, so the runner reports it.

# expect_exit CODE COMMAND...: run COMMAND, require its exit status to be CODE.
expect_exit() {
  local want=$1; shift
  "$@"
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "expectation failed: '$*' exited $got, expected $want" >&2
    exit 99
  fi
}

# expect_equal ACTUAL EXPECTED [WHAT]
expect_equal() {
  if [ "$1" != "$2" ]; then
    echo "expectation failed: ${3:-value} is '$1', expected '$2'" >&2
    exit 99
  fi
}

expect_file() { [ -f "$1" ] || { echo "expectation failed: $1 does not exist" >&2; exit 99; }; }
expect_no_file() { [ ! -e "$1" ] || { echo "expectation failed: $1 exists" >&2; exit 99; }; }

# The example order for local-container, copied so a case may edit it.
local_order() { cp "$SRC/templates/orders/local-container.yaml" "${1:-order.yaml}"; }

# Number of ledger records (0 when there is no ledger yet).
ledger_count() {
  if [ ! -f "$FRLIC_LEDGER" ]; then echo 0; return; fi
  "$FRLIC" ledger list --json | jq '.records | length'
}

# sha256 of every file in the current directory tree plus the ledger's record count: a
# snapshot to compare before and after a command that must change nothing.
state_snapshot() {
  find . -type f ! -name '.stdout' ! -name '.stderr' ! -name 'ledger.sqlite*' -print0 |
    sort -z | xargs -0 sha256sum
  echo "records $(ledger_count)"
}
