# Issue 15, item 4: the Debian package. cpack builds frlic_VERSION_ARCH.deb from this build; it is
# unpacked into a temporary root (dpkg-deb -x: nothing is installed on the machine) and used as
# installed: --version names the commit, man renders the page, the completions are in place,
# and a private-cloud issue with the packaged frlic-sim and frlic works, its README taken from
# the packaged templates (changed here, so the source tree's cannot stand in for them). Then
# examples/verify, a product team's consumer of the verifier library, is built against the
# unpacked package (find_package(frlic CONFIG), and once more with pkg-config) and run on the
# golden vectors: the product's verdict on every Container.lic vector, and for the server and
# component licences every vector opened or refused and every request answered as the golden
# licence's server (component) answers it.
# Run by the plain (Release) build only: scripts/test.sh.
# cli-cost: 20
set -u
source "$CLI_LIB"
build=$(realpath "$(dirname "$FRLIC")/..")
expect_exit 0 cpack --config "$build/CPackConfig.cmake" -G DEB -B "$PWD/pkg" >cpack.log 2>&1
deb=$(ls pkg/frlic_*.deb)
expect_file "$deb"
dpkg-deb --field "$deb" Depends >depends.txt
for library in libsodium23 libssl3 libsqlite3-0 libyaml-cpp0.7 libp11-kit0 libarchive13; do
  grep -q "$library" depends.txt || { echo "Depends lacks $library: $(cat depends.txt)" >&2; exit 99; }
done
echo "the package depends on what the programs link"

dpkg-deb -x "$deb" root
usr=$PWD/root/usr
for file in bin/frlic bin/frlic-sim bin/frlic-serve share/frlic/templates/server/README.txt.tmpl \
  share/bash-completion/completions/frlic share/zsh/vendor-completions/_frlic share/doc/frlic/formats.md; do
  expect_file "$usr/$file"
done
man_page=$(ls "$usr"/share/man/man1/frlic.1*)
MANWIDTH=100 man -l "$man_page" 2>/dev/null | grep -q "frlic ledger verify" || { echo "man: no page" >&2; exit 99; }
version=$("$usr/bin/frlic" --version)
expected_commit=$(git -C "$SRC" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
case "$version" in
  "frlic "*" (commit $expected_commit)") ;;
  *) echo "--version says '$version', not the commit $expected_commit" >&2; exit 99 ;;
esac
echo "installed: programs, templates, man page, completions; --version names the commit"

# The packaged templates are the ones used.
echo "PACKAGED TEMPLATE" >>"$usr/share/frlic/templates/server/README.txt.tmpl"
unset FRLIC_TEMPLATES
cp "$SRC/templates/orders/private-cloud.yaml" order.yaml
expect_exit 0 "$usr/bin/frlic-sim" machine --issuer-key "$FRLIC_KEYS" --out host --machine-id host-1 \
  --mac 02:00:00:00:00:01 --platform linux-amd64 >/dev/null
expect_exit 0 "$usr/bin/frlic" ledger init "$FRLIC_LEDGER" >/dev/null
expect_exit 0 "$usr/bin/frlic" issue --order order.yaml --rif host/require/MachineInfo.rif --out out \
  --allow-example-keys >/dev/null
expect_exit 0 unzip -tq out/FanruanLicenseServer.zip >/dev/null
readme=$(unzip -Z1 out/FanruanLicenseServer.zip | grep -i readme | head -1)
unzip -p out/FanruanLicenseServer.zip "$readme" | grep -q "PACKAGED TEMPLATE" ||
  { echo "the package's README did not come from the installed templates" >&2; exit 99; }
expect_exit 0 "$usr/bin/frlic-sim" server --package out/FanruanLicenseServer.zip --machine host >/dev/null
echo "the packaged frlic issues from its installed templates"

# The verifier library, from the package, as a product team builds against it.
expect_exit 0 cmake -S "$SRC/examples/verify" -B example -DCMAKE_PREFIX_PATH="$usr" >example.log 2>&1
expect_exit 0 cmake --build example >>example.log 2>&1
libdir=$(dirname "$(ls "$usr"/lib/*/libfrlic-verifier.so.* "$usr"/lib/libfrlic-verifier.so.* 2>/dev/null | head -1)")
export LD_LIBRARY_PATH=$libdir
pc_dir=$(dirname "$(ls "$usr"/lib/pkgconfig/frlic.pc "$usr"/lib/*/pkgconfig/frlic.pc 2>/dev/null | head -1)")
expect_exit 0 c++ -std=c++20 -o example-pc "$SRC/examples/verify/main.cc" \
  $(PKG_CONFIG_PATH=$pc_dir pkg-config --cflags --libs frlic)
key="$SRC/keys-example/signing-509d04703a0f70c2.pub.pem"
vectors="$SRC/tests/vectors"
now=$(date -u -d 2026-11-23T08:00:00Z +%s)
checked=0
while read -r file inspect verdict; do
  case "$file" in "#"* | "") continue ;; esac
  for program in example/verify_example ./example-pc; do
    got=$("$program" container "$key" "$vectors/container-license/$file" "$now" FineDataLink 4.1.5 webroot 2 sales-analytics-prod)
    expect_equal "$got" "$verdict" "$program on $file"
  done
  checked=$((checked + 1))
done < <(sed 's/  \+/\t/g' "$vectors/container-license/expectations.txt" | tr '\t' ' ')
for kind in server component; do
  while read -r file open; do
    case "$file" in "#"* | "") continue ;; esac
    got=$(example/verify_example $kind "$key" "$vectors/$kind-license/$file" 0 '{}')
    if [ "$open" = ok ]; then
      case "$got" in unreadable:*) echo "$kind $file: $got, expected it to open" >&2; exit 99 ;; esac
    else
      case "$got" in unreadable:*) ;; *) echo "$kind $file opened, expected $open" >&2; exit 99 ;; esac
    fi
    checked=$((checked + 1))
  done <"$vectors/$kind-license/expectations.txt"
  while read -r at code request; do
    case "$at" in "#"* | "") continue ;; esac
    # "@domain D": the lines after judge other terms than the signed golden.json's.
    case "$at" in "@"*) break ;; esac
    got=$(example/verify_example $kind "$key" "$vectors/$kind-license/golden.json" "$(date -u -d "$at" +%s)" "$request")
    expect_equal "$got" "$code" "$kind answer to $request at $at"
    checked=$((checked + 1))
  done <"$vectors/$kind-license/requests.txt"
done
[ "$checked" -gt 60 ] || { echo "only $checked vectors checked" >&2; exit 99; }
echo "examples/verify, built against the package, gives every golden verdict"
