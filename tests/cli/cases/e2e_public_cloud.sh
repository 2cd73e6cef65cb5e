# Public cloud end to end: issue creates the account and shows its password once; the password
# is stored nowhere (no file in the work dir or the ledger holds it), check-password proves the
# stored hash matches it; a taken name is refused without a change; an order without a name
# gets a generated one; show, disable, enable; the hash chain covers every change.
# cli-cost: 14
set -u
source "$CLI_LIB"
cp "$SRC/templates/orders/public-cloud.yaml" order.yaml

# Issue with --json --show-password (stdout is not a terminal; secret_password_out shows the
# other destinations): the password is in the reply and nowhere else. It is kept only in a
# shell variable (this case prints nothing of it).
reply=$("$FRLIC" issue --order order.yaml --out out --allow-example-keys --show-password --json)
expect_equal "$?" 0 "exit status of issue"
field() { printf '%s' "$reply" | jq -r "$1"; }
expect_equal "$(field .ok)" true
expect_equal "$(field .method)" public-cloud
expect_equal "$(field .account.name)" example-trading
expect_equal "$(field .account.capacity)" 5
expect_equal "$(field .account.expires)" 2027-11-19
expect_equal "$(field .account.status)" active
serial=$(field .serial)
password=$(field .account.password)
[[ "$password" =~ ^[A-HJ-NP-Za-km-z2-9]{20}$ ]] || { echo "password shape" >&2; exit 99; }
[[ "$password" =~ [a-z] && "$password" =~ [A-Z] && "$password" =~ [0-9] ]] ||
  { echo "password classes" >&2; exit 99; }
expect_no_file out  # public cloud writes no file; --out is ignored
expect_equal "$(printf '%s' "$reply" | grep -c -- "$password")" 1 "lines of the reply with the password"
unset reply
echo "issued the account"

# Nothing that can be read again holds the password: no file in the work dir (the ledger and
# its WAL included), no other command's output.
[ -f ledger.sqlite ] || { echo "no ledger" >&2; exit 99; }
leaks=$(find . -type f ! -name .stdout ! -name .stderr -exec grep -lF -- "$password" {} + | wc -l)
expect_equal "$leaks" 0 "files holding the password"
for command in "ledger list --json" "ledger show $serial --json" "account show example-trading --json" \
               "account show example-trading" "ledger verify --json"; do
  # shellcheck disable=SC2086
  out=$("$FRLIC" $command 2>&1)
  expect_equal "$(printf '%s' "$out" | grep -c -- "$password")" 0 "password in: frlic $command"
  expect_equal "$(printf '%s' "$out" | grep -c -- 'argon2')" 0 "password hash in: frlic $command"
done

# The stored hash matches the printed password, and only it.
expect_exit 0 "$FRLIC" account check-password example-trading >/dev/null < <(printf '%s\n' "$password")
expect_exit 1 "$FRLIC" account check-password example-trading >/dev/null < <(printf '%s\n' "${password}x")
"$FRLIC" account check-password example-trading --json > check.json < <(printf '%s\n' "$password")
expect_equal "$(jq -r .verdict check.json)" valid
"$FRLIC" account check-password example-trading --json > check.json <<<"not-the-password"
expect_equal "$(jq -r '[.verdict, .server_code, .password_matches] | join(" ")' check.json)" "wrong-password 30006 false"
expect_exit 9 "$FRLIC" account check-password nobody 2>/dev/null < <(printf '%s\n' "$password")
expect_exit 3 "$FRLIC" account check-password example-trading </dev/null 2>/dev/null
echo "check-password accepts the printed password only"

# A second order asking for the same name: refused (conflict) before anything changes.
sed 's/^order_id: .*/order_id: ORD-2026-0105/' order.yaml > same-name.yaml
before=$(state_snapshot)
events_before=$("$FRLIC" ledger verify --json | jq .events)
"$FRLIC" issue --order same-name.yaml --allow-example-keys --show-password > taken.out 2> taken.err
expect_equal "$?" 8 "exit status for a taken account name"
grep -qF "account name example-trading is already taken (serial $serial, order ORD-2026-0104" taken.err ||
  { cat taken.err; exit 99; } >&2
rm taken.out taken.err
expect_equal "$(state_snapshot)" "$before" "files and ledger after a taken name"
expect_equal "$("$FRLIC" ledger verify --json | jq .events)" "$events_before" "ledger events after a taken name"
# The same order again: a re-run reports the account, never its password (rerun_public_cloud).
"$FRLIC" issue --order order.yaml --allow-example-keys --json > rerun.json
expect_equal "$?" 0 "exit status of a re-run"
expect_equal "$(jq -c '[.already_issued, (.account | has("password"))]' rerun.json)" "[true,false]" "the re-run's report"
rm rerun.json
echo "a taken name is refused"

