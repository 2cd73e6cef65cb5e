# One output contract (issue 12, items 6 and 9): usage errors keep --json (one object on stdout,
# exit 2), absent values are omitted rather than "", an unknown command gets "did you mean",
# and `frlic help COMMAND` prints that command's help.
set -u
source "$CLI_LIB"
"$FRLIC" isue --order x.yaml 2>err; echo "isue: $?"
cat err
"$FRLIC" issue --json > out 2>err; echo "issue --json without --order: $?"
jq -c '{ok, code: .error.code, exit_code: .error.exit_code, hint: .error.hint}' out
[ -s err ] && echo "stderr not empty" || echo "stderr empty"
"$FRLIC" nosuchthing --json | jq -c '.error | {code, message}'
"$FRLIC" help issue > out; echo "help issue: $?"
grep -q -- '--order' out && grep -qv 'is required' out && echo "shows issue's options"
"$FRLIC" help ledger verify | head -1
"$FRLIC" help nosuch 2>/dev/null; echo "help nosuch: $?"
# An error without a hint or problems has no "hint": "" or "problems": [].
"$FRLIC" inspect missing.lic --json | jq -c '.error | keys'
# --allow-example-keys is accepted, and needed, wherever the example keyring is used.
"$FRLIC" keys export-activation-secret --out s1 2>/dev/null; echo "export, example keys: $?"
"$FRLIC" keys export-activation-secret --allow-example-keys --out s2 >/dev/null; echo "export, allowed: $?"
cp -r "$SRC/keys-example" k && chmod 700 k && chmod 600 k/*.key
"$FRLIC" keys rotate --keys k 2>/dev/null; echo "rotate, example keys: $?"
