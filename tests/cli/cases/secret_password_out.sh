# Issue 12, item 2: a public cloud password never lands in a log by accident. Non-interactive
# (stdout is not a terminal) without a destination is refused before the account exists
# (exit 3, naming both flags); --password-out writes it to a new 0600 file (never over an
# existing one without --force) and --json says where it went, without the password;
# --show-password prints it; on a terminal (script(1) gives one) it is shown there.
set -u
source "$CLI_LIB"
cp "$SRC/templates/orders/public-cloud.yaml" order.yaml
order() { sed -e "s/^order_id: .*/order_id: $1/" -e "s/^  name: example-trading\$/  name: $2/" order.yaml > "$1.yaml"; }

# No destination, stdout a pipe: refused before anything is created.
"$FRLIC" issue --order order.yaml --allow-example-keys > refused.out 2> refused.err
expect_equal "$?" 3 "exit status without a destination"
grep -q -- "--password-out FILE" refused.err && grep -q -- "--show-password" refused.err ||
  { cat refused.err; exit 99; } >&2
expect_equal "$(wc -c < refused.out)" 0 "stdout of the refusal"
expect_equal "$(ledger_count)" 0 "records after the refusal"
expect_exit 9 "$FRLIC" account show example-trading 2>/dev/null
"$FRLIC" issue --order order.yaml --allow-example-keys --json > refused.json
expect_equal "$?" 3 "exit status without a destination (--json)"
expect_equal "$(jq -r '.error.exit_code' refused.json)" 3
echo "refused without a destination"

# --password-out: a new 0600 file holding the password and a newline; the JSON names it.
"$FRLIC" issue --order order.yaml --allow-example-keys --password-out pw/account.txt --json > missing-dir.json
expect_equal "$?" 9 "exit status for a missing directory"
expect_equal "$(ledger_count)" 0 "records after a missing directory"
"$FRLIC" issue --order order.yaml --allow-example-keys --password-out account.txt --json > issued.json
expect_equal "$?" 0 "exit status with --password-out"
expect_equal "$(stat -c %a account.txt)" 600 "mode of the password file"
expect_equal "$(wc -l < account.txt)" 1 "lines in the password file"
password=$(cat account.txt)
expect_equal "$(jq -r '.password_file' issued.json)" account.txt
expect_equal "$(jq -r '.account | has("password")' issued.json)" false "password in the JSON"
expect_equal "$(grep -c -F -- "$password" issued.json)" 0 "lines of the JSON with the password"
expect_exit 0 "$FRLIC" account check-password example-trading >/dev/null < account.txt
# A re-run of an order the ledger holds creates no account: no destination is needed, and an
# existing --password-out is left alone (the re-run's own rules apply, not this refusal).
"$FRLIC" issue --order order.yaml --allow-example-keys --password-out account.txt >/dev/null 2>&1
rerun=$?
[ "$rerun" != 3 ] && [ "$rerun" != 7 ] || { echo "re-run refused for the password ($rerun)" >&2; exit 99; }
"$FRLIC" issue --order order.yaml --allow-example-keys >/dev/null 2>&1
rerun=$?
[ "$rerun" != 3 ] || { echo "re-run refused for the password" >&2; exit 99; }
expect_equal "$(cat account.txt)" "$password" "password file after re-runs"
echo "--password-out writes a 0600 file"

# An existing file is never overwritten without --force, and the refusal comes first.
order ORD-2026-0201 second
cp account.txt before.txt
expect_exit 7 "$FRLIC" issue --order ORD-2026-0201.yaml --allow-example-keys --password-out account.txt 2>/dev/null
cmp -s account.txt before.txt || { echo "password file changed" >&2; exit 99; }
expect_equal "$(ledger_count)" 1 "records after refusing an existing file"
"$FRLIC" issue --order ORD-2026-0201.yaml --allow-example-keys --password-out account.txt --force > text.out
expect_equal "$?" 0 "exit status with --force"
cmp -s account.txt before.txt && { echo "password file not replaced" >&2; exit 99; }
expect_equal "$(grep -c -F -- "$(cat account.txt)" text.out)" 0 "lines of the text output with the password"
grep -q "^  password  in account.txt (mode 0600)$" text.out || { cat text.out; exit 99; } >&2
echo "an existing file needs --force"

# --show-password: on stdout (text and JSON); with --password-out a usage error.
order ORD-2026-0202 third
"$FRLIC" issue --order ORD-2026-0202.yaml --allow-example-keys --show-password --json > shown.json
expect_equal "$?" 0 "exit status with --show-password"
expect_equal "$(jq -r '.password_shown' shown.json)" stdout
jq -r .account.password shown.json | "$FRLIC" account check-password third >/dev/null ||
  { echo "shown password does not check" >&2; exit 99; }
expect_exit 2 "$FRLIC" issue --order order.yaml --password-out x.txt --show-password 2>/dev/null
echo "--show-password prints it"

# On a terminal: shown there; with --json the object says "terminal" and holds no password.
order ORD-2026-0203 fourth
script -qec "\"$FRLIC\" issue --order ORD-2026-0203.yaml --allow-example-keys --json" /dev/null > tty.out
expect_equal "$?" 0 "exit status on a terminal"
tr -d '\r' < tty.out > tty.txt
grep -q '"password_shown": "terminal"' tty.txt || { cat tty.txt; exit 99; } >&2
shown=$(sed -n 's/^frlic: password of account fourth: //p' tty.txt)
[ -n "$shown" ] || { cat tty.txt; exit 99; } >&2
printf '%s\n' "$shown" | "$FRLIC" account check-password fourth >/dev/null ||
  { echo "terminal password does not check" >&2; exit 99; }
echo "a terminal shows it"
# Other methods ignore the flags.
local_order local.yaml
expect_exit 0 "$FRLIC" issue --order local.yaml --allow-example-keys --out out --password-out unused.txt >/dev/null
expect_no_file unused.txt
echo done