# No account.name in the order: a generated one; the human output shows the password once.
sed -e 's/^order_id: .*/order_id: ORD-2026-0106/' -e '/^account:/,/^  name:/d' order.yaml > generated.yaml
grep -q '^account' generated.yaml && { echo "account section still in the order" >&2; exit 99; }
human=$("$FRLIC" issue --order generated.yaml --allow-example-keys --show-password 2>note.txt)
expect_equal "$?" 0 "exit status of the second issue"
grep -q "shown only this once" note.txt || { echo "no once-only note" >&2; exit 99; }
rm note.txt
generated=$(printf '%s\n' "$human" | awk '$1 == "account" {print $2}')
second_password=$(printf '%s\n' "$human" | awk '$1 == "password" {print $2}')
[[ "$generated" =~ ^fr-[a-z2-7]{10}$ ]] || { echo "generated name '$generated'" >&2; exit 99; }
expect_equal "$(printf '%s\n' "$human" | grep -c -- "$second_password")" 1 "lines with the password"
unset human
expect_exit 0 "$FRLIC" account check-password "$generated" >/dev/null < <(printf '%s\n' "$second_password")
expect_exit 1 "$FRLIC" account check-password "$generated" >/dev/null < <(printf '%s\n' "$password")
leaks=$(find . -type f ! -name .stdout ! -name .stderr -exec grep -lF -e "$password" -e "$second_password" {} + | wc -l)
expect_equal "$leaks" 0 "files holding a password"
echo "an order without a name gets a generated one"

# Show, disable, enable.
expect_exit 0 "$FRLIC" account show example-trading --json > show.json
expect_equal "$(jq -r '[.name, .status, .serial, .order_id, .capacity, .expires, .licence_status] | join(" ")' show.json)" \
  "example-trading active $serial ORD-2026-0104 5 2027-11-19 active"
expect_exit 9 "$FRLIC" account show nobody 2>/dev/null
expect_exit 2 "$FRLIC" account disable example-trading 2>/dev/null  # --reason is required
expect_exit 3 "$FRLIC" account disable example-trading --reason " " 2>/dev/null
expect_exit 8 "$FRLIC" account enable example-trading --reason "already active" 2>/dev/null
expect_exit 0 "$FRLIC" account disable example-trading --reason "unpaid (ticket 7)" >/dev/null
expect_exit 8 "$FRLIC" account disable example-trading --reason "again" 2>/dev/null
expect_equal "$("$FRLIC" account show example-trading --json | jq -r .status)" disabled
expect_exit 1 "$FRLIC" account check-password example-trading --json > check.json < <(printf '%s\n' "$password")
expect_equal "$(jq -r '[.verdict, .server_code, .password_matches] | join(" ")' check.json)" "disabled 30002 true"
expect_exit 9 "$FRLIC" account disable nobody --reason x 2>/dev/null
expect_exit 0 "$FRLIC" account enable example-trading --reason "paid (ticket 7)" >/dev/null
expect_exit 0 "$FRLIC" account check-password example-trading >/dev/null < <(printf '%s\n' "$password")
# Expiry: the last valid day still passes, the day after does not.
FRLIC_NOW=2027-11-19T23:59:59Z expect_exit 0 "$FRLIC" account check-password example-trading >/dev/null < <(printf '%s\n' "$password")
FRLIC_NOW=2027-11-20T00:00:00Z expect_exit 1 "$FRLIC" account check-password example-trading --json > check.json < <(printf '%s\n' "$password")
expect_equal "$(jq -r .verdict check.json)" expired
echo "show, disable, enable"

# Every change is in the licence's hash-chained history; the chain verifies.
expect_equal "$("$FRLIC" ledger show "$serial" --json | jq -r '[.events[].action] | join(",")')" \
  "begin-issue,account-create,issue,account-disable,account-enable"
expect_exit 0 "$FRLIC" ledger verify >/dev/null
# An edited account shows.
sqlite3 ledger.sqlite "UPDATE accounts SET capacity = 50 WHERE name = 'example-trading'"
expect_exit 11 "$FRLIC" ledger verify 2>/dev/null
sqlite3 ledger.sqlite "UPDATE accounts SET capacity = 5 WHERE name = 'example-trading'"
expect_exit 0 "$FRLIC" ledger verify >/dev/null

# A kill right after the account is recorded: account and active record exist together.
sed -e 's/^order_id: .*/order_id: ORD-2026-0107/' -e 's/^  name: example-trading$/  name: killed-run/' order.yaml > kill.yaml
FRLIC_TEST_KILL_AT=recorded "$FRLIC" issue --order kill.yaml --allow-example-keys --show-password >/dev/null 2>&1
expect_equal "$?" 137 "exit status when killed"
expect_equal "$("$FRLIC" account show killed-run --json | jq -r '[.status, .licence_status] | join(" ")')" "active active"
expect_exit 0 "$FRLIC" ledger verify >/dev/null
echo "ledger verifies"
echo done
