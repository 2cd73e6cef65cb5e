#include "cli_reference.h"

#include <sstream>
#include <vector>

namespace frlic::cli {
namespace {

// A command of the tree: its words after the program's name, and its definition.
struct CommandNode {
  std::string path;  // "ledger verify"; "" for the program itself
  const CLI::App* app;
};

// Every visible command, depth first in definition order (a hidden one has no group).
void Collect(const CLI::App& app, const std::string& path, std::vector<CommandNode>& out) {
  out.push_back({path, &app});
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_group().empty()) continue;
    Collect(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), out);
  }
}

std::vector<CommandNode> Commands(const CLI::App& app) {
  std::vector<CommandNode> commands;
  Collect(app, "", commands);
  return commands;
}

std::vector<const CLI::Option*> Options(const CLI::App& app) {
  std::vector<const CLI::Option*> visible;
  for (const CLI::Option* option : app.get_options([](const CLI::Option*) { return true; })) {
    if (!option->get_group().empty()) visible.push_back(option);
  }
  return visible;
}

// "--order", "-q" ...: every spelling of a named option.
std::vector<std::string> Flags(const CLI::Option& option) {
  std::vector<std::string> flags;
  for (const std::string& name : option.get_snames()) flags.push_back("-" + name);
  for (const std::string& name : option.get_lnames()) flags.push_back("--" + name);
  return flags;
}

std::vector<std::string> FlagsOf(const CLI::App& app) {
  std::vector<std::string> flags;
  for (const CLI::Option* option : Options(app)) {
    for (std::string& flag : Flags(*option)) flags.push_back(std::move(flag));
  }
  return flags;
}

std::vector<std::string> SubcommandNames(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (!sub->get_group().empty()) names.push_back(sub->get_name());
  }
  return names;
}

std::string Join(const std::vector<std::string>& words, const std::string& separator = " ") {
  std::string joined;
  for (const std::string& word : words) joined += (joined.empty() ? "" : separator) + word;
  return joined;
}

// Text as troff reads it literally: backslashes escaped, hyphens as \-, and no line starting
// with a control character.
std::string Roff(const std::string& text) {
  std::string out;
  bool line_start = true;
  for (char c : text) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
    line_start = c == '\n';
  }
  return out;
}

// Text inside a shell word quoted with '...'.
std::string SingleQuoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// A zsh _describe entry "name:description" (colons in the name escaped), single-quoted.
std::string Described(const std::string& name, const std::string& description) {
  std::string escaped;
  for (char c : name) escaped += c == ':' ? std::string("\\:") : std::string(1, c);
  std::string first_line = description.substr(0, description.find('\n'));
  return SingleQuoted(escaped + ":" + first_line);
}

}  // namespace

std::string ManPage(const CLI::App& app, const std::string& version) {
  std::ostringstream man;
  const std::string name = app.get_name();
  std::string upper = name;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  // The program's description without a leading "frlic: ".
  std::string summary = app.get_description();
  if (summary.rfind(name + ": ", 0) == 0) summary.erase(0, name.size() + 2);
  man << ".TH " << upper << " 1 \"\" \"" << Roff(name + " " + version) << "\" \"User Commands\"\n"
      << ".SH NAME\n"
      << Roff(name) << " \\- " << Roff(summary) << "\n"
      << ".SH SYNOPSIS\n"
      << ".B " << Roff(name) << "\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]\n"
      << ".SH DESCRIPTION\n"
      << "\\fB" << Roff(name) << "\\fR: " << Roff(summary) << ".\n"
      << "Every command takes \\fB\\-\\-help\\fR; \\fBfrlic help COMMAND\\fR prints the same.\n"
      << "File formats, exit codes and the environment are specified in \\fIcli.md\\fR and\n"
      << "\\fIformats.md\\fR, installed in share/doc/frlic under frlic's prefix.\n"
      << ".SH COMMANDS\n";
  for (const CommandNode& command : Commands(app)) {
    if (command.path.empty()) continue;
    man << ".SS \"" << Roff(name + " " + command.path) << "\"\n"
        << Roff(command.app->get_description()) << "\n";
    const std::vector<std::string> subcommands = SubcommandNames(*command.app);
    if (!subcommands.empty()) {
      man << ".PP\nCommands: " << Roff(Join(subcommands, ", ")) << ".\n";
    }
    for (const CLI::Option* option : Options(*command.app)) {
      man << ".TP\n";
      if (option->nonpositional()) {
        std::vector<std::string> bold;
        for (const std::string& flag : Flags(*option)) bold.push_back("\\fB" + Roff(flag) + "\\fR");
        man << Join(bold, ", ");
        if (option->get_type_size() != 0 && !option->get_type_name().empty()) {
          man << " \\fI" << Roff(option->get_type_name()) << "\\fR";
        }
      } else {
        man << "\\fI" << Roff(option->get_name()) << "\\fR";
      }
      man << "\n" << Roff(option->get_description()) << "\n";
    }
  }
  man << ".SH EXIT STATUS\n"
      << "0 on success; the other codes are listed in docs/cli.md (\"Exit codes\").\n"
      << ".SH SEE ALSO\n"
      << ".BR frlic\\-sim (1)\n";
  return man.str();
}

