# Issue 15, item 5: the man page and the bash and zsh completions come from frlic's own command
# line definitions (apps/frlic/cli_reference.h), so every command and every flag is in all
# three. The build's copies (what `cmake --install` installs) are what frlic prints now; the
# completions work when a shell runs them; the man page renders without a warning.
set -u
source "$CLI_LIB"
"$FRLIC" __generate commands >commands.tsv
"$FRLIC" __generate man >frlic.1
"$FRLIC" __generate bash >frlic.bash
"$FRLIC" __generate zsh >_frlic
built="$(dirname "$FRLIC")/reference"
for file in frlic.1 frlic.bash _frlic; do
  cmp -s "$file" "$built/$file" || { echo "$built/$file is not what frlic prints" >&2; exit 99; }
done
[ "$(wc -l <commands.tsv)" -gt 20 ] || { echo "too few commands listed" >&2; exit 99; }

missing=0
while IFS= read -r line; do
  command=${line%%$'\t'*}
  flags=${line#*$'\t'}
  if [ -n "$command" ]; then
    # The man page's section of this command: from its .SS line (hyphens as troff's \-) to the
    # next.
    head=".SS \"frlic $(sed 's/-/\\-/g' <<<"$command")\""
    section=$(head="$head" awk '$0 == ENVIRON["head"] { on = 1; next } /^\.SS / { on = 0 } on' frlic.1)
    [ -n "$section" ] || { echo "man: no section for '$command'" >&2; missing=1; }
    grep -qF "' $command')" frlic.bash || { echo "bash: no '$command'" >&2; missing=1; }
    grep -qF "(' $command')" _frlic || { echo "zsh: no '$command'" >&2; missing=1; }
  else
    section=$(awk '/^\.SH COMMANDS/ { exit } { print }' frlic.1)
  fi
  # One subprocess per command, none per flag (the loop runs over some 300 flags).
  bash_words=" $(grep -F "'${command:+ $command}') candidates=" frlic.bash | sed "s/^.*candidates='//; s/' ;;\$//") "
  zsh_flags=$(grep -A2 -F "('${command:+ $command}')" _frlic | grep -F "flags=(")
  for flag in $flags; do
    [[ $bash_words == *" $flag "* ]] || { echo "bash: '$command' lacks $flag" >&2; missing=1; }
    [[ $zsh_flags == *"'$flag:"* ]] || { echo "zsh: '$command' lacks $flag" >&2; missing=1; }
    if [ -n "$command" ]; then
      roff=${flag//-/\\-}
      [[ $section == *"\\fB$roff\\fR"* ]] || { echo "man: '$command' lacks $flag" >&2; missing=1; }
    fi
  done
done <commands.tsv
[ "$missing" = 0 ] || exit 99
echo "every command and flag is in the man page and both completions"

# A command line builds only the command it names (apps/frlic/run_cli.h), where __generate
# builds them all: each entry of the command table is found by exactly the names it declares
# (a misnamed entry would still work, built with the whole table, only slower), each command
# built alone has every flag the whole tree gives it, and a bare --version prints the version
# without building any.
"$FRLIC" __generate table >table.tsv
[ "$(wc -l <table.tsv)" -gt 10 ] || { echo "too few command table entries" >&2; exit 99; }
awk -F'\t' '$1 != $2 { print "command table entry \"" $1 "\" declares \"" $2 "\""; bad = 1 }
  END { exit bad }' table.tsv >&2 || exit 99
while IFS= read -r line; do
  command=${line%%$'\t'*}
  [ -n "$command" ] || continue
  # shellcheck disable=SC2086
  alone=$("$FRLIC" $command --help 2>&1) || { echo "frlic $command --help failed: $alone" >&2; exit 99; }
  # The help's flags as whole words (so that --orders does not stand for --order).
  alone_flags=" $(grep -oE -- '(^|[ ,])--?[A-Za-z0-9][-A-Za-z0-9]*' <<<"$alone" | tr -d ' ,' | tr '\n' ' ') "
  for flag in ${line#*$'\t'}; do
    [[ $alone_flags == *" $flag "* ]] || { echo "frlic $command --help lacks $flag" >&2; exit 99; }
  done
done <commands.tsv
[[ $("$FRLIC" --version) == "frlic "*" (commit "* ]] || { echo "frlic --version: $("$FRLIC" --version)" >&2; exit 99; }
echo "each command built alone has all its flags"

# The completions work in the shells.
complete_bash() {
  bash -c 'source ./frlic.bash; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _frlic; printf "%s\n" "${COMPREPLY[@]}"' _ "$@"
}
expect_equal "$(complete_bash frlic ledger ve)" "verify"
expect_equal "$(complete_bash frlic issue --orders-f)" "--orders-from"
expect_equal "$(complete_bash frlic keys rotate --pk)" "--pkcs11"
zsh -n _frlic || { echo "_frlic is not valid zsh" >&2; exit 99; }
echo "bash completes, zsh parses"

warnings=$(groff -man -ww -z frlic.1 2>&1)
[ -z "$warnings" ] || { echo "groff: $warnings" >&2; exit 99; }
MANWIDTH=100 man -l frlic.1 >man.txt 2>&1
grep -q "frlic ledger verify" man.txt || { echo "man does not render the commands" >&2; exit 99; }
echo "the man page renders"
