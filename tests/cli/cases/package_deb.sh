# Issue 15, item 4: the Debian package. cpack builds frlic_VERSION_ARCH.deb from this build; it is
# unpacked into a temporary root (dpkg-deb -x: nothing is installed on the machine) and used as
# installed: --version names the commit, man renders the page, the completions are in place,
# and a private-cloud issue with the packaged frlic-sim and frlic works, its README taken from
# the packaged templates (changed here, so the source tree's cannot stand in for them).
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