std::string BashCompletion(const CLI::App& app) {
  const std::string name = app.get_name();
  const std::vector<CommandNode> commands = Commands(app);
  std::ostringstream bash;
  bash << "# bash completion for " << name << ", generated from its command line definitions\n"
       << "_" << name << "() {\n"
       << "  local cur=${COMP_WORDS[COMP_CWORD]} command=\"\" word i\n"
       << "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
       << "    word=${COMP_WORDS[i]}\n"
       << "    case \"$command $word\" in\n";
  std::vector<std::string> paths;
  for (const CommandNode& command : commands) {
    if (!command.path.empty()) paths.push_back(SingleQuoted(" " + command.path));
  }
  bash << "      " << Join(paths, " | ") << ") command=\"$command $word\" ;;\n"
       << "    esac\n"
       << "  done\n"
       << "  local candidates=\"\"\n"
       << "  case \"$command\" in\n";
  for (const CommandNode& command : commands) {
    std::vector<std::string> words = SubcommandNames(*command.app);
    for (std::string& flag : FlagsOf(*command.app)) words.push_back(std::move(flag));
    bash << "    " << SingleQuoted(command.path.empty() ? "" : " " + command.path)
         << ") candidates=" << SingleQuoted(Join(words)) << " ;;\n";
  }
  bash << "  esac\n"
       << "  COMPREPLY=($(compgen -W \"$candidates\" -- \"$cur\"))\n"
       << "}\n"
       << "complete -o default -F _" << name << " " << name << "\n";
  return bash.str();
}

std::string ZshCompletion(const CLI::App& app) {
  const std::string name = app.get_name();
  const std::vector<CommandNode> commands = Commands(app);
  std::ostringstream zsh;
  // `path` is zsh's array tied to PATH: the command words go in `command` instead.
  zsh << "#compdef " << name << "\n"
      << "# zsh completion for " << name << ", generated from its command line definitions\n"
      << "_" << name << "() {\n"
      << "  local command=\"\" word i\n"
      << "  for ((i = 2; i < CURRENT; i++)); do\n"
      << "    word=${words[i]}\n"
      << "    case \"$command $word\" in\n";
  std::vector<std::string> paths;
  for (const CommandNode& command : commands) {
    if (!command.path.empty()) paths.push_back(SingleQuoted(" " + command.path));
  }
  zsh << "      (" << Join(paths, "|") << ") command=\"$command $word\" ;;\n"
      << "    esac\n"
      << "  done\n"
      << "  local -a subcommands flags\n"
      << "  case \"$command\" in\n";
  for (const CommandNode& command : commands) {
    std::vector<std::string> subcommands;
    for (const CLI::App* sub : command.app->get_subcommands([](const CLI::App*) { return true; })) {
      if (!sub->get_group().empty()) {
        subcommands.push_back(Described(sub->get_name(), sub->get_description()));
      }
    }
    std::vector<std::string> flags;
    for (const CLI::Option* option : Options(*command.app)) {
      for (const std::string& flag : Flags(*option)) {
        flags.push_back(Described(flag, option->get_description()));
      }
    }
    zsh << "    (" << SingleQuoted(command.path.empty() ? "" : " " + command.path) << ")\n"
        << "      subcommands=(" << Join(subcommands) << ")\n"
        << "      flags=(" << Join(flags) << ") ;;\n";
  }
  zsh << "  esac\n"
      << "  if [[ ${words[CURRENT]} == -* ]]; then\n"
      << "    _describe -t flags 'flag' flags\n"
      << "  elif (( ${#subcommands} )); then\n"
      << "    _describe -t commands 'command' subcommands\n"
      << "  else\n"
      << "    _files\n"
      << "  fi\n"
      << "}\n"
      << "_" << name << " \"$@\"\n";
  return zsh.str();
}

std::string CommandList(const CLI::App& app) {
  std::string list;
  for (const CommandNode& command : Commands(app)) {
    list += command.path + "\t" + Join(FlagsOf(*command.app)) + "\n";
  }
  return list;
}

}  // namespace frlic::cli
