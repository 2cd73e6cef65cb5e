# One nesting limit, 64 levels, for every JSON and YAML document frlic reads (docs/formats.md,
# section 1): a base image whose config JSON nests 65,000 levels (it used to crash issue with
# SIGSEGV after the key was unlocked, finding M1 of issue 10) is refused with exit 4 before any passphrase is asked,
# naming the archive, the config and the limit; nothing is written and the ledger is
# unchanged. A config at the limit is accepted and copied. An order nested 100,000 levels is
# refused with exit 3 at its place.
set -u
source "$CLI_LIB"
cp "$SRC/templates/orders/container-private-cloud.yaml" order.yaml

# A copy of the stand-in base whose config has the member "deep": arrays nested so that the
# config is DEPTH levels deep in all (the config object is level 1), renamed after its new
# digest as docker < 25 names it.
deep_base() {  # depth, output tar
  local depth=$1 out=$2 dir; dir=$(mktemp -d deep.XXXXXX)
  tar -xf "$SRC/templates/container/base-image.tar" -C "$dir"
  local old; old=$(jq -r '.[0].Config' "$dir/manifest.json")
  perl -e 'my $n = $ARGV[0] - 1; print "{\"deep\":", "[" x $n, "]" x $n, ","' "$depth" > "$dir/config"
  tail -c +2 "$dir/$old" >> "$dir/config"
  rm "$dir/$old"
  local hex; hex=$(sha256sum "$dir/config" | cut -d' ' -f1)
  mv "$dir/config" "$dir/$hex.json"
  jq -c --arg c "$hex.json" '.[0].Config = $c' "$dir/manifest.json" > "$dir/m" && mv "$dir/m" "$dir/manifest.json"
  tar --sort=name --owner=0 --group=0 --numeric-owner -cf "$out" -C "$dir" .
  rm -rf "$dir"
  echo "$hex.json"
}

refused() {  # expected exit, expected stderr fragment, command...
  local want=$1 fragment=$2; shift 2
  local before; before=$(state_snapshot)
  "$@" 2> err.txt >/dev/null
  local got=$?
  expect_equal "$got" "$want" "exit status of: $*"
  grep -qF -- "$fragment" err.txt || { echo "stderr of '$*' lacks '$fragment':"; cat err.txt; exit 99; } >&2
  rm -f err.txt
  expect_equal "$(state_snapshot)" "$before" "files and ledger after: $*"
  expect_no_file out/fanruan_license_server.tar
}

config=$(deep_base 65000 deep65000.tar)
size=$(stat -c %s deep65000.tar)
[ "$size" -lt $((1 << 20)) ] || { echo "deep65000.tar is $size bytes" >&2; exit 99; }
# No passphrase in the environment and no terminal: the refusal comes before it is asked for.
(unset FRLIC_PASSPHRASE
 refused 4 "deep65000.tar: config $config nests objects and arrays more than 64 levels deep" \
   setsid -w "$FRLIC" issue --order order.yaml --base-image deep65000.tar --out out --allow-example-keys </dev/null) || exit 99
# With the passphrase at hand: the same refusal, no crash.
refused 4 "more than 64 levels deep" "$FRLIC" issue --order order.yaml --base-image deep65000.tar --out out --allow-example-keys
refused 4 "more than 64 levels deep" "$FRLIC" inspect deep65000.tar
# 300,000 levels (600 KB, still under the 1 MiB limit of a config) crashed even the
# optimised build; 65,000 crashed the sanitizer build and was accepted and copied by the
# optimised one.
config=$(deep_base 300000 deep300000.tar)
refused 4 "deep300000.tar: config $config nests objects and arrays more than 64 levels deep" \
  "$FRLIC" issue --order order.yaml --base-image deep300000.tar --out out --allow-example-keys
# --json: the error object says malformed.
"$FRLIC" issue --order order.yaml --base-image deep65000.tar --out out --allow-example-keys --json > err.json
expect_equal "$?" 4 "exit status with --json"
expect_equal "$(jq -r .error.code err.json)" malformed
rm err.json

# One level over the limit, and at it.
config=$(deep_base 65 deep65.tar)
refused 4 "deep65.tar: config $config nests objects and arrays more than 64 levels deep" \
  "$FRLIC" issue --order order.yaml --base-image deep65.tar --out out --allow-example-keys
deep_base 64 deep64.tar >/dev/null
expect_exit 0 "$FRLIC" issue --order order.yaml --base-image deep64.tar --out out --allow-example-keys >/dev/null
expect_file out/fanruan_license_server.tar
mkdir issued && tar -xf out/fanruan_license_server.tar -C issued
issued_config=issued/$(jq -r '.[0].Config' issued/manifest.json)
expect_equal "$(jq '[paths(type == "array")] | map(length) | max' "$issued_config")" 63 "deepest array path in the issued config"
expect_equal "$(jq -c '.deep | flatten' "$issued_config")" "[]" "the deep member, copied"
expect_exit 0 "$FRLIC" inspect out/fanruan_license_server.tar >/dev/null
rm -rf out issued

# The order: 100,000 '[' (closed, and not) is one problem at its place, exit 3, from lint and issue.
perl -e 'print "order_id: X\ncompany: ", "[" x 100000, "]" x 100000, "\n"' > deep.yaml
lint_out=$("$FRLIC" lint deep.yaml 2>&1)
expect_equal "$?" 3 "lint of deep.yaml"
[[ "$lint_out" == *"deep.yaml:2:73: company: nests lists and mappings more than 64 levels deep"* ]] ||
  { echo "lint said: $lint_out" >&2; exit 99; }
refused 3 "deep.yaml:2:73: company: nests lists and mappings more than 64 levels deep" \
  "$FRLIC" issue --order deep.yaml --out out --allow-example-keys
perl -e 'print "order_id: X\nproject: ", "{a: " x 100000, "\n"' > open.yaml
refused 3 "open.yaml:2:" "$FRLIC" lint open.yaml
echo done
