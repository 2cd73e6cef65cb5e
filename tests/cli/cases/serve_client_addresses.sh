# Who frlic serve rate-limits (issue 10, L4): without --trust-proxy every client is the address
# that connected and X-Forwarded-For is ignored; with it, the right-most hop that is not a
# trusted proxy, so clients behind a proxy get their own buckets and cannot pick one by
# prepending hops; an IPv6 client is its /64.
set -u
source "$CLI_LIB"
command -v curl >/dev/null || { echo "curl is not installed (scripts/install-deps.sh)" >&2; exit 99; }

start() {  # NAME FLAGS... -> $base
  "$FRLIC" serve --listen 127.0.0.1:0 --allow-example-keys --burst 2 --refill-seconds 3600 "${@:2}" \
    > "$1.out" 2> "$1.err" &
  servers="${servers:-} $!"
  for _ in $(seq 100); do grep -q listening "$1.out" 2>/dev/null && break; sleep 0.1; done
  base=$(sed -n 's/.*listening on //p' "$1.out")
  [ -n "$base" ] || { cat "$1.err" >&2; echo "frlic serve did not start" >&2; exit 99; }
}
trap 'kill $servers 2>/dev/null' EXIT
get() {  # X-Forwarded-For value -> HTTP status
  curl -s -o /dev/null -w '%{http_code}' -H "X-Forwarded-For: $1" "$base?v=1"
}

start direct
echo "no proxy: $(get 198.51.100.1) $(get 198.51.100.2) $(get 198.51.100.3)"

start proxied --trust-proxy 127.0.0.1 --trust-proxy 10.0.0.0/8
echo "proxy, one client: $(get 198.51.100.1) $(get 198.51.100.1) $(get 198.51.100.1)"
echo "proxy, another client: $(get 198.51.100.2)"
echo "prepended hops: $(get '203.0.113.5, 198.51.100.2, 10.1.2.3') $(get '203.0.113.6, 198.51.100.2')"
echo "one IPv6 /64: $(get 2001:db8:1:2::1) $(get 2001:db8:1:2::2) $(get 2001:db8:1:2:ffff::3)"
echo "the next /64: $(get 2001:db8:1:3::1)"
grep -q 'frlic serve: 198.51.100.1 ' proxied.err || { cat proxied.err >&2; exit 99; }

expect_exit 3 "$FRLIC" serve --listen 127.0.0.1:0 --allow-example-keys --trust-proxy 127.evil.example
echo done
