#include "cli.h"

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "environment.h"
#include "frlic/core/files.h"
#include "frlic/core/time.h"
#include "frlic/keys/process_protection.h"
#include "hidden_input.h"

namespace frlic::cli {
namespace {

using app::EnvOr;

// Reads one line from the terminal with echo off.
Result<SecretBytes> PromptOnTerminal(const char* prompt) {
  FILE* tty = std::fopen("/dev/tty", "r+");
  if (tty == nullptr) {
    return Error(ErrorCode::kInvalidInput, "no passphrase given and no terminal to ask on",
                 "set FRLIC_PASSPHRASE or pass --passphrase-file FILE");
  }
  auto line = app::ReadHiddenLine(fileno(tty), tty, prompt);
  std::fclose(tty);
  if (line.ok() && line->empty())
    return Error(ErrorCode::kInvalidInput, "no passphrase was entered");
  return line;
}

}  // namespace

void AddJsonFlag(CLI::App* command, GlobalOptions& options) {
  command->add_flag("--json", options.json, "Print one JSON object on stdout (for CI)");
}

void AddKeysOption(CLI::App* command, GlobalOptions& options) {
  command->add_option(
      "--keys", options.keys_dir,
      "Keyring directory (default: $FRLIC_KEYS, else " + DefaultKeysDirectory() + ")");
}

void AddLedgerOption(CLI::App* command, GlobalOptions& options) {
  command->add_option(
      "--ledger", options.ledger_path,
      "Ledger SQLite file (default: $FRLIC_LEDGER, else " + DefaultLedgerPath() + ")");
}

void AddPassphraseOption(CLI::App* command, GlobalOptions& options) {
  command->add_option("--passphrase-file", options.passphrase_file,
                      "File (mode 0600) whose first line is the keyring passphrase; "
                      "$FRLIC_PASSPHRASE takes precedence, else a terminal prompt");
}

void AddExampleKeysFlag(CLI::App* command, GlobalOptions& options) {
  command->add_flag("--allow-example-keys", options.allow_example_keys,
                    "Allow the bundled keys-example/ keyring (public passphrase; demos and tests)");
}

std::string GlobalOptions::KeysDir() const {
  return keys_dir.empty() ? EnvOr("FRLIC_KEYS", DefaultKeysDirectory()) : keys_dir;
}

std::string GlobalOptions::LedgerPath() const {
  return ledger_path.empty() ? EnvOr("FRLIC_LEDGER", DefaultLedgerPath()) : ledger_path;
}

nlohmann::ordered_json ProblemsToJson(const std::vector<Problem>& problems) {
  auto list = nlohmann::ordered_json::array();
  for (const auto& p : problems) {
    nlohmann::ordered_json item;
    item["file"] = p.file;
    item["line"] = p.line;
    item["column"] = p.column;
    item["field"] = p.field;
    item["message"] = p.message;
    item["found"] = p.found;
    item["expected"] = p.expected;
    list.push_back(std::move(item));
  }
  return list;
}

int ReportError(const GlobalOptions& options, const Error& error) {
  const int exit_code = ExitCodeFor(error.code());
  if (options.json) {
    nlohmann::ordered_json out;
    out["ok"] = false;
    out["error"] = {{"code", ErrorCodeName(error.code())},
                    {"exit_code", exit_code},
                    {"message", error.message()},
                    {"hint", error.hint()},
                    {"problems", ProblemsToJson(error.problems())}};
    std::cout << out.dump(2) << "\n";
    return exit_code;
  }
  return app::PrintError("frlic", error);
}

int ReportSuccess(const GlobalOptions& options, nlohmann::ordered_json result,
                  const std::function<void()>& human) {
  if (options.json) {
    nlohmann::ordered_json out;
    out["ok"] = true;
    for (auto& [key, value] : result.items()) out[key] = value;
    std::cout << out.dump(2) << "\n";
  } else {
    human();
  }
  return kExitOk;
}

Result<SecretBytes> ReadPassphrase(const GlobalOptions& options, bool confirm) {
  // No core file or ptrace from here on: the passphrase, then the keys, are in memory.
  FRLIC_RETURN_IF_ERROR(ProtectProcessSecrets());
  // FRLIC_PASSPHRASE leaves the environment the first time it is read (children and
  // /proc/PID/environ never see it); later reads in this process get the copy kept here.
  static std::optional<SecretBytes> from_environment =
      app::TakeSecretFromEnvironment("FRLIC_PASSPHRASE");
  if (from_environment) {
    if (from_environment->empty()) {
      return Error(ErrorCode::kInvalidInput, "FRLIC_PASSPHRASE is set but empty");
    }
    return SecretBytes::CopyFrom(from_environment->reveal());
  }
  if (!options.passphrase_file.empty()) {
    auto read = ReadSecretFile(options.passphrase_file, 4096);
    // The passphrase file is a request, not data: over its limit is invalid input (exit 3).
    if (!read.ok() && read.error().code() == ErrorCode::kMalformed) {
      return Error(ErrorCode::kInvalidInput, read.error().message());
    }
    FRLIC_ASSIGN_OR_RETURN(SecretBytes file, std::move(read));
    auto bytes = file.reveal();
    std::size_t length = 0;
    while (length < bytes.size() && bytes[length] != '\n' && bytes[length] != '\r') ++length;
    if (length == 0) {
      return Error(ErrorCode::kInvalidInput, options.passphrase_file + ": the passphrase is empty");
    }
    return SecretBytes::CopyFrom(bytes.first(length));
  }
  FRLIC_ASSIGN_OR_RETURN(SecretBytes first, PromptOnTerminal("frlic: passphrase: "));
  if (first.empty()) return Error(ErrorCode::kInvalidInput, "the passphrase is empty");
  if (confirm) {
    FRLIC_ASSIGN_OR_RETURN(SecretBytes second, PromptOnTerminal("frlic: passphrase (again): "));
    if (!first.Equals(second)) {
      return Error(ErrorCode::kInvalidInput, "the two passphrases differ");
    }
  }
  return first;
}

Passphrase LazyPassphrase(const GlobalOptions& options) {
  return Passphrase{[](void* context) {
                      return ReadPassphrase(*static_cast<const GlobalOptions*>(context), false);
                    },
                    const_cast<GlobalOptions*>(&options)};
}

Result<std::unique_ptr<Clock>> MakeClock() {
  FRLIC_ASSIGN_OR_RETURN(auto pinned, app::PinnedNow());
  if (!pinned) return std::unique_ptr<Clock>(new SystemClock());
  return std::unique_ptr<Clock>(new FixedClock(*pinned));
}

Result<std::unique_ptr<Random>> MakeRandom(bool example_keys_allowed) {
  auto seed = app::PinnedRandomSeed();
  if (seed.ok() && !*seed) return std::unique_ptr<Random>(new SystemRandom());
  if (!example_keys_allowed) {
    return Error(ErrorCode::kRefused,
                 "FRLIC_RANDOM_SEED makes serials and keys predictable; it is allowed only "
                 "with --allow-example-keys",
                 "unset FRLIC_RANDOM_SEED");
  }
  if (!seed.ok()) return std::move(seed).error();
  return std::unique_ptr<Random>(new SeededRandom(std::span<const std::uint8_t, 32>(**seed)));
}

}  // namespace frlic::cli
