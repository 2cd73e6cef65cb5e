# No state path is guessed (issue 12, item 1): with HOME unset and no XDG_* value, a command
# that needs the keyring or the ledger fails naming the variables, and creates nothing in the
# working directory; a relative XDG_* value is ignored, as the XDG spec says.
set -u
source "$CLI_LIB"
unset FRLIC_KEYS FRLIC_LEDGER XDG_CONFIG_HOME XDG_DATA_HOME
mkdir job && cd job
env -u HOME "$FRLIC" keys list 2>../err; echo "keys, HOME unset: $?"
grep -q 'XDG_CONFIG_HOME is unset and HOME is unset' ../err && echo "names the variables"
env -u HOME "$FRLIC" ledger verify --json > ../out; echo "ledger, HOME unset: $?"
jq -r '.error.hint' ../out
HOME=relative "$FRLIC" ledger list 2>/dev/null; echo "relative HOME: $?"
[ -z "$(ls -A)" ] && echo "nothing created in the working directory"
# A relative XDG_CONFIG_HOME is ignored: HOME's default is used (and is named when missing).
XDG_CONFIG_HOME=conf "$FRLIC" keys list 2>../err; echo "relative XDG: $?"
grep -q "$HOME/.config/frlic/keys" ../err && echo "used \$HOME/.config"
[ -z "$(ls -A)" ] && echo "still nothing created"
# A flag or FRLIC_KEYS needs no HOME.
env -u HOME "$FRLIC" keys list --keys "$SRC/keys-example" > /dev/null; echo "with --keys: $?"
