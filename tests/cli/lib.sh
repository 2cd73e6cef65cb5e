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
  if [ "$FRLIC_LEDGER_BACKEND" != postgresql ] && [ ! -f "$FRLIC_LEDGER" ]; then echo 0; return; fi
  "$FRLIC" ledger list --json | jq '.records | length'
}

# A snapshot of the current directory tree to compare before and after a command that must
# change nothing: every file's path, size, modification time (ns) and inode, the sha256 of
# every file up to 64 KiB, and the ledger's record count. The large inputs (oversize orders,
# licences, images of 16 MiB) are known by their metadata, which any write, replacement or
# truncation changes: hashing them on every snapshot made bad_input_exit_codes hash 2 GB.
state_snapshot() {
  local skip=(! -name '.stdout' ! -name '.stderr' ! -name 'ledger.sqlite*')
  find . -type f "${skip[@]}" -printf '%p %s %T@ %i\n' | sort
  find . -type f "${skip[@]}" -size -65k -print0 | sort -z | xargs -0 -r sha256sum
  echo "records $(ledger_count)"
}
