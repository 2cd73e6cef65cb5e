# frlic-sim resolves the issuer keyring and the ledger as frlic does (issue 12, item 9): --keys,
# else FRLIC_KEYS, else the XDG/HOME default; never "no keyring in  (...)" with an empty path.
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/frlic-sim"
unset FRLIC_KEYS FRLIC_LEDGER
env -u HOME "$SIM" server --package x.zip --machine m 2>err; echo "no HOME: $?"
grep -q 'pass --keys or set FRLIC_KEYS' err && echo "names --keys and FRLIC_KEYS"
"$SIM" server --package x.zip --machine m 2>err; echo "HOME without a keyring: $?"
grep -q "no keyring in $HOME/.config/frlic/keys" err && echo "names the default path"
echo pw | env -u HOME "$SIM" cloud --account a --machine-id m --state s.json 2>err; echo "cloud, no HOME: $?"
grep -q 'pass --ledger or set FRLIC_LEDGER' err && echo "names --ledger and FRLIC_LEDGER"
