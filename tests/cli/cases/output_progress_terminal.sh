# Issue 12, item 8: writing a container image shows progress on stderr only when stderr is a
# terminal (script(1) gives one), never in a log, and not with --quiet, which also keeps stdout
# empty on success.
set -u
source "$CLI_LIB"
cp "$SRC/templates/orders/container-private-cloud.yaml" order.yaml
order() { sed "s/^order_id: .*/order_id: $1/" order.yaml > "$1.yaml"; }

# A log (stderr a file): no progress line.
order ORD-2026-0301
expect_exit 0 "$FRLIC" issue --order ORD-2026-0301.yaml --out log --allow-example-keys >/dev/null 2> log.err
expect_equal "$(grep -c 'writing image' log.err)" 0 "progress lines in a log"
echo "a log gets no progress"

# A terminal: the line, ending complete.
order ORD-2026-0302
script -qec "\"$FRLIC\" issue --order ORD-2026-0302.yaml --out tty --allow-example-keys" /dev/null > tty.out
expect_equal "$?" 0 "exit status on a terminal"
tr '\r' '\n' < tty.out | grep -E '^frlic: writing image [0-9]+/[0-9]+ MiB' | tail -n 1 |
  awk '{split($4, n, "/"); if (n[1] != n[2] || n[1] < 1) exit 1}' ||
  { echo "no complete progress line:"; cat tty.out; exit 99; } >&2
echo "a terminal shows progress"

# --quiet on a terminal: neither progress nor the success text.
order ORD-2026-0303
script -qec "\"$FRLIC\" issue --order ORD-2026-0303.yaml --out quiet --allow-example-keys --quiet" /dev/null > quiet.out
expect_equal "$?" 0 "exit status with --quiet"
expect_equal "$(tr -d '\r' < quiet.out | grep -c .)" 0 "lines on the terminal with --quiet"
expect_equal "$(find quiet -name "*.tar" | wc -l)" 1 "images written with --quiet"
echo "--quiet shows nothing"
