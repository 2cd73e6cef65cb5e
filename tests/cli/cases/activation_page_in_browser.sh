# The activation page in a real browser: frlic serve on loopback, the product's QR (decoded
# by zbarimg, as a phone's camera would) opened in headless Chromium, the code read from the
# rendered page and accepted by the product; a refusal page for a second project; the
# per-client rate limit.
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/../frlic-sim/frlic-sim"
[ -x "$SIM" ] || SIM="$(dirname "$FRLIC")/frlic-sim"
for tool in chromium zbarimg curl; do
  command -v $tool >/dev/null || { echo "$tool is not installed (scripts/install-deps.sh)" >&2; exit 99; }
done
export FRLIC_NOW=  # the page runs on the real clock: the QR is shown now and read now
expect_exit 0 "$FRLIC" issue --order "$SRC/templates/orders/local-container.yaml" --out . --allow-example-keys > /dev/null
expect_exit 0 "$FRLIC" keys export-activation-secret --allow-example-keys --out secret > /dev/null

"$FRLIC" serve --listen 127.0.0.1:0 --allow-example-keys --burst 5 --refill-seconds 600 > serve.out 2> serve.err &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 50); do grep -q listening serve.out 2>/dev/null && break; sleep 0.1; done
base=$(sed -n 's/.*listening on //p' serve.out)
[ -n "$base" ] || { cat serve.err >&2; echo "frlic serve did not start" >&2; exit 99; }
case "$base" in http://127.0.0.1:*) ;; *) echo "serve is not on loopback: $base" >&2; exit 99 ;; esac

browse() {  # URL -> the rendered DOM
  timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$PWD/chromium-profile" --dump-dom "$1" 2>/dev/null
}

expect_exit 0 "$SIM" product --license Container.lic --activation-secret secret --qr qr.png \
  --project site-a --activation-url "$base" > shown.json
url=$(zbarimg -q --raw qr.png 2>/dev/null)
expect_equal "$url" "$(jq -r .payload shown.json)" "the QR's content"
browse "$url" > page.html
code=$(sed -n 's/.*<div id="code">\([0-9]\{6\}\)<\/div>.*/\1/p' page.html)
[ -n "$code" ] || { cat page.html >&2; echo "no code on the page" >&2; exit 99; }
grep -q 'name="viewport"' page.html || { echo "the page is not set up for phones" >&2; exit 99; }
expect_exit 0 "$SIM" product --license Container.lic --activation-secret secret --code "$code" > accepted.json
expect_equal "$(jq -r .verdict accepted.json)" accepted

# A second project gets the refusal page, naming why.
expect_exit 0 "$SIM" product --license Container.lic --state b.json --qr b.png --project site-b \
  --activation-url "$base" > /dev/null
browse "$(zbarimg -q --raw b.png 2>/dev/null)" > refused.html
grep -q 'data-reason="bound-elsewhere"' refused.html || { cat refused.html >&2; exit 99; }
grep -q 'id="code"' refused.html && { echo "a refused page shows a code" >&2; exit 99; }

# The rate limit: 5 requests at once per client (two used above), then 429.
statuses=$(for _ in 1 2 3 4 5; do curl -s -o /dev/null -w '%{http_code} ' "$url"; done)
case "$statuses" in *429*) ;; *) echo "no rate limit: $statuses" >&2; exit 99 ;; esac
echo done
