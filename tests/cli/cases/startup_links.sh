# Fast start (issue 13): the frlic binary links neither the QR decoder (zbar, with its X11 and
# video libraries: opened on demand by --qr-image) nor the HTTP server (cpp-httplib, with TLS
# and brotli: `frlic serve` execs frlic-serve, built beside frlic). readelf -d lists what the
# dynamic loader maps at every start. libarchive (with xml2, ICU, nettle...) is opened on first
# use too (lib/on_demand/libarchive_on_demand.cc), and libpq (with Kerberos, LDAP and TLS) is
# linked only by what opens a PostgreSQL database (lib/frlic/postgres).
set -u
source "$CLI_LIB"
needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }

for library in libzbar libcpp-httplib libbrotli libssl libX11 libv4l libarchive libxml2 libicu libpq; do
  if needed "$FRLIC" | grep -q "^$library"; then
    echo "frlic links $library: every command would load it at start" >&2
    exit 99
  fi
done
echo "frlic: no zbar, no HTTP server, no libarchive"

serve="$(dirname "$FRLIC")/frlic-serve"
expect_file "$serve"
needed "$serve" | grep -q '^libcpp-httplib' || { echo "frlic-serve does not link cpp-httplib" >&2; exit 99; }
echo "frlic-serve: the HTTP server"

# The serve command's help and usage errors are still frlic's.
"$FRLIC" serve --help | grep -q -- 'HOST:PORT (default 127.0.0.1:8080' || { echo "no serve help" >&2; exit 99; }
"$FRLIC" help serve | grep -q -- '--trust-proxy' || { echo "no help serve" >&2; exit 99; }
expect_exit 2 "$FRLIC" serve --burst 0 2>/dev/null
echo done
