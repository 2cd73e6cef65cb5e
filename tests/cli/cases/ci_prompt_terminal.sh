# The passphrase prompt on a terminal (issue 12, item 7): it names the keyring, allows three
# tries, gives the terminal its echo back when the command is interrupted, and never asks when
# CI is set or --no-prompt is given (a terminal nobody types into must not hold a job).
set -u
source "$CLI_LIB"
unset FRLIC_PASSPHRASE
python3 "$SRC/tests/cli/fixtures/on_terminal.py" "$FRLIC" "$(cat "$SRC/keys-example/PASSPHRASE")" \
  "$SRC/templates/orders/local-container.yaml"
