# frlic serve runs frlic-serve from frlic's own directory (never $PATH): a frlic copied alone
# says which program is missing and how to get it (exit 9), and does not find one on $PATH.
set -u
source "$CLI_LIB"
mkdir alone path
cp "$FRLIC" alone/frlic
printf '#!/bin/sh\necho wrong frlic-serve\n' > path/frlic-serve
chmod +x path/frlic-serve
PATH="$PWD/path:$PATH" alone/frlic serve --listen 127.0.0.1:0 --allow-example-keys
echo "exit $?"
