#include "run_cli.h"

#include "build_commit.h"
#include "cli_reference.h"

#include <fcntl.h>

#include <algorithm>
#include <iostream>
#include <string_view>

namespace frlic::cli {
namespace {

// Levenshtein distance, for "did you mean" on a mistyped command name.
std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The subcommand names of `app` closest to `word` (distance at most 2, or a prefix of one).
std::string Suggestion(const CLI::App& app, std::string_view word) {
  std::string best;
  std::size_t best_distance = 3;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    const std::string& name = sub->get_name();
    std::size_t distance = name.rfind(word, 0) == 0 ? 1 : EditDistance(word, name);
    if (distance < best_distance) {
      best_distance = distance;
      best = name;
    }
  }
  return best;
}

// For `__generate table`: one line per entry of the command table, the names it is found by
// and, after a tab, the top-level names (and aliases) its `add` declares when built alone,
// each sorted. An entry whose two columns differ is never found by the command it adds, so a
// command line naming it builds the whole table (still correct, but a slower start); the CLI
// case reference_complete checks that every line's columns agree.
std::string CommandTable(const std::vector<CommandEntry>& table) {
  auto joined = [](std::vector<std::string> names) {
    std::sort(names.begin(), names.end());
    std::string text;
    for (const std::string& name : names) text += (text.empty() ? "" : " ") + name;
    return text;
  };
  std::string out;
  for (const CommandEntry& entry : table) {
    CLI::App alone;
    GlobalOptions options;
    std::vector<Command> commands;
    entry.add(alone, options, commands);
    std::vector<std::string> declared;
    for (const CLI::App* sub : alone.get_subcommands([](const CLI::App*) { return true; })) {
      declared.push_back(sub->get_name());
      for (const std::string& alias : sub->get_aliases()) declared.push_back(alias);
    }
    out += joined(entry.names) + "\t" + joined(declared) + "\n";
  }
  return out;
}

bool WantsJson(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--json") return true;
  }
  return false;
}

// Usage errors (exit 2) keep the --json contract: one object on stdout.
int ReportUsage(bool json, const std::string& message, const std::string& hint) {
  if (json) {
    nlohmann::ordered_json out;
    out["ok"] = false;
    out["error"] = {{"code", "usage"}, {"exit_code", kExitUsage}, {"message", message}};
    if (!hint.empty()) out["error"]["hint"] = hint;
    std::cout << JsonText(out) << "\n";
  } else {
    std::cerr << "frlic: error: " << message << "\n";
    if (!hint.empty()) std::cerr << "frlic: hint: " << hint << "\n";
  }
  return kExitUsage;
}

// The subcommand of `app` called `name`, or nullptr (CLI11 2.3 has no get_subcommand_no_throw).
CLI::App* Subcommand(CLI::App& app, const std::string& name) {
  auto found =
      app.get_subcommands([&name](const CLI::App* sub) { return sub->get_name() == name; });
  return found.empty() ? nullptr : found.front();
}

// The subcommand path named by words[from..] ("ledger", "list"), or nullptr.
CLI::App* FindCommand(CLI::App& app, const std::vector<std::string>& words, std::size_t from) {
  CLI::App* at = &app;
  for (std::size_t i = from; i < words.size(); ++i) {
    CLI::App* next = Subcommand(*at, words[i]);
    if (next == nullptr) return nullptr;
    at = next;
  }
  return at;
}

}  // namespace

