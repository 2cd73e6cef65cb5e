# With --json, failures are one JSON object on stdout with code, exit code and problems.
set -u
source "$CLI_LIB"
printf 'order_id: X\nmethod: local-container\ncapacity: -1\n' > bad.yaml
"$FRLIC" issue --order bad.yaml --allow-example-keys --json > out.json
expect_equal "$?" 3
expect_equal "$(jq -r .ok out.json)" false
expect_equal "$(jq -r .error.code out.json)" invalid-input
expect_equal "$(jq -r .error.exit_code out.json)" 3
expect_equal "$(jq -r '[.error.problems[] | select(.field=="capacity")][0].line' out.json)" 3
jq -e '.error.problems | length >= 4' out.json >/dev/null || exit 99
"$FRLIC" lint bad.yaml --json | jq -c '{ok, file: .files[0].file}'
