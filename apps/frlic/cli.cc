#include "cli.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>

#include "environment.h"
#include "frlic/core/files.h"
#include "frlic/core/time.h"
#include "frlic/keys/keyring.h"
#include "frlic/keys/process_protection.h"
#include "frlic/ledger/ledger.h"
#include "hidden_input.h"

namespace frlic::cli {
namespace {

using app::EnvOr;

constexpr int kPromptTries = 3;
constexpr int kPromptTimeoutSeconds = 300;

// A person may be asked only when one can answer: stdin is a terminal, CI is not set (CI
// systems set CI=true, and some attach a terminal nobody types into, as `docker run -t` does)
// and --no-prompt was not given.
bool MayPrompt(const GlobalOptions& options) {
  if (options.no_prompt) return false;
  const std::string ci = EnvOr("CI", "");
  if (!ci.empty() && ci != "false" && ci != "0") return false;
  return ::isatty(STDIN_FILENO) == 1;
}

Error NoPassphraseSource(const GlobalOptions& options) {
  std::string why = options.no_prompt ? "--no-prompt was given"
                    : ::isatty(STDIN_FILENO) != 1
                        ? "stdin is not a terminal"
                        : "CI is set (\"" + EnvOr("CI", "") + "\"), so nobody is asked";
  return Error(ErrorCode::kInvalidInput, "no passphrase given, and " + why,
               "pass --passphrase-file FILE or --passphrase-fd N, or set FRLIC_PASSPHRASE");
}

// The first line of `secret`, without its line end; empty is an error naming `source` and
// `what` ("passphrase", "PIN").
Result<SecretBytes> FirstLine(const SecretBytes& secret, const std::string& source,
                              const std::string& what = "passphrase") {
  auto bytes = secret.reveal();
  std::size_t length = 0;
  while (length < bytes.size() && bytes[length] != '\n' && bytes[length] != '\r') ++length;
  if (length == 0) return Error(ErrorCode::kInvalidInput, source + ": the " + what + " is empty");
  return SecretBytes::CopyFrom(bytes.first(length));
}

// --passphrase-file (--pin-file): its first line. Secret mounts (Kubernetes, Docker) present
// the file as a symbolic link into a private directory, so a link is followed; the file it
// names must still be a regular file of mode 0600 or stricter (ReadSecretFile). Key files stay
// strict.
Result<SecretBytes> SecretFromFile(const std::string& path,
                                   const std::string& flag = "--passphrase-file",
                                   const std::string& what = "passphrase") {
  std::error_code ec;
  std::string target = path;
  if (std::filesystem::is_symlink(path, ec)) {
    auto resolved = std::filesystem::canonical(path, ec);
    if (ec) {
      return Error(ErrorCode::kNotFound,
                   flag + " " + path + " is a symbolic link to nothing: " + ec.message());
    }
    target = resolved.string();
  }
  auto read = ReadSecretFile(target, 4096);
  if (!read.ok()) {
    const Error& error = read.error();
    const std::string where = target == path ? "" : " (" + path + " links to it)";
    // The passphrase file is a request, not data: over its limit is invalid input (exit 3).
    const ErrorCode code =
        error.code() == ErrorCode::kMalformed ? ErrorCode::kInvalidInput : error.code();
    return Error(code, flag + ": " + error.message() + where, error.hint());
  }
  return FirstLine(*read, path, what);
}

// --passphrase-fd N (--pin-fd N): the first line read from descriptor N (a pipe from the CI's
// secret store), which is closed afterwards so no child inherits it.
Result<SecretBytes> SecretFromDescriptor(int fd, const std::string& flag = "--passphrase-fd",
                                         const std::string& what = "passphrase") {
  const std::string name = flag + " " + std::to_string(fd);
  if (::fcntl(fd, F_GETFD) == -1) {
    return Error(ErrorCode::kInvalidInput, name + " is not an open file descriptor",
                 "open it for the command, e.g. frlic ... " + flag + " 3 3<FILE");
  }
  auto line = app::ReadHiddenLine(fd, stderr, "frlic: " + what + ": ");
  ::close(fd);
  FRLIC_ASSIGN_OR_RETURN(SecretBytes secret, std::move(line));
  return FirstLine(secret, name, what);
}

Result<SecretBytes> Prompt(const std::string& prompt, const std::string& what = "passphrase") {
  FRLIC_ASSIGN_OR_RETURN(SecretBytes line,
                         app::ReadHiddenLine(STDIN_FILENO, stderr, prompt, kPromptTimeoutSeconds));
  if (line.empty()) return Error(ErrorCode::kInvalidInput, "no " + what + " was entered");
  return line;
}

// A new keyring's passphrase: typed twice; three tries to type the same one.
Result<SecretBytes> PromptNewPassphrase(const std::string& keyring) {
  for (int attempt = 1;; ++attempt) {
    FRLIC_ASSIGN_OR_RETURN(
        SecretBytes first,
        Prompt(keyring.empty() ? std::string("frlic: passphrase for the new keyring: ")
                               : "frlic: passphrase for the new keyring " + keyring + ": "));
    FRLIC_ASSIGN_OR_RETURN(SecretBytes second, Prompt("frlic: the same passphrase again: "));
    if (first.Equals(second)) return first;
    if (attempt == kPromptTries) {
      return Error(ErrorCode::kInvalidInput,
                   "the two passphrases differed " + std::to_string(kPromptTries) + " times");
    }
    std::fprintf(stderr, "frlic: the two passphrases differ; try again (%d of %d)\n", attempt + 1,
                 kPromptTries);
  }
}

// An existing keyring's passphrase: each try is checked by unlocking the signing key, so a
// typo costs a retry, not the job. A keyring that does not load is reported by the command.
Result<SecretBytes> PromptKeyringPassphrase(const std::string& keyring_dir) {
  auto keyring = Keyring::Load(keyring_dir);
  const std::string prompt = "frlic: passphrase for keyring " + keyring_dir + ": ";
  for (int attempt = 1;; ++attempt) {
    FRLIC_ASSIGN_OR_RETURN(SecretBytes secret, Prompt(prompt));
    if (!keyring.ok()) return secret;
    Status unlocked = keyring->CheckPassphrase(secret);
    if (unlocked.ok() || unlocked.error().code() != ErrorCode::kWrongPassphrase) return secret;
    if (attempt == kPromptTries) {
      return Error(ErrorCode::kWrongPassphrase,
                   std::to_string(kPromptTries) + " wrong passphrases for keyring " + keyring_dir);
    }
    std::fprintf(stderr, "frlic: wrong passphrase; try again (%d of %d)\n", attempt + 1,
                 kPromptTries);
  }
}

Result<SecretBytes> ResolvePassphrase(const GlobalOptions& options, bool confirm,
                                      std::optional<SecretBytes>& from_environment) {
  if (!options.passphrase_file.empty()) return SecretFromFile(options.passphrase_file);
  if (options.passphrase_fd >= 0) return SecretFromDescriptor(options.passphrase_fd);
  if (from_environment) {
    if (from_environment->empty()) {
      return Error(ErrorCode::kInvalidInput, "FRLIC_PASSPHRASE is set but empty");
    }
    return SecretBytes::CopyFrom(from_environment->reveal());
  }
  if (!MayPrompt(options)) return NoPassphraseSource(options);
  return confirm ? PromptNewPassphrase(options.KeysDir())
                 : PromptKeyringPassphrase(options.KeysDir());
}

// The PKCS#11 token's PIN, by the passphrase's rules: --pin-file, --pin-fd, FRLIC_PKCS11_PIN,
// else a prompt when one may be made (one try: a token counts wrong PINs and locks).
Result<SecretBytes> ResolvePin(const GlobalOptions& options,
                               std::optional<SecretBytes>& from_environment) {
  if (!options.pin_file.empty()) return SecretFromFile(options.pin_file, "--pin-file", "PIN");
  if (options.pin_fd >= 0) return SecretFromDescriptor(options.pin_fd, "--pin-fd", "PIN");
  if (from_environment) {
    if (from_environment->empty()) {
      return Error(ErrorCode::kInvalidInput, "FRLIC_PKCS11_PIN is set but empty");
    }
    return SecretBytes::CopyFrom(from_environment->reveal());
  }
  if (!MayPrompt(options)) {
    Error none = NoPassphraseSource(options);
    std::string why = none.message().substr(none.message().find(", and ") + 2);
    return Error(ErrorCode::kInvalidInput,
                 "the signing key is in a PKCS#11 token and no PIN was given, " + why,
                 "pass --pin-file FILE or --pin-fd N, or set FRLIC_PKCS11_PIN");
  }
  return Prompt("frlic: PIN of the PKCS#11 token that keeps the signing key: ", "PIN");
}

}  // namespace

void AddJsonFlag(CLI::App* command, GlobalOptions& options) {
  command->add_flag("--json", options.json, "Print one JSON object on stdout (for CI)");
  command->add_flag("--quiet,-q", options.quiet,
                    "Print nothing on success (errors still go to stderr; --json still prints)");
}

void AddKeysOption(CLI::App* command, GlobalOptions& options) {
  command->add_option("--keys", options.keys_dir,
                      "Keyring directory (default: $FRLIC_KEYS, else $XDG_CONFIG_HOME/frlic/keys "
                      "or $HOME/.config/frlic/keys)");
}

void AddLedgerOption(CLI::App* command, GlobalOptions& options) {
  command->add_option(
      "--ledger", options.ledger_path,
      "Ledger: an SQLite file, or a postgresql:// URL for a ledger shared by many runners "
      "(default: $FRLIC_LEDGER, else "
      "$XDG_DATA_HOME/frlic/ledger.sqlite or $HOME/.local/share/frlic/ledger.sqlite)");
}

std::string GlobalOptions::LedgerShown() const { return LedgerForDisplay(ledger_path); }

// --NAME-file and --NAME-fd, which exclude each other, for one secret (`what`), read before
// the environment variable `variable`.
void AddSecretSourceOptions(CLI::App* command, const std::string& name, std::string& file, int& fd,
                            const std::string& what, const std::string& variable) {
  auto* from_file = command->add_option("--" + name + "-file", file,
                                        "File (mode 0600, or a symbolic link to one) whose first "
                                        "line is " +
                                            what + "; beats $" + variable);
  auto* from_fd =
      command
          ->add_option("--" + name + "-fd", fd,
                       "Read " + what + " as the first line of this open file descriptor; beats $" +
                           variable)
          ->check(CLI::NonNegativeNumber);
  from_file->excludes(from_fd);
}

void AddPassphraseOption(CLI::App* command, GlobalOptions& options) {
  AddSecretSourceOptions(command, "passphrase", options.passphrase_file, options.passphrase_fd,
                         "the keyring passphrase", "FRLIC_PASSPHRASE");
  AddSecretSourceOptions(command, "pin", options.pin_file, options.pin_fd,
                         "the PIN of the PKCS#11 token that keeps the signing key",
                         "FRLIC_PKCS11_PIN");
  command->add_flag("--no-prompt", options.no_prompt,
                    "Never ask on the terminal (also when CI is set or stdin is not a terminal)");
}

void AddTokenKeyOptions(CLI::App* command, TokenKeyRequest& token) {
  auto* pkcs11 = command->add_option(
      "--pkcs11", token.uri,
      "The signing key is the one in the PKCS#11 token this RFC 7512 URI names "
      "(pkcs11:token=...;object=...[?module-path=...]): the keyring keeps the URI and the "
      "public key, never the PIN");
  command
      ->add_flag("--create-token-key", token.create,
                 "Create the key on the token (Ed25519, not extractable) instead of adopting "
                 "the one the URI names")
      ->needs(pkcs11);
}

void AddExampleKeysFlag(CLI::App* command, GlobalOptions& options) {
  command->add_flag("--allow-example-keys", options.allow_example_keys,
                    "Allow the bundled keys-example/ keyring (public passphrase; demos and tests)");
}

Status GlobalOptions::ResolvePaths(bool takes_keys, bool takes_ledger) {
  if (takes_keys && keys_dir.empty()) {
    keys_dir = EnvOr("FRLIC_KEYS", "");
    if (keys_dir.empty()) {
      FRLIC_ASSIGN_OR_RETURN(keys_dir, DefaultKeysDirectory());
    }
  }
  if (takes_ledger && ledger_path.empty()) {
    ledger_path = EnvOr("FRLIC_LEDGER", "");
    if (ledger_path.empty()) {
      FRLIC_ASSIGN_OR_RETURN(ledger_path, DefaultLedgerPath());
    }
  }
  return {};
}

// Absent values are omitted (docs/cli.md, "Output"): no "" or 0 stands for "not known".
nlohmann::ordered_json ProblemsToJson(const std::vector<Problem>& problems) {
  auto list = nlohmann::ordered_json::array();
  for (const auto& p : problems) {
    nlohmann::ordered_json item;
    auto put = [&item](const char* key, const std::string& value) {
      if (!value.empty()) item[key] = value;
    };
    put("file", p.file);
    if (p.line > 0) item["line"] = p.line;
    if (p.column > 0) item["column"] = p.column;
    put("field", p.field);
    put("message", p.message);
    put("found", p.found);
    put("expected", p.expected);
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
                    {"message", error.message()}};
    if (!error.hint().empty()) out["error"]["hint"] = error.hint();
    if (!error.problems().empty()) out["error"]["problems"] = ProblemsToJson(error.problems());
    std::cout << JsonText(out) << "\n";
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
    std::cout << JsonText(out) << "\n";
  } else if (!options.quiet) {
    human();
  }
  return kExitOk;
}

