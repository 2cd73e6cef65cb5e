// The man page and the shell completions of a command line, written from its own definitions
// (the CLI11 tree the program parses with), so that they cannot drift from it. The build runs
// `frlic __generate man|bash|zsh` and installs what it prints; `frlic __generate commands`
// lists the tree for the test that checks every command and flag is in all three.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace frlic::cli {

// A man(7) page: NAME, SYNOPSIS, DESCRIPTION, then every command (depth first, as
// "frlic ledger verify") with its description, positional arguments and options.
std::string ManPage(const CLI::App& app, const std::string& version);
// A bash completion script (complete -F) offering, after the command words typed so far, the
// next command words and the flags of that command; file names otherwise.
std::string BashCompletion(const CLI::App& app);
// A zsh completion script (#compdef) offering the same, with their descriptions.
std::string ZshCompletion(const CLI::App& app);
// One line per command: its path ("ledger verify"; "" for the program itself), a tab, and its
// flags separated by spaces.
std::string CommandList(const CLI::App& app);

}  // namespace frlic::cli
