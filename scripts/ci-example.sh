#!/usr/bin/env bash
# The orders-repository workflow of docs/ci.md, run locally against a temporary git repository:
# a pull request adds a bad order and lint annotates it; the fix passes; the merge issues the
# artifact; the job is re-run and changes nothing; the ledger's head is checked against the one
# the first run logged. Usage: ci-example.sh [FRLIC_BINARY]   (default: build/plain/apps/frlic)
#
# Each step prints what a CI log would show. The example keyring stands in for the CI secret
# (a real job uses its own keyring, so it drops --allow-example-keys).
set -euo pipefail

source_dir=$(cd "$(dirname "$0")/.." && pwd)
frlic=$(realpath "${1:-$source_dir/build/plain/apps/frlic}")
work=$(mktemp -d "${TMPDIR:-/tmp}/frlic-ci-example.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

step() { printf '\n== %s\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }
# Prints the command's exit status instead of failing the script: a CI step's verdict.
status() { set +e; "$@"; local s=$?; set -e; echo "exit $s"; return 0; }

# --- What the CI system provides: secrets, and a persistent volume for the ledger. ---
mkdir -m 700 secrets state
cp -r "$source_dir/keys-example" secrets/keys
chmod 700 secrets/keys && chmod 600 secrets/keys/*.key
install -m 600 "$source_dir/keys-example/PASSPHRASE" secrets/passphrase
export FRLIC_KEYS="$work/secrets/keys" FRLIC_LEDGER="$work/state/ledger.sqlite"
export FRLIC_NOW="${FRLIC_NOW:-2026-11-23T08:00:00Z}" CI=true
unset FRLIC_PASSPHRASE HOME XDG_CONFIG_HOME XDG_DATA_HOME 2>/dev/null || true

step "once: create the ledger on the persistent volume"
run "$frlic" ledger init "$FRLIC_LEDGER"

step "the orders repository"
git init -q -b main orders && cd orders
git config user.email ci@example.com && git config user.name CI
mkdir orders
sed 's/^order_id: .*/order_id: ORD-2026-0001/' "$source_dir/templates/orders/local-container.yaml" \
  > orders/acme-finance.yaml
git add orders && git commit -q -m "Acme finance" && echo "main: orders/acme-finance.yaml"

# The jobs, as docs/ci.md writes them.
lint_job() {  # on a pull request: every order (so an order id repeated across files is seen),
  # annotated for the review page; --ledger also flags ids already issued.
  "$frlic" lint --format github --ledger "$FRLIC_LEDGER" orders/*.yaml 2>&1
}
issue_job() {  # on main: every order, issued once; a re-run reports what is already issued
  local failed=0
  for order in orders/*.yaml; do
    # One directory per order file: two orders never write the same artifact path.
    "$frlic" issue --order "$order" --out "../artifacts/$(basename "$order" .yaml)" \
      --passphrase-file "$work/secrets/passphrase" \
      --allow-example-keys --json | jq -c '{order_id, serial, already_issued: (.already_issued // false)}' \
      || failed=1
  done
  return $failed
}

step "pull request 1: two new orders, one repeating an order id, one with a slash date"
git checkout -q -b pr-1
sed -e 's/^project: .*/project: HR Reports/' orders/acme-finance.yaml > orders/acme-hr.yaml
sed -e 's/^order_id: .*/order_id: ORD-2026-0003/' -e 's/^project: .*/project: Operations/' \
  -e 's/^contract_date: .*/contract_date: 2026\/10\/15/' orders/acme-finance.yaml > orders/acme-ops.yaml
git add orders && git commit -q -m "Acme HR and operations"
status lint_job

step "pull request 1, fixed"
sed -i -e 's/^order_id: .*/order_id: ORD-2026-0002/' orders/acme-hr.yaml
sed -i -e 's/^contract_date: .*/contract_date: 2026-10-15/' orders/acme-ops.yaml
git commit -q -am "Acme HR and operations: a new order id, a dashed date"
status lint_job

step "merge, then the issue job on main"
git checkout -q main && git merge -q --no-ff -m "Merge pr-1" pr-1
status issue_job
head=$("$frlic" ledger verify --json | jq -r '.head.hash')
echo "ledger head logged by the job: $head"

step "the job is re-run (a retried pipeline): nothing new, exit 0"
status issue_job
run "$frlic" ledger verify --expect-head "$head" --quiet && echo "ledger head unchanged"

step "artifacts to upload"
(cd .. && find artifacts -type f | sort)
