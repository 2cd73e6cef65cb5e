# One lint run reports every problem of every file, each with file:line:column and field.
cat > bad.yaml <<'YAML'
order_id: CLI-BAD-1
method: local-container
company: Example Trading Co., Ltd.
project: Sales Analytics
contract_date: 2026/11/01
product:
  name: FineDataLink
  versoin: "4.1"
capacity: 0
expires: 2026-02-30
YAML
cp "$SRC/tests/cli/fixtures/local-container.yaml" good.yaml
"$FRLIC" lint good.yaml bad.yaml