Result<SecretBytes> ReadPassphrase(const GlobalOptions& options, bool confirm) {
  // No core file or ptrace from here on: the passphrase, then the keys, are in memory.
  FRLIC_RETURN_IF_ERROR(ProtectProcessSecrets());
  // FRLIC_PASSPHRASE leaves the environment the first time any passphrase is read, even when a
  // flag wins (children and /proc/PID/environ never see it). What was read is kept for later
  // reads in this process: a descriptor or a person can be read only once.
  static std::optional<SecretBytes> from_environment =
      app::TakeSecretFromEnvironment("FRLIC_PASSPHRASE");
  static std::optional<SecretBytes> resolved;
  if (!resolved) {
    FRLIC_ASSIGN_OR_RETURN(SecretBytes secret,
                           ResolvePassphrase(options, confirm, from_environment));
    resolved = std::move(secret);
  }
  return SecretBytes::CopyFrom(resolved->reveal());
}

Result<SecretBytes> ReadPin(const GlobalOptions& options) {
  FRLIC_RETURN_IF_ERROR(ProtectProcessSecrets());
  // As FRLIC_PASSPHRASE: out of the environment at the first read, kept for later reads.
  static std::optional<SecretBytes> from_environment =
      app::TakeSecretFromEnvironment("FRLIC_PKCS11_PIN");
  static std::optional<SecretBytes> resolved;
  if (!resolved) {
    FRLIC_ASSIGN_OR_RETURN(SecretBytes pin, ResolvePin(options, from_environment));
    resolved = std::move(pin);
  }
  return SecretBytes::CopyFrom(resolved->reveal());
}

KeyUnlock UnlockFor(const GlobalOptions& options) {
  return KeyUnlock{[&options] { return ReadPassphrase(options, false); },
                   [&options] { return ReadPin(options); }};
}

Passphrase LazyPassphrase(const GlobalOptions& options) {
  return Passphrase{
      [](void* context) {
        return ReadPassphrase(*static_cast<const GlobalOptions*>(context), false);
      },
      const_cast<GlobalOptions*>(&options),
      [](void* context) { return ReadPin(*static_cast<const GlobalOptions*>(context)); }};
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
