# Issue 12, item 6: docs/cli.md and --help agree. Every subcommand (nested ones too) of frlic
# and frlic-sim is named in docs/cli.md as "frlic CMD ..." / "frlic-sim CMD ...", every long
# flag their --help lists appears there, and every long flag docs/cli.md names exists in some
# --help (flags of other tools that the text quotes are listed below).
# cli-cost: 17
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/../frlic-sim/frlic-sim"
[ -x "$SIM" ] || SIM="$(dirname "$FRLIC")/frlic-sim"
DOC="$SRC/docs/cli.md"
# Flags of other programs docs/cli.md quotes (docker, ssh, sqlite3, ...), not frlic's.
foreign="--rm --network --mount --volume --user --entrypoint --interactive --tty"

help_of() { local program=$1; shift; "$program" "$@" --help; }
subcommands() {  # the subcommand names in a help text (stdin)
  awk '/^[A-Za-z ]*[Ss]ubcommands:/ {on = 1; next} on && /^[^ ]/ {on = 0} on && /^  [a-z]/ {print $1}'
}
: > all-flags.txt
missing=0
walk() {  # PROGRAM WORDS...
  local program=$1; shift
  local name; name=$(basename "$program")
  if [ $# -gt 0 ]; then
    # A row of the command table: "`frlic keys list \| rotate ..." names "keys rotate".
    local parent="${*:1:$#-1}" last="${!#}"
    grep -F -- "\`$name${parent:+ $parent}" "$DOC" | grep -qE -- "(^|[ |\`])$last([] |\`]|$)" ||
      { echo "not in docs/cli.md: $name $*"; missing=1; }
  fi
  help_of "$program" "$@" > help.txt
  # Long flags of the option lines ("  -q,--quiet", "  --out TEXT"), not of descriptions.
  awk '/^ +-/ {print $1}' help.txt | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u > flags.txt
  cat flags.txt >> all-flags.txt
  while read -r flag; do
    if [ "$flag" = --help ] || [ "$flag" = --version ]; then continue; fi
    grep -qE -- "${flag}([^a-z0-9-]|$)" "$DOC" || { echo "not in docs/cli.md: $name $* $flag"; missing=1; }
  done < flags.txt
  local sub
  for sub in $(subcommands < help.txt); do walk "$program" "$@" "$sub"; done
}
walk "$FRLIC"
walk "$SIM"

# Every long flag the document names exists.
sort -u all-flags.txt > known.txt
for flag in $(grep -oE -- '--[a-z][a-z0-9-]*' "$DOC" | sort -u); do
  case " $foreign " in *" $flag "*) continue ;; esac
  grep -qxF -- "$flag" known.txt || { echo "docs/cli.md names a flag no --help lists: $flag"; missing=1; }
done
[ "$(wc -l < known.txt)" -gt 40 ] || { echo "too few flags found: the help format changed?"; missing=1; }
expect_equal "$missing" 0 "disagreements between docs/cli.md and --help"
echo "docs/cli.md agrees with --help"
