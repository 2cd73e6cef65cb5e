# frlic check --license Container.lic: no bare "accepted" when the licence restricts a fact that
# was not given (app name, project content, ...); --method takes the products' own labels
# ("Local Container", case-insensitive) as well as the method ids.
set -u
source "$CLI_LIB"
expect_exit 0 "$FRLIC" issue --order "$SRC/templates/orders/local-container.yaml" --out . --allow-example-keys > /dev/null
"$FRLIC" check --license Container.lic | sed -E 's/FRL-[0-9A-F]{16}/FRL-X/'
facts=(--product FineDataLink --product-version 4.1.5 --app-name webroot --nodes 2
       --project-content sales-analytics-prod --method "Local Container")
"$FRLIC" check --license Container.lic "${facts[@]}" --json > all.json
echo "all facts: $(jq -r '.verdict + " [" + (.not_checked|join(",")) + "]"' all.json)"
"$FRLIC" check --license Container.lic --product FineDataLink --product-version 4.1.5 --nodes 2 --json > some.json
echo "without app name and content: $(jq -r '.verdict + " [" + (.not_checked|join(",")) + "]"' some.json)"
for method in "Local Container" "local container" "LOCAL-CONTAINER" "local-container"; do
  expect_exit 0 "$FRLIC" check --license Container.lic "${facts[@]}" --method "$method" > /dev/null
done
for method in "Private Cloud" "Container Private Cloud" "public cloud"; do
  "$FRLIC" check --license Container.lic "${facts[@]}" --method "$method" --json > m.json
  expect_equal "$?" 1 "exit for --method $method"
  echo "$method: $(jq -r '[.reasons[].reason] | join(",")' m.json)"
done
expect_exit 3 "$FRLIC" check --license Container.lic --method "Local"
# Without --method the type check is skipped and says so (review finding 10).
"$FRLIC" check --license Container.lic "${facts[@]:0:10}" --json > no-method.json
echo "without --method: $(jq -r '.verdict + " [" + (.not_checked|join(",")) + "] " + ([.reasons[].reason]|join(","))' no-method.json)"
# A file that is no licence: one line with the product's reason and why (issue 12).
echo "hello" > not-a-licence.lic
"$FRLIC" check --license not-a-licence.lic --date 2026-11-23
expect_equal "$?" 1 "exit of a file that is no licence"
