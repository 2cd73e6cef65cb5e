# Names with bidirectional formatting characters (which make "Acme <U+202E>gnidart" show as
# "Acme trading") or control characters are refused by lint and by issue, each problem naming
# the file, line, column, field and the code point, and showing the value escaped, never raw.
set -u
source "$CLI_LIB"
local_order base.yaml

# Writes base.yaml with FIELD's line replaced by LINE (printf escapes in LINE are expanded).
with_line() {  # field, line, output
  local field=$1 line=$2 out=$3
  grep -v "^$field:" base.yaml > "$out"
  printf "$line\n" >> "$out"
}

check_refused() {  # file, expected line:column, field, code point named
  local file=$1 at=$2 field=$3 named=$4
  "$FRLIC" lint "$file" > /dev/null 2> err.txt
  expect_equal "$?" 3 "lint exit status for $file"
  grep -qF -- "$file:$at: $field: contains " err.txt && grep -qF -- "$named" err.txt ||
    { echo "lint's stderr for $file lacks '$file:$at: $field: ... $named':"; cat err.txt; exit 99; } >&2
  # Nothing raw: the stderr is plain ASCII (the values are escaped).
  if LC_ALL=C grep -q '[^ -~]' err.txt; then echo "raw bytes in lint's stderr for $file" >&2; exit 99; fi
  "$FRLIC" issue --order "$file" --out out --allow-example-keys > /dev/null 2> err.txt
  expect_equal "$?" 3 "issue exit status for $file"
  expect_no_file out/Container.lic
  expect_equal "$(ledger_count)" 0 "ledger records after issue of $file"
}

lines=$(wc -l < base.yaml)
next=$lines  # with_line appends after removing one line: the field is on the last line

with_line company 'company: "Acme \\u202Egnidart\\u202C Co."' rlo.yaml
check_refused rlo.yaml "$next:10" company "U+202E RIGHT-TO-LEFT OVERRIDE, at character 6"
with_line company 'company: "Acme\\u2067 Co."' isolate.yaml
check_refused isolate.yaml "$next:10" company "U+2067 RIGHT-TO-LEFT ISOLATE, at character 5"
with_line company 'company: "\\u200FAcme"' mark.yaml
check_refused mark.yaml "$next:10" company "U+200F RIGHT-TO-LEFT MARK, at character 1"
with_line project 'project: "Sales\\u202DAnalytics"' lro.yaml
check_refused lro.yaml "$next:10" project "U+202D LEFT-TO-RIGHT OVERRIDE, at character 6"
with_line company 'company: "Acme\\x1b[2J Co."' escape.yaml
check_refused escape.yaml "$next:10" company "U+001B ESCAPE, at character 5"
with_line company 'company: "Acme\\x85Co."' nel.yaml
check_refused nel.yaml "$next:10" company "U+0085 NEXT LINE, at character 5"
# A raw (unescaped) override in a plain scalar, as pasted from an e-mail.
with_line company "company: Acme \xe2\x80\xaegnidart" raw.yaml
check_refused raw.yaml "$next:10" company "U+202E RIGHT-TO-LEFT OVERRIDE, at character 6"
"$FRLIC" lint raw.yaml 2>&1 | grep -qF 'found "Acme \u202egnidart"' ||
  { echo "the raw value is not shown escaped" >&2; exit 99; }
# --json carries the same problem.
"$FRLIC" lint raw.yaml --json > lint.json
expect_equal "$(jq -r '.files[0].problems[0].field' lint.json)" company
expect_equal "$(jq -r '.files[0].problems[0].line' lint.json)" "$next"
# Right-to-left script itself is fine.
with_line company 'company: "\\u0634\\u0631\\u0643\\u0629 Acme"' arabic.yaml
expect_exit 0 "$FRLIC" lint arabic.yaml > /dev/null
echo done
