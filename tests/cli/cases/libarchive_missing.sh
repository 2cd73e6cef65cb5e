# Issue 13 (review): libarchive is opened on first use. When it cannot be loaded, a command that
# needs it fails as any other missing input does (exit 9, naming the package, --json error
# object), writes nothing and leaves the ledger as it was, instead of the forwarders' last
# resort (a loader message and exit 127). An empty file stands in for the library.
set -u
source "$CLI_LIB"
mkdir broken
: > broken/libarchive.so.13
before=$(ledger_count)
LD_LIBRARY_PATH=$PWD/broken "$FRLIC" issue --order "$SRC/templates/orders/container-private-cloud.yaml" \
  --out out --allow-example-keys --json > missing.json
expect_equal "$?" 9 "exit status without libarchive"
expect_equal "$(jq -r '.error.code' missing.json)" not-found
jq -r '.error.message' missing.json | grep -q "^cannot load libarchive, which container images need: " ||
  { cat missing.json; exit 99; } >&2
expect_equal "$(jq -r '.error.hint' missing.json)" "install it: apt-get install libarchive13"
expect_no_file out
expect_equal "$(ledger_count)" "$before" "records after the refusal"
echo "a missing libarchive is exit 9, nothing written"
# Commands that do not read images never load it.
LD_LIBRARY_PATH=$PWD/broken "$FRLIC" issue --order "$SRC/templates/orders/local-container.yaml" \
  --out local --allow-example-keys >/dev/null
expect_equal "$?" 0 "local container without libarchive"
echo "local container issues without it"