int RunCli(int argc, char** argv, const std::vector<CommandEntry>& table) {
  CLI::App app{"frlic: turn orders into signed licence artifacts, and check what comes back",
               "frlic"};
  app.set_version_flag(
      "--version", std::string("frlic ") + FRLIC_VERSION + " (commit " + app::BuildCommit() + ")");
  app.require_subcommand(1);
  app.footer("Run 'frlic help COMMAND' or 'frlic COMMAND --help' for a command's options.");
  GlobalOptions options;
  std::vector<Command> commands;
  const std::vector<std::string> words(argv + 1, argv + argc);
  // The command is the first word (frlic has no options before it but --help and --version).
  const auto named = std::find_if(table.begin(), table.end(), [&](const CommandEntry& entry) {
    return !words.empty() &&
           std::find(entry.names.begin(), entry.names.end(), words[0]) != entry.names.end();
  });
  if (named != table.end()) {
    named->add(app, options, commands);
  } else if (!(words.size() == 1 && words[0] == "--version")) {
    for (const CommandEntry& entry : table) entry.add(app, options, commands);
  }

  const bool json = WantsJson(argc, argv);
  // frlic __generate man|bash|zsh|commands: what the build installs (cli_reference.h); table:
  // the command table, for a test (CommandTable). Hidden.
  if (words.size() == 2 && words[0] == "__generate") {
    const std::string& what = words[1];
    if (what == "man") {
      std::cout << ManPage(app, std::string(FRLIC_VERSION));
    } else if (what == "bash") {
      std::cout << BashCompletion(app);
    } else if (what == "zsh") {
      std::cout << ZshCompletion(app);
    } else if (what == "commands") {
      std::cout << CommandList(app);
    } else if (what == "table") {
      std::cout << CommandTable(table);
    } else {
      return ReportUsage(json, "__generate: no \"" + what + "\"",
                         "man, bash, zsh, commands or table");
    }
    return kExitOk;
  }
  options.arguments = words;
  // frlic help [COMMAND...]: the help of the command, never its required-option errors.
  if (!words.empty() && words[0] == "help") {
    CLI::App* command = FindCommand(app, words, 1);
    if (command == nullptr) {
      return ReportUsage(json, "help: no command \"" + words.back() + "\"",
                         "run frlic help for the list of commands");
    }
    std::cout << command->help();
    return kExitOk;
  }
  // An unknown first word is a mistyped command, not a missing one.
  if (!words.empty() && !words[0].empty() && words[0][0] != '-' &&
      Subcommand(app, words[0]) == nullptr) {
    const std::string near = Suggestion(app, words[0]);
    return ReportUsage(json, "unknown command \"" + words[0] + "\"",
                       near.empty() ? "run frlic help for the list of commands"
                                    : "did you mean: frlic " + near + "?");
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string chain = "frlic";
    for (CLI::App* at = &app; !at->get_subcommands().empty();) {
      at = at->get_subcommands().front();
      chain += " " + at->get_name();
    }
    return ReportUsage(json, e.what(), "run: " + chain + " --help");
  }
  for (const auto& command : commands) {
    if (!command.app->parsed()) continue;
    // lint's --ledger is optional: only the flag names one, so no default is resolved for it.
    const bool takes_ledger = command.app->get_option_no_throw("--ledger") != nullptr &&
                              command.app->get_name() != "lint";
    if (auto resolved = options.ResolvePaths(command.app->get_option_no_throw("--keys") != nullptr,
                                             takes_ledger);
        !resolved.ok()) {
      return ReportError(options, resolved.error());
    }
    // A --passphrase-fd that is not open now would be reused by the first file frlic opens,
    // which would then be read as the passphrase: refuse it before anything is opened.
    if (options.passphrase_fd >= 0 && ::fcntl(options.passphrase_fd, F_GETFD) == -1) {
      return ReportError(options, Error(ErrorCode::kInvalidInput,
                                        "--passphrase-fd " + std::to_string(options.passphrase_fd) +
                                            " is not an open file descriptor",
                                        "open it for the command, e.g. frlic ... --passphrase-fd 3 "
                                        "3<FILE"));
    }
    if (options.pin_fd >= 0 && ::fcntl(options.pin_fd, F_GETFD) == -1) {
      return ReportError(
          options,
          Error(ErrorCode::kInvalidInput,
                "--pin-fd " + std::to_string(options.pin_fd) + " is not an open file descriptor",
                "open it for the command, e.g. frlic ... --pin-fd 3 3<FILE"));
    }
    try {
      return command.action();
    } catch (const std::exception& e) {
      // A bug, never a user's error; still one JSON object with --json, and a clear exit code.
      return ReportError(options,
                         Error(ErrorCode::kInternal, std::string("unexpected failure: ") + e.what(),
                               "please report this with the command you ran"));
    }
  }
  return ReportUsage(json, "no command given", "run frlic help for the list of commands");
}

}  // namespace frlic::cli
