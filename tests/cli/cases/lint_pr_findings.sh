# Issue 12, item 5: lint for pull requests. Across the files given: an order_id used twice
# (each occurrence, with file:line:column); with --ledger (read only, never created) an id
# already issued, a warning when the content is the one issued, an error when it differs; a
# missing file reported as unreadable with its own exit code; the summary counts each kind;
# --format github and sarif carry the same findings, warnings as warnings.
set -u
source "$CLI_LIB"
local_order issued.yaml
expect_exit 0 "$FRLIC" issue --order issued.yaml --out out --allow-example-keys >/dev/null 2>&1
sed 's/^company: .*/company: Another Company Ltd./' issued.yaml > changed.yaml
cp "$SRC/templates/orders/private-cloud.yaml" public-ip.yaml
sed -i 's/192.168.100.25 - 192.168.100.26/8.8.8.8/' public-ip.yaml
cp public-ip.yaml other.yaml
sed -i 's/^order_id: .*/order_id: ORD-2026-0999/' other.yaml

# Text: the duplicate is reported at both files, the ledger's verdicts, the summary.
"$FRLIC" lint issued.yaml changed.yaml public-ip.yaml --ledger "$FRLIC_LEDGER" > text.out 2> text.err
expect_equal "$?" 3 "exit status of lint"
cat text.out
grep -F "changed.yaml:8:11: order_id: order id ORD-2026-0101 is also used by issued.yaml:8" text.err >/dev/null ||
  { cat text.err; exit 99; } >&2
grep -F "order id ORD-2026-0101 is already issued (serial" text.err | grep -F "with different content" >/dev/null ||
  { cat text.err; exit 99; } >&2
grep -F "frlic: warning: issued.yaml:8:11: order_id: order id ORD-2026-0101 is already issued" text.err >/dev/null ||
  { cat text.err; exit 99; } >&2
tail -n 1 text.err

# A missing file: unreadable, its own exit code (9), counted as such.
"$FRLIC" lint other.yaml missing.yaml 2> missing.err > /dev/null
expect_equal "$?" 9 "exit status with a missing file"
tail -n 1 missing.err
"$FRLIC" lint missing.yaml --json > missing.json
expect_equal "$?" 9 "exit status with a missing file (--json)"
jq -c '[.ok, .files[0].readable, .files[0].error.code, .summary.unreadable, .summary.problems]' missing.json

# A ledger that does not exist is an error, and lint creates none.
expect_exit 9 "$FRLIC" lint other.yaml --ledger nowhere/ledger.sqlite 2>/dev/null
expect_no_file nowhere

# JSON: per file rules and warnings, and the summary.
"$FRLIC" lint issued.yaml changed.yaml public-ip.yaml --ledger "$FRLIC_LEDGER" --format json > lint.json
expect_equal "$?" 3 "exit status of lint --format json"
jq -c '.files[] | [.file, .ok, (.rules // []), (.warnings | length)]' lint.json
jq -c .summary lint.json

# GitHub workflow commands: one line per finding, warnings as ::warning.
"$FRLIC" lint issued.yaml changed.yaml public-ip.yaml --ledger "$FRLIC_LEDGER" --format github 2>/dev/null |
  sed 's/serial FRL-[0-9A-F]*/serial S/' | cut -c1-120

# SARIF: the same findings with rule ids and levels.
"$FRLIC" lint issued.yaml changed.yaml public-ip.yaml --ledger "$FRLIC_LEDGER" --format sarif > lint.sarif 2>/dev/null
jq -c '.runs[0].results[] | [.ruleId, .level, .locations[0].physicalLocation.artifactLocation.uri, .locations[0].physicalLocation.region.startLine]' lint.sarif
expect_exit 2 "$FRLIC" lint issued.yaml --format yaml 2>/dev/null
expect_exit 3 "$FRLIC" lint issued.yaml --format github --json >/dev/null
echo done
