# Re-running an issue for an order already issued: the same order reports the existing
# licence (exit 0, "already_issued": true, nothing written), after checking its artifact;
# different content for the same order id is refused (exit 8) naming the serial. A job killed
# after the rename, then re-run, ends exit 0 too.
set -u
source "$CLI_LIB"
cp "$SRC/tests/cli/fixtures/local-container.yaml" order.yaml
"$FRLIC" issue --order order.yaml --out out --allow-example-keys --json >first.json
serial=$(jq -r .serial first.json)
lic=$(sha256sum out/Container.lic)
# The same job again: the same shape plus already_issued.
"$FRLIC" issue --order order.yaml --out out --allow-example-keys --json >again.json
echo "exit $?"
jq -c --slurp '.[0] + {already_issued: true} == .[1]' first.json again.json
expect_equal "$(sha256sum out/Container.lic)" "$lic" "the licence after the re-run"
# A comment or reordering is the same order; the text output says what happened.
{ echo "# reviewed"; cat order.yaml; } >commented.yaml
"$FRLIC" issue --order commented.yaml --out out --allow-example-keys |
  sed -E "s|$PWD/||; s|$serial|SERIAL|; s|[0-9a-f]{64}|SHA256|"
# Different terms under the same order id: refused, naming the licence.
sed 's/^capacity: 2/capacity: 3/' order.yaml >changed.yaml
"$FRLIC" issue --order changed.yaml --out elsewhere --allow-example-keys --json >changed.json
echo "exit $? $(jq -r .error.message changed.json | sed "s|$serial|SERIAL|")"
expect_no_file elsewhere
# The artifact moved away (handed out): still exit 0, and said so.
mv out/Container.lic handed-out.lic
"$FRLIC" issue --order order.yaml --out out --allow-example-keys --json | jq -c '{ok, already_issued, artifact_missing}'
# The file at the recorded path is not the one issued: exit 11.
echo tampered >out/Container.lic
"$FRLIC" issue --order order.yaml --out out --allow-example-keys --json | jq -c '{ok, code: .error.code, exit_code: .error.exit_code}'
# Killed after the rename, before the record was completed: the re-run completes and reports it.
sed 's/^order_id: .*/order_id: CLI-RERUN-KILL/' order.yaml >kill.yaml
FRLIC_TEST_KILL_AT=renamed "$FRLIC" issue --order kill.yaml --out killed --allow-example-keys >/dev/null 2>&1
echo "killed: exit $?"
"$FRLIC" issue --order kill.yaml --out killed --allow-example-keys --json >rerun.json
echo "rerun: exit $? $(jq -c '{already_issued, order_id}' rerun.json)"
expect_equal "$(jq -r .sha256 rerun.json)" "$(sha256sum killed/Container.lic | cut -d' ' -f1)" "digest"
"$FRLIC" ledger list --json | jq -r '.records[] | .order_id + " " + .status' | sort
expect_exit 0 "$FRLIC" ledger verify --quiet
